"""The status letter's prose: the month summed up in a few paragraphs, generated from the scores and
the action plan, each indicator named at most once (issue 15). Pure; letter.py builds the rest."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Municipality, Office, Recipient, Result, Scorecard
from ..rules.plan import status_change
from ..text.catalogue import target_text
from ..text.i18n import words
from ..text.numbers import month_label, month_name
from ..text.spc import assurance_word, rule_word, variation_word
from ..text.words import STATUS_SYMBOL, status_word
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
    spc_note: str = ""  # «innenfor vanlig variasjon» for a red month that is noise; the SPC signal


def _item(r: Result, lang: str) -> LetterItem:
    ind = r.indicator
    judged = r.period.month
    shown = "late" if r.late else r.period.status  # one legend everywhere: late is «…», as on the målekort
    value = value_text(r.period.value, r, lang)
    report = r.expected_month.shift(ind.lag_months) if r.expected_month is not None else None
    if judged is not None and judged != report and r.period.value is not None:
        value += f" ({month_name(judged.month, lang)})"  # a lagged or carried figure says which month it is
    target = target_text(ind, judged.month if judged else None, lang)[0] if ind.target is not None else "–"
    return LetterItem(id=ind.id, name=ind.label_in(lang), value=value, spc_note=_spc_note(r, lang),
                      target=target, status=shown,
                      status_word=status_word(r.period.status, r.late, lang), symbol=STATUS_SYMBOL[shown],
                      ytd=value_text(r.ytd.value, r, lang), ytd_word=status_word(r.ytd.status, False, lang),
                      owner=ind.owner)


def _spc_note(r: Result, lang: str) -> str:
    """What SPC adds to a status in the letter: a red month that is common-cause variation is
    «innenfor vanlig variasjon»; a special cause says which, with the rule."""
    spc = r.spc
    if spc is None or not spc.enough or r.period.value is None:
        return ""  # no figure this month (late): the latest point on the chart is an earlier month
    tr = words(lang)
    if spc.variation == "common":
        return tr("innenfor vanlig variasjon") if r.period.status == "red" else ""
    rule = spc.points[-1].rule if spc.points else ""
    text = variation_word(spc, lang) + (f": {rule_word(rule, lang)}" if rule else "")
    return text + (f"; {assurance_word(spc, lang)}" if spc.assurance in ("fail", "pass") else "")


def _is_concern(r: Result) -> bool:
    return (r.spc is not None and r.spc.enough and r.period.value is not None
            and (r.spc.variation == "concern" or (r.spc.assurance == "fail" and r.spc.variation != "improvement")))


def concerns(card: Scorecard, lang: str) -> tuple[LetterItem, ...]:
    """Indicators whose latest month is a special cause of concern, or that will consistently fail
    the target: the letter names them whatever their colour this month."""
    out = [r for r in card.results if _is_concern(r)]
    out.sort(key=lambda r: (r.spc.variation != "concern", r.id))  # type: ignore[union-attr]
    return tuple(_item(r, lang) for r in out)


def join_words(items: list[str], lang: str) -> str:
    """«A, B og C» (the same in both written standards)."""
    if len(items) <= 1:
        return "".join(items)
    tr = words(lang)
    return ", ".join(items[:-1]) + " " + tr("og") + " " + items[-1]


def _named(r: Result, lang: str) -> str:
    return f"{r.id} {r.indicator.label_in(lang)}"


def _nb(text: str) -> str:
    """«75,3 %» and «≥ 100 %» kept on one line in running text."""
    return text.replace(" ", "\u00a0")


def _detail(r: Result, lang: str) -> str:
    """«56,2 %; bekymring: …»: the month's value (with its month when lagged) and what SPC adds."""
    it = _item(r, lang)
    return _nb(it.value) + (f"; {it.spc_note}" if it.spc_note else "")


def _lagged(card: Scorecard, named: set[str], lang: str) -> str:
    """«Siste tall for M.1 Sykefravær gjelder september.»: figures of an earlier month not named above."""
    tr = words(lang)
    items = []
    for r in card.results:
        judged, ind = r.period.month, r.indicator
        report = r.expected_month.shift(ind.lag_months) if r.expected_month is not None else None
        if r.id not in named and judged is not None and judged != report and r.period.value is not None:
            items.append(tr("{indicator} gjelder {month}", indicator=_named(r, lang),
                            month=month_name(judged.month, lang)))
            named.add(r.id)
    return tr("Siste tall for {items}.", items=join_words(items, lang)) if items else ""


def _colour_counts(results: list[Result], lang: str) -> str:
    """«2 grønne, 16 gule og 3 røde» with singular forms and zero counts left out."""
    tr = words(lang)
    n = {s: sum(r.period.status == s for r in results) for s in ("green", "yellow", "red")}
    parts = [tr.ngettext("{n} grønn", "{n} grønne", n["green"]) if n["green"] else "",
             tr.ngettext("{n} gul", "{n} gule", n["yellow"]) if n["yellow"] else "",
             tr.ngettext("{n} rød", "{n} røde", n["red"]) if n["red"] else ""]
    return join_words([p for p in parts if p], lang)


def _changes(card: Scorecard, previous: Scorecard | None) -> dict[str, tuple[int, str]]:
    """Indicator id → (+1 better / −1 worse, last month's status) for those that changed colour."""
    out: dict[str, tuple[int, str]] = {}
    for r in card.results:
        p = previous.get(r.id) if previous is not None else None
        if p is not None and (change := status_change(p.period.status, r.period.status)):
            out[r.id] = (change, p.period.status)
    return out


def _goal_text(r: Result, changed: dict[str, tuple[int, str]], lang: str) -> str:
    """«B.3 Deltakere KVP er rød (81,3 %, mål ≥ 100 %; fra gul)»: one goal in a sentence."""
    tr = words(lang)
    it = _item(r, lang)
    if r.late:
        return tr("{indicator} er forsinket", indicator=_named(r, lang))
    if r.period.status == "missing":
        return tr("{indicator} mangler tall", indicator=_named(r, lang))
    if r.period.status == "not_ready":
        return tr("{indicator} har ikke tall ennå", indicator=_named(r, lang))
    details = [tr("{value}, mål {target}", value=_nb(it.value), target=_nb(it.target))]
    if r.id in changed:
        details.append(tr("fra {before}", before=status_word(changed[r.id][1], False, lang)))
    if it.spc_note:
        details.append(it.spc_note)
    return tr("{indicator} er {status} ({details})", indicator=_named(r, lang), status=it.status_word,
              details="; ".join(details))


def _status_paragraph(card: Scorecard, office: Office, to: Recipient, muni: Municipality | None,
                      changed: dict[str, tuple[int, str]], named: set[str], lang: str) -> str:
    """The month in numbers; to a rådmann the municipal goals one by one first, to the
    fylkesdirektør the state goals counted first."""
    tr = words(lang)
    s = card.summary
    judged = [r for r in card.results if r.period.status in ("green", "yellow", "red", "missing", "not_ready")]
    sentences = []
    if to == "radmann":
        mine = [r for r in judged if r.indicator.owner == "kommune"]
        if mine:
            sentences.append(tr.ngettext("Kommunalt mål: {items}.", "Kommunale mål: {items}.", len(mine),
                                         items=join_words([_goal_text(r, changed, lang) for r in mine], lang)))
            named.update(r.id for r in mine)
    elif to == "fylkesdirektor":
        mine = [r for r in judged if r.indicator.owner == "stat" and r.period.status in ("green", "yellow", "red")]
        if mine:
            sentences.append(tr("Av de {n} statlige styringsparameterne er {counts}.", n=len(mine),
                                counts=_colour_counts(mine, lang)))
    coloured = [r for r in judged if r.period.status in ("green", "yellow", "red")]
    text = tr("I {month} er {counts} av i alt {total} styringsparametere.", month=month_name(card.month.month, lang),
              counts=_colour_counts(coloured, lang) or "0", total=len(judged))
    if s["missing"]:
        text = text[:-1] + tr.ngettext(", og {n} mangler tall.", ", og {n} mangler tall.", s["missing"])
    sentences.append(text)
    if s["not_ready"]:  # a month not over: say so, or the counts read as if the rest were fine
        sentences.append(tr("{n} har ikke tall ennå fordi {month} ikke er over.", n=s["not_ready"],
                            month=month_label(card.month, lang)))
    if muni is not None and office.interkommunalt:
        sentences.append(tr("Tallene gjelder hele {office}, som dekker {municipalities}.", office=office.name,
                            municipalities=join_words([m.name for m in office.municipalities], lang)))
    return " ".join(sentences)


def _change_paragraph(card: Scorecard, previous: Scorecard | None, changed: dict[str, tuple[int, str]],
                      named: set[str], lang: str) -> str:
    """What got better and worse since last month, and what stays red: each indicator named once."""
    tr = words(lang)
    better: list[str] = []
    worse: list[str] = []
    for r in card.results:
        if r.id in changed and r.id not in named:
            change, before = changed[r.id]
            text = tr("{indicator} (fra {before} til {after}, {value})", indicator=_named(r, lang),
                      before=status_word(before, False, lang), after=status_word(r.period.status, False, lang),
                      value=_detail(r, lang))
            (better if change > 0 else worse).append(text)
            named.add(r.id)
    sentences = []
    prev_month = month_name(previous.month.month, lang) if previous is not None else ""
    if better:
        sentences.append(tr("Siden {month} er det blitt bedre for {items}.", month=prev_month,
                            items=join_words(better, lang)))
    if worse:
        sentences.append(tr("Dårligere er det blitt for {items}.", items=join_words(worse, lang)))
    if previous is not None and not changed:
        sentences.append(tr("Ingen indikatorer har skiftet farge siden {month}.", month=prev_month))
    still_red = [r for r in card.results if r.period.status == "red" and r.id not in named and not _is_concern(r)]
    if still_red:
        listed = [f"{_named(r, lang)} ({_detail(r, lang)})" for r in still_red]
        sentences.append(tr.ngettext("Fortsatt rød er {items}.", "Fortsatt røde er {items}.", len(still_red),
                                     items=join_words(listed, lang)))
        named.update(r.id for r in still_red)
    return " ".join(sentences)


def _watch_paragraph(card: Scorecard, named: set[str], lang: str) -> str:
    tr = words(lang)
    items = [r for r in card.results if _is_concern(r) and r.id not in named]
    items.sort(key=lambda r: (r.spc.variation != "concern", r.id))  # type: ignore[union-attr]
    if not items:
        return ""
    named.update(r.id for r in items)
    listed = [f"{_named(r, lang)} ({_detail(r, lang)})" for r in items]
    return tr("Følg med på først: {items}. Her har tallene endret seg mer enn vanlig variasjon kan forklare, "
              "eller målet nås ikke slik det går nå.", items=join_words(listed, lang))


def _action_paragraph(office: Office, open_actions: int, lang: str) -> str:
    tr = words(lang)
    if not open_actions:
        return tr("Tiltaksplanen har ingen åpne tiltak.")
    done = sum(not a.is_open for a in office.actions)
    text = tr.ngettext("{n} tiltak i tiltaksplanen er i gang eller planlagt; det står i listen under.",
                       "{n} tiltak i tiltaksplanen er i gang eller planlagt; de står i listen under.", open_actions)
    if done:
        text += " " + tr.ngettext("{n} tiltak er fullført.", "{n} tiltak er fullført.", done)
    return text


def summary(card: Scorecard, previous: Scorecard | None, office: Office, to: Recipient,
            muni: Municipality | None, open_actions: int, lang: str) -> tuple[str, ...]:
    """The month in a few paragraphs of prose, generated from the scores and the action plan; each
    indicator is named at most once. The målekort (attached) has every indicator in full."""
    named: set[str] = set()
    changed = _changes(card, previous)
    paragraphs = [_status_paragraph(card, office, to, muni, changed, named, lang),
                  _change_paragraph(card, previous, changed, named, lang),
                  _watch_paragraph(card, named, lang), _action_paragraph(office, open_actions, lang)]
    lagged = _lagged(card, named, lang)  # last: only those not named with their month already
    if lagged:
        paragraphs[0] += " " + lagged
    return tuple(p for p in paragraphs if p)
