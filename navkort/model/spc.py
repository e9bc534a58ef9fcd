"""Statistical process control beside the traffic lights: an XmR chart's numbers for one indicator
(no words: navkort.text has them). The rules are those of NHS England's «Making Data Count» as the
NHS-R package NHSRplotthedots 0.2.2 implements them (see rules/spc.py and docs/spc.md)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Literal

from .scores import Month

# Why a point is special cause, in the reference's priority order when several apply.
SpecialRule = Literal["", "outside", "trend", "two_of_three", "shift"]
Variation = Literal["too_few", "common", "improvement", "concern", "neutral_high", "neutral_low"]
Assurance = Literal["none", "pass", "fail", "hit_and_miss"]
MIN_POINTS = 13  # fewer months than this: no limits and no icons («for få måneder»)


@dataclass(frozen=True)
class SpcPoint:
    month: Month
    value: float
    mean: float  # the centre line in force for this point (it changes at a rebase)
    lower: float
    upper: float
    rule: SpecialRule = ""  # the rule that flags this point special cause, or ""
    side: Literal["", "high", "low"] = ""  # which side of the mean the special cause is on
    kind: Variation = "common"  # the point's variation type (improvement, concern, neutral_*, common)


@dataclass(frozen=True)
class Spc:
    """One indicator's XmR result; `variation` and `assurance` describe the latest point."""

    points: tuple[SpcPoint, ...] = ()
    variation: Variation = "too_few"
    assurance: Assurance = "none"
    mean: float | None = None  # of the latest segment (after the last rebase)
    lower: float | None = None
    upper: float | None = None
    target: float | None = None

    @property
    def enough(self) -> bool:
        return self.variation != "too_few"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the points as plain tuples: a county's scorecards go from the worker processes to the
        parent, and unpickling ~500 point objects per office was most of the parent's time."""
        rows = tuple((p.month.year, p.month.month, p.value, p.mean, p.lower, p.upper, p.rule, p.side, p.kind)
                     for p in self.points)
        return _restore, (rows, self.variation, self.assurance, self.mean, self.lower, self.upper, self.target)


_POINT_FIELDS = ("month", "value", "mean", "lower", "upper", "rule", "side", "kind")


@functools.lru_cache(maxsize=512)
def _month(year: int, month: int) -> Month:
    return Month(year, month)  # frozen: one object per month can be shared by every point of it


def _restore(rows: tuple[tuple[Any, ...], ...], *rest: Any) -> Spc:
    points = []
    for year, month, *values in rows:
        point = object.__new__(SpcPoint)  # frozen dataclass: fill its fields as unpickling does
        point.__dict__.update(zip(_POINT_FIELDS, (_month(year, month), *values)))
        points.append(point)
    return Spc(tuple(points), *rest)
