"""`navkort import`: statistics extracts into the office workbooks, and the reconciliation."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ..errors import NavkortError, Problem, shown
from ..model import Month
from .base import app, handle_errors, is_workbook_path, with_recorded_overlays

if TYPE_CHECKING:
    from ..app.importing import ImportReport


@app.command("import")
@handle_errors
def import_(
    files: Annotated[list[Path], typer.Argument(
        metavar="UTTREKK… ARBEIDSBØKER|MAPPE",
        help="Uttrekk (.csv eller .xlsx), arbeidsbøkene eller mappen de ligger i, og eventuelt overlegg (.yaml). "
             "En .xlsx med arkene «Kontor» og «Måledata» er en arbeidsbok; andre .xlsx er uttrekk.",
        show_default=False)],
    mapping: Annotated[Path, typer.Option(
        "--mapping", metavar="KOBLING.YAML", help="Koblingen: hvilke kolonner i uttrekket som fyller hvilke felt.",
        show_default=False)],
    month: Annotated[Optional[str], typer.Option(
        "--month", metavar="ÅÅÅÅ-MM", help="Bare denne måneden (påkrevd når uttrekket ikke har en periodekolonne).",
        show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Vis avstemmingen, men skriv ingenting.")] = False,
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="Skriv over tall som står der fra før med andre verdier (aldri formler).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv avstemmingen som JSON.")] = False,
) -> None:
    """Importer månedens tall fra statistikkuttrekk til arbeidsbøkene, med avstemming.

    Tall som står der fra før med en annen verdi, skrives ikke over uten --overwrite. Før første endring
    i en arbeidsbok legges en kopi i .navkort-sikkerhetskopi/ ved siden av den. Avslutningskode 0 = alt
    importert, 1 = konflikter, uleselige rader eller kontor uten arbeidsbok, 2 = feil bruk.
    """
    from ..app.importing import import_extracts
    from ..io.catalogue import load_catalogue
    from ..io.files import collect_workbooks
    from ..io.mapping import load_mapping
    from . import exits
    from .base import today

    wanted = _month(month)
    overlays, extracts, workbooks = _sort_inputs(files)
    books, skipped = collect_workbooks(workbooks)
    cat = load_catalogue(*with_recorded_overlays(overlays, books))
    kobling = load_mapping(mapping, cat)
    if not extracts:
        raise NavkortError(Problem("usage", "Ingen uttrekk oppgitt.", hint="Oppgi uttrekket (.csv eller .xlsx) "
                                   "først, så arbeidsbøkene eller mappen."))
    if not books:
        raise NavkortError(Problem("usage", "Ingen arbeidsbøker å importere til.",
                                   hint="Oppgi arbeidsbøkene eller mappen de ligger i."))
    from datetime import datetime

    now = datetime.combine(today(), datetime.now().time())
    report = import_extracts(extracts, kobling, books, wanted, dry_run, overwrite=overwrite, catalogue=cat, now=now)
    if as_json:
        from .output import print_json

        print_json(report_json(report))
    else:
        print_report(report, [shown(str(s.path)) + f" ({s.reason})" for s in skipped])
    raise typer.Exit(exits.OK if report.ok else exits.INVALID)


def _month(text: Optional[str]) -> Month | None:
    if text is None:
        return None
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise NavkortError(Problem("bad-month", f"Forstår ikke måneden «{text}».", hint="Skriv den som ÅÅÅÅ-MM."))
    return Month(int(m.group(1)), int(m.group(2)))


def _sort_inputs(files: list[Path]) -> tuple[list[Path], list[Path], list[Path]]:
    """(overlays, extracts, workbooks or folders). A named file that does not exist is a usage error."""
    overlays, extracts, workbooks = [], [], []
    for f in files:
        if not f.exists():
            raise NavkortError(Problem("file-not-found", f"Finner ikke «{f}».", file=str(f)))
        if f.is_dir():
            workbooks.append(f)
        elif f.suffix.lower() in (".yaml", ".yml"):
            overlays.append(f)
        elif is_workbook_path(f) and f.suffix.lower() in (".xlsx", ".xlsm") and _is_office_workbook(f):
            workbooks.append(f)
        else:
            extracts.append(f)
    return overlays, extracts, workbooks


def _is_office_workbook(path: Path) -> bool:
    from ..io.layout import SHEET_DATA, SHEET_OFFICE
    from ..io.xlsx_zip import Book

    try:
        with Book(path) as book:
            return book.find_sheet(SHEET_OFFICE) is not None and book.find_sheet(SHEET_DATA) is not None
    except NavkortError:
        return False


def report_json(report: ImportReport) -> dict[str, Any]:
    """The reconciliation for scripts (documented in docs/import.md)."""
    offices = []
    for o in report.offices:
        plan = o.plan
        offices.append({
            "file": o.file, "office": o.office, "number": o.number, "written": o.written, "backup": o.backup,
            "skipped": o.skipped, "problems": [p.to_dict() for p in o.problems],
            "filled": [_fig(c.figure) | {"cell": c.ref, "old": c.old, "kind": c.kind} for c in plan.changes]
            if plan else [],
            "unchanged": plan.unchanged if plan else 0,
            "conflicts": [_fig(c.figure) | {"cell": c.ref, "old": c.old, "why": c.why} for c in plan.conflicts]
            if plan else [],
            "no_row": [{"indicator": i, "field": f} for i, f in plan.no_row] if plan else [],
            "missing_in_extract": [{"indicator": i, "field": f, "month": m.key} for i, f, m in o.missing],
        })
    return {"mapping": report.mapping, "dry_run": report.dry_run, "ok": report.ok,
            "extracts": [{"file": f, "sha256": s} for f, s in report.extracts], "offices": offices,
            "unknown_offices": report.unknown_offices, "not_mapped": report.unmatched,
            "other_year": report.other_year,
            "row_problems": [{"file": p.file, "row": p.row, "column": p.column, "message": p.message}
                             for p in report.row_problems]}


def _fig(f: Any) -> dict[str, Any]:
    return {"indicator": f.indicator, "field": f.field, "month": f.month.key, "value": f.value,
            "extract": f.file, "row": f.row}


def print_report(report: ImportReport, skipped: list[str]) -> None:
    from .import_output import print_reconciliation

    print_reconciliation(report, skipped)
