"""The status letter to rådmann, fylkesdirektør or (internal) NAV-leder: its typed context, pure.

A letter, not a list dump (issue 15): a short prose summary of the month (letter_prose.py), the
NAV-leder's own assessment as written, a short table of the four perspectives, the open actions, and a
signature with name and title. The same context fills the HTML/PDF template and the Word template
(render/docx.py); docs/maler.md lists its fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..io.files import slug
from ..model import PERSPECTIVES, Municipality, Office, Recipient, Scorecard
from ..text.catalogue import catalogue_names
from ..text.i18n import words
from ..text.numbers import date_text, format_date, month_label, month_name
from ..text.words import perspective_name, status_word
from .letter_prose import LetterItem, concerns, summary
from .plan import status_text

__all__ = ["ActionRow", "CommentRow", "CompletenessRow", "LetterContext", "LetterItem", "LetterSection", "concerns",
           "letter_contexts"]


@dataclass(frozen=True)
class LetterSection:
    """One perspective in the letter's short status table: how many indicators have each status."""

    title: str
    green: int
    yellow: int
    red: int
    other: int  # missing, late or not ready yet


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
    """Context of statusbrev.html.j2 and statusbrev.docx (docs/maler.md lists the fields)."""

    lang: str
    recipient_kind: str
    internal: bool
    sender_office: str
    sender_leader: str
    sender_title: str  # the signatory's title, under the name
    sender_address: str
    case_officer: str  # «Saksbehandler»
    reference: str  # «Vår ref.»; empty when «Kontor» has none
    recipient_name: str
    recipient_org: str
    place: str
    date: str
    subject: str
    month: str  # «oktober 2026»
    month_open: bool  # the month is not over yet: figures still to come are not late
    summary: tuple[str, ...]  # the prose summary, one string per paragraph
    comments: tuple[CommentRow, ...]  # the NAV-leder's assessment, as written
    sections: tuple[LetterSection, ...]  # the four perspectives
    status_heads: tuple[str, str, str, str]  # «grønn», «gul», «rød», «mangler» in the letter's language
    actions: tuple[ActionRow, ...]
    completeness: tuple[CompletenessRow, ...]
    attachments: tuple[str, ...]
    example: bool
    title: str
    catalogue: tuple[str, ...]  # the catalogue and overlays the figures were judged by
    concerns: tuple[LetterItem, ...] = ()  # SPC: special cause concern or «will consistently fail»


def _sections(card: Scorecard, lang: str) -> tuple[LetterSection, ...]:
    groups = card.by_perspective()
    sections = []
    for p in PERSPECTIVES:
        rows = [r for r in groups[p] if r.period.status not in ("info", "not_due")]  # «mangler»: nothing else
        if rows:
            n = {s: sum(r.period.status == s for r in rows) for s in ("green", "yellow", "red")}
            sections.append(LetterSection(perspective_name(p, lang), n["green"], n["yellow"], n["red"],
                                          len(rows) - sum(n.values())))
    return tuple(sections)


def _completeness(card: Scorecard, lang: str) -> tuple[CompletenessRow, ...]:
    return tuple(
        CompletenessRow(r.id, r.indicator.label_in(lang),
                        month_name(r.expected_month.month, lang) if r.expected_month else "",
                        status_word("missing", r.late, lang), r.indicator.entered_by or "")
        for r in card.results if r.late or r.period.status == "missing")


def _letter(card: Scorecard, previous: Scorecard | None, office: Office, to: Recipient, made: date, lang: str,
            muni: Municipality | None) -> LetterContext:
    tr = words(lang)
    actions = tuple(ActionRow(a.nr, a.indicator, a.what, a.responsible, date_text(a.start), date_text(a.end),
                              status_text(a.status, lang)) for a in office.actions if a.is_open)
    # A comment for one municipality goes only to that rådmann (the reader resolved it to the name in
    # «Kontor»; one for an unknown municipality matches no rådmann); the fylkesdirektør and the NAV-leder see all.
    comments = tuple(CommentRow(c.indicator, c.text, c.author) for c in office.comments
                     if c.month in (card.month.month, None)
                     and (to != "radmann" or not c.municipality or (muni is not None and c.municipality == muni.name)))
    month = month_label(card.month, lang)
    subject = tr("Statusrapport for {office} – {month}", office=office.name, month=month)
    sections = _sections(card, lang)
    if to == "radmann":
        name = f"{muni.title} {muni.radmann}".strip() if muni else ""
        recipient_name = name or tr("Rådmann")
        recipient_org = tr("{municipality} kommune", municipality=muni.name) if muni else ""
    elif to == "fylkesdirektor":
        recipient_name = office.county_director or tr("Fylkesdirektør")
        recipient_org = f"NAV {office.county}".strip()
    else:
        recipient_name, recipient_org = office.leader or tr("NAV-leder"), office.name
    return LetterContext(
        lang=lang, recipient_kind=to, internal=to == "navleder", sender_office=office.name,
        sender_leader=office.leader, sender_title=office.leader_title or tr("NAV-leder"),
        sender_address=office.address, case_officer=office.case_officer or office.leader,
        reference=office.reference, recipient_name=recipient_name, recipient_org=recipient_org,
        place=office.place or office.name, date=format_date(made), subject=subject, month=month,
        month_open=card.summary["not_ready"] > 0,
        summary=summary(card, previous, office, to, muni, len(actions), lang), comments=comments,
        sections=sections, status_heads=(status_word("green", False, lang), status_word("yellow", False, lang),
                                         status_word("red", False, lang), status_word("missing", False, lang)),
        actions=actions,
        completeness=_completeness(card, lang) if to == "navleder" else (),
        attachments=(tr("Målekort for {office} – {month}", office=office.name, month=month),
                     tr("Tiltaksplan for {office} – {month}", office=office.name, month=month)),
        example=office.example, title=subject, catalogue=catalogue_names(card.catalogue),
        concerns=concerns(card, lang))


def letter_contexts(card: Scorecard, previous: Scorecard | None, office: Office, to: Recipient, made: date,
                    lang: str | None = "nb") -> list[tuple[str, LetterContext]]:
    """One (file suffix, context) per letter: one per municipality to rådmann, else one. With
    `lang` None each municipality gets its own målform («Kontor»), the others bokmål."""
    if to != "radmann":
        return [(to, _letter(card, previous, office, to, made, lang or "nb", None))]
    munis = office.municipalities
    out: list[tuple[str, LetterContext]] = []
    for m in munis or (None,):
        own = lang or (m.lang if m else "nb")
        suffix = "radmann" + (f"-{slug(m.name)}" if m and len(munis) > 1 else "")
        out.append((suffix, _letter(card, previous, office, to, made, own, m)))
    return out
