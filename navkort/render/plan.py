"""The action plan (tiltaksplan): its typed context, pure. Existing actions are kept as typed; the at
most three priority areas are marked (navkort.rules.plan decides which), and a row is proposed for
each red priority area without an open action, in priority order: never one per red indicator, so
the plan stays a plan of at most three new things."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..model import Action, Office, Scorecard
from ..rules.plan import priority_areas
from ..text.catalogue import catalogue_names
from ..text.i18n import N_, words
from ..text.numbers import format_date, month_label
from ..text.words import priority_why

NOT_STARTED = N_("Ikke startet")
# Which red it is: the month, the year to date, or both (keyed by (month red, year to date red)).
_PROPOSED = {(True, False): N_("Foreslått: lag tiltak for {id} {name} (rød denne måneden)"),
             (False, True): N_("Foreslått: lag tiltak for {id} {name} (rød hittil i år)"),
             (True, True): N_("Foreslått: lag tiltak for {id} {name} (rød denne måneden og hittil i år)")}
# The statuses of the workbook's dropdown (io.layout.ACTION_STATUSES), said in the document's language.
ACTION_STATUS_WORDS = (NOT_STARTED, N_("Pågår"), N_("Fullført"), N_("Utsatt"))


def status_text(status: str, lang: str) -> str:
    """A known status in the document's language; anything else as the office typed it."""
    for word in ACTION_STATUS_WORDS:
        if status.strip().casefold() == word.casefold():
            return words(lang)(word)
    return status


@dataclass(frozen=True)
class PlanRow:
    nr: str
    indicator: str
    indicator_name: str
    what: str
    responsible: str
    involved: str
    informed: str
    start: Any  # kept as written: a date or text
    end: Any
    risk: str
    status: str
    effect: str
    proposed: bool
    priority: int | None


@dataclass(frozen=True)
class Priority:
    rank: int
    id: str
    name: str
    why: str


@dataclass(frozen=True)
class PlanContext:
    """Context of tiltaksplan.html.j2 (and the rows of the .xlsx)."""

    lang: str
    office: str
    month: str
    made: str
    rows: tuple[PlanRow, ...]
    priorities: tuple[Priority, ...]
    example: bool
    title: str
    catalogue: tuple[str, ...] = ()  # the catalogue and overlays the priorities come from


def plan_context(card: Scorecard, office: Office, made: date, lang: str = "nb") -> PlanContext:
    tr = words(lang)
    names = {r.id: r.indicator.label_in(lang) for r in card.results}
    prio = priority_areas(card)
    prio_rank = {r.id: i + 1 for i, (r, _) in enumerate(prio)}
    rows = [_plan_row(a, names, prio_rank, lang) for a in office.actions]
    open_for = {a.indicator.strip() for a in office.actions if a.is_open}
    nrs = [int(a.nr) for a in office.actions if str(a.nr).strip().isdigit()]
    next_nr = max(nrs, default=0) + 1
    for r, _why in prio:  # a yellow priority area is marked, but gets no proposed row: nothing is red there
        red = r.period.status == "red" or r.ytd.status == "red"
        if red and r.id not in open_for:
            rows.append(PlanRow(nr=str(next_nr), indicator=r.id, indicator_name=r.indicator.label_in(lang),
                                what=tr(_PROPOSED[(r.period.status == "red", r.ytd.status == "red")], id=r.id,
                                        name=r.indicator.label_in(lang)),
                                responsible="", involved="", informed="", start=None, end=None, risk="",
                                status=tr(NOT_STARTED), effect="", proposed=True, priority=prio_rank.get(r.id)))
            next_nr += 1
    month = month_label(card.month, lang)
    return PlanContext(lang=lang, office=office.name, month=month, made=format_date(made), rows=tuple(rows),
                       priorities=tuple(Priority(i + 1, r.id, r.indicator.label_in(lang), priority_why(why, lang))
                                        for i, (r, why) in enumerate(prio)),
                       example=office.example, title=f"{tr('Tiltaksplan')} {office.name} – {month}",
                       catalogue=catalogue_names(card.catalogue))


def _plan_row(a: Action, names: dict[str, str], prio_rank: dict[str, int], lang: str) -> PlanRow:
    ind = a.indicator.strip()
    return PlanRow(nr=a.nr, indicator=a.indicator, indicator_name=names.get(ind, ""), what=a.what,
                   responsible=a.responsible, involved=a.involved, informed=a.informed, start=a.start, end=a.end,
                   risk=a.risk, status=status_text(a.status, lang), effect=a.effect, proposed=False,
                   priority=prio_rank.get(ind) if a.is_open else None)
