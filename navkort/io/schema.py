"""The catalogue's YAML schema as pydantic models (extra="forbid", strict): the edge where
catalogue files and the workbook's "Lokale mål" sheet are validated. Valid input converts to the
plain dataclasses in navkort.model. Imported only when a catalogue is actually validated."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..model import (
    Band,
    Basis,
    Direction,
    Frequency,
    Indicator,
    Measure,
    Owner,
    Perspective,
    Target,
    Unit,
    YtdRule,
)

_ID = re.compile(r"^[A-ZÆØÅa-zæøå][A-Za-z0-9ÆØÅæøå._\-]{0,19}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class BandSpec(_Strict):
    """One line of a schedule: `{months: 1-6, green: 60, yellow: 55}`."""

    months: tuple[int, ...] = tuple(range(1, 13))
    green: float
    yellow: float

    @field_validator("months", mode="before")
    @classmethod
    def _months(cls, v: Any) -> Any:
        if isinstance(v, int) and not isinstance(v, bool):
            return (v,)
        if isinstance(v, str):
            out: list[int] = []
            for part in v.replace(" ", "").split(","):
                m = re.fullmatch(r"(\d{1,2})(?:-(\d{1,2}))?", part)
                if not m:
                    raise ValueError("months skrives som «1-6», «7-12» eller en liste [1, 2, 3]")
                lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
                out.extend(range(lo, hi + 1))
            return tuple(out)
        if isinstance(v, list):
            return tuple(v)
        return v

    def to_model(self) -> Band:
        return Band(green=self.green, yellow=self.yellow, months=self.months)


class TargetSpec(_Strict):
    """`target: {direction: higher, green: 75, yellow: 65}` or with a `schedule:`."""

    direction: Direction
    green: float | None = None
    yellow: float | None = None
    schedule: list[BandSpec] | None = None
    assumed: bool = False

    def to_model(self) -> Target:
        return Target(direction=self.direction, green=self.green, yellow=self.yellow,
                      schedule=tuple(b.to_model() for b in self.schedule) if self.schedule else None,
                      assumed=self.assumed)


class SpcSpec(_Strict):
    """`spc: {baseline_months: 12, rebase: [2026-03]}`: limits fixed after a baseline, or recalculated
    from a month with a process change."""

    baseline_months: int | None = Field(default=None, ge=13, le=120)
    rebase: tuple[str, ...] = ()

    @field_validator("rebase", mode="before")
    @classmethod
    def _months(cls, v: Any) -> Any:
        items = v if isinstance(v, (list, tuple)) else [v]
        out = []
        for item in items:
            text = str(item).strip()
            if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
                raise ValueError(f"«{text}» er ikke en måned; skriv ÅÅÅÅ-MM, f.eks. 2026-03")
            out.append(text)
        return tuple(out)


class IndicatorSpec(_Strict):
    """One indicator as written in YAML (see docs/katalog.md)."""

    id: str
    name: str
    short_name: str | None = None
    description: str = ""
    name_nn: str | None = None
    short_name_nn: str | None = None
    perspective: Perspective
    owner: Owner
    measure: Measure
    unit: Unit = "percent"
    kind: Literal["indicator", "info"] = "indicator"
    target: TargetSpec | None = None
    due_month: int | None = None
    lag_months: int = Field(default=0, ge=0, le=11)
    frequency: Frequency = "monthly"
    decimals: int = Field(default=1, ge=0, le=3)
    ytd: YtdRule | None = None
    basis: Basis | None = None
    source: str | None = None
    fetched_by: str | None = None
    entered_by: str | None = None
    note: str | None = None
    spc: SpcSpec | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("id må starte med en bokstav og bare ha bokstaver, tall, punktum og bindestrek")
        return v

    def to_model(self) -> Indicator:
        data = {k: getattr(self, k) for k in type(self).model_fields if k != "spc"}
        data["target"] = self.target.to_model() if self.target else None
        if self.spc is not None:
            data["spc_baseline"], data["spc_rebase"] = self.spc.baseline_months, tuple(self.spc.rebase)
        return Indicator(**data)
