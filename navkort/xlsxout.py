"""Workbooks navkort writes: the coloured målekort, the action plan and the county overview.

xlsxwriter with `in_memory`; every text from a workbook is written with write_string, so a comment
starting with `=`, `+`, `-` or `@` stays text and never becomes a formula.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from .catalogue import PERSPECTIVES
from .numbers import format_value
from .scoring import Result, Scorecard
from .summary import PROVENANCE_MARK, target_text
from .texts import STATUS_FILL, STATUS_INK, TREND_ARROW, status_word, t

FIXED = datetime(2026, 1, 1)


def new_book(title: str) -> tuple[Any, io.BytesIO]:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                                   "strings_to_urls": False})
    wb.set_properties({"title": title, "author": "navkort", "created": FIXED})
    return wb, buf


class StatusFormats:
    """One cell format per status (fill + ink), made once per workbook."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.cache: dict[tuple[str, bool], Any] = {}
        self.plain = wb.add_format({"border": 1, "valign": "top"})
        self.wrap = wb.add_format({"border": 1, "valign": "top", "text_wrap": True})
        self.head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True,
                                   "valign": "top"})
        self.section = wb.add_format({"bold": True, "bg_color": "#E2EFDA", "border": 1})
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.note = wb.add_format({"italic": True, "font_color": "#555555"})
        self.date = wb.add_format({"border": 1, "num_format": "dd.mm.yyyy", "valign": "top"})

    def status(self, status: str, bold: bool = False) -> Any:
        key = (status, bold)
        if key not in self.cache:
            self.cache[key] = self.wb.add_format({"bg_color": STATUS_FILL[status], "font_color": STATUS_INK[status],
                                                  "border": 1, "bold": bold, "valign": "top"})
        return self.cache[key]


def write_cell(ws: Any, r: int, c: int, value: Any, fmt: Any = None, date_fmt: Any = None) -> None:
    """Write a value as its type: numbers as numbers, dates as dates, everything else as a string."""
    if value is None:
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(r, c, "ja" if value else "nei", fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(r, c, value, fmt)
    elif isinstance(value, (date, datetime)):
        ws.write_datetime(r, c, datetime(value.year, value.month, value.day), date_fmt or fmt)
    else:
        ws.write_string(r, c, str(value), fmt)


def _period_status(r: Result) -> str:
    return "late" if r.late else r.period.status


def malekort_xlsx(card: Scorecard, lang: str = "nb") -> bytes:
    """The coloured målekort workbook of `navkort score --out`."""
    wb, buf = new_book(f"{t(lang, 'malekort')} {card.office} {card.month.key}")
    f = StatusFormats(wb)
    ws = wb.add_worksheet(t(lang, "malekort"))
    ws.write_string(0, 0, f"{t(lang, 'malekort')} – {card.office} – {card.month.label(lang)}", f.title)
    ws.write_string(1, 0, f"{t(lang, 'catalogue')}: {' + '.join(card.catalogue)}", f.note)
    cols = ["col.id", "col.name", "col.month", "col.value", "col.target", "col.yellow", "col.status", "col.ytd",
            "col.ytd_status", "col.ytd_months", "col.trend", "col.provenance", "col.reason"]
    widths = [7, 40, 14, 12, 14, 14, 13, 12, 13, 8, 7, 8, 44]
    hr = 3
    for c, (key, w) in enumerate(zip(cols, widths)):
        ws.write_string(hr, c, t(lang, key), f.head)
        ws.set_column(c, c, w)
    r = hr + 1
    groups = card.by_perspective()
    for p in PERSPECTIVES:
        if not groups[p]:
            continue
        ws.merge_range(r, 0, r, len(cols) - 1, t(lang, f"perspective.{p}"), f.section)
        r += 1
        for res in groups[p]:
            ind = res.indicator
            target, yellow = target_text(ind, res.period.month.month if res.period.month else None)
            ps = _period_status(res)
            row = [ind.id, ind.name, res.period.month.label(lang) if res.period.month else "",
                   format_value(res.period.value, ind.unit, ind.decimals) if res.period.value is not None else "",
                   target, yellow, status_word(res.period.status, res.late, lang),
                   format_value(res.ytd.value, ind.unit, ind.decimals) if res.ytd.value is not None else "",
                   status_word(res.ytd.status, False, lang), res.ytd.months, TREND_ARROW[res.trend_direction],
                   PROVENANCE_MARK[ind.provenance], "; ".join(x for x in (res.period.reason, res.ytd.reason) if x)]
            for c, v in enumerate(row):
                fmt = f.status(ps, bold=True) if c == 6 else f.status(res.ytd.status) if c == 8 else (
                    f.wrap if c in (1, 12) else f.plain)
                write_cell(ws, r, c, v, fmt)
            r += 1
    r += 1
    ws.write_string(r, 0, t(lang, "legend"), f.section)
    r += 1
    for status in ("green", "yellow", "red", "missing", "late", "not_due", "info"):
        ws.write_string(r, 0, "", f.status(status))
        ws.write_string(r, 1, status_word(status if status != "late" else "missing", status == "late", lang),
                        f.plain)
        r += 1
    ws.write_string(r, 1, "F = fylkesmål, L = lokalt mål. Terskler er inkluderende; verdien avrundes før den "
                          "vurderes.", f.note)
    ws.freeze_panes(hr + 1, 2)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(hr)
    wb.close()
    return buf.getvalue()
