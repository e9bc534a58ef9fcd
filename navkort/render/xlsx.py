"""Document workbooks: the coloured målekort, the action plan and the county overview (bytes).

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
from ..text.numbers import format_value, month_label
from ..text.reasons import reason_text
from ..text.words import PROVENANCE_MARK, STATUS_FILL, STATUS_INK, TREND_ARROW, perspective_name, status_word
from .overview import Column, Group, OverviewContext
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


MALEKORT_COLUMNS = (N_("Id"), N_("Indikator"), N_("Måned"), N_("Verdi"), N_("Mål"), N_("Gult område"),
                    N_("Status"), N_("Hittil i år"), N_("Status HiÅ"), N_("Mnd HiÅ"), N_("Trend"), N_("Opphav"),
                    N_("Merknad"))
MALEKORT_WIDTHS = (7, 40, 14, 12, 14, 14, 13, 12, 13, 8, 7, 8, 44)


def _malekort_row(res: Result, card: Scorecard, lang: str) -> list[Any]:
    ind = res.indicator
    target, yellow = target_text(ind, res.period.month.month if res.period.month else None, lang)
    reasons = (reason_text(res.period.reason, lang, card.year), reason_text(res.ytd.reason, lang, card.year))
    return [ind.id, ind.name, month_label(res.period.month, lang) if res.period.month else "",
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
                write_cell(ws, r, c, v, fmt)
            r += 1
    _malekort_legend(ws, f, r + 1, lang)
    ws.freeze_panes(hr + 1, 2)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(hr)
    wb.close()
    return buf.getvalue()


def _malekort_legend(ws: Any, f: StatusFormats, r: int, lang: str) -> None:
    tr = words(lang)
    ws.write_string(r, 0, tr("Forklaring"), f.section)
    r += 1
    for status in ("green", "yellow", "red", "missing", "late", "not_due", "info"):
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


def plan_xlsx(ctx: PlanContext) -> bytes:
    """The action plan as a workbook the NAV-leder fills in (status dropdown; all text as strings)."""
    tr = words(ctx.lang)
    wb, buf = new_book(ctx.title)
    f = StatusFormats(wb)
    ws = wb.add_worksheet(tr("Tiltaksplan"))
    ws.write_string(0, 0, ctx.title, f.title)
    prios = "; ".join(f"{p.rank}. {p.id} {p.name} ({p.why})" for p in ctx.priorities) or tr("ingen")
    ws.write_string(1, 0, tr("Prioriterte områder: {list}", list=prios), f.note)
    for c, (h, w) in enumerate(zip(PLAN_HEADER, PLAN_WIDTHS)):
        ws.write_string(3, c, tr(h), f.head)
        ws.set_column(c, c, w)
    prio_fmt = wb.add_format({"border": 1, "bold": True, "bg_color": "#FFEB9C", "valign": "top"})
    for r, row in enumerate(ctx.rows, start=4):
        vals = [row.nr, row.indicator, row.what, row.responsible, row.involved, row.informed, row.start, row.end,
                row.risk, row.status, row.effect, row.priority]
        for c, v in enumerate(vals):
            fmt = prio_fmt if (row.priority and c in (0, 1, 11)) else (f.wrap if c in (2, 8, 10) else f.plain)
            if c in (6, 7) and not isinstance(v, date):
                ws.write_string(r, c, "" if v is None else str(v), fmt)
            elif isinstance(v, (int, float)) and not isinstance(v, bool) and c != 11:
                ws.write_string(r, c, str(v), fmt)  # user text that looks numeric stays as typed
            else:
                write_cell(ws, r, c, v, fmt, f.date)
    last = 4 + len(ctx.rows) + 30
    for r in range(4 + len(ctx.rows), last):
        for c in range(len(PLAN_HEADER)):
            ws.write_blank(r, c, None, f.plain)
    statuses = [tr(s) for s in ACTION_STATUS_WORDS]
    or_word = tr("eller")
    ws.data_validation(4, 9, last, 9, {"validate": "list", "source": statuses,
                                       "error_title": tr("Ukjent status"),
                                       "error_message": tr("Velg {choices}.", choices=_or_list(statuses, or_word))})
    ws.freeze_panes(4, 0)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    wb.close()
    return buf.getvalue()


def _or_list(items: list[str], word: str) -> str:
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def overview_xlsx(ctx: OverviewContext) -> bytes:
    """fylkesoversikt.xlsx: sheets Måned, Hittil i år, Datakompletthet."""
    wb, buf = new_book(ctx.title)
    f = StatusFormats(wb)

    def sheet(name: str, title: str, columns: tuple[Column, ...], groups: tuple[Group, ...], cells: str,
              counts: bool) -> None:
        ws = wb.add_worksheet(name)
        ws.write_string(0, 0, f"{title} – {ctx.month}", f.title)
        ws.write_string(1, 0, f"Laget {ctx.made}. Katalog: {' + '.join(ctx.catalogue)}", f.note)
        fixed = ["Kontor", "Måned"] + (["Grønne", "Gule", "Røde", "Mangler"] if counts else
                                       [f"Skylder: {g.who}" for g in groups])
        c0 = len(fixed)
        col = c0
        for g in groups:
            if g.span > 1:
                ws.merge_range(3, col, 3, col + g.span - 1, g.title, f.section)
            elif g.span == 1:
                ws.write_string(3, col, g.title, f.section)
            col += g.span
        for c, h in enumerate(fixed + [col_.id for col_ in columns]):
            ws.write_string(4, c, h, f.head)
        ws.set_column(0, 0, 22)
        ws.set_column(1, 1, 14)
        ws.set_column(2, c0 - 1, 9)
        ws.set_column(c0, c0 + len(columns) - 1, 9)
        for r, row in enumerate(ctx.rows, start=5):
            ws.write_string(r, 0, row.office, f.plain)
            ws.write_string(r, 1, row.month, f.plain)
            n = row.ytd_counts if cells == "ytd" else row.counts
            extra = ([n["green"], n["yellow"], n["red"], n["missing"]] if counts
                     else [row.owes[k] for k in row.owes])
            for c, v in enumerate(extra, start=2):
                ws.write_number(r, c, v, f.plain)
            for c, cell in enumerate(getattr(row, cells), start=c0):
                ws.write_string(r, c, cell.text, f.status(cell.status))
        ws.freeze_panes(5, 2)
        ws.autofilter(4, 0, 4 + len(ctx.rows), c0 + len(columns) - 1)

    sheet("Måned", "Status for måneden", ctx.columns, ctx.groups, "period", True)
    sheet("Hittil i år", "Status hittil i år", ctx.columns, ctx.groups, "ytd", True)
    sheet("Datakompletthet", "Datakompletthet: hvem skylder tall", ctx.completeness_columns,
          ctx.completeness_groups, "completeness", False)
    if ctx.failed:
        ws = wb.add_worksheet("Feilet")
        ws.write_string(0, 0, "Arbeidsbøker som ikke kunne leses", f.title)
        for r, (file, message) in enumerate(ctx.failed, start=2):
            ws.write_string(r, 0, file, f.plain)
            ws.write_string(r, 1, message, f.wrap)
        ws.set_column(0, 0, 40)
        ws.set_column(1, 1, 100)
    wb.close()
    return buf.getvalue()
