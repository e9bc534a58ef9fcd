"""The typer app, shared options, and the one place where exceptions become exit codes."""

from __future__ import annotations

import functools
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer

from ..errors import Interrupted, NavkortError, Problem
from . import exits

app = typer.Typer(
    name="navkort",
    help="Målekort for NAV-kontor: les katalog og arbeidsbøker, beregn status, lag rapporter.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[VALG]",
)

F = TypeVar("F", bound=Callable[..., Any])


def debug_enabled() -> bool:
    """Whether --debug was given (read from the click context, so no process-wide state)."""
    import click

    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    return bool(root is not None and root.params.get("debug"))


def handle_errors(fn: F) -> F:
    """Turn NavkortError into messages and an exit code; anything unexpected into one red panel (exit 3)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .output import console, print_problems

        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except NavkortError as exc:
            print_problems(exc.problems, stderr=True)
            raise typer.Exit(exits.for_problems(exc.problems)) from None
        except KeyboardInterrupt:
            console(stderr=True).print("Avbrutt.")
            raise typer.Exit(exits.INTERRUPTED) from None
        except Interrupted as exc:
            console(stderr=True).print(f"Avbrutt etter {exc.done} av {exc.total} kontor; ingen halvskrevne filer "
                                       "er igjen. Kjør kommandoen på nytt for å gjøre resten.", markup=False)
            raise typer.Exit(exits.INTERRUPTED) from None
        except Exception as exc:
            if debug_enabled():
                raise
            from rich.panel import Panel

            console(stderr=True).print(Panel(
                f"{type(exc).__name__}: {exc}\n\nDette er en feil i navkort, ikke i filene dine. "
                "Kjør kommandoen på nytt med --debug for detaljer, og send dem til den som drifter navkort.",
                title="Uventet feil", border_style="red"))
            raise typer.Exit(exits.BUG) from None

    return wrapper  # type: ignore[return-value]


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Vis full feilsporing ved uventede feil.")] = False,
) -> None:
    """Målekort for NAV-kontor."""


def is_workbook_path(path: Path) -> bool:
    """Tell a workbook from a YAML file by content (zip/OLE signature), falling back to the name."""
    if path.name.startswith("~$") or path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods", ".csv"):
        return True
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block the read below
            return False
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    return head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0")


def split_inputs(files: list[Path]) -> tuple[list[Path], list[Path]]:
    """(YAML catalogue/overlays, workbook paths) from positional arguments."""
    yaml_files = [f for f in files if f.is_file() and not is_workbook_path(f)]
    others = [f for f in files if f not in yaml_files]
    return yaml_files, others


MonthOption = Annotated[Optional[str], typer.Option(
    "--month", metavar="ÅÅÅÅ-MM", help="Måned som ÅÅÅÅ-MM. Standard: siste måned som er over.", show_default=False)]
JobsOption = Annotated[Optional[int], typer.Option(
    "--jobs", "-j", min=1, metavar="N", help="Antall kontor som behandles samtidig. Standard: antall kjerner.",
    show_default=False)]
OtherOverlaysOption = Annotated[bool, typer.Option(
    "--annet-overlegg", help="Bruk overleggene som er oppgitt, selv om en arbeidsbok er laget med andre "
                             "(gir advarsel i stedet for feil).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Ingen framdriftslinje; én linje per kontor.")]


def today() -> date:
    """The date of this run: letters are dated by it, and months not over by it are «not ready».
    NAVKORT_TODAY=ÅÅÅÅ-MM-DD sets it (to reproduce an earlier month end, and in tests)."""
    import os

    given = os.environ.get("NAVKORT_TODAY", "").strip()
    if not given:
        return date.today()
    try:
        return date.fromisoformat(given)
    except ValueError:
        raise NavkortError(Problem("usage", f"NAVKORT_TODAY=«{given}» er ikke en dato.",
                                   hint="Skriv datoen som ÅÅÅÅ-MM-DD, f.eks. 2026-11-05, eller fjern variabelen.")
                           ) from None


def with_recorded_overlays(yaml_files: list[Path], workbooks: list[Path], other_overlays: bool = False) -> list[Path]:
    """No catalogue or overlay named: the overlays the workbooks were made with, when they lie beside
    them unchanged (said on stderr, so --json stays clean). Anything named on the command line wins,
    and --annet-overlegg (the user takes charge) turns this off."""
    if yaml_files or not workbooks or other_overlays:
        return yaml_files
    from ..io.office import overlays_beside

    found = overlays_beside(workbooks)
    if found:
        from .output import console

        names = ", ".join(f"«{p.name}»" for p in found)
        console(stderr=True).print(f"Bruker overlegget {names} fra mappen til arbeidsbøkene (arbeidsbøkene er laget "
                                   "med det).", markup=False, soft_wrap=True, style="dim")
    return found


def check_month(month: str | None) -> None:
    """A --month that cannot be a month is a usage error, said once before any office is read (the
    year is checked per workbook: offices of different years may be scored together)."""
    import re

    m = re.fullmatch(r"\s*(?:\d{4}-)?(\d{1,2})\s*", month or "")
    if month is not None and (m is None or not 1 <= int(m.group(1)) <= 12):
        raise NavkortError(Problem("bad-month", f"Forstår ikke måneden «{month}».",
                                   hint="Skriv måneden som ÅÅÅÅ-MM, f.eks. 2026-10."))

