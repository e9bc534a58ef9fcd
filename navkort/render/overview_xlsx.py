"""The county overview workbook (fylkesoversikt.xlsx): values as numbers with a Norwegian number
format, a symbol column beside each colour, A4 landscape one page wide with the office column and
the header rows on every page."""

from __future__ import annotations

from typing import Any

from ..text.words import STATUS_FILL, STATUS_INK
from .overview import Column, Group, OverviewContext
from .xlsx import StatusFormats, a4_landscape, new_book, number_format

# Rows 0-1 title and note, 2 perspectives, 3 indicator names, 4 the header with ids (the autofilter
# row); offices from row 5. Rows 2-4 and the office column print on every page.
OV_HEAD = 4
OV_NAME_FONT = 8


class OverviewFormats(StatusFormats):
    """StatusFormats plus the overview's value, symbol and rotated-name cells."""

    def __init__(self, wb: Any) -> None:
        super().__init__(wb)
        self.cells: dict[tuple[str, str], Any] = {}
        self.name = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True,
                                   "rotation": 90, "align": "center", "valign": "bottom", "font_size": OV_NAME_FONT})
        self.count = wb.add_format({"border": 1, "valign": "top", "align": "center"})
        self.narrow_head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "shrink": True})

    def value(self, status: str, num_format: str) -> Any:
        """A number with `num_format`; without one a word («forsinket»), shrunk to the narrow column."""
        return self._cell(status, num_format, {"num_format": num_format} if num_format else
                          {"align": "center", "shrink": True})

    def symbol(self, status: str) -> Any:
        return self._cell(status, "symbol", {"align": "center", "bold": True})

    def _cell(self, status: str, kind: str, extra: dict[str, Any]) -> Any:
        if (status, kind) not in self.cells:
            self.cells[status, kind] = self.wb.add_format({"bg_color": STATUS_FILL[status], "font_color":
                                                           STATUS_INK[status], "border": 1, "valign": "top", **extra})
        return self.cells[status, kind]


def overview_xlsx(ctx: OverviewContext) -> bytes:
    """fylkesoversikt.xlsx: sheets Måned, Hittil i år, Datakompletthet, Variasjon (SPC) (and Feilet). Values
    are numbers that sort and sum; a symbol column beside each value reads in greyscale print. A4 landscape,
    one page wide."""
    wb, buf = new_book(ctx.title)
    f = OverviewFormats(wb)
    for name, title, cells in (("Måned", "Status for måneden", "period"), ("Hittil i år", "Status hittil i år", "ytd")):
        ws = wb.add_worksheet(name)
        last = _status_sheet(ws, f, ctx, cells)
        _overview_top(ws, f, ctx, title, ctx.legend)
        _overview_print(ws, len(ctx.rows) + 1, 6, last)
    ws = wb.add_worksheet("Datakompletthet")
    last = _completeness_sheet(ws, f, ctx)
    _overview_top(ws, f, ctx, "Datakompletthet: hvem skylder tall", ctx.state_legend)
    _overview_print(ws, len(ctx.rows) + 1, 2 + len(ctx.completeness_groups), last)
    ws = wb.add_worksheet("Variasjon (SPC)")
    last = _spc_sheet(ws, f, ctx)
    _overview_top(ws, f, ctx, "Variasjon (SPC): har noe endret seg?", ())
    ws.write_string(1, 0, "! bekymring   + forbedring   ↑/↓ uvanlig høyt/lavt   ~ vanlig variasjon   tomt: for få "
                    "måneder eller ingen SPC.   ✓/✗/? etter tegnet: når målet hver gang / når aldri målet / "
                    "tilfeldig.", f.note)
    _overview_print(ws, len(ctx.rows) + 1, 2, last)
    if ctx.failed:
        ws = wb.add_worksheet("Feilet")
        ws.write_string(0, 0, "Arbeidsbøker som ikke kunne leses", f.title)
        for r, (file, message) in enumerate(ctx.failed, start=2):
            ws.write_string(r, 0, file, f.wrap)
            ws.write_string(r, 1, message, f.wrap)
        ws.set_column(0, 0, 40)
        ws.set_column(1, 1, 100)
        a4_landscape(ws)
    wb.close()
    return buf.getvalue()


def _overview_top(ws: Any, f: OverviewFormats, ctx: OverviewContext, title: str,
                  legend: tuple[tuple[str, str, str], ...]) -> None:
    signs = "   ".join(f"{sym} {word}" for _, sym, word in legend)
    ws.write_string(0, 0, f"{title} – {ctx.month}", f.title)
    ws.write_string(1, 0, f"Laget {ctx.made}. Katalog: {' + '.join(ctx.catalogue)}.   Tegn: {signs}", f.note)


def _overview_print(ws: Any, rows: int, fixed: int, last_col: int) -> None:
    """A4 landscape, one page wide; header rows and office column on every page; panes frozen."""
    ws.freeze_panes(OV_HEAD + 1, fixed)
    ws.autofilter(OV_HEAD, 0, OV_HEAD + rows - 1, last_col)
    a4_landscape(ws)
    ws.repeat_rows(2, OV_HEAD)
    ws.repeat_columns(0, 0)


def _fixed_columns(ws: Any, f: OverviewFormats, ctx: OverviewContext, heads: list[str]) -> None:
    """Kontor, Måned and the count columns: their header, widths and the office and month cells."""
    for c, h in enumerate(heads):
        ws.write_string(OV_HEAD, c, h, f.head if c < 2 else f.narrow_head)
        ws.write_blank(OV_HEAD - 1, c, None, f.head)
    ws.set_column(0, 0, min(max([len(r.office) for r in ctx.rows] + [10]) + 1, 32))
    ws.set_column(1, 1, max([len(r.month) for r in ctx.rows] + [6]) + 0.5)
    ws.set_column(2, len(heads) - 1, 5.5)  # counts: at most two digits; the header shrinks to fit
    for r, row in enumerate(ctx.rows, start=OV_HEAD + 1):
        ws.write_string(r, 0, row.office, f.plain)
        ws.write_string(r, 1, row.month, f.plain)


def _indicator_heads(ws: Any, f: OverviewFormats, columns: tuple[Column, ...], groups: tuple[Group, ...], c0: int,
                     per: int) -> None:
    """The perspective (group) row, the rotated names row and the ids (header) row; `per` sheet columns
    per indicator."""
    col = c0
    for g in groups:
        if g.span * per > 1:
            ws.merge_range(OV_HEAD - 2, col, OV_HEAD - 2, col + g.span * per - 1, g.title, f.section)
        elif g.span:
            ws.write_string(OV_HEAD - 2, col, g.title, f.section)
        col += g.span * per
    for k, column in enumerate(columns):
        c = c0 + k * per
        if per > 1:  # the name spans the value and the symbol column
            ws.merge_range(OV_HEAD - 1, c, OV_HEAD - 1, c + 1, column.name, f.name)
            ws.write_string(OV_HEAD, c + 1, "", f.head)
        else:
            ws.write_string(OV_HEAD - 1, c, column.name, f.name)
        ws.write_string(OV_HEAD, c, column.id, f.head)
    longest_word = max((len(w) for c in columns for w in c.name.split()), default=8)
    longest = max((len(c.name) for c in columns), default=8)
    chars = max(longest_word, -(-longest // (3 if per > 1 else 2)))  # the names wrap to at most 3 (2) lines
    ws.set_row(OV_HEAD - 1, min(200, chars * OV_NAME_FONT * 0.6 + 8))


def _status_sheet(ws: Any, f: OverviewFormats, ctx: OverviewContext, cells: str) -> int:
    """Offices × indicators: value (a number) and symbol, both in the status colour; the last column."""
    c0 = 6
    _fixed_columns(ws, f, ctx, ["Kontor", "Måned", "Grønne", "Gule", "Røde", "Mangler"])
    _indicator_heads(ws, f, ctx.columns, ctx.groups, c0, 2)
    for k, column in enumerate(ctx.columns):
        numbers = [cell.text for row in ctx.rows if (cell := getattr(row, cells)[k]).value is not None]
        ws.set_column(c0 + 2 * k, c0 + 2 * k, max([len(t) for t in numbers] + [len(column.id), 4]) + 0.7)
        ws.set_column(c0 + 2 * k + 1, c0 + 2 * k + 1, 2.3)
    for r, row in enumerate(ctx.rows, start=OV_HEAD + 1):
        n = row.ytd_counts if cells == "ytd" else row.counts
        for c, v in enumerate((n["green"], n["yellow"], n["red"], n["missing"]), start=2):
            ws.write_number(r, c, v, f.count)
        for k, (cell, column) in enumerate(zip(getattr(row, cells), ctx.columns)):
            c = c0 + 2 * k
            if cell.value is None:
                ws.write_string(r, c, cell.text, f.value(cell.status, ""))
            else:
                fmt = number_format(column.unit, column.decimals, ctx.lang, cell.value)
                ws.write_number(r, c, cell.value, f.value(cell.status, fmt))
            ws.write_string(r, c + 1, cell.symbol, f.symbol(cell.status))
    return c0 + 2 * len(ctx.columns) - 1


def _completeness_sheet(ws: Any, f: OverviewFormats, ctx: OverviewContext) -> int:
    """Offices × indicators: ✓ present, … late, ○ missing, and how many figures each owner owes."""
    c0 = 2 + len(ctx.completeness_groups)
    owes = [f"Skylder: {g.who}" for g in ctx.completeness_groups]
    _fixed_columns(ws, f, ctx, ["Kontor", "Måned", *owes])
    for c, h in enumerate(owes, start=2):  # wider than a count column: the header wraps to two lines
        ws.write_string(OV_HEAD, c, h, f.head)
    ws.set_column(2, c0 - 1, max([len(g.who) for g in ctx.completeness_groups] + [8]) + 1)
    ws.set_row(OV_HEAD, 30)
    _indicator_heads(ws, f, ctx.completeness_columns, ctx.completeness_groups, c0, 1)
    ws.set_column(c0, c0 + len(ctx.completeness_columns) - 1,
                  max([len(c.id) for c in ctx.completeness_columns] + [3]) + 1.5)
    for r, row in enumerate(ctx.rows, start=OV_HEAD + 1):
        for c, v in enumerate(row.owes.values(), start=2):
            ws.write_number(r, c, v, f.count)
        for c, cell in enumerate(row.completeness, start=c0):
            ws.write_string(r, c, cell.symbol, f.symbol(cell.status))
    return c0 + len(ctx.completeness_columns) - 1


def _spc_sheet(ws: Any, f: OverviewFormats, ctx: OverviewContext) -> int:
    """Offices × indicators: the variation sign (and assurance letter) of the latest month, coloured:
    a concern is red. The autofilter sorts by the sign («!» first)."""
    c0 = 2
    _fixed_columns(ws, f, ctx, ["Kontor", "Måned"])
    _indicator_heads(ws, f, ctx.columns, ctx.groups, c0, 1)
    ws.set_column(c0, c0 + len(ctx.columns) - 1, max([len(c.id) for c in ctx.columns] + [3]) + 1.5)
    for r, row in enumerate(ctx.rows, start=OV_HEAD + 1):
        for c, cell in enumerate(row.spc, start=c0):
            ws.write_string(r, c, cell.symbol, f.symbol(cell.status))
    return c0 + len(ctx.columns) - 1
