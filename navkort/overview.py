"""The county overview (fylkesoversikt): offices × indicators, year to date, and who owes which figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .catalogue import PERSPECTIVES, Catalogue
from .numbers import format_date, format_value, month_name
from .texts import STATUS_SYMBOL, TEXTS, status_word

SORT_RANK = {"red": 0, "late": 1, "yellow": 2, "missing": 3, "not_due": 4, "info": 5, "green": 6}
STATE_WORDS = {"present": "på plass", "late": "forsinket", "missing": "mangler"}
STATE_SYMBOL = {"present": "✓", "late": "…", "missing": "○"}


@dataclass(frozen=True)
class Column:
    id: str
    name: str
    perspective: str
    entered_by: str


@dataclass(frozen=True)
class Cell:
    status: str  # css status (green … late)
    symbol: str
    text: str  # value as shown, or the word
    word: str
    sort: str


@dataclass(frozen=True)
class OfficeRow:
    office: str
    file: str
    month: str
    counts: dict[str, int]
    period: tuple[Cell, ...]
    ytd: tuple[Cell, ...]
    completeness: tuple[Cell, ...]
    owes: dict[str, int]  # entered_by -> number of figures missing or late


@dataclass(frozen=True)
class Group:
    title: str
    span: int


@dataclass(frozen=True)
class OverviewContext:
    """Context of fylkesoversikt.html.j2 (and the sheets of fylkesoversikt.xlsx)."""

    lang: str
    tx: dict[str, str]
    title: str
    month: str
    made: str
    catalogue: tuple[str, ...]
    columns: tuple[Column, ...]
    groups: tuple[Group, ...]
    completeness_columns: tuple[Column, ...]
    completeness_groups: tuple[Group, ...]
    rows: tuple[OfficeRow, ...]
    failed: tuple[tuple[str, str], ...]
    example: bool


def data_state(ind: dict[str, Any]) -> str:
    """Whether the month's figure is present, late or missing, from one indicator of a card dict."""
    if ind["late"]:
        return "late"
    if ind["period"]["value"] is None and ind["period"]["status"] not in ("not_due",):
        return "missing"
    return "present"


def _cell(status: str, late: bool, value: float | None, unit: str, decimals: int) -> Cell:
    key = "late" if late else status
    text = format_value(value, unit, decimals) if value is not None else status_word(status, late)
    rank = SORT_RANK[key]
    clipped = max(-49_999.0, min(49_999.0, value)) if value is not None else -50_000.0
    return Cell(key, STATUS_SYMBOL[key], text, status_word(status, late), f"{rank * 100_000 + clipped:.3f}")


def overview_context(cards: list[dict[str, Any]], catalogue: Catalogue, failed: list[tuple[str, str]],
                     made: date, lang: str = "nb") -> OverviewContext:
    tx = TEXTS[lang]
    columns = tuple(Column(i.id, i.label, i.perspective, i.entered_by or "") for p in PERSPECTIVES
                    for i in catalogue.indicators if i.perspective == p)
    groups = tuple(Group(tx[f"perspective.{p}"], sum(1 for c in columns if c.perspective == p))
                   for p in PERSPECTIVES if any(c.perspective == p for c in columns))
    who = sorted({c.entered_by for c in columns}, key=lambda w: (w != "NAV fylke", w))
    comp_cols = tuple(c for w in who for c in columns if c.entered_by == w)
    comp_groups = tuple(Group(f"{w or 'ukjent'} legger inn", sum(1 for c in columns if c.entered_by == w)) for w in who)
    rows = []
    months = set()
    for card in cards:
        by_id = {i["id"]: i for i in card["indicators"]}
        months.add(card["month"])
        period, ytd, comp = [], [], []
        for col in columns:
            ind = by_id.get(col.id)
            if ind is None:
                blank = Cell("missing", "", "", "", "999999")
                period.append(blank), ytd.append(blank), comp.append(blank)
                continue
            period.append(_cell(ind["period"]["status"], ind["late"], ind["period"]["value"], ind["unit"],
                                ind["decimals"]))
            ytd.append(_cell(ind["ytd"]["status"], False, ind["ytd"]["value"], ind["unit"], ind["decimals"]))
        owes = {w: 0 for w in who}
        for col in comp_cols:
            ind = by_id.get(col.id)
            state = data_state(ind) if ind else "missing"
            if state != "present":
                owes[col.entered_by] += 1
            css = {"present": "green", "late": "late", "missing": "missing"}[state]
            comp.append(Cell(css, STATE_SYMBOL[state], "" if state == "present" else STATE_WORDS[state], STATE_WORDS[state],
                             {"late": "0", "missing": "1", "present": "2"}[state]))
        y, m = card["month"].split("-")
        rows.append(OfficeRow(card["office"], card.get("file", ""), f"{month_name(int(m), lang)} {y}",
                              card["summary"], tuple(period), tuple(ytd), tuple(comp), owes))
    month = ""
    if months:
        y, m = max(months).split("-")
        month = f"{month_name(int(m), lang)} {y}"
    return OverviewContext(lang=lang, tx=tx, title=f"Fylkesoversikt – {month}", month=month, made=format_date(made),
                           catalogue=tuple(Path(f).name if "(" not in f else f for f in catalogue.files),
                           columns=columns, groups=groups, completeness_columns=comp_cols,
                           completeness_groups=comp_groups, rows=tuple(rows), failed=tuple(failed),
                           example=False)


def overview_xlsx(ctx: OverviewContext) -> bytes:
    """fylkesoversikt.xlsx: sheets Måned, Hittil i år, Datakompletthet."""
    from .xlsxout import StatusFormats, new_book

    wb, buf = new_book(ctx.title)
    f = StatusFormats(wb)

    def sheet(name: str, title: str, columns: tuple[Column, ...], groups: tuple[Group, ...], cells: str,
              counts: bool) -> None:
        ws = wb.add_worksheet(name)
        ws.write_string(0, 0, f"{title} – {ctx.month}", f.title)
        ws.write_string(1, 0, f"Laget {ctx.made}. Katalog: {' + '.join(ctx.catalogue)}", f.note)
        fixed = ["Kontor", "Måned"] + (["Grønne", "Gule", "Røde", "Mangler"] if counts else
                                       [f"Skylder: {g.title.replace(' legger inn', '')}" for g in groups])
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
            extra = ([row.counts["green"], row.counts["yellow"], row.counts["red"], row.counts["missing"]] if counts
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


def write_overview(out_dir: Path, cards: list[dict[str, Any]], catalogue: Catalogue, failed: list[tuple[str, str]],
                   made: date, templates: Path | None = None) -> list[Path]:
    from .fileio import write_atomic
    from .render import environment, render

    ctx = overview_context(cards, catalogue, failed, made)
    write_atomic(out_dir / "fylkesoversikt.xlsx", overview_xlsx(ctx))
    write_atomic(out_dir / "fylkesoversikt.html", render(environment(templates), "fylkesoversikt.html.j2", ctx))
    return [out_dir / "fylkesoversikt.xlsx", out_dir / "fylkesoversikt.html"]
