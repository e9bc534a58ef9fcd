"""Which extract figures go into which cells of one office workbook (pure: the cells' current state
is an argument). A typed figure is never lost: a different value already in a cell is a conflict,
written only when asked (`overwrite`); a formula is never overwritten; the same value is left alone."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Literal

from ..model import Month
from ..model.imports import Figure, RowProblem

CellKey = tuple[str, str, int]  # (indicator id, field, month 1–12)


@dataclass(frozen=True)
class CellState:
    """A «Måledata» cell as it is now."""

    ref: str  # "N5"
    value: float | None  # as navkort reads it (a percent-formatted cell × 100)
    text: str = ""  # what the cell shows, for the conflict list
    formula: bool = False
    percent: bool = False  # percent-formatted: the stored number is the value / 100
    unreadable: bool = False  # text that is not a number («ca 40»): never overwritten silently


@dataclass(frozen=True)
class Change:
    """A figure to write: into an empty cell (`fill`) or over another value (`overwrite`)."""

    figure: Figure
    ref: str
    old: str
    stored: float  # the number written into the cell
    kind: Literal["fill", "overwrite"]


@dataclass(frozen=True)
class Conflict:
    """A cell that holds something else: not written (unless --overwrite, and never a formula)."""

    figure: Figure
    ref: str
    old: str
    why: Literal["different", "formula", "extract-disagrees"]


@dataclass
class OfficePlan:
    """What one workbook gets from the extracts."""

    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    no_row: list[tuple[str, str]] = field(default_factory=list)  # (indicator, field) the workbook has no row for
    other_year: int = 0  # figures for another year than the workbook's
    problems: list[RowProblem] = field(default_factory=list)


def same(a: float, b: float) -> bool:
    """Equal as figures (what rounding in a CSV export or Excel could change is not a difference)."""
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def plan_office(figures: list[Figure], year: int, cells: dict[CellKey, CellState], *,
                overwrite: bool = False) -> OfficePlan:
    """The changes for one workbook of `year` whose «Måledata» cells are `cells`."""
    plan = OfficePlan()
    chosen: dict[CellKey, Figure] = {}
    for fig in figures:
        if fig.month.year != year:
            plan.other_year += 1
            continue
        key = (fig.indicator, fig.field, fig.month.month)
        if key not in cells:
            if (fig.indicator, fig.field) not in plan.no_row:
                plan.no_row.append((fig.indicator, fig.field))
            continue
        earlier = chosen.get(key)
        if earlier is not None and not same(earlier.value, fig.value):
            plan.problems.append(RowProblem(fig.file, fig.row, fig.column, f"{fig.indicator} {fig.field} "
                                            f"{fig.month.key} står også på rad {earlier.row} med et annet tall"))
            chosen[key] = dataclasses.replace(earlier, value=float("nan"))  # disagreeing: write neither
            continue
        chosen.setdefault(key, fig)
    for key, fig in chosen.items():
        _decide(plan, fig, cells[key], overwrite)
    return plan


def _decide(plan: OfficePlan, fig: Figure, cell: CellState, overwrite: bool) -> None:
    if fig.value != fig.value:  # NaN: two rows of the extract disagree
        plan.conflicts.append(Conflict(fig, cell.ref, cell.text, "extract-disagrees"))
        return
    stored = fig.value / 100.0 if cell.percent else fig.value
    if cell.formula:
        if cell.value is not None and same(cell.value, fig.value):
            plan.unchanged += 1
        else:
            plan.conflicts.append(Conflict(fig, cell.ref, cell.text, "formula"))
        return
    if cell.value is None and not cell.unreadable:
        plan.changes.append(Change(fig, cell.ref, "", stored, "fill"))
    elif cell.value is not None and same(cell.value, fig.value):
        plan.unchanged += 1
    elif overwrite:
        plan.changes.append(Change(fig, cell.ref, cell.text, stored, "overwrite"))
    else:
        plan.conflicts.append(Conflict(fig, cell.ref, cell.text, "different"))


def covered_but_missing(figures: list[Figure], expected: set[tuple[str, str, Month]]) -> list[tuple[str, str, Month]]:
    """(indicator, field, month) the extract has for other offices but not for this one."""
    have = {(f.indicator, f.field, f.month) for f in figures}
    return sorted(expected - have, key=lambda k: (k[2], k[0], k[1]))
