"""Statistical process control (navkort.rules.spc) against NHSRplotthedots 0.2.2, the reference.

Three kinds of test:
1. The reference's own testthat expectations (nhs-r-community/NHSRplotthedots, tests/testthat/…),
   reproduced input for input; each block names the file it comes from.
2. Golden series: the reference's functions (R/ptd_spc_standard.R, R/ptd_calculate_point_type.R)
   run in R 4.2.2 on the inputs below; means and limits printed with 17 significant digits.
3. Properties (hypothesis) and navkort's own choices: too few points, missing months, rebase,
   baseline, and the deviations listed in docs/spc.md.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from navkort.model import MIN_POINTS, Month, Spc
from navkort.rules.spc import (
    Limits,
    assurance,
    classify,
    point_kind,
    shift_runs,
    spc,
    special_causes,
    trend_directions,
    two_in_three,
    xmr_limits,
)

START = Month(2023, 1)


def months(n: int, start: Month = START) -> list[Month]:
    return [start.shift(i) for i in range(n)]


def series(values, start: Month = START):
    return list(zip(months(len(values), start), values))


def sig3(x: float | None) -> float:
    """Three significant digits, as the reference's tibble prints them."""
    assert x is not None
    return float(f"{x:.3g}")


def close(a: float, b: float, rel: float = 1e-9) -> bool:
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


# The reference's special_cause_type strings as one letter each.
CODES = {".": ("", ""), "U": ("outside", "high"), "L": ("outside", "low"), "I": ("trend", "high"),
         "D": ("trend", "low"), "a": ("two_of_three", "high"), "b": ("two_of_three", "low"),
         "A": ("shift", "high"), "B": ("shift", "low")}
# «Above UCL», «Below LCL», «7 Point Trend (Increasing/Decreasing)», «2 in 3 Above/Below CL»,
# «7 Points Above/Below CL», «Common Cause»


def decode(codes: str) -> list[tuple[str, str]]:
    return [CODES[c] for c in codes]


# set.seed(123); rnorm(20): the data of test-ptd_spc_standard.R and test-ptd_spc.R
RNORM = [-0.5604756465522126, -0.23017748948327996, 1.558708314149124, 0.070508391424576003,
         0.12928773516094624, 1.715064986883281, 0.4609162059892023, -1.265061234606534,
         -0.68685285189352607, -0.44566197009995806, 1.2240817974394615, 0.35981382705736381,
         0.40077145059405217, 0.11068271594511971, -0.55584113475407493, 1.7869131368030782,
         0.49785047822923939, -1.9666171566296382, 0.70135590156368555, -0.47279140772793404]
RNORM_15 = RNORM[:14] + [10.0] + RNORM[15:]  # data$y[15] <- 10 (the screening test)

# (name, values, baseline, mean, lower, upper, special-cause codes); 2. above, from R.
GOLDEN = [
    ("rnorm", RNORM, None, 0.1416238024745986, -3.0113795957080995, 3.2946272006572963, "." * 20),
    ("rnorm_fix12", RNORM, 12, 0.19417933878903704, -2.6073998147977493, 2.9957584923758231, "." * 20),
    ("rnorm_first10", RNORM[:10], None, 0.074625644097161895, -2.6005854077454389, 2.7498366959397629, "." * 10),
    ("rnorm_last10", RNORM[10:], None, 0.20862196085203533, -3.2790054477294084, 3.6962493694334788, "." * 10),
    ("rnorm_y15_10", RNORM_15, None, 0.6694158592123024, -2.3836655972741312, 3.7224973156987362,
     "." * 14 + "U" + "." * 5),
    ("two_of_three_opposite", [1, -1] * 7 + [5.5, -5.5], None, 0.0, -6.1750000000000007, 6.1750000000000007,
     "." * 16),
    ("mixed", [10, 11, 9, 10, 12, 10, 9, 11, 10, 12, 11, 13, 13.5, 11, 12, 13, 14, 15, 16, 17, 12, 12.5, 11.8,
               12.2, 25, 12, 8, 10.9, 10.8, 10.7, 8, 10.6, 10.5, 10.4], None,
     11.908823529411764, 8.030371916508539, 15.787275142314989, "............." "IIIIIUUAA..U.LBBBLBBB"),
    ("c107", [6, 7, 8, 10, 11, 12, 14, 16, 13, 13, 14, 13, 14, 15, 17, 18, 17, 19, 18, 17, 17, 18, 17], None,
     14.086956521739131, 10.822411067193677, 17.351501976284585, "LLLLIIII.....AaUaUUaaUa"),
    ("c954", [4, 3, 2, 2, 2, 1, 3, 2, 1, 2, 1, -2, -1, 0, -1, 0, -1, 0, 1, 2, 1, -2, -3, -2], None,
     0.625, -2.3819565217391303, 3.6319565217391303, "UAAAAAAAAAABBBBBBB...bLb"),
    ("c156", [2, 2, 3, 5, 6, 8, 10, 11, 12, 13, 12, 11, 10, 11, 10, 9, 8], None,
     8.4117647058823533, 5.4192647058823535, 11.404264705882353, "LLLLIIIIUUUaAaAA."),
]


@pytest.mark.parametrize(("name", "values", "baseline", "mean", "lower", "upper", "codes"), GOLDEN,
                         ids=[g[0] for g in GOLDEN])
def test_golden_series_match_the_reference(name, values, baseline, mean, lower, upper, codes):
    lim = xmr_limits([float(v) for v in values], baseline)
    assert close(lim.mean, mean) and close(lim.lower, lower) and close(lim.upper, upper)
    assert special_causes([float(v) for v in values], lim) == decode(codes)


@pytest.mark.parametrize("direction", ["higher", "lower", None])
def test_golden_kinds_follow_ptd_point_type(direction):
    # ptd_point_type: Above/Increasing → +1, Below/Decreasing → −1, times the improvement direction.
    values = [float(v) for v in GOLDEN[6][1]]
    kinds = [point_kind(side, direction) for _, side in special_causes(values, xmr_limits(values))]
    expected = {"higher": {"high": "improvement", "low": "concern"},
                "lower": {"high": "concern", "low": "improvement"},
                None: {"high": "neutral_high", "low": "neutral_low"}}[direction]
    assert kinds == [expected[side] if side else "common" for _, side in decode(GOLDEN[6][6])]


# --- test-ptd_spc_standard.R ------------------------------------------------------------------------

def test_spc_standard_snapshot_values():
    # _snaps/ptd_spc_standard.md: mean_col 0.1416238, lpl -3.01138, upl 3.294627; relative_to_mean starts
    # -1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1; nothing outside or close to the limits.
    lim = xmr_limits(RNORM)
    assert (round(lim.mean, 7), round(lim.lower, 5), round(lim.upper, 6)) == (0.1416238, -3.01138, 3.294627)
    assert [1 if y > lim.mean else -1 for y in RNORM[:15]] == [-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1]
    # data$y[15] <- 10: the screened limits (r2) are 0.6694159, -2.383666, 3.722497
    lim2 = xmr_limits(RNORM_15)
    assert (round(lim2.mean, 7), round(lim2.lower, 6), round(lim2.upper, 6)) == (0.6694159, -2.383666, 3.722497)
    # screening narrows the limits: the unscreened ones (r3) are -4.596625 and 5.935457
    assert lim2.upper - lim2.lower < 5.935457 - -4.596625


def test_spc_standard_fix_after_n_points_changes_the_limits():
    assert xmr_limits(RNORM, 12) != xmr_limits(RNORM)


def test_spc_standard_rebase_groups():
    # "it sets the rebase_group field": a rebase at row 11 of 20 gives groups of 10 and 10
    s = spc(series(RNORM + RNORM), "higher", rebase=[START.shift(20)])
    assert [p.mean for p in s.points[:20]] == [s.points[0].mean] * 20
    assert [p.mean for p in s.points[20:]] == [s.points[20].mean] * 20
    # the same values again: the second segment's limits equal the first's
    assert close(s.points[20].upper, s.points[0].upper) and close(s.mean or 0, 0.1416238024745986)


def test_spc_standard_two_of_three_needs_the_same_side():
    # "it only reports special cause for 2of3 points close to limits when they are on the same side"
    values = [1.0, -1.0] * 8
    values[14], values[15] = 5.5, -5.5
    s = spc(series(values), "higher")
    assert [p.kind for p in s.points[-2:]] == ["common", "common"]


# --- test-ptd_spc.R (summary snapshots in _snaps/ptd_spc.md) ----------------------------------------

def test_ptd_spc_summary_snapshot():
    # mean_col 0.142, lpl -3.01, upl 3.29, n 20, common_cause 20; per facet of 10: 0.0746/-2.60/2.75
    # and 0.209/-3.28/3.70, all common cause.
    s = spc(series(RNORM), "higher", target=0.5)
    assert (sig3(s.mean), sig3(s.lower), sig3(s.upper)) == (0.142, -3.01, 3.29)
    assert len(s.points) == 20 and all(p.kind == "common" for p in s.points)
    assert s.assurance == "hit_and_miss"
    for half, expected in ((RNORM[:10], (0.0746, -2.60, 2.75)), (RNORM[10:], (0.209, -3.28, 3.70))):
        lim = xmr_limits(half)
        assert (sig3(lim.mean), sig3(lim.lower), sig3(lim.upper)) == expected
        assert special_causes(half, lim) == [("", "")] * 10


# --- test-ptd_calculate_point_type.R -----------------------------------------------------------------

@pytest.mark.parametrize(("relative", "expected"), [
    ([], []),
    ([1] * 6, [False] * 6),
    ([1] * 6 + [-1], [False] * 7),
    ([1] * 8 + [-1], [True] * 8 + [False]),  # seven_point_one_side_mean 0,0,0,0,0,0,1,1,0 → part of: 8 points
    ([-1] * 8 + [1], [True] * 8 + [False]),
])
def test_seven_point_one_side_mean(relative, expected):
    assert shift_runs(relative) == expected


@pytest.mark.parametrize(("values", "expected"), [
    ([], []),
    (list(range(1, 7)), [0] * 6),
    ([1, 2, 3, 3, 4, 5, 6], [0] * 7),  # c(1:3, 3:6): a repeated value breaks the trend
    (list(range(1, 8)), [1] * 7),
    ([2, *range(1, 8), 3], [0] + [1] * 7 + [0]),
    (list(range(7, 0, -1)), [-1] * 7),
    ([2, *range(7, 0, -1), 3], [0] + [-1] * 7 + [0]),
])
def test_seven_point_trend(values, expected):
    # ptd_seven_point_trend marks the 7th point; ptd_part_of_seven_trend spreads it to all seven.
    assert trend_directions([float(v) for v in values]) == expected


@pytest.mark.parametrize(("close_", "relative", "expected"), [
    ([], [], []),
    ([1, 0, 1], [1, 1, 1], [1, 0, 1]),
    ([0, 1, 1], [1, 1, 1], [0, 1, 1]),
    ([1, 1, 0], [1, 1, 1], [1, 1, 0]),
    ([0, 0, 1, 0, 1, 0, 0], [1] * 7, [0, 0, 1, 0, 1, 0, 0]),
    ([0, 0, 1, 1, 0, 0, 0], [1] * 7, [0, 0, 1, 1, 0, 0, 0]),
    ([1, 0, 0, 1], [1] * 4, [0, 0, 0, 0]),
    ([1, 0, 0, 1, 1], [1] * 5, [0, 0, 0, 1, 1]),
    # "ptd_two_in_three works as expected when points are on opposite sides of the mean"
    ([1, 0, 1], [1, -1, 1], [0, 0, 0]),
    ([0, 1, 1], [1, -1, 1], [0, 0, 0]),
    ([1, 1, 0], [1, -1, 1], [0, 0, 0]),
    ([0, 0, 1, 0, 1, 0, 0], [1, -1, 1, -1, 1, -1, 1], [0] * 7),
    ([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1], [0] * 7),
])
def test_part_of_two_in_three(close_, relative, expected):
    assert two_in_three([bool(c) for c in close_], relative) == [bool(e) for e in expected]


def test_special_cause_type_priority():
    # "ptd_special_cause_type works as expected": the mocked rule vectors, y = 1:8 (so trends increase)
    got = classify(relative=[1, 1, 1, 1, -1, -1, -1, -1],
                   outside=[False, False, False, False, False, True, True, False],
                   trend=[1, 1, 0, 0, 0, 0, 0, 0],
                   two_of_three=[False, False, False, False, True, False, False, False],
                   shift=[False, False, True, True, False, False, False, False])
    # 7 Point Trend (Increasing) ×2, 7 Points Above CL ×2, 2 in 3 Below CL, Below LCL ×2, Common Cause
    assert got == decode("IIAAbLL.")


# --- test-ptd_calculate_assurance_type.R -------------------------------------------------------------

@pytest.mark.parametrize(("direction", "expected"), [
    ("higher", ["fail", "pass", "hit_and_miss"]),
    ("lower", ["pass", "fail", "hit_and_miss"]),
    (None, ["none", "none", "none"]),
])
def test_assurance_type(direction, expected):
    limits = [Limits(2, 1, 3, 0, 0), Limits(6, 5, 7, 0, 0), Limits(4, 1, 5, 0, 0)]  # lpl/mean/upl, target 4
    assert [assurance(lim, direction, 4.0) for lim in limits] == expected
    assert [assurance(lim, direction, None) for lim in limits] == ["none"] * 3  # no target


def test_assurance_uses_the_latest_segment():
    # "it returns correct values for assurance when rebase": the last row's limits decide
    low = [10.0, 11.0] * 7
    high = [20.0, 21.0] * 7
    s = spc(series(low + high), "higher", target=15.0, rebase=[START.shift(14)])
    assert s.assurance == "pass" and s.lower is not None and s.lower > 15
    s = spc(series(high + low), "higher", target=15.0, rebase=[START.shift(14)])
    assert s.assurance == "fail"


# --- navkort's own choices -----------------------------------------------------------------------------

def test_too_few_points():
    s = spc(series(RNORM[: MIN_POINTS - 1]), "higher", target=0.5)
    assert s == Spc(target=0.5) and not s.enough and s.points == () and s.assurance == "none"
    assert spc([], None) == Spc()
    assert spc(series(RNORM[:MIN_POINTS]), "higher").enough


def test_missing_months_are_skipped_not_zero():
    values: list[float | None] = list(RNORM)
    values[3] = values[10] = None
    values[12] = math.nan
    s = spc(series(values), "higher")
    kept = [(m, v) for m, v in series(values) if v is not None and not math.isnan(v)]
    assert [(p.month, p.value) for p in s.points] == kept
    assert close(s.mean or 0, math.fsum(v for _, v in kept) / len(kept))
    # 13 values spread over 20 months are enough; 12 are not
    assert spc(series([*RNORM[:13], *[None] * 7]), "higher").enough
    assert not spc(series([*RNORM[:12], *[None] * 8]), "higher").enough


def test_months_must_increase():
    with pytest.raises(ValueError):
        spc(list(reversed(series(RNORM))), "higher")
    with pytest.raises(ValueError):
        spc([(START, 1.0), (START, 2.0)], "higher")


def test_baseline_fixes_the_limits_on_the_first_months():
    values = RNORM + [v + 5 for v in RNORM]
    s = spc(series(values), "higher", baseline_months=20)
    lim = xmr_limits(RNORM)
    assert all(p.mean == lim.mean and p.upper == lim.upper for p in s.points)
    assert [p.kind for p in s.points[20:]] == ["improvement"] * 20  # the later months sit far above
    assert s.variation == "improvement" and s.mean == lim.mean
    # a baseline at least as long as the series changes nothing
    assert spc(series(RNORM), "higher", baseline_months=40) == spc(series(RNORM), "higher")
    with pytest.raises(ValueError):
        spc(series(RNORM), "higher", baseline_months=MIN_POINTS - 1)


def test_rebase_recalculates_from_each_month():
    values = RNORM + [v + 5 for v in RNORM]
    s = spc(series(values), "higher", rebase=[START.shift(20)])
    first, second = xmr_limits(values[:20]), xmr_limits(values[20:])
    assert [p.mean for p in s.points] == [first.mean] * 20 + [second.mean] * 20
    assert (s.mean, s.lower, s.upper) == (second.mean, second.lower, second.upper)
    assert all(p.kind == "common" for p in s.points)
    # rules run per segment: without the rebase the jump is special cause
    assert spc(series(values), "higher").variation == "improvement"
    # a rebase month without a value starts the segment at the next month that has one
    gap = [*values[:20], None, *values[21:]]
    assert spc(series(gap), "higher", rebase=[START.shift(20)]).points[20].mean == xmr_limits(values[21:]).mean
    # a rebase at or before the first month, or after the last, changes nothing
    plain = spc(series(values), "higher")
    assert spc(series(values), "higher", rebase=[START, START.shift(-5), START.shift(99)]) == plain
    # too few months since the last rebase
    assert not spc(series(values), "higher", rebase=[START.shift(30)]).enough


def test_neutral_direction():
    s = spc(series(RNORM_15), None, target=0.0)
    assert s.points[14].kind == "neutral_high" and s.assurance == "none"
    assert (s.points[14].rule, s.points[14].side) == ("outside", "high")


# --- deviations from the reference (docs/spc.md) -------------------------------------------------------

def test_flat_series_has_limits_on_the_mean_and_no_special_cause():
    # R: every moving range is 0, screening drops them all, the limits become NaN
    s = spc(series([4.2] * 15), "higher", target=5.0)
    assert s.mean == s.lower == s.upper == 4.2
    assert all(p.rule == "" for p in s.points) and s.variation == "common"
    assert s.assurance == "fail"  # the target lies above the (zero-width) limits


def test_flat_series_with_one_blip_flags_only_the_blip():
    # R: the blip's two moving ranges are screened out, the mean moving range becomes 0 and every point
    # falls outside the collapsed limits. We fall back to the unscreened mean moving range.
    values = [5.0] * 13
    values[6] = 6.0
    s = spc(series(values), "higher")
    assert [p.rule for p in s.points] == [""] * 6 + ["outside"] + [""] * 6
    assert s.lower is not None and s.lower < 5.0


def test_trends_meeting_at_a_repeated_value():
    # 1..7 rising, 7 repeated, then falling: R labels the first 7 «7 Point Trend (Decreasing)»
    values = [float(v) for v in [*range(1, 8), *range(7, 0, -1)]]
    assert trend_directions(values) == [1] * 7 + [-1] * 7
    # a peak shared by both trends goes with the later one, as in R
    peak = [float(v) for v in [*range(1, 8), *range(6, 0, -1)]]
    assert trend_directions(peak) == [1] * 6 + [-1] * 7


def test_trend_after_a_jump_back():
    # falling 7..1, a jump up to 9, falling again: R labels the 1 «Increasing»; it belongs to the fall
    values = [float(v) for v in [*range(7, 0, -1), *range(9, 2, -1)]]
    assert trend_directions(values) == [-1] * 14


# --- properties --------------------------------------------------------------------------------------------

ints = st.lists(st.integers(-50, 50), min_size=MIN_POINTS, max_size=40)


def robust(values: list[float], lim: Limits) -> bool:
    """No value within a hair of a limit or near-limit, where rounding could tip a comparison."""
    edges = (lim.lower, lim.upper, lim.near_lower, lim.near_upper)
    return all(abs(y - e) > 1e-6 * (1 + abs(e)) for y in values for e in edges)


def rules(s: Spc) -> list[tuple[str, str, str]]:
    return [(p.rule, p.side, p.kind) for p in s.points]


@given(ints, st.sampled_from(["higher", "lower", None]))
def test_limits_are_symmetric_around_the_mean(values, direction):
    s = spc(series([float(v) for v in values]), direction)
    assert s.mean is not None and s.lower is not None and s.upper is not None
    assert s.lower <= s.mean <= s.upper
    assert close(s.upper - s.mean, s.mean - s.lower, 1e-9)
    for p in s.points:
        assert close(p.upper - p.mean, p.mean - p.lower, 1e-9)


@settings(max_examples=200)
@given(ints, st.integers(-1000, 1000), st.sampled_from(["higher", "lower", None]))
def test_adding_a_constant_shifts_mean_and_limits(values, c, direction):
    xs = [float(v) for v in values]
    assume(robust(xs, xmr_limits(xs)))
    a, b = spc(series(xs), direction), spc(series([x + c for x in xs]), direction)
    assert a.mean is not None and b.mean is not None and a.lower is not None and b.lower is not None
    assert close(b.mean, a.mean + c) and close(b.lower, a.lower + c)
    assert rules(a) == rules(b) and a.variation == b.variation


@settings(max_examples=200)
@given(ints, st.one_of(st.integers(1, 1000).map(float), st.floats(0.01, 100)),
       st.sampled_from(["higher", "lower", None]))
def test_scaling_scales_mean_and_limits(values, k, direction):
    xs = [float(v) for v in values]
    lim = xmr_limits(xs)
    assume(robust(xs, lim) and all(x != lim.mean for x in xs))
    a, b = spc(series(xs), direction), spc(series([x * k for x in xs]), direction)
    assert a.mean is not None and b.mean is not None and a.upper is not None and b.upper is not None
    assert close(b.mean, a.mean * k, 1e-9) and close(b.upper, a.upper * k, 1e-9)
    assert rules(a) == rules(b)


SWAP = {"improvement": "concern", "concern": "improvement", "pass": "fail", "fail": "pass"}


@given(ints, st.one_of(st.none(), st.integers(-60, 60).map(float)), st.lists(st.integers(1, 30), max_size=2))
def test_reversing_the_direction_swaps_improvement_and_concern(values, target, rebase_at):
    sr = series([float(v) for v in values])
    rebase = [START.shift(i) for i in rebase_at]
    up, down = spc(sr, "higher", target, rebase=rebase), spc(sr, "lower", target, rebase=rebase)
    neutral = spc(sr, None, target, rebase=rebase)
    assert [SWAP.get(p.kind, p.kind) for p in up.points] == [p.kind for p in down.points]
    assert SWAP.get(up.assurance, up.assurance) == down.assurance
    assert SWAP.get(up.variation, up.variation) == down.variation
    assert [(p.rule, p.side) for p in up.points] == [(p.rule, p.side) for p in neutral.points]
    assert neutral.assurance == "none"
    assert all(p.kind in ("common", "neutral_high", "neutral_low") for p in neutral.points)


def _trend_by_windows(values):
    """The rule as written: every window of RUN points whose steps all rise (or all fall)."""
    from navkort.rules.spc import RUN, _sign

    out = [0] * len(values)
    for end in range(RUN - 1, len(values)):
        steps = {_sign(values[i] - values[i - 1]) for i in range(end - RUN + 2, end + 1)}
        if steps in ({1}, {-1}):
            for i in range(end - RUN + 1, end + 1):
                out[i] = next(iter(steps))
    return out


def _shift_by_windows(relative):
    from navkort.rules.spc import RUN

    out = [False] * len(relative)
    for end in range(RUN - 1, len(relative)):
        window = relative[end - RUN + 1:end + 1]
        if window[0] != 0 and all(r == window[0] for r in window):
            out[end - RUN + 1:end + 1] = [True] * RUN
    return out


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from([-1, 1, 1, 1, 0, -1, -1]), max_size=40))
def test_runs_counted_in_one_pass_are_the_windows_of_the_rule(steps):
    """trend_directions and shift_runs count runs in one pass; they flag what checking every window does."""
    from itertools import accumulate

    from navkort.rules.spc import shift_runs, trend_directions

    values = [float(v) for v in accumulate(steps, initial=0)]  # long rises and falls, repeats between
    assert trend_directions(values) == _trend_by_windows(values)
    relative = [(v > 0) - (v < 0) for v in values]
    assert shift_runs(relative) == _shift_by_windows(relative)


def test_the_one_pass_runs_find_a_trend_and_a_shift():
    from navkort.rules.spc import shift_runs, trend_directions

    assert trend_directions([1, 2, 3, 4, 5, 6, 7, 7, 6]) == [1] * 7 + [0, 0]
    assert trend_directions([9, 8, 7, 6, 5, 4, 3, 4, 5, 6, 7, 8, 9, 10]) == [-1] * 6 + [1] * 8
    assert shift_runs([1] * 7 + [0] + [-1] * 6) == [True] * 7 + [False] * 7


def test_an_spc_result_comes_back_from_a_worker_process_unchanged():
    """Spc pickles its points as plain tuples (a county's scorecards cross from the workers to the
    parent); what is unpickled equals what was pickled, for every example office's indicators."""
    import pickle
    from pathlib import Path

    from navkort import load_catalogue, read_office, score

    examples = Path(__file__).resolve().parent.parent / "examples" / "eksempelfylke"
    cat = load_catalogue(examples / "fylke.yaml")
    seen = 0
    for path in sorted(examples.glob("nav-*.xlsx")):
        card = score(cat, read_office(path, cat), "2026-10")
        back = pickle.loads(pickle.dumps(card))
        assert back == card
        for a, b in zip(card.results, back.results):
            if a.spc is not None:
                seen += len(a.spc.points)
                assert b.spc == a.spc and type(b.spc.points[0].month).__name__ == "Month" if a.spc.points else True
    assert seen > 1000
    assert pickle.loads(pickle.dumps(Spc())) == Spc()  # too few months: no points
