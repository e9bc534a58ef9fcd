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
