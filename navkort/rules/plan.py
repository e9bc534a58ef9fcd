"""Which areas the action plan prioritises (at most three): pure, from a scorecard."""

from __future__ import annotations

from ..model import Result, Scorecard

RANK = {"red": 0, "yellow": 1, "green": 2}
# Why an area is prioritised, as a code (navkort.text has the words).
PriorityWhy = str  # "red-ytd" | "red-period" | "yellow"


def _distance(r: Result, value: float | None) -> float:
    """How far `value` is from green, in units of the yellow band's width (bigger is worse)."""
    t = r.indicator.target
    if value is None or t is None or r.period.green is None or r.period.yellow is None:
        return 0.0
    g, y = r.period.green, r.period.yellow
    span = abs(g - y) or 1.0
    if t.direction == "higher":
        return (g - value) / span
    if t.direction == "lower":
        return (value - g) / span
    return (abs(value) - g) / span


def priority_areas(card: Scorecard, limit: int = 3) -> list[tuple[Result, PriorityWhy]]:
    """At most `limit` weakest areas. SPC first (docs/spc.md): a red or yellow indicator whose latest
    month is a special cause of concern, then one that will consistently fail its target; then
    year-to-date red, period-only red, yellow. A one-off red month within common-cause variation
    thus yields to a real change. Ties: distance from green (in yellow-band widths), then catalogue order."""
    ranked: list[tuple[tuple[int, float, int], Result, PriorityWhy]] = []
    for i, r in enumerate(card.results):
        p, y = r.period.status, r.ytd.status
        spc = r.spc if r.period.value is not None else None  # a late month: SPC is about an earlier one
        weak = "red" in (p, y) or "yellow" in (p, y)
        if spc is not None and spc.enough and weak and spc.variation == "concern":
            ranked.append(((-2, -_distance(r, r.period.value), i), r, "spc-concern"))
        elif spc is not None and spc.enough and weak and spc.assurance == "fail" and spc.variation != "improvement":
            ranked.append(((-1, -_distance(r, r.period.value), i), r, "spc-fail"))
        elif y == "red":
            ranked.append(((0, -_distance(r, r.ytd.value), i), r, "red-ytd"))
        elif p == "red":
            ranked.append(((1, -_distance(r, r.period.value), i), r, "red-period"))
        elif "yellow" in (p, y):
            d = max(_distance(r, r.period.value) if p == "yellow" else -9,
                    _distance(r, r.ytd.value) if y == "yellow" else -9)
            ranked.append(((2, -d, i), r, "yellow"))
    ranked.sort(key=lambda x: x[0])
    return [(r, why) for _, r, why in ranked[:limit]]


def status_change(before: str, after: str) -> int:
    """+1 when a status got better (red → yellow → green), -1 worse, 0 same or not comparable."""
    if before not in RANK or after not in RANK:
        return 0
    return (RANK[after] > RANK[before]) - (RANK[after] < RANK[before])
