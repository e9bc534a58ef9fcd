"""Statistics extracts into office workbooks: the mapping (kobling.yaml), the figures read from an
extract, and where an imported figure came from (the workbook's «Importlogg»)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .scores import Month


Layout = Literal["long", "wide"]
Dash = Literal["zero", "empty"]
OfficeKey = Literal["number", "name"]


@dataclass(frozen=True)
class IndicatorMap:
    """Which extract columns feed which workbook fields of one indicator; in the long layout, rows
    whose indicator column reads `match` belong to it."""

    id: str
    match: str
    columns: tuple[tuple[str, str], ...]  # (field, column heading)


@dataclass(frozen=True)
class Mapping:
    """A validated kobling.yaml."""

    file: str
    name: str
    layout: Layout
    dash: Dash  # what «-» in a value cell means: zero (Statistics Norway) or empty (the workbooks' way)
    office_column: str
    office_by: OfficeKey
    indicators: tuple[IndicatorMap, ...]
    period_column: str | None = None
    indicator_column: str | None = None
    sheet: str | None = None
    separator: str | None = None
    encoding: str = "auto"

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column heading the extract must have."""
        cols = [self.office_column] + [c for c in (self.period_column, self.indicator_column) if c]
        cols += [col for m in self.indicators for _, col in m.columns]
        return tuple(dict.fromkeys(cols))


@dataclass(frozen=True)
class Figure:
    """One number from an extract for one office, indicator, field and month, with where it was read."""

    office: str  # the office key as in the extract (kontornummer or name, normalised)
    month: Month
    indicator: str
    field: str
    value: float
    file: str
    row: int  # 1-based row in the extract
    column: str


@dataclass(frozen=True)
class RowProblem:
    """An extract row (or one value in it) that could not be read."""

    file: str
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class ImportSource:
    """Where an imported figure came from, as the workbook's «Importlogg» records it."""

    indicator: str
    field: str
    month: int
    extract: str
    sha256: str
    row: int
    time: str
    value: float | None = None  # the figure written (a source is shown only while the cell still holds it)
