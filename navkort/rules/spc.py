"""Statistical process control: an XmR chart with NHS England's «Making Data Count» rules.

The arithmetic and the rules are those of the R package NHSRplotthedots 0.2.2 (MIT, NHS-R Community):
`ptd_spc_standard` (centre line, moving ranges, outlier screening, limits), `ptd_calculate_point_type`
(the four special-cause rules and their priority) and `ptd_calculate_assurance_type` (target against the
limits). Each function below names the reference function it follows. Where the reference misbehaves
(flat series, trend labels where two trends meet, missing values) we do the sensible thing instead;
docs/spc.md lists every such deviation.

Pure: no I/O, no clock, no words. Months and values come in as arguments; codes come out (model/spc.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from ..model import MIN_POINTS, Assurance, Month, Spc, SpcPoint, SpecialRule, Variation

Direction = Literal["higher", "lower"]
Side = Literal["", "high", "low"]

LIMIT = 2.66  # process limits: mean ± 2.66 × mean moving range
LIMIT_CLOSE = 2 * (LIMIT / 3)  # «close to a limit» beyond mean ± 1.7733… × mean moving range (as the reference)
SCREEN = 3.267  # moving ranges at or above 3.267 × their mean are left out of the limits
RUN = 7  # points in a row for a shift (one side of the mean) or a trend (rising or falling)


@dataclass(frozen=True)
class Limits:
    """One segment's centre line and limits (the reference's mean_col, lpl, upl, nlpl, nupl)."""

    mean: float
    lower: float
    upper: float
    near_lower: float
    near_upper: float


def _mean(xs: Sequence[float]) -> float:
    """The arithmetic mean as R computes it: a sum, then one refinement pass (exact sums here via fsum)."""
    n = len(xs)
    m = math.fsum(xs) / n
    return m + math.fsum(x - m for x in xs) / n


def xmr_limits(values: Sequence[float], baseline: int | None = None) -> Limits:
    """Centre line and limits from the first `baseline` values (all when None); ptd_spc_standard.

    Moving ranges |x_i − x_(i−1)| at or above 3.267 × their mean are screened out before the mean moving
    range is taken. Deviations (docs/spc.md): when the screened mean moving range is 0 but the series does
    vary, the unscreened one is used; a series without variation gets limits equal to the mean (R: NaN).
    """
    if not values:
        raise ValueError("xmr_limits needs at least one value")
    base = list(values[:baseline] if baseline is not None else values)
    mean = _mean(base)
    ranges = [abs(b - a) for a, b in pairwise(base)]
    amr = _mean(ranges) if ranges else 0.0
    kept = [r for r in ranges if r < SCREEN * amr]
    screened = _mean(kept) if kept else 0.0
    if screened == 0.0:
        screened = amr
    return Limits(mean=mean, lower=mean - LIMIT * screened, upper=mean + LIMIT * screened,
                  near_lower=mean - LIMIT_CLOSE * screened, near_upper=mean + LIMIT_CLOSE * screened)


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def trend_directions(values: Sequence[float]) -> list[int]:
    """+1 / −1 for points in 7 strictly rising / falling values in a row, else 0; ptd_seven_point_trend.

    Every point of such a run is flagged (ptd_part_of_seven_trend). A point that ends one trend and
    starts the other (a peak or a trough) takes the later trend's direction, as the reference does. A
    point in one trend only always takes that trend's direction: the reference instead takes the sign of
    the next step whenever the next point is in a trend too, which mislabels the last point of a trend
    when the next trend starts after a repeated value or a jump back (docs/spc.md).
    """
    out = [0] * len(values)
    run, previous = 0, 0  # how many steps in a row (ending here) went the same way, and which way
    for end in range(1, len(values)):
        step = _sign(values[end] - values[end - 1])
        run = run + 1 if step != 0 and step == previous else (1 if step != 0 else 0)
        previous = step
        if run >= RUN - 1:  # the last RUN points rose (or fell) at every step
            for i in range(end - RUN + 1, end + 1):
                out[i] = step  # a later-starting trend overrides: the peak/trough point goes with it
    return out


def shift_runs(relative: Sequence[int]) -> list[bool]:
    """Points in 7 in a row on the same side of the mean (a point on the mean breaks the run);
    ptd_seven_point_one_side_mean + ptd_part_of_seven_trend."""
    out = [False] * len(relative)
    run = 0  # points in a row (ending here) on this point's side
    for end, side in enumerate(relative):
        run = run + 1 if side != 0 and end > 0 and relative[end - 1] == side else (1 if side != 0 else 0)
        if run >= RUN:
            out[end - RUN + 1:end + 1] = [True] * RUN
    return out


def two_in_three(close: Sequence[bool], relative: Sequence[int]) -> list[bool]:
    """Close points in 3 in a row with at least 2 close ones, all 3 on the same side of the mean;
    ptd_two_in_three + ptd_part_of_two_in_three. Only the close points are flagged; points beyond a limit
    do not count as close (the reference's close_to_limits excludes them)."""
    n = len(close)
    fires = [sum(close[s:s + 3]) >= 2 and abs(sum(relative[s:s + 3])) == 3 for s in range(n - 2)]
    return [close[i] and any(fires[s] for s in range(max(0, i - 2), min(i, n - 3) + 1)) for i in range(n)]


def special_causes(values: Sequence[float], limits: Limits) -> list[tuple[SpecialRule, Side]]:
    """Per point: the special-cause rule that flags it and its side, or ("", ""); ptd_special_cause_type."""
    relative = [_sign(y - limits.mean) for y in values]
    outside = [y > limits.upper or y < limits.lower for y in values]
    close = [not o and (y < limits.near_lower or y > limits.near_upper) for y, o in zip(values, outside)]
    return classify(relative, outside, trend_directions(values), two_in_three(close, relative), shift_runs(relative))


def classify(relative: Sequence[int], outside: Sequence[bool], trend: Sequence[int],
             two_of_three: Sequence[bool], shift: Sequence[bool]) -> list[tuple[SpecialRule, Side]]:
    """One rule per point in the reference's priority: outside a limit, trend, 2 of 3 close to a limit,
    shift. The side is the side of the mean (`relative`), except for a trend, where it is the trend's
    direction ("high" = rising), as the reference orients trends."""
    out: list[tuple[SpecialRule, Side]] = []
    for rel, out_, tr, two, sh in zip(relative, outside, trend, two_of_three, shift):
        side: Side = "high" if rel > 0 else "low"
        if out_:
            out.append(("outside", "high" if rel == 1 else "low"))
        elif tr:
            out.append(("trend", "high" if tr > 0 else "low"))
        elif two:
            out.append(("two_of_three", side))
        elif sh:
            out.append(("shift", side))
        else:
            out.append(("", ""))
    return out


def point_kind(side: Side, direction: Direction | None) -> Variation:
    """A point's variation type from its special-cause side; ptd_point_type."""
    if not side:
        return "common"
    if direction is None:
        return "neutral_high" if side == "high" else "neutral_low"
    return "improvement" if (side == "high") == (direction == "higher") else "concern"


def assurance(limits: Limits, direction: Direction | None, target: float | None) -> Assurance:
    """Will the process meet the target? ptd_calculate_assurance_type, on the latest limits."""
    if target is None or direction is None:
        return "none"
    if target > limits.upper:
        return "fail" if direction == "higher" else "pass"
    if target < limits.lower:
        return "pass" if direction == "higher" else "fail"
    return "hit_and_miss"


def _present(series: Sequence[tuple[Month, float | None]]) -> list[tuple[Month, float]]:
    """The months with a value, oldest first; missing (None) and non-finite values are skipped."""
    months = [m for m, _ in series]
    if any(b <= a for a, b in pairwise(months)):
        raise ValueError("spc: the months must be strictly increasing (oldest first, no repeats)")
    return [(m, float(v)) for m, v in series if v is not None and math.isfinite(v)]


def _segments(points: list[tuple[Month, float]],
              rebase: Sequence[Month]) -> list[list[tuple[Month, float]]]:
    """Split at each rebase month (ptd_add_rebase_column + rebase_group). A rebase month without a value
    starts the new segment at the next month that has one (the reference ignores such a date)."""
    segments: list[list[tuple[Month, float]]] = [[]]
    starts = sorted(set(rebase))
    for month, value in points:
        current = segments[-1]
        if current and any(current[-1][0] < start <= month for start in starts):
            segments.append([])
        segments[-1].append((month, value))
    return segments


def spc(series: Sequence[tuple[Month, float | None]], direction: Direction | None,
        target: float | None = None, baseline_months: int | None = None,
        rebase: Sequence[Month] = ()) -> Spc:
    """The XmR chart for one indicator, oldest month first; ptd_spc + ptd_calculate_assurance_type.

    `direction` is the good direction ("higher"/"lower"), or None for a neutral indicator (special
    causes become neutral_high/neutral_low and assurance is "none"). `baseline_months` fixes each
    segment's limits on its first N points (the reference's fix_after_n_points; at least MIN_POINTS).
    `rebase` starts a new segment, with its own mean and limits, at each given month. Fewer than
    MIN_POINTS points in the latest segment → Spc(variation="too_few"), with no points and no assurance.
    """
    if direction not in ("higher", "lower", None):
        raise ValueError(f"spc: direction must be 'higher', 'lower' or None, got {direction!r}")
    if baseline_months is not None and baseline_months < MIN_POINTS:
        raise ValueError(f"spc: baseline_months must be at least {MIN_POINTS}, got {baseline_months}")
    segments = _segments(_present(series), rebase)
    if len(segments[-1]) < MIN_POINTS:
        return Spc(target=target)
    points: list[SpcPoint] = []
    for segment in segments:
        values = [v for _, v in segment]
        limits = xmr_limits(values, baseline_months)
        for (month, value), (rule, side) in zip(segment, special_causes(values, limits)):
            points.append(SpcPoint(month=month, value=value, mean=limits.mean, lower=limits.lower,
                                   upper=limits.upper, rule=rule, side=side, kind=point_kind(side, direction)))
    return Spc(points=tuple(points), variation=points[-1].kind, assurance=assurance(limits, direction, target),
               mean=limits.mean, lower=limits.lower, upper=limits.upper, target=target)
