"""The models every layer shares: frozen dataclasses, no I/O, no words.

Catalogue → Indicator → Target → Band describe what is measured; Office holds one workbook's
figures; Scorecard → Result → Period/Ytd is what scoring says about them. Reasons are codes with
parameters (`Reason`); `navkort.text` turns them into bokmål or nynorsk.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from .errors import Problem

Perspective = Literal["bruker", "produksjon", "medarbeider", "økonomi"]
Owner = Literal["stat", "kommune", "felles"]
Measure = Literal["share", "value", "achievement", "deviation", "change"]
Direction = Literal["higher", "lower", "band"]
Unit = Literal["percent", "count", "kr", "days", "score"]
Frequency = Literal["monthly", "quarterly", "yearly"]
Provenance = Literal["nasjonal", "fylke", "lokal"]
YtdRule = Literal["ratio", "sum", "mean", "last"]
Basis = Literal["previous_month", "same_month_last_year"]
Status = Literal["green", "yellow", "red", "missing", "not_due", "not_ready", "info"]
TrendDirection = Literal["up", "down", "flat"]
Recipient = Literal["radmann", "fylkesdirektor", "navleder"]

MAX_SHOWN_NAME = 48  # characters of an indicator name the one-page målekort has room for

PERSPECTIVES: tuple[Perspective, ...] = ("bruker", "produksjon", "medarbeider", "økonomi")
MEASURES: tuple[Measure, ...] = ("share", "value", "achievement", "deviation", "change")
STATUSES: tuple[Status, ...] = ("green", "yellow", "red", "missing", "not_due", "not_ready", "info")

# The workbook fields each measure reads (Måledata's "Felt" column, lower-case).
FIELDS_BY_MEASURE: dict[str, tuple[str, ...]] = {
    "share": ("teller", "nevner", "andel"),
    "value": ("verdi",),
    "achievement": ("resultat", "plan"),
    "deviation": ("resultat", "plan"),
    "change": ("verdi",),
}
_YTD_DEFAULT: dict[str, YtdRule] = {"share": "ratio", "value": "mean", "achievement": "ratio",
                                    "deviation": "ratio", "change": "sum"}


# The catalogue


@dataclass(frozen=True)
class Band:
    """Thresholds in force for some months: `green` makes green, `yellow` makes yellow (inclusive)."""

    green: float
    yellow: float
    months: tuple[int, ...] = tuple(range(1, 13))

    def to_dict(self) -> dict[str, Any]:
        return {"months": list(self.months), "green": self.green, "yellow": self.yellow}


@dataclass(frozen=True)
class Target:
    """The target of an indicator: a direction and thresholds, constant or by month."""

    direction: Direction
    green: float | None = None
    yellow: float | None = None
    schedule: tuple[Band, ...] | None = None
    assumed: bool = False
    provenance: Provenance = "nasjonal"
    set_by: str = ""

    def bands(self) -> tuple[Band, ...]:
        """The thresholds as bands covering months (one band for all months when not scheduled)."""
        if self.schedule:
            return tuple(self.schedule)
        if self.green is None or self.yellow is None:
            return ()
        return (Band(green=self.green, yellow=self.yellow),)

    def for_month(self, month: int) -> Band | None:
        """The band in force in `month` (1–12)."""
        return next((band for band in self.bands() if month in band.months), None)

    def replace(self, **changes: Any) -> Target:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["schedule"] = [b.to_dict() for b in self.schedule] if self.schedule else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Target:
        sched = d.get("schedule")
        bands = tuple(Band(b["green"], b["yellow"], tuple(b["months"])) for b in sched) if sched else None
        return cls(**{**d, "schedule": bands})


@dataclass(frozen=True)
class Indicator:
    """One indicator (styringsparameter) or key information (`kind: info`)."""

    id: str
    name: str
    perspective: Perspective
    owner: Owner
    measure: Measure
    short_name: str | None = None
    description: str = ""
    unit: Unit = "percent"
    kind: Literal["indicator", "info"] = "indicator"
    target: Target | None = None
    due_month: int | None = None
    lag_months: int = 0
    frequency: Frequency = "monthly"
    decimals: int = 1
    ytd: YtdRule | None = None
    basis: Basis | None = None
    source: str | None = None
    fetched_by: str | None = None
    entered_by: str | None = None
    note: str | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        return FIELDS_BY_MEASURE[self.measure]

    @property
    def ytd_rule(self) -> YtdRule:
        """How year to date is computed, with the measure's default."""
        return self.ytd or _YTD_DEFAULT[self.measure]

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def provenance(self) -> Provenance:
        return self.target.provenance if self.target else "nasjonal"

    def replace(self, **changes: Any) -> Indicator:
        return dataclasses.replace(self, **changes)

    def with_provenance(self, provenance: Provenance, set_by: str) -> Indicator:
        if self.target is None:
            return self
        return self.replace(target=self.target.replace(provenance=provenance, set_by=set_by))

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        d["target"] = self.target.to_dict() if self.target else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Indicator:
        return cls(**{**d, "target": Target.from_dict(d["target"]) if d.get("target") else None})


@dataclass(frozen=True)
class OverlayRef:
    """An overlay as a workbook records it: file name (no folder), the overlay's `name:`, and a
    checksum of its content (comments and layout do not count)."""

    file: str
    name: str
    digest: str


@dataclass(frozen=True)
class OverlayChange:
    """What one overlay did to one indicator, for the validate summary and reports."""

    file: str
    action: Literal["threshold", "disable", "add"]
    id: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Catalogue:
    """The merged catalogue: national indicators with overlays applied, in order."""

    name: str = ""
    files: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    disabled: tuple[str, ...] = ()
    changes: tuple[OverlayChange, ...] = ()
    overlays: tuple[OverlayRef, ...] = ()

    def get(self, indicator_id: str) -> Indicator | None:
        return next((ind for ind in self.indicators if ind.id == indicator_id), None)

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "files": list(self.files), "indicators": [i.to_dict() for i in self.indicators],
                "disabled": list(self.disabled), "changes": [c.to_dict() for c in self.changes],
                "overlays": [dataclasses.asdict(o) for o in self.overlays]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Catalogue:
        return cls(name=d["name"], files=tuple(d["files"]),
                   indicators=tuple(Indicator.from_dict(i) for i in d["indicators"]),
                   disabled=tuple(d["disabled"]), changes=tuple(OverlayChange(**c) for c in d["changes"]),
                   overlays=tuple(OverlayRef(**o) for o in d.get("overlays", ())))


# The office

Value = float | None
# indicator id -> field (teller, nevner, andel, verdi, resultat, plan) -> 12 monthly values
Series = dict[str, dict[str, list[Value]]]


@dataclass(frozen=True)
class Municipality:
    name: str
    radmann: str = ""
    title: str = "rådmann"


@dataclass(frozen=True)
class Comment:
    indicator: str
    month: int | None
    text: str
    author: str = ""


@dataclass(frozen=True)
class Action:
    """One row of the Tiltaksplan, kept as the user wrote it."""

    nr: str = ""
    indicator: str = ""
    what: str = ""
    responsible: str = ""
    involved: str = ""
    informed: str = ""
    start: date | str | None = None
    end: date | str | None = None
    risk: str = ""
    status: str = ""
    effect: str = ""

    @property
    def is_open(self) -> bool:
        return self.status.strip().casefold() not in ("fullført", "fullfort", "ferdig")


@dataclass(frozen=True)
class Office:
    """One office for one year: Kontor data, monthly series this year and last, local goals, text,
    and the reader's warnings (problems that did not stop it)."""

    file: str
    name: str
    year: int
    number: str = ""
    county: str = ""
    leader: str = ""
    county_director: str = ""
    place: str = ""
    address: str = ""
    example: bool = False
    overlays: tuple[OverlayRef, ...] = ()  # the overlays the workbook was made with («Kontor»)
    municipalities: tuple[Municipality, ...] = ()
    series: Series = field(default_factory=dict)
    last_year: Series = field(default_factory=dict)
    local_indicators: tuple[Indicator, ...] = ()
    comments: tuple[Comment, ...] = ()
    actions: tuple[Action, ...] = ()
    warnings: tuple[Problem, ...] = ()

    def values(self, indicator_id: str, fld: str, *, last_year: bool = False) -> list[Value]:
        """The 12 monthly values of one field (all None when the row is absent)."""
        src = self.last_year if last_year else self.series
        return src.get(indicator_id, {}).get(fld) or [None] * 12

    def latest_month(self) -> int | None:
        """The latest month of this year with any figure."""
        return max((m for fields in self.series.values() for vals in fields.values()
                    for m, v in enumerate(vals, start=1) if v is not None), default=None)

    @property
    def interkommunalt(self) -> bool:
        return len(self.municipalities) > 1

    def replace(self, **changes: Any) -> Office:
        return dataclasses.replace(self, **changes)


# Scores


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

    def by_perspective(self) -> dict[str, list[Result]]:
        out: dict[str, list[Result]] = {p: [] for p in PERSPECTIVES}
        for r in self.results:
            out[r.indicator.perspective].append(r)
        return out

    def get(self, indicator_id: str) -> Result | None:
        return next((r for r in self.results if r.id == indicator_id), None)

    @property
    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
        for r in self.results:
            counts[r.period.status] += 1
        counts["late"] = sum(1 for r in self.results if r.late)
        return counts
