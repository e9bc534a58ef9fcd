"""Scoring: pure functions from catalogue, office and month to a Scorecard. No I/O, no clock.

Rules (DESIGN §6): the metric by measure; rounded to the shown decimals before it is compared;
thresholds inclusive; a lagged indicator reports an earlier month; a figure expected but absent is
*late*, never red; year to date from sums, never from the mean of monthly percentages.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from .catalogue import PERSPECTIVES, Catalogue, Indicator
from .errors import NavkortError, Problem
from .numbers import month_name, round_half_up
from .office import Office

Status = Literal["green", "yellow", "red", "missing", "not_due", "info"]
STATUSES: tuple[str, ...] = ("green", "yellow", "red", "missing", "not_due", "info")


@dataclass(frozen=True)
class Month:
    """A calendar month; `offset` counts months from January of the office's year (0 = January)."""

    year: int
    month: int

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def shift(self, months: int) -> "Month":
        idx = self.year * 12 + (self.month - 1) + months
        return Month(idx // 12, idx % 12 + 1)

    def label(self, lang: str = "nb") -> str:
        return f"{month_name(self.month, lang)} {self.year}"


@dataclass(frozen=True)
class Period:
    month: Month | None
    value: float | None
    status: Status
    green: float | None
    yellow: float | None
    reason: str = ""


@dataclass(frozen=True)
class Ytd:
    months: int
    value: float | None
    status: Status
    reason: str = ""


@dataclass(frozen=True)
class Result:
    """One indicator's status for the month: period, year to date, trend, lateness."""

    indicator: Indicator
    period: Period
    ytd: Ytd
    trend: tuple[float | None, ...]
    trend_months: tuple[str, ...]
    trend_direction: Literal["up", "down", "flat"] | None
    late: bool
    expected_month: Month | None = None  # the month whose figure should be in by now

    @property
    def id(self) -> str:
        return self.indicator.id


@dataclass
class Scorecard:
    """All indicators of one office for one month."""

    office: str
    year: int
    month: Month
    catalogue: tuple[str, ...]
    results: list[Result] = field(default_factory=list)
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
        counts = {s: 0 for s in STATUSES}
        for r in self.results:
            counts[r.period.status] += 1
        counts["late"] = sum(1 for r in self.results if r.late)
        return counts

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape of `navkort score --json`."""
        return {
            "office": self.office,
            "year": self.year,
            "month": self.month.key,
            "catalogue": list(self.catalogue),
            "indicators": [_result_dict(r) for r in self.results],
            "summary": self.summary,
        }


def _num(x: float | None) -> float | None:
    return None if x is None else float(x)


def _result_dict(r: Result) -> dict[str, Any]:
    ind = r.indicator
    return {
        "id": ind.id, "name": ind.name, "short_name": ind.label, "perspective": ind.perspective,
        "owner": ind.owner, "provenance": ind.provenance, "unit": ind.unit, "decimals": ind.decimals,
        "entered_by": ind.entered_by,
        "direction": ind.target.direction if ind.target else None,
        "period": {"month": r.period.month.key if r.period.month else None, "value": _num(r.period.value),
                   "status": r.period.status, "green": _num(r.period.green), "yellow": _num(r.period.yellow),
                   "reason": r.period.reason},
        "ytd": {"months": r.ytd.months, "value": _num(r.ytd.value), "status": r.ytd.status, "reason": r.ytd.reason},
        "trend": [_num(v) for v in r.trend],
        "trend_months": list(r.trend_months),
        "trend_direction": r.trend_direction,
        "late": r.late,
    }


# ---------------------------------------------------------------------------------------------
# Rules


def judge(value: float, direction: str, green: float, yellow: float) -> Status:
    """Status of a (rounded) metric against inclusive thresholds."""
    if direction == "higher":
        return "green" if value >= green else "yellow" if value >= yellow else "red"
    if direction == "lower":
        return "green" if value <= green else "yellow" if value <= yellow else "red"
    a = abs(value)
    return "green" if a <= green else "yellow" if a <= yellow else "red"


class _Data:
    """Monthly figures across this year and last, addressed by Month."""

    def __init__(self, office: Office) -> None:
        self.office = office
        self.year = office.year

    def get(self, ind_id: str, fld: str, m: Month) -> float | None:
        if m.year == self.year:
            vals = self.office.series.get(ind_id, {}).get(fld)
        elif m.year == self.year - 1:
            vals = self.office.last_year.get(ind_id, {}).get(fld)
        else:
            return None
        return vals[m.month - 1] if vals else None


def _mname(m: Month, year: int) -> str:
    return month_name(m.month) if m.year == year else m.label()


def metric(ind: Indicator, data: _Data, m: Month) -> tuple[float | None, str]:
    """The unrounded metric of `ind` in month `m`, or None with the reason."""
    g = data.get
    name = _mname(m, data.year)
    if ind.measure == "share":
        t, n = g(ind.id, "teller", m), g(ind.id, "nevner", m)
        if t is not None and n is not None:
            if n == 0:
                return None, f"nevner er 0 i {name}"
            return 100.0 * t / n, ""
        a = g(ind.id, "andel", m)
        if a is not None:
            return a, ""
        if t is not None or n is not None:
            return None, f"mangler {'nevner' if n is None else 'teller'} for {name}"
        return None, f"ingen tall for {name}"
    if ind.measure == "value":
        v = g(ind.id, "verdi", m)
        return (v, "") if v is not None else (None, f"ingen tall for {name}")
    if ind.measure in ("achievement", "deviation"):
        a, p = g(ind.id, "resultat", m), g(ind.id, "plan", m)
        if a is None and p is None:
            return None, f"ingen tall for {name}"
        if a is None or p is None:
            return None, f"mangler {'plan' if p is None else 'resultat'} for {name}"
        if p == 0:
            return None, f"plan er 0 i {name}"
        return (100.0 * a / p if ind.measure == "achievement" else 100.0 * (a - p) / p), ""
    # change
    v = g(ind.id, "verdi", m)
    if v is None:
        return None, f"ingen tall for {name}"
    basis_m = m.shift(-1) if ind.basis == "previous_month" else Month(m.year - 1, m.month)
    b = g(ind.id, "verdi", basis_m)
    what = "forrige måned" if ind.basis == "previous_month" else "samme måned i fjor"
    if b is None:
        return None, f"ingen tall for {what} ({_mname(basis_m, data.year)})"
    if b == 0:
        return None, f"{what} ({_mname(basis_m, data.year)}) er 0"
    return 100.0 * (v - b) / b, ""


def _has_input(ind: Indicator, data: _Data, m: Month) -> bool:
    return any(data.get(ind.id, f, m) is not None for f in ind.fields)


def _round(ind: Indicator, x: float | None) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return round_half_up(x, ind.decimals)


def _status(ind: Indicator, value: float | None, judged: Month | None) -> tuple[Status, float | None, float | None, str]:
    """(status, green, yellow, reason) for a rounded value in the judged month."""
    if ind.kind == "info" or ind.target is None:
        return "info", None, None, "nøkkelinformasjon uten målkrav"
    band = ind.target.for_month(judged.month) if judged else None
    green, yellow = (band.green, band.yellow) if band else (None, None)
    if judged is not None and ind.due_month and judged.month < ind.due_month:
        return "not_due", green, yellow, f"vurderes fra {month_name(ind.due_month)}"
    if value is None or band is None:
        return "missing", green, yellow, ""
    return judge(value, ind.target.direction, band.green, band.yellow), green, yellow, ""


def _period(ind: Indicator, data: _Data, report: Month) -> tuple[Period, bool, Month]:
    expected = report.shift(-ind.lag_months)
    window = {"monthly": 1, "quarterly": 3, "yearly": 12}[ind.frequency]
    judged = expected
    if window > 1:
        for back in range(window):
            cand = expected.shift(-back)
            if _has_input(ind, data, cand):
                judged = cand
                break
    raw, reason = metric(ind, data, judged)
    value = _round(ind, raw)
    status, green, yellow, why = _status(ind, value, judged)
    late = False
    if raw is None and not _has_input(ind, data, judged):
        earlier = any(_has_input(ind, data, expected.shift(-k)) for k in range(1, 13))
        if earlier:
            late = True
            reason = f"ingen tall for {_mname(expected, data.year)} ennå (forsinket)"
        else:
            reason = "ingen tall registrert"
    if status == "not_due":
        reason = why
    elif raw is not None:
        if window > 1 and judged != expected:
            reason = f"siste tall er fra {judged.label()}"
        elif ind.lag_months:
            reason = f"tall for {_mname(judged, data.year)} ({ind.lag_months} md. forsinkelse)"
        elif status == "info":
            reason = why
    return Period(judged, value, status, green, yellow, reason), late, expected


def _ytd(ind: Indicator, data: _Data, judged: Month | None) -> Ytd:
    if judged is None or judged.year != data.year:
        return Ytd(0, None, "missing" if ind.kind != "info" else "info", "ingen måneder ennå i år")
    months = [Month(data.year, m) for m in range(1, judged.month + 1)]
    g = data.get
    rule = ind.ytd_rule
    value: float | None = None
    used = 0
    reason = ""
    if ind.frequency != "monthly" or rule == "last":
        for m in reversed(months):
            raw, _ = metric(ind, data, m)
            if raw is not None:
                value, used = raw, 1
                reason = f"siste tall ({month_name(m.month)})"
                break
    elif ind.measure == "share":
        pairs = [(g(ind.id, "teller", m), g(ind.id, "nevner", m)) for m in months]
        full = [(t, n) for t, n in pairs if t is not None and n is not None]
        only_pct = [m for m, (t, n) in zip(months, pairs) if (t is None or n is None)
                    and g(ind.id, "andel", m) is not None]
        den = sum(n for _, n in full)
        if full and den:
            value, used = 100.0 * sum(t for t, _ in full) / den, len(full)
            if only_pct:
                reason = f"bare måneder med teller og nevner er med ({len(full)} av {len(full) + len(only_pct)})"
        elif only_pct:
            reason = "hittil i år krever teller og nevner; bare andel er ført"
        elif full:
            reason = "nevner er 0 hittil i år"
    elif ind.measure in ("achievement", "deviation"):
        pairs = [(g(ind.id, "resultat", m), g(ind.id, "plan", m)) for m in months]
        full = [(a, p) for a, p in pairs if a is not None and p is not None]
        plan = sum(p for _, p in full)
        if full and plan:
            act = sum(a for a, _ in full)
            value = 100.0 * act / plan if ind.measure == "achievement" else 100.0 * (act - plan) / plan
            used = len(full)
        elif full:
            reason = "plan er 0 hittil i år"
    elif ind.measure == "value":
        vals = [v for v in (g(ind.id, "verdi", m) for m in months) if v is not None]
        if vals:
            used = len(vals)
            value = sum(vals) / len(vals) if rule == "mean" else sum(vals)
    else:  # change: year-to-date total against the same months last year
        pairs = [(g(ind.id, "verdi", m), g(ind.id, "verdi", Month(m.year - 1, m.month))) for m in months]
        full = [(v, b) for v, b in pairs if v is not None and b is not None]
        basis = sum(b for _, b in full)
        if full and basis:
            value, used = 100.0 * (sum(v for v, _ in full) - basis) / basis, len(full)
            reason = "mot samme måneder i fjor"
        elif full:
            reason = "fjorårets tall er 0"
        elif any(v is not None for v, _ in pairs):
            reason = "ingen fjorårstall å sammenligne med"
    value = _round(ind, value)
    status, _, _, why = _status(ind, value, judged)
    if value is None and not reason:
        reason = "ingen tall hittil i år"
    if status in ("not_due", "info"):
        reason = why
    return Ytd(used, value, status, reason)


def _trend(ind: Indicator, data: _Data, end: Month) -> tuple[tuple[float | None, ...], tuple[str, ...], Any]:
    months = [end.shift(k) for k in range(-11, 1)]
    values = tuple(_round(ind, metric(ind, data, m)[0]) for m in months)
    last3 = [v for v in values[-3:] if v is not None]
    direction = None
    if len(last3) >= 2:
        diff = last3[-1] - last3[0]
        eps = 0.5 * 10.0 ** (-ind.decimals)
        direction = "up" if diff > eps else "down" if diff < -eps else "flat"
    return values, tuple(m.key for m in months), direction


def score_indicator(ind: Indicator, office: Office, report: Month) -> Result:
    """Score one indicator for the report month."""
    data = _Data(office)
    period, late, expected = _period(ind, data, report)
    ytd = _ytd(ind, data, period.month)
    trend, trend_months, direction = _trend(ind, data, period.month or report)
    return Result(ind, period, ytd, trend, trend_months, direction, late, expected)


def parse_report_month(month: int | str | None, office: Office) -> Month:
    """`2026-10`, `10` or None (the latest month with any figure) → Month in the office's year."""
    if month is None:
        latest = office.latest_month()
        if latest is None:
            raise NavkortError(Problem("no-data", f"«{office.name}» har ingen tall for {office.year} ennå.",
                                       file=office.file), exit_code=1)
        return Month(office.year, latest)
    if isinstance(month, int):
        y, m = office.year, month
    else:
        mm = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", str(month))
        if mm:
            y, m = int(mm.group(1)), int(mm.group(2))
        elif str(month).strip().isdigit():
            y, m = office.year, int(str(month).strip())
        else:
            raise NavkortError(Problem("bad-month", f"Forstår ikke måneden «{month}».", file=office.file), exit_code=2)
    if not 1 <= m <= 12:
        raise NavkortError(Problem("bad-month", f"Måned {m} finnes ikke.", file=office.file), exit_code=2)
    if y != office.year:
        raise NavkortError(Problem("bad-month", f"Arbeidsboken gjelder {office.year}, ikke {y}.", file=office.file,
                                   hint=f"Bruk en måned i {office.year}, f.eks. {office.year}-{m:02d}, "
                                        f"eller arbeidsboken for {y}."), exit_code=2)
    return Month(y, m)


def score(catalogue: Catalogue, office: Office, month: int | str | None = None) -> Scorecard:
    """Score every indicator of the catalogue and the office's local goals for `month` (pure)."""
    report = parse_report_month(month, office)
    card = Scorecard(office=office.name, year=office.year, month=report, catalogue=catalogue.files, file=office.file)
    ids = set()
    for ind in list(catalogue.indicators) + list(office.local_indicators):
        if ind.id in ids:
            continue
        ids.add(ind.id)
        card.results.append(score_indicator(ind, office, report))
    order = {p: i for i, p in enumerate(PERSPECTIVES)}
    card.results.sort(key=lambda r: order[r.indicator.perspective])  # stable: catalogue order within
    return card
