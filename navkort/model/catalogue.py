"""The catalogue: indicators, targets and thresholds, overlays (frozen dataclasses, no I/O, no words)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

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
        return self._by_month.get(month)

    @cached_property
    def _by_month(self) -> dict[int, Band | None]:
        """for_month for every month, made once (scoring asks hundreds of times per office)."""
        bands = self.bands()
        return {m: next((band for band in bands if m in band.months), None) for m in range(1, 13)}

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
    name_nn: str | None = None  # the name in nynorsk (a nynorsk document must not be half bokmål)
    short_name_nn: str | None = None
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
    spc_baseline: int | None = None  # SPC limits fixed after this many months (catalogue `spc.baseline_months`)
    spc_rebase: tuple[str, ...] = ()  # months (ÅÅÅÅ-MM) from which SPC limits are recalculated (a process change)

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

    def name_in(self, lang: str) -> str:
        """The full name in `lang` (nynorsk when the catalogue has it, else the bokmål name)."""
        return (self.name_nn or self.name) if lang == "nn" else self.name

    def label_in(self, lang: str) -> str:
        """The short name in `lang`."""
        if lang == "nn":
            return self.short_name_nn or self.name_nn or self.label
        return self.label

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
        return cls(**{**d, "target": Target.from_dict(d["target"]) if d.get("target") else None,
                      "spc_rebase": tuple(d.get("spc_rebase", ()))})


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
