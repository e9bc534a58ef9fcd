"""What scoring says: Scorecard → Result → Period/Ytd, with reasons as codes (no words)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .catalogue import PERSPECTIVES, STATUSES, Indicator, Status, TrendDirection

if TYPE_CHECKING:
    from .imports import ImportSource
    from .spc import Spc


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month."""

    year: int
    month: int

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def shift(self, months: int) -> Month:
        idx = self.year * 12 + (self.month - 1) + months
        return Month(idx // 12, idx % 12 + 1)


ParamValue = str | int | float | Month


@dataclass(frozen=True)
class Reason:
    """Why a status is what it is, as a code and parameters (no words: see navkort.text.reasons)."""

    code: str = ""
    params: Mapping[str, ParamValue] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.code)


NO_REASON = Reason()


@dataclass(frozen=True)
class Period:
    month: Month | None
    value: float | None
    status: Status
    green: float | None
    yellow: float | None
    reason: Reason = NO_REASON


@dataclass(frozen=True)
class Ytd:
    months: int
    value: float | None
    status: Status
    reason: Reason = NO_REASON


@dataclass(frozen=True)
class Previous:
    """Last month's period for one indicator, worked out in the same pass as this month's (the letter
    says what changed colour): no year to date, trend or SPC."""

    period: Period
    late: bool
    expected_month: Month | None


@dataclass(frozen=True)
class Result:
    """One indicator's status for the month: period, year to date, trend, lateness."""

    indicator: Indicator
    period: Period
    ytd: Ytd
    trend: tuple[float | None, ...]
    trend_months: tuple[str, ...]
    trend_direction: TrendDirection | None
    late: bool
    expected_month: Month | None = None  # the month whose figure should be in by now
    spc: Spc | None = None  # the XmR result (None for key information and quarterly/yearly figures)
    previous: Previous | None = None  # last month's period (None in January)

    @property
    def id(self) -> str:
        return self.indicator.id


@dataclass(frozen=True)
class Scorecard:
    """All indicators of one office for one month."""

    office: str
    year: int
    month: Month
    catalogue: tuple[str, ...]
    results: tuple[Result, ...] = ()
    file: str = ""
    sources: tuple[ImportSource, ...] = ()  # imported figures' provenance (the office's «Importlogg»)

    def by_perspective(self) -> dict[str, list[Result]]:
        out: dict[str, list[Result]] = {p: [] for p in PERSPECTIVES}
        for r in self.results:
            out[r.indicator.perspective].append(r)
        return out

    def get(self, indicator_id: str) -> Result | None:
        return next((r for r in self.results if r.id == indicator_id), None)

    def previous_month(self) -> Scorecard | None:
        """Last month's periods as a scorecard of their own (None in January), from the same pass as
        this month: status, value and lateness per indicator. Its year to date, trend and SPC are
        empty: score that month for those."""
        pairs = [(r.indicator, r.previous) for r in self.results]
        if self.month.month == 1 or any(p is None for _, p in pairs):
            return None
        results = tuple(Result(ind, p.period, Ytd(0, None, "missing"), (), (), None, p.late, p.expected_month)
                        for ind, p in pairs if p is not None)
        return Scorecard(office=self.office, year=self.year, month=self.month.shift(-1), catalogue=self.catalogue,
                         results=results, file=self.file, sources=self.sources)

    @property
    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
        for r in self.results:
            counts[r.period.status] += 1
        counts["late"] = sum(1 for r in self.results if r.late and r.period.status == "missing")  # «herav»
        return counts
