"""Document workbooks: the coloured målekort and the action plan (bytes); the county overview is in
overview_xlsx.py.

xlsxwriter with `in_memory`; every text from a workbook is written with write_string, so a comment
starting with `=`, `+`, `-` or `@` stays text and never becomes a formula.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from ..model import PERSPECTIVES, Result, Scorecard
from ..text.catalogue import target_text
from ..text.i18n import N_, words
from ..text.numbers import format_number, format_value, month_label, unit_suffix
from ..text.reasons import reason_text
from ..text.words import (
    LEGEND_ORDER,
    PROVENANCE_MARK,
    STATUS_FILL,
    STATUS_INK,
    TREND_ARROW,
    perspective_name,
    status_word,
)
from .plan import ACTION_STATUS_WORDS, PlanContext

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


def a4_landscape(ws: Any) -> None:
    """Print setup of a document sheet: A4 (paper 9) landscape, one page wide and as many pages tall as
    it takes, narrow margins, the sheet name and «Side n av m» in the footer."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer("&L&A&RSide &P av &N")


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


def number_format(unit: str, decimals: int, lang: str, value: float | None = None) -> str:
    """An Excel number format that shows a stored number the Norwegian way in a Norwegian locale:
    72.2 (percent, stored as 72.2, not 0.722) → «72,2 %», 1234567 kr → «1 234 567 kr», 12 days → «12 dager»
    (and «1 dag» when `value` reads as 1)."""
    body = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    suffix = unit_suffix(unit, value is not None and format_number(value, decimals) == "1", lang)
    return body + (f'"{suffix}"' if suffix else "")


MALEKORT_COLUMNS = (N_("Id"), N_("Indikator"), N_("Måned"), N_("Verdi"), N_("Mål"), N_("Gult område"),
                    N_("Status"), N_("Hittil i år"), N_("Status HiÅ"), N_("Mnd HiÅ"), N_("Trend"), N_("Opphav"),
                    N_("Merknad"))
MALEKORT_WIDTHS = (7, 40, 14, 12, 14, 14, 13, 12, 13, 8, 7, 8, 44)


def _malekort_row(res: Result, card: Scorecard, lang: str) -> list[Any]:
    ind = res.indicator
    target, yellow = target_text(ind, res.period.month.month if res.period.month else None, lang)
    reasons = (reason_text(res.period.reason, lang, card.year), reason_text(res.ytd.reason, lang, card.year))
    return [ind.id, ind.name_in(lang), month_label(res.period.month, lang) if res.period.month else "",
            format_value(res.period.value, ind.unit, ind.decimals, lang=lang) if res.period.value is not None else "",
            target, yellow, status_word(res.period.status, res.late, lang),
            format_value(res.ytd.value, ind.unit, ind.decimals, lang=lang) if res.ytd.value is not None else "",
            status_word(res.ytd.status, False, lang), res.ytd.months, TREND_ARROW[res.trend_direction],
            PROVENANCE_MARK[ind.provenance], "; ".join(x for x in reasons if x)]


def malekort_xlsx(card: Scorecard, lang: str = "nb") -> bytes:
    """The coloured målekort workbook of `navkort score --out`."""
    tr = words(lang)
    wb, buf = new_book(f"{tr('Målekort')} {card.office} {card.month.key}")
    f = StatusFormats(wb)
    ws = wb.add_worksheet(tr("Målekort"))
    ws.write_string(0, 0, f"{tr('Målekort')} – {card.office} – {month_label(card.month, lang)}", f.title)
    ws.write_string(1, 0, f"{tr('Katalog')}: {' + '.join(card.catalogue)}", f.note)
    hr = 3
    for c, (head, w) in enumerate(zip(MALEKORT_COLUMNS, MALEKORT_WIDTHS)):
        ws.write_string(hr, c, tr(head), f.head)
        ws.set_column(c, c, w)
    r = hr + 1
    groups = card.by_perspective()
    numbers: dict[str, Any] = {}
    for p in PERSPECTIVES:
        if not groups[p]:
            continue
        ws.merge_range(r, 0, r, len(MALEKORT_COLUMNS) - 1, perspective_name(p, lang), f.section)
        r += 1
        for res in groups[p]:
            ps = "late" if res.late else res.period.status
            for c, v in enumerate(_malekort_row(res, card, lang)):
                fmt = f.status(ps, bold=True) if c == 6 else f.status(res.ytd.status) if c == 8 else (
                    f.wrap if c in (1, 12) else f.plain)
                number = res.period.value if c == 3 else res.ytd.value if c == 7 else None
                if number is not None:  # a number with a Norwegian number format: it sorts and sums
                    ind = res.indicator
                    code = number_format(ind.unit, ind.decimals, lang, number)
                    if code not in numbers:
                        numbers[code] = wb.add_format({"border": 1, "valign": "top", "num_format": code})
                    ws.write_number(r, c, number, numbers[code])
                else:
                    write_cell(ws, r, c, v, fmt)
            r += 1
    _malekort_legend(ws, f, r + 1, lang)
    ws.freeze_panes(hr + 1, 2)
    a4_landscape(ws)
    ws.repeat_rows(hr)
    wb.close()
    return buf.getvalue()


def _malekort_legend(ws: Any, f: StatusFormats, r: int, lang: str) -> None:
    tr = words(lang)
    ws.write_string(r, 0, tr("Forklaring"), f.section)
    r += 1
    for status in LEGEND_ORDER:
        ws.write_string(r, 0, "", f.status(status))
        ws.write_string(r, 1, status_word(status if status != "late" else "missing", status == "late", lang),
                        f.plain)
        r += 1
    ws.write_string(r, 1, tr("F = fylkesmål, L = lokalt mål. Terskler er inkluderende; verdien avrundes før den "
                             "vurderes."), f.note)


PLAN_HEADER = (N_("Nr"), N_("Indikator"), N_("Tiltak (hva skal gjøres)"), N_("Ansvarlig"), N_("Involveres"),
               N_("Informeres"), N_("Start"), N_("Slutt"),
               N_("Risikovurdering (kan forbedringen gå ut over andre mål?)"), N_("Status"), N_("Effekt"),
               N_("Prioritet"))
PLAN_WIDTHS = (5, 10, 44, 16, 16, 16, 11, 11, 36, 12, 24, 9)
PLAN_WRAP = (1, 2, 3, 4, 5, 8, 9, 10)  # the text columns: they wrap, and the row grows to show every line
PLAN_EMPTY_ROWS = 5  # bordered rows for new actions; the status dropdown reaches 100 rows further
LINE_PT = 15  # one line of 11 pt Calibri


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide (an estimate on the safe side:
    a column fits about `width` digits, and most letters are narrower)."""
    cap = max(1, int(width) - 1)
    lines = 0
    for para in text.split("\n"):
        n, used = 1, 0
        for word in para.split():
            if used and used + 1 + len(word) > cap:
                n, used = n + 1, 0
            used += (1 if used else 0) + len(word)
            while used > cap:  # a word longer than the column breaks where it must
                n, used = n + 1, used - cap
        lines += n
    return lines


def _row_height(texts: list[str], widths: tuple[float, ...]) -> float | None:
    """A row height (points) that shows every line of the row's wrapped texts; None for one line."""
    lines = max((wrapped_lines(t, w) for t, w in zip(texts, widths)), default=1)
    return LINE_PT * lines + 3 if lines > 1 else None


def plan_xlsx(ctx: PlanContext) -> bytes:
    """The action plan as a workbook the NAV-leder fills in (status dropdown; all text as strings).
    A4 landscape one page wide, the header on every page, rows as tall as their wrapped text, and
    PLAN_EMPTY_ROWS empty rows for new actions."""
    tr = words(ctx.lang)
    wb, buf = new_book(ctx.title)
    f = StatusFormats(wb)
    ws = wb.add_worksheet(tr("Tiltaksplan"))
    ws.write_string(0, 0, ctx.title, f.title)
    prios = "; ".join(f"{p.rank}. {p.id} {p.name} ({p.why})" for p in ctx.priorities) or tr("ingen")
    prio_text = tr("Prioriterte områder: {list}", list=prios) + ". " + tr("Mål og terskler fra") + " " + \
        " + ".join(ctx.catalogue) + "."
    ws.merge_range(1, 0, 1, len(PLAN_HEADER) - 1, prio_text, wb.add_format({"italic": True, "text_wrap": True,
                                                                             "valign": "top"}))
    ws.set_row(1, _row_height([prio_text], (sum(PLAN_WIDTHS),)))
    heads = [tr(h) for h in PLAN_HEADER]
    for c, (h, w) in enumerate(zip(heads, PLAN_WIDTHS)):
        ws.write_string(3, c, h, f.head)
        ws.set_column(c, c, w)
    ws.set_row(3, _row_height(heads, tuple(w - 1 for w in PLAN_WIDTHS)))  # bold is wider
    _plan_rows(wb, ws, f, ctx)
    first_empty = 4 + len(ctx.rows)
    for r in range(first_empty, first_empty + PLAN_EMPTY_ROWS):
        for c in range(len(PLAN_HEADER)):
            ws.write_blank(r, c, None, f.wrap if c in PLAN_WRAP else f.plain)
        ws.set_row(r, 2 * LINE_PT)  # room to write by hand on a printout
    statuses = [tr(s) for s in ACTION_STATUS_WORDS]
    ws.data_validation(4, 9, first_empty + PLAN_EMPTY_ROWS + 100, 9, {
        "validate": "list", "source": statuses, "error_title": tr("Ukjent status"),
        "error_message": tr("Velg {choices}.", choices=_or_list(statuses, tr("eller")))})
    ws.freeze_panes(4, 0)
    a4_landscape(ws)
    ws.repeat_rows(3)
    wb.close()
    return buf.getvalue()


def _plan_rows(wb: Any, ws: Any, f: StatusFormats, ctx: PlanContext) -> None:
    prio_fmt = wb.add_format({"border": 1, "bold": True, "bg_color": "#FFEB9C", "valign": "top"})
    for r, row in enumerate(ctx.rows, start=4):
        vals = [row.nr, row.indicator, row.what, row.responsible, row.involved, row.informed, row.start, row.end,
                row.risk, row.status, row.effect, row.priority]
        for c, v in enumerate(vals):
            fmt = prio_fmt if (row.priority and c in (0, 1, 11)) else (f.wrap if c in PLAN_WRAP else f.plain)
            if c in (6, 7) and not isinstance(v, date):
                ws.write_string(r, c, "" if v is None else str(v), fmt)
            elif isinstance(v, (int, float)) and not isinstance(v, bool) and c != 11:
                ws.write_string(r, c, str(v), fmt)  # user text that looks numeric stays as typed
            else:
                write_cell(ws, r, c, v, fmt, f.date)
        texts = [str(v) if c in PLAN_WRAP and v is not None else "" for c, v in enumerate(vals)]
        ws.set_row(r, _row_height(texts, PLAN_WIDTHS))


def _or_list(items: list[str], word: str) -> str:
    return ", ".join(items[:-1]) + f" {word} " + items[-1]
