"""Scoring: pure functions from catalogue, office and month to a Scorecard. No I/O, no clock, no words.

Rules (DESIGN §6): the metric by measure; rounded to the shown decimals before it is compared;
thresholds inclusive; a lagged indicator reports an earlier month; a figure expected but absent is
*late*, never red; year to date from sums, never from the mean of monthly percentages. Every
reason is a code with parameters (navkort.text.reasons has the words; docs/feil.md the list).
"""

from __future__ import annotations

import math
import re
from datetime import date

from ..errors import NavkortError, Problem
from ..model import (
    NO_REASON,
    PERSPECTIVES,
    Catalogue,
    Indicator,
    Month,
    Office,
    Period,
    Previous,
    Reason,
    Result,
    Scorecard,
    Spc,
    Status,
    TrendDirection,
    Ytd,
)
from .rounding import round_half_up

_WINDOW = {"monthly": 1, "quarterly": 3, "yearly": 12}


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


def _why(code: str, **params: object) -> Reason:
    return Reason(code, params)  # type: ignore[arg-type]


def metric(ind: Indicator, data: _Data, m: Month) -> tuple[float | None, Reason]:
    """The unrounded metric of `ind` in month `m`, or None with the reason."""
    g = data.get
    if ind.measure == "share":
        t, n = g(ind.id, "teller", m), g(ind.id, "nevner", m)
        if t is not None and n is not None:
            return (None, _why("zero-denominator", month=m)) if n == 0 else (100.0 * t / n, NO_REASON)
        a = g(ind.id, "andel", m)
        if a is not None:
            return a, NO_REASON
        if t is not None or n is not None:
            return None, _why("missing-denominator" if n is None else "missing-numerator", month=m)
        return None, _why("no-figures", month=m)
    if ind.measure == "value":
        v = g(ind.id, "verdi", m)
        return (v, NO_REASON) if v is not None else (None, _why("no-figures", month=m))
    if ind.measure in ("achievement", "deviation"):
        a, p = g(ind.id, "resultat", m), g(ind.id, "plan", m)
        if a is None and p is None:
            return None, _why("no-figures", month=m)
        if a is None or p is None:
            return None, _why("missing-plan" if p is None else "missing-result", month=m)
        if p == 0:
            return None, _why("zero-plan", month=m)
        return (100.0 * a / p if ind.measure == "achievement" else 100.0 * (a - p) / p), NO_REASON
    return _change(ind, data, m)


def _change(ind: Indicator, data: _Data, m: Month) -> tuple[float | None, Reason]:
    v = data.get(ind.id, "verdi", m)
    if v is None:
        return None, _why("no-figures", month=m)
    basis_m = m.shift(-1) if ind.basis == "previous_month" else Month(m.year - 1, m.month)
    b = data.get(ind.id, "verdi", basis_m)
    which = "previous-month" if ind.basis == "previous_month" else "last-year"
    if b is None:
        return None, _why(f"no-basis-{which}", month=basis_m)
    if b == 0:
        return None, _why(f"zero-basis-{which}", month=basis_m)
    return 100.0 * (v - b) / b, NO_REASON


def _has_input(ind: Indicator, data: _Data, m: Month) -> bool:
    return any(data.get(ind.id, f, m) is not None for f in ind.fields)


def _round(ind: Indicator, x: float | None) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return round_half_up(x, ind.decimals)


def _status(ind: Indicator, value: float | None, judged: Month | None,
            report: Month | None = None) -> tuple[Status, float | None, float | None, Reason]:
    """(status, green, yellow, reason) for a rounded value in the judged month. Whether it is due
    yet is a question about the report month (a carried yearly figure from January is due in July)."""
    if ind.kind == "info" or ind.target is None:
        return "info", None, None, _why("info")
    band = ind.target.for_month(judged.month) if judged else None
    green, yellow = (band.green, band.yellow) if band else (None, None)
    when = report or judged
    if when is not None and ind.due_month and when.month < ind.due_month:
        return "not_due", green, yellow, _why("not-due", month=Month(when.year, ind.due_month))
    if value is None or band is None:
        return "missing", green, yellow, NO_REASON
    return judge(value, ind.target.direction, band.green, band.yellow), green, yellow, NO_REASON


def _period(ind: Indicator, data: _Data, report: Month, ended: Month | None) -> tuple[Period, bool, Month]:
    expected = report.shift(-ind.lag_months)
    window = _WINDOW[ind.frequency]
    judged = expected
    if window > 1:
        judged = next((c for c in (expected.shift(-b) for b in range(window)) if _has_input(ind, data, c)),
                      expected)
    raw, reason = metric(ind, data, judged)
    value = _round(ind, raw)
    status, green, yellow, why = _status(ind, value, judged, report)
    late = False
    if raw is None and not _has_input(ind, data, judged):
        if ended is not None and report > ended and status != "not_due":
            # The report month is not over, so none of its figures is due yet (a lagged one is due
            # with the report of the month, too): not late, not missing — not ready (key information
            # keeps its status «info»).
            ready: Status = "info" if status == "info" else "not_ready"
            return Period(judged, None, ready, green, yellow, _why("not-ready", month=expected)), False, expected
        late = any(_has_input(ind, data, expected.shift(-k)) for k in range(1, 13))
        reason = _why("late", month=expected) if late else _why("never-entered")
    if status == "not_due":
        reason = why
    elif raw is not None:
        if window > 1 and judged != expected:
            reason = _why("latest-from", month=judged)
        elif ind.lag_months:
            reason = _why("lagged", month=judged, lag=ind.lag_months)
        elif status == "info":
            reason = why
    return Period(judged, value, status, green, yellow, reason), late, expected


def _ytd(ind: Indicator, data: _Data, judged: Month | None, report: Month | None = None) -> Ytd:
    if judged is None or judged.year != data.year:
        return Ytd(0, None, "missing" if ind.kind != "info" else "info", _why("ytd-no-months"))
    months = [Month(data.year, m) for m in range(1, judged.month + 1)]
    if ind.ytd_rule == "last":  # quarterly and yearly figures follow the same rules over the months they have
        value, used, reason = _ytd_last(ind, data, months)
    elif ind.measure == "share":
        value, used, reason = _ytd_share(ind, data, months)
    elif ind.measure in ("achievement", "deviation"):
        value, used, reason = _ytd_plan(ind, data, months)
    elif ind.measure == "value":
        vals = [v for v in (data.get(ind.id, "verdi", m) for m in months) if v is not None]
        value = (sum(vals) / len(vals) if ind.ytd_rule == "mean" else sum(vals)) if vals else None
        used, reason = len(vals), NO_REASON
    else:
        value, used, reason = _ytd_change(ind, data, months)
    value = _round(ind, value)
    status, _, _, why = _status(ind, value, judged, report)
    if value is None and not reason:
        reason = _why("ytd-no-figures")
    if status in ("not_due", "info"):
        reason = why
    return Ytd(used, value, status, reason)


_YtdPart = tuple[float | None, int, Reason]


def _ytd_last(ind: Indicator, data: _Data, months: list[Month]) -> _YtdPart:
    for m in reversed(months):
        raw, _ = metric(ind, data, m)
        if raw is not None:
            return raw, 1, _why("ytd-last", month=m)
    return None, 0, NO_REASON


def _ytd_share(ind: Indicator, data: _Data, months: list[Month]) -> _YtdPart:
    g = data.get
    pairs = [(g(ind.id, "teller", m), g(ind.id, "nevner", m)) for m in months]
    full = [(t, n) for t, n in pairs if t is not None and n is not None]
    only_pct = [m for m, (t, n) in zip(months, pairs)
                if (t is None or n is None) and g(ind.id, "andel", m) is not None]
    den = sum(n for _, n in full)
    if full and den:
        reason = _why("ytd-partial-share", used=len(full), total=len(full) + len(only_pct)) if only_pct else NO_REASON
        return 100.0 * sum(t for t, _ in full) / den, len(full), reason
    if only_pct:
        return None, 0, _why("ytd-share-needs-counts")
    return None, 0, _why("ytd-zero-denominator") if full else NO_REASON


def _ytd_plan(ind: Indicator, data: _Data, months: list[Month]) -> _YtdPart:
    pairs = [(data.get(ind.id, "resultat", m), data.get(ind.id, "plan", m)) for m in months]
    full = [(a, p) for a, p in pairs if a is not None and p is not None]
    plan = sum(p for _, p in full)
    if full and plan:
        act = sum(a for a, _ in full)
        value = 100.0 * act / plan if ind.measure == "achievement" else 100.0 * (act - plan) / plan
        return value, len(full), NO_REASON
    return None, 0, _why("ytd-zero-plan") if full else NO_REASON


def _ytd_change(ind: Indicator, data: _Data, months: list[Month]) -> _YtdPart:
    """Year-to-date total against the same months last year."""
    g = data.get
    pairs = [(g(ind.id, "verdi", m), g(ind.id, "verdi", Month(m.year - 1, m.month))) for m in months]
    full = [(v, b) for v, b in pairs if v is not None and b is not None]
    basis = sum(b for _, b in full)
    if full and basis:
        return 100.0 * (sum(v for v, _ in full) - basis) / basis, len(full), _why("ytd-vs-last-year")
    if full:
        return None, 0, _why("ytd-zero-basis")
    if any(v is not None for v, _ in pairs):
        return None, 0, _why("ytd-no-basis")
    return None, 0, NO_REASON


def _trend(ind: Indicator, data: _Data, end: Month,
           raw: dict[Month, float | None]) -> tuple[tuple[float | None, ...], tuple[str, ...], TrendDirection | None]:
    months = [end.shift(k) for k in range(-11, 1)]
    values = tuple(_round(ind, raw[m] if m in raw else metric(ind, data, m)[0]) for m in months)
    last3 = [v for v in values[-3:] if v is not None]
    direction: TrendDirection | None = None
    if len(last3) >= 2:
        diff = last3[-1] - last3[0]
        eps = 0.5 * 10.0 ** (-ind.decimals)
        direction = "up" if diff > eps else "down" if diff < -eps else "flat"
    return values, tuple(m.key for m in months), direction


def score_indicator(ind: Indicator, office: Office, report: Month, ended: Month | None = None) -> Result:
    """Score one indicator for the report month. `ended` is the last month that is over (from the date
    of the run); in a report month after it, absent figures are «not ready», not late. None: every
    month is over."""
    data = _Data(office)
    period, late, expected = _period(ind, data, report, ended)
    ytd = _ytd(ind, data, period.month, report)
    last = period.month or expected
    months = [Month(data.year - 1, 1).shift(k) for k in range(12 + last.month)] if last.year == data.year else []
    raw = {m: metric(ind, data, m)[0] for m in months}  # each month's metric once, for the trend and SPC
    trend, trend_months, direction = _trend(ind, data, period.month or report, raw)
    previous = None
    if report.month > 1:  # last month's colour from the same data, for what changed (the letter)
        previous = Previous(*_period(ind, data, report.shift(-1), ended))
    return Result(ind, period, ytd, trend, trend_months, direction, late, expected, _spc(ind, last, raw), previous)


def _spc(ind: Indicator, last: Month, raw: dict[Month, float | None]) -> Spc | None:
    """The XmR result over last year's and this year's monthly metrics up to the month judged.
    Two-sided (band) targets have no «better» side: no direction and no assurance."""
    from .spc import spc

    if ind.kind == "info" or ind.frequency != "monthly" or ind.ytd_rule == "last" or ind.due_month:
        return None  # a stock that fills up through the year (M.2) is not a process that varies by month
    series = list(raw.items())
    target = ind.target
    direction = target.direction if target is not None and target.direction != "band" else None
    band = target.for_month(last.month) if target is not None and direction is not None else None
    if target is not None and band is not None and any(
            (b := target.for_month(m.month)) is None or b.green != band.green for m in raw):
        band = None  # the target changes within the months charted (B.7: 60 % then 70 %): no assurance
    rebase = [Month(int(k[:4]), int(k[5:])) for k in ind.spc_rebase]
    try:
        return spc(series, direction, band.green if band else None, ind.spc_baseline, rebase)
    except OverflowError:  # figures near the float limit (1e300): no chart rather than a wrong one
        return None


def last_ended(today: date) -> Month:
    """The last month that is over on `today`."""
    return Month(today.year, today.month).shift(-1)


def default_month(office: Office, today: date) -> Month:
    """The last month due on `today`: the last month that is over, within the office's year."""
    ended = last_ended(today)
    if office.year < ended.year:
        return Month(office.year, 12)
    if office.year > ended.year:
        raise NavkortError(Problem(
            "bad-month", f"Ingen måned i {office.year} er over ennå, så det finnes ingen måned å rapportere.",
            file=office.file, hint=f"Oppgi måneden med --month, f.eks. --month {office.year}-01."))
    return ended


def parse_report_month(month: Month | int | str | None, office: Office, today: date | None = None) -> Month:
    """`2026-10`, `10`, a Month or None → Month in the office's year. None is the last month due on
    `today` when it is given, else the latest month with any figure.

    The messages here are the command line's (bokmål): an impossible month is a usage problem."""
    if isinstance(month, Month):
        y, m = month.year, month.month
    elif month is None and today is not None:
        return default_month(office, today)
    elif month is None:
        latest = office.latest_month()
        if latest is None:
            raise NavkortError(Problem("no-data", f"«{office.name}» har ingen tall for {office.year} ennå.",
                                       file=office.file))
        return Month(office.year, latest)
    elif isinstance(month, int):
        y, m = office.year, month
    else:
        mm = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", str(month))
        if mm:
            y, m = int(mm.group(1)), int(mm.group(2))
        elif str(month).strip().isdigit():
            y, m = office.year, int(str(month).strip())
        else:
            raise NavkortError(Problem("bad-month", f"Forstår ikke måneden «{month}».", file=office.file))
    if not 1 <= m <= 12:
        raise NavkortError(Problem("bad-month", f"Måned {m} finnes ikke.", file=office.file))
    if y != office.year:
        raise NavkortError(Problem("bad-month", f"Arbeidsboken gjelder {office.year}, ikke {y}.", file=office.file,
                                   hint=f"Bruk en måned i {office.year}, f.eks. {office.year}-{m:02d}, "
                                        f"eller arbeidsboken for {y}."))
    return Month(y, m)


def score(catalogue: Catalogue, office: Office, month: Month | int | str | None = None, *,
          today: date | None = None) -> Scorecard:
    """Score every indicator of the catalogue and the office's local goals for `month` (pure).

    `today` is the date of the run (an argument: the rules have no clock). With it, figures for a
    month that is not over are «not ready» instead of late, and the default month is the last one
    that is over. Without it, every month counts as over and the default is the latest with figures."""
    report = parse_report_month(month, office, today)
    ended = last_ended(today) if today is not None else None
    results: list[Result] = []
    ids: set[str] = set()
    for ind in list(catalogue.indicators) + list(office.local_indicators):
        if ind.id not in ids:
            ids.add(ind.id)
            results.append(score_indicator(ind, office, report, ended))
    order = {p: i for i, p in enumerate(PERSPECTIVES)}
    results.sort(key=lambda r: order[r.indicator.perspective])  # stable: catalogue order within
    return Scorecard(office=office.name, year=office.year, month=report, catalogue=catalogue.files,
                     results=tuple(results), file=office.file, sources=office.sources)
