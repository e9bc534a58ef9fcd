"""The status letter to rådmann, fylkesdirektør or (internal) NAV-leder: its typed context, pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..io.files import slug
from ..model import PERSPECTIVES, Office, Recipient, Result, Scorecard
from ..rules.plan import status_change
from ..text.catalogue import catalogue_names, target_text
from ..text.i18n import words
from ..text.numbers import date_text, format_date, month_label, month_name
from ..text.spc import assurance_word, rule_word, variation_word
from ..text.words import STATUS_SYMBOL, perspective_name, status_word
from .plan import status_text
from .rows import value_text


@dataclass(frozen=True)
class LetterItem:
    id: str
    name: str
    value: str
    target: str
    status: str
    status_word: str
    symbol: str
    ytd: str
    ytd_word: str
    owner: str
    spc_note: str = ""  # «innenfor vanlig variasjon» for a red or yellow month that is noise; the SPC signal


@dataclass(frozen=True)
class LetterSection:
    title: str
    goes_well: tuple[LetterItem, ...]
    challenges: tuple[LetterItem, ...]


@dataclass(frozen=True)
class ActionRow:
    nr: str
    indicator: str
    what: str
    responsible: str
    start: str
    end: str
    status: str


@dataclass(frozen=True)
class CommentRow:
    indicator: str
    text: str
    author: str


@dataclass(frozen=True)
class CompletenessRow:
    id: str
    name: str
    month: str
    state: str  # "forsinket" / "mangler"
    entered_by: str


@dataclass(frozen=True)
class LetterContext:
    """Context of statusbrev.html.j2."""

    lang: str
    recipient_kind: str
    internal: bool
    sender_office: str
    sender_leader: str
    sender_address: str
    recipient_name: str
    recipient_org: str
    place: str
    date: str
    subject: str
    counts_text: str
    changes: tuple[str, ...]
    priority_title: str
    priority_items: tuple[LetterItem, ...]
    sections: tuple[LetterSection, ...]
    actions: tuple[ActionRow, ...]
    comments: tuple[CommentRow, ...]
    completeness: tuple[CompletenessRow, ...]
    example: bool
    title: str
    catalogue: tuple[str, ...]  # the catalogue and overlays the figures were judged by
    concerns: tuple[LetterItem, ...] = ()  # SPC: special cause concern or «will consistently fail», first


def _item(r: Result, lang: str) -> LetterItem:
    ind = r.indicator
    judged = r.period.month
    shown = "late" if r.late else r.period.status  # one legend everywhere: late is «…», as on the målekort
    value = value_text(r.period.value, r, lang)
    report = r.expected_month.shift(ind.lag_months) if r.expected_month is not None else None
    if judged is not None and judged != report and r.period.value is not None:
        value += f" ({month_name(judged.month, lang)})"  # a lagged or carried figure says which month it is
    return LetterItem(id=ind.id, name=ind.label_in(lang), value=value, spc_note=_spc_note(r, lang),
                      target=target_text(ind, judged.month if judged else None, lang)[0], status=shown,
                      status_word=status_word(r.period.status, r.late, lang), symbol=STATUS_SYMBOL[shown],
                      ytd=value_text(r.ytd.value, r, lang), ytd_word=status_word(r.ytd.status, False, lang),
                      owner=ind.owner)


def _spc_note(r: Result, lang: str) -> str:
    """What SPC adds to a status in the letter: a red or yellow month that is common-cause variation is
    «innenfor vanlig variasjon»; a special cause says which, with the rule."""
    spc = r.spc
    if spc is None or not spc.enough or r.period.value is None:
        return ""  # no figure this month (late): the latest point on the chart is an earlier month
    tr = words(lang)
    if spc.variation == "common":
        return tr("innenfor vanlig variasjon") if r.period.status == "red" else ""
    rule = spc.points[-1].rule if spc.points else ""
    text = variation_word(spc, lang) + (f" ({rule_word(rule, lang)})" if rule else "")
    return text + (f"; {assurance_word(spc, lang)}" if spc.assurance in ("fail", "pass") else "")


def concerns(card: Scorecard, lang: str) -> tuple[LetterItem, ...]:
    """Indicators whose latest month is a special cause of concern, or that will consistently fail
    the target: they come first in the letter, whatever their colour this month."""
    out = [r for r in card.results if r.spc is not None and r.spc.enough and r.period.value is not None
           and (r.spc.variation == "concern" or (r.spc.assurance == "fail" and r.spc.variation != "improvement"))]
    out.sort(key=lambda r: (r.spc.variation != "concern", r.id))  # type: ignore[union-attr]
    return tuple(_item(r, lang) for r in out)


def _changes(card: Scorecard, previous: Scorecard | None, lang: str) -> tuple[str, ...]:
    tr = words(lang)
    if previous is None:
        return ()
    better, worse = [], []
    for r in card.results:
        p = previous.get(r.id)
        if p is None:
            continue
        change = status_change(p.period.status, r.period.status)
        text = (f"{r.id} {r.indicator.label_in(lang)} ({status_word(p.period.status, False, lang)} → "
                f"{status_word(r.period.status, False, lang)})")
        if change > 0:
            better.append(text)
        elif change < 0:
            worse.append(text)
    out = []
    if better:
        out.append(tr("Bedre: {items}.", items="; ".join(better)))
    if worse:
        out.append(tr("Dårligere: {items}.", items="; ".join(worse)))
    return tuple(out) or (tr("Ingen indikatorer har skiftet farge siden forrige måned."),)


def _counts_text(card: Scorecard, lang: str) -> str:
    tr = words(lang)
    s = card.summary
    scored = s["green"] + s["yellow"] + s["red"] + s["missing"] + s["not_ready"]
    rest = tr(", og {missing} mangler tall", missing=s["missing"]) if s["missing"] else ""
    text = tr("Av {total} styringsparametere er {green} grønne, {yellow} gule og {red} røde{rest}.",
              total=scored, green=s["green"], yellow=s["yellow"], red=s["red"], rest=rest)
    if s["not_ready"]:  # a month not over: say so, or the counts read as if the rest were fine
        text += " " + tr("{n} har ikke tall ennå fordi {month} ikke er over.", n=s["not_ready"],
                         month=month_label(card.month, lang))
    return text


_ORDER = {"kommune": {"kommune": 0, "felles": 1, "stat": 2}, "stat": {"stat": 0, "felles": 1, "kommune": 2},
          None: {"stat": 0, "kommune": 0, "felles": 0}}


def _sections(card: Scorecard, first_owner: str | None, lang: str) -> tuple[LetterSection, ...]:
    order = _ORDER[first_owner]
    groups = card.by_perspective()
    sections = []
    for p in PERSPECTIVES:
        rows = sorted(groups[p], key=lambda r: order[r.indicator.owner])  # stable: catalogue order within owner
        well = tuple(_item(r, lang) for r in rows if r.period.status == "green")
        chall = tuple(_item(r, lang) for r in rows if r.period.status == "red") + tuple(
            _item(r, lang) for r in rows if r.period.status == "yellow")
        if rows:
            sections.append(LetterSection(perspective_name(p, lang), well, chall))
    return tuple(sections)


def _completeness(card: Scorecard, lang: str) -> tuple[CompletenessRow, ...]:
    return tuple(
        CompletenessRow(r.id, r.indicator.label_in(lang),
                        month_name(r.expected_month.month, lang) if r.expected_month else "",
                        status_word("missing", r.late, lang), r.indicator.entered_by or "")
        for r in card.results if r.late or r.period.status == "missing")


def _common(card: Scorecard, previous: Scorecard | None, office: Office, to: Recipient, made: date,
            lang: str) -> dict[str, Any]:
    """Everything the letters of one office share, whoever they go to."""
    tr = words(lang)
    first_owner = {"radmann": "kommune", "fylkesdirektor": "stat", "navleder": None}[to]
    priority_title = ""
    priority_items: tuple[LetterItem, ...] = ()
    if first_owner:
        priority_title = tr("Kommunale mål") if first_owner == "kommune" else tr("Statlige mål")
        priority_items = tuple(_item(r, lang) for r in card.results if r.indicator.owner == first_owner)
    actions = tuple(ActionRow(a.nr, a.indicator, a.what, a.responsible, date_text(a.start), date_text(a.end),
                              status_text(a.status, lang)) for a in office.actions if a.is_open)
    comments = tuple(CommentRow(c.indicator, c.text, c.author) for c in office.comments
                     if c.month in (card.month.month, None))
    subject = tr("Statusrapport for {office} – {month}", office=office.name, month=month_label(card.month, lang))
    return dict(lang=lang, recipient_kind=to, internal=to == "navleder", sender_office=office.name,
                sender_leader=office.leader, sender_address=office.address, place=office.place or office.name,
                date=format_date(made), subject=subject, counts_text=_counts_text(card, lang),
                changes=_changes(card, previous, lang), priority_title=priority_title,
                priority_items=priority_items, sections=_sections(card, first_owner, lang), actions=actions,
                comments=comments, completeness=_completeness(card, lang) if to == "navleder" else (),
                example=office.example, title=subject, catalogue=catalogue_names(card.catalogue),
                concerns=concerns(card, lang))


def letter_contexts(card: Scorecard, previous: Scorecard | None, office: Office, to: Recipient, made: date,
                    lang: str | None = "nb") -> list[tuple[str, LetterContext]]:
    """One (file suffix, context) per letter: one per municipality to rådmann, else one. With
    `lang` None each municipality gets its own målform («Kontor»), the others bokmål."""
    tr = words(lang or "nb")
    common = _common(card, previous, office, to, made, lang or "nb")
    out: list[tuple[str, LetterContext]] = []
    if to == "radmann":
        munis = office.municipalities
        for m in munis or (None,):
            own = lang or (m.lang if m else "nb")
            mtr = words(own)
            shared = common if own == (lang or "nb") else _common(card, previous, office, to, made, own)
            name = f"{m.title} {m.radmann}".strip() if m else ""
            org = mtr("{municipality} kommune", municipality=m.name) if m else ""
            suffix = "radmann" + (f"-{slug(m.name)}" if m and len(munis) > 1 else "")
            out.append((suffix, LetterContext(recipient_name=name or mtr("Rådmann"), recipient_org=org, **shared)))
    elif to == "fylkesdirektor":
        out.append(("fylkesdirektor", LetterContext(
            recipient_name=office.county_director or tr("Fylkesdirektør"),
            recipient_org=f"NAV {office.county}".strip(), **common)))
    else:
        out.append(("navleder", LetterContext(recipient_name=office.leader or tr("NAV-leder"),
                                              recipient_org=office.name, **common)))
    return out
