"""Terminal output helpers shared by the commands: problems, panels, JSON."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from ..model import PERSPECTIVES, Catalogue, Result, Scorecard
from ..text.catalogue import catalogue_names, catalogue_rows, target_text
from ..text.numbers import MONTHS_SHORT, format_value, month_label
from ..text.reasons import reason_text
from ..text.spc import spc_text
from ..text.words import PROVENANCE_MARK, STATUS_SYMBOL, TREND_ARROW, owner_name, perspective_name, status_word

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def console(stderr: bool = False) -> Console:
    """A rich console honouring NO_COLOR and narrow terminals (rich does both itself)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, no_color="NO_COLOR" in os.environ or None,
                   soft_wrap=False)


def print_problems(problems: Sequence[Problem], *, stderr: bool = False) -> None:
    """Each problem as `where: id: message [code]`, with its hint on the next line."""
    if not problems:
        return
    con = console(stderr=stderr)
    for p in problems:
        style = "yellow" if p.severity == "warning" else "red"
        wrap = not con.is_terminal  # on a terminal rich wraps between words; a pipe gets whole lines
        con.print(p.format(), style=style, markup=False, soft_wrap=wrap)
        if p.hint:
            con.print(f"    → {p.hint}", style="dim", markup=False, soft_wrap=wrap)


class RawJson(list[str]):
    """A JSON array whose items are JSON texts made already (each office's, by the worker that scored it)."""


_RAW = "\x00raw\x00"  # a placeholder no real value can produce: JSON writes NUL as \u0000


def print_json(data: Any) -> None:
    """Stable, UTF-8 JSON on stdout: indented on a terminal, for reading; one line into a pipe or a
    file, for scripts (Python's JSON encoder is many times faster without indentation: a county's
    JSON took seconds indented). Top-level RawJson values are spliced in as they are (into a pipe)
    or re-read and indented (on a terminal)."""
    indent = 2 if sys.stdout.isatty() else None
    raw = {k: v for k, v in data.items() if isinstance(v, RawJson)} if isinstance(data, dict) else {}
    if indent is not None and raw:
        data = {k: [json.loads(x) for x in v] if k in raw else v for k, v in data.items()}
        raw = {}
    text = json.dumps({k: _RAW + k if k in raw else v for k, v in data.items()} if raw else data,
                      ensure_ascii=False, indent=indent)
    for k, items in raw.items():
        text = text.replace(json.dumps(_RAW + k), "[" + ", ".join(items) + "]", 1)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def count(n: int, one: str, many: str) -> str:
    """«1 advarsel», «2 advarsler»."""
    return f"{n} {one if n == 1 else many}"


def problems_json(problems: Sequence[Problem]) -> list[dict[str, Any]]:
    return [p.to_dict() for p in problems]


_STYLE = {"green": "bold green", "yellow": "bold yellow", "red": "bold red", "missing": "dim",
          "late": "bold magenta", "not_due": "dim", "not_ready": "dim", "info": "cyan"}
Cell = tuple[str, str]  # (text, rich style)


def _status_cell(status: str, late: bool = False) -> Cell:
    key = "late" if late else status
    return f"{STATUS_SYMBOL[key]} {status_word(status, late)}", _STYLE[key]


def _row_cells(r: Result, card: Scorecard, narrow: bool, tiny: bool) -> list[Cell]:
    """Every column of one indicator, before the narrow-terminal columns are dropped."""
    ind = r.indicator
    mark = PROVENANCE_MARK[ind.provenance]
    pm = r.period.month
    ytd = format_value(r.ytd.value, ind.unit, ind.decimals)
    ytd_text, ytd_style = _status_cell(r.ytd.status)
    month = "–" if pm is None else MONTHS_SHORT[pm.month - 1] + (f" {pm.year}" if pm.year != card.year else "")
    return [
        (ind.id, ""), (ind.label + (f" ({mark})" if mark else ""), ""), (month, ""),
        (format_value(r.period.value, ind.unit, ind.decimals), ""),
        (target_text(ind, pm.month if pm else None)[0] if ind.target else "–", ""),
        _status_cell(r.period.status, r.late),
        (f"{ytd} {STATUS_SYMBOL[r.ytd.status]}", ytd_style) if narrow else
        (ytd + (f" ({r.ytd.months})" if r.ytd.months > 1 and not narrow else ""), ""),
        (ytd_text, ytd_style), (TREND_ARROW[r.trend_direction], ""),
        (spc_text(r.spc), "bold" if r.spc is not None and r.spc.variation == "concern" else ""),
    ]


def _fit(text: str, w: int, right: bool) -> str:
    if len(text) > w:
        mark = text[text.rindex(" ("):] if text.endswith(("(F)", "(L)")) else ""  # the origin mark stays
        text = text[: max(1, w - 1 - len(mark))].rstrip() + "…" + mark
    return text.rjust(w) if right else text.ljust(w)


def render_scorecard(card: Scorecard, con: Console) -> None:
    """The terminal view of one scorecard: one table grouped by perspective, then the summary.

    Laid out here and printed as rich Text (colours, NO_COLOR and terminal width handled by rich):
    rich's own Table measured every cell and cost as much as the rest of `navkort score` together."""
    from rich.text import Text

    width = con.width
    narrow, tiny = width < 100, width < 72
    # (header, right-aligned, shown). Narrow: the year-to-date status joins its value and the trend
    # goes, so the month judged (a lag) and the target stay; the name gives up width first.
    columns = [("Id", False, True), ("Indikator", False, True), ("Måned", False, not tiny),
               ("Verdi", True, True), ("Mål", False, not tiny), ("Status", False, True),
               ("HiÅ" if narrow else "HiÅ (mnd)", True, True), ("HiÅ-status", False, not narrow),
               ("Trend", False, not narrow), ("Variasjon (SPC)", False, width >= 120)]
    keep = [i for i, c in enumerate(columns) if c[2]]
    body: list[tuple[str, list[Cell]]] = []
    groups = card.by_perspective()
    for p in PERSPECTIVES:
        if groups[p]:
            body.append(("section", [(perspective_name(p), "bold")]))
            body += [("row", [c for i, c in enumerate(_row_cells(r, card, narrow, tiny)) if i in keep])
                     for r in groups[p]]
    heads = [columns[i] for i in keep]
    widths = [max([len(h[0])] + [len(cells[k][0]) for kind, cells in body if kind == "row"])
              for k, h in enumerate(heads)]
    name = [h[0] for h in heads].index("Indikator")
    widths[name] = min(widths[name], 24 if narrow else 34)
    overflow = sum(widths) + 2 * (len(widths) - 1) - width
    if overflow > 0:
        widths[name] = max(12, widths[name] - overflow)
    used = " + ".join(catalogue_names(card.catalogue))
    lines = [Text(f"{card.office} – {month_label(card.month)}  (katalog: {used})", style="bold"),
             Text("  ".join(_fit(h[0], w, h[1]) for h, w in zip(heads, widths)), style="bold"),
             Text("─" * min(width, sum(widths) + 2 * (len(widths) - 1)), style="dim")]
    for kind, cells in body:
        if kind == "section":
            lines.append(Text(cells[0][0], style="bold underline"))
            continue
        line = Text()
        for i, ((text, st), h, w) in enumerate(zip(cells, heads, widths)):
            if i:
                line.append("  ")
            line.append(_fit(text, w, h[1]), style=st or None)
        lines.append(line)
    con.print(Text("\n").join(lines), soft_wrap=True)
    _print_summary(card, con)


def _print_summary(card: Scorecard, con: Console) -> None:
    s = card.summary
    not_ready = f", {s['not_ready']} ikke klar ennå" if s.get("not_ready") else ""
    # Wrapped by rich between words (never mid-word, as the terminal's own wrapping would).
    con.print(f"Sammendrag: {count(s['green'], 'grønn', 'grønne')}, {count(s['yellow'], 'gul', 'gule')}, "
              f"{count(s['red'], 'rød', 'røde')}, {s['missing']} mangler"
              f" (herav {s['late']} forsinket), {s['not_due']} ikke vurdert{not_ready}, {s['info']} nøkkelinformasjon.",
              markup=False, soft_wrap=False)
    if not_ready:
        con.print(f"  {month_label(card.month)} er ikke over ennå; tallene som mangler, er ikke forsinket.",
                  style="dim", markup=False, soft_wrap=False)
    for r in card.results:
        if r.late or r.period.status in ("missing", "not_due"):
            con.print(f"  {r.indicator.id}: {reason_text(r.period.reason, 'nb', card.year)}", style="dim",
                      markup=False, soft_wrap=False)
        if r.ytd.value is None and r.ytd.status == "missing" and r.ytd.reason:  # a blank year to date, explained
            con.print(f"  {r.indicator.id} hittil i år: {reason_text(r.ytd.reason, 'nb', card.year)}", style="dim",
                      markup=False, soft_wrap=False)


def catalogue_table(cat: Catalogue, width: int = 120) -> Table:
    """`navkort indicators` as a rich table. Narrow terminals drop perspective and owner and mark the
    origin beside the name, so names wrap between words and are never cut."""
    from rich import box
    from rich.table import Table

    narrow = width < 140  # the wide layout needs about 135 columns to keep every word whole
    table = Table(title=f"{cat.name or 'Katalog'} ({' + '.join(cat.files)})", title_justify="left",
                  box=box.SIMPLE_HEAD if narrow else box.HEAVY_HEAD, show_edge=not narrow, pad_edge=not narrow)
    rows = catalogue_rows(cat)
    def short(r: dict[str, Any]) -> str:
        mark = PROVENANCE_MARK[str(r["provenance"])]
        return cat.get(str(r["id"])).label + (f" ({mark})" if mark else "") + ("*" if r["assumed"] else "")  # type: ignore[union-attr]

    names = [str(r["name"]) if not narrow else short(r) for r in rows]
    longest_word = max((len(w) for n in names for w in n.split()), default=14)
    cols: list[tuple[str, dict[str, Any]]] = [("Id", {"no_wrap": True}), ("Navn", {"min_width": min(longest_word, 24)})]
    if not narrow:
        cols += [("Perspektiv", {}), ("Eier", {})]
    cols += [("Målkrav", {"max_width": 18}), ("Gult område", {"max_width": 18}),
             ("Forsinkelse" if not narrow else "Fors.", {"no_wrap": True})]
    if not narrow:
        cols.append(("Opphav", {}))
    for col, kw in cols:  # rich wraps between words; a word is only cut («…») when nothing else fits
        table.add_column(col, overflow="ellipsis", **kw)
    for row, name in zip(rows, names):
        lag = f"{row['lag_months']} mnd" if row["lag_months"] else "–"
        cells = [str(row["id"]), name]
        if not narrow:
            cells += [str(row["perspective"]), owner_name(str(row["owner"]))]
        cells += [str(row["target"]), str(row["yellow"]), lag]
        if not narrow:
            prov = str(row["provenance"]) + (" (antatt)" if row["assumed"] else "")
            cells.append(f"fylke ({Path(str(row['set_by'])).name})" if row["provenance"] == "fylke" else prov)
        table.add_row(*cells)

    notes = []
    if cat.disabled:
        notes.append("Slått av: " + ", ".join(cat.disabled))
    if narrow:
        notes.append("(F) = fylkets mål, (L) = lokalt mål, * = antatt grense (kilden gir ingen)")
    table.caption = ". ".join(notes) or None
    return table
