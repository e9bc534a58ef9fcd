"""Terminal output helpers shared by the commands: problems, panels, JSON."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from .errors import Problem


def console(stderr: bool = False):  # -> rich.console.Console
    """A rich console honouring NO_COLOR and narrow terminals (rich does both itself)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, no_color="NO_COLOR" in os.environ or None,
                   soft_wrap=False)


def print_problems(problems: list[Problem], *, stderr: bool = False) -> None:
    """Each problem as `where: id: message [code]`, with its hint on the next line."""
    if not problems:
        return
    con = console(stderr=stderr)
    for p in problems:
        style = "yellow" if p.severity == "warning" else "red"
        con.print(p.format(), style=style, markup=False, soft_wrap=True)
        if p.hint:
            con.print(f"    → {p.hint}", style="dim", markup=False, soft_wrap=True)


def print_json(data: Any) -> None:
    """Stable, UTF-8 JSON on stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def problems_json(problems: list[Problem]) -> list[dict[str, Any]]:
    return [p.to_dict() for p in problems]


def render_scorecard(card, con) -> None:  # (Scorecard, rich Console)
    """The terminal view of one scorecard: a table per perspective, then the summary."""
    from rich.table import Table
    from rich.text import Text

    from .catalogue import PERSPECTIVES
    from .numbers import MONTHS_SHORT, format_value
    from .summary import PROVENANCE_MARK, target_text
    from .texts import STATUS_SYMBOL, TREND_ARROW, status_word, t

    style = {"green": "bold green", "yellow": "bold yellow", "red": "bold red", "missing": "dim",
             "late": "bold magenta", "not_due": "dim", "info": "cyan"}

    def cell(status: str, late: bool = False) -> Text:
        key = "late" if late else status
        return Text(f"{STATUS_SYMBOL[key]} {status_word(status, late)}", style=style[key])

    con.print(f"{card.office} – {card.month.label()}  (katalog: {' + '.join(card.catalogue)})",
              style="bold", markup=False, soft_wrap=True)
    width = con.width
    narrow, tiny = width < 100, width < 72
    # One table grouped by perspective (DESIGN §7): columns line up across perspectives, and one
    # table renders in half the time of four.
    table = Table(expand=False, pad_edge=False)
    table.add_column("Id", no_wrap=True, max_width=6)
    table.add_column("Indikator", overflow="fold", min_width=12, max_width=24 if narrow else 34)
    if not narrow:
        table.add_column("Måned", no_wrap=True)
    table.add_column("Verdi", justify="right", no_wrap=True)
    if not narrow:
        table.add_column("Mål", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("HiÅ" if narrow else "HiÅ (mnd)", justify="right", no_wrap=True)
    if not tiny:
        table.add_column("HiÅ-status", no_wrap=True)
        table.add_column("Trend", no_wrap=True)
    ncols = len(table.columns)
    groups = card.by_perspective()
    for p in PERSPECTIVES:
        if not groups[p]:
            continue
        table.add_row("", Text(t("nb", f"perspective.{p}"), style="bold", no_wrap=True, overflow="ellipsis"),
                      *[""] * (ncols - 2))
        for i, r in enumerate(groups[p]):
            ind = r.indicator
            mark = PROVENANCE_MARK[ind.provenance]
            name = ind.label + (f" ({mark})" if mark else "")
            value = format_value(r.period.value, ind.unit, ind.decimals)
            ytd = format_value(r.ytd.value, ind.unit, ind.decimals)
            row: list = [ind.id, name]
            if not narrow:
                pm = r.period.month
                row.append("–" if pm is None else MONTHS_SHORT[pm.month - 1] + (f" {pm.year}" if pm.year != card.year else ""))
            row.append(value)
            if not narrow:
                row.append(target_text(ind, r.period.month.month if r.period.month else None)[0] if ind.target else "–")
            row.append(cell(r.period.status, r.late))
            if tiny:
                row.append(Text(f"{ytd} {STATUS_SYMBOL[r.ytd.status]}", style=style[r.ytd.status]))
            else:
                row += [ytd + (f" ({r.ytd.months})" if r.ytd.months > 1 and not narrow else ""),
                        cell(r.ytd.status)]
            if not tiny:
                row.append(TREND_ARROW[r.trend_direction])
            table.add_row(*row, end_section=i == len(groups[p]) - 1)
    con.print(table)
    s = card.summary
    con.print(f"Sammendrag: {s['green']} grønne, {s['yellow']} gule, {s['red']} røde, {s['missing']} mangler"
              f" (herav {s['late']} forsinket), {s['not_due']} ikke vurdert, {s['info']} nøkkelinformasjon.",
              markup=False, soft_wrap=True)
    notes = [r for r in card.results if r.late or r.period.status in ("missing", "not_due")]
    for r in notes:
        con.print(f"  {r.indicator.id}: {r.period.reason}", style="dim", markup=False, soft_wrap=True)
