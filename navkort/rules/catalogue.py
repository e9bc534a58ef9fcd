"""Checks on indicator models that pydantic's types cannot express. Pure: findings are codes with
parameters and a key path inside the indicator; navkort.text.catalogue.finding_message says them in words."""

from __future__ import annotations

from typing import Any, NamedTuple

from ..model import Indicator, Target

# The year-to-date rules scoring honours for each measure (rules/scoring.py:_ytd); any other is refused,
# never accepted and ignored.
YTD_RULES: dict[str, tuple[str, ...]] = {
    "share": ("ratio", "last"), "value": ("mean", "sum", "last"), "achievement": ("ratio", "last"),
    "deviation": ("ratio", "last"), "change": ("sum", "last"),
}


class Finding(NamedTuple):
    """One problem with one indicator: the problem code, the message key and its parameters, and
    where inside the indicator (a key path such as ("target", "schedule", 0, "green"))."""

    code: str
    key: str
    params: dict[str, Any]
    path: tuple[Any, ...]


def check_indicator(ind: Indicator) -> list[Finding]:
    """Semantic checks: kind and target, measure and unit, then the thresholds."""
    out = _check_kind_and_measure(ind)
    if ind.target is not None:
        out += _check_target(ind, ind.target)
    return out


def _check_kind_and_measure(ind: Indicator) -> list[Finding]:
    out: list[Finding] = []
    if ind.kind == "info":
        if ind.target is not None:
            out.append(Finding("info-with-target", "info-with-target", {}, ("target",)))
    elif ind.target is None:
        out.append(Finding("missing-target", "missing-target", {}, ()))
    if ind.due_month is not None and not 1 <= ind.due_month <= 12:
        out.append(Finding("month-range", "due-month-range", {"month": ind.due_month}, ("due_month",)))
    if ind.measure == "change" and ind.basis is None:
        out.append(Finding("measure-fields", "change-needs-basis", {}, ()))
    if ind.measure != "change" and ind.basis is not None:
        out.append(Finding("measure-fields", "basis-only-change", {}, ("basis",)))
    if ind.measure in ("share", "achievement", "deviation", "change") and ind.unit != "percent":
        out.append(Finding("measure-fields", "measure-gives-percent", {"measure": ind.measure}, ("unit",)))
    allowed = YTD_RULES[ind.measure]
    if ind.ytd is not None and ind.ytd not in allowed:
        out.append(Finding("measure-fields", "ytd-rule-measure",
                           {"measure": ind.measure, "rule": ind.ytd, "allowed": list(allowed)}, ("ytd",)))
    return out


def _check_target(ind: Indicator, t: Target) -> list[Finding]:
    out: list[Finding] = []
    if t.schedule is not None and (t.green is not None or t.yellow is not None):
        out.append(Finding("measure-fields", "schedule-or-thresholds", {}, ("target",)))
    if t.schedule is None and (t.green is None or t.yellow is None):
        missing = "green" if t.green is None else "yellow"
        return out + [Finding("missing-key", "target-missing-key", {"key": missing}, ("target",))]
    percent_bound = ind.unit == "percent" and ind.measure in ("share", "value")
    for bi, band in enumerate(t.bands()):
        path: tuple[Any, ...] = ("target", "schedule", bi) if t.schedule else ("target",)
        g, y = band.green, band.yellow
        if t.direction == "higher" and not y <= g:
            out.append(Finding("threshold-order", "order-higher", {"green": g, "yellow": y}, path + ("yellow",)))
        elif t.direction == "lower" and not g <= y:
            out.append(Finding("threshold-order", "order-lower", {"green": g, "yellow": y}, path + ("green",)))
        elif t.direction == "band" and not 0 <= g <= y:
            out.append(Finding("threshold-order", "order-band", {"green": g, "yellow": y}, path + ("green",)))
        if percent_bound:
            for key, val in (("green", g), ("yellow", y)):
                if not 0 <= val <= 100:
                    out.append(Finding("percent-range", "percent-range", {"key": key, "value": val}, path + (key,)))
        for m in band.months:
            if not 1 <= m <= 12:
                out.append(Finding("month-range", "schedule-month-range", {"month": m}, path + ("months",)))
    if t.schedule:
        out += _check_schedule(t)
    return out


def _check_schedule(t: Target) -> list[Finding]:
    counts: dict[int, int] = {}
    for band in t.bands():
        for m in band.months:
            counts[m] = counts.get(m, 0) + 1
    missing = [m for m in range(1, 13) if m not in counts]
    repeated = sorted(m for m, c in counts.items() if c > 1 and 1 <= m <= 12)
    out: list[Finding] = []
    if missing:
        out.append(Finding("schedule-gap", "schedule-gap", {"months": missing}, ("target", "schedule")))
    if repeated:
        out.append(Finding("schedule-overlap", "schedule-overlap", {"months": repeated}, ("target", "schedule")))
    return out
