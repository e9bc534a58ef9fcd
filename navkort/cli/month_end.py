"""Month end: `navkort score` and `navkort report`, for one office or a whole county."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NavkortError, Problem, os_reason
from ..io.files import Skipped
from ..model import Catalogue, Recipient
from .base import (
    JobsOption,
    MonthOption,
    OtherOverlaysOption,
    QuietOption,
    app,
    check_month,
    handle_errors,
    split_inputs,
    today,
    with_recorded_overlays,
)

RECIPIENT_ALIASES: dict[str, Recipient] = {
    "rådmann": "radmann", "radmann": "radmann", "kommunedirektør": "radmann", "fylkesdirektør": "fylkesdirektor",
    "fylkesdirektor": "fylkesdirektor", "navleder": "navleder", "nav-leder": "navleder"}


@app.command()
@handle_errors
def score(
    files: Annotated[list[Path], typer.Argument(
        metavar="FILER", help="Arbeidsbøker (.xlsx), mapper eller mønstre (*.xlsx), og eventuelt overlegg (.yaml).",
        show_default=False)],
    month: MonthOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv resultatet som JSON (se README).")] = False,
    out: Annotated[Optional[Path], typer.Option(
        "--out", metavar="FIL|MAPPE", show_default=False,
        help="Ett kontor: farget målekort som arbeidsbok (.xlsx). Flere kontor: mappe for fylkesoversikten.")] = None,
    jobs: JobsOption = None,
    quiet: QuietOption = False,
    other_overlays: OtherOverlaysOption = False,
) -> None:
    """Beregn status for hver indikator: måneden og hittil i år, med trend.

    Avslutningskode 0 = alle beregnet (uansett farger), 1 = en eller flere arbeidsbøker ugyldige, 2 = feil bruk.
    """
    from ..io.catalogue import load_catalogue

    check_month(month)
    yaml_files, inputs = split_inputs(files)
    if len(inputs) == 1 and inputs[0].is_file() and not inputs[0].name.startswith("~$"):
        yaml_files = with_recorded_overlays(yaml_files, inputs, other_overlays)
        _score_one(load_catalogue(*yaml_files), inputs[0], month, as_json, out, other_overlays)  # no batch machinery
        return
    workbooks, skipped = _collect(inputs)
    cat = load_catalogue(*with_recorded_overlays(yaml_files, workbooks, other_overlays))
    if len(workbooks) == 1 and len(inputs) == 1 and not inputs[0].is_dir():  # a pattern that found one office
        _score_one(cat, workbooks[0], month, as_json, out, other_overlays)
        return
    if out is not None and out.suffix.lower() == ".xlsx":
        raise NavkortError(Problem(
            "usage", f"Med flere kontor er --out en mappe for fylkesoversikten, ikke «{out.name}».", file=str(out),
            hint="Oppgi en mappe, f.eks. --out oversikt. Et farget målekort (.xlsx) lages for ett kontor om gangen."))
    if out is not None:
        _prepare_out_dir(out)  # only now: a run that stops before this leaves no folder behind
    from ..app.batch import Job
    from . import batch

    day = today()
    code = batch.run(workbooks, skipped, Job(catalogue=cat, month=month, made=day, inputs=tuple(workbooks),
                                             other_overlays=other_overlays,
                                             overview_dir=out),  # score writes files only with --out
                     jobs=jobs, quiet=quiet, as_json=as_json, catalogue=cat)
    raise typer.Exit(code)


def _collect(inputs: list[Path], out: Path | None = None) -> tuple[list[Path], list[Skipped]]:
    """Workbooks and skipped files from files, folders and globs. A named file that does not exist,
    no workbooks at all, or an --out that is a file are usage errors, found before any work."""
    from ..io.files import collect_workbooks

    for p in inputs:
        if not p.exists() and not p.is_symlink() and not any(ch in str(p) for ch in "*?["):
            raise NavkortError(Problem("file-not-found", f"Finner ikke «{p}».", file=str(p)))
    if out is not None:
        _prepare_out_dir(out)
    workbooks, skipped = collect_workbooks(inputs)
    if not workbooks:
        where = ", ".join(f"«{p}»" for p in inputs)
        raise NavkortError(Problem("usage", f"Fant ingen arbeidsbøker (.xlsx) i {where}.",
                                   hint="Oppgi arbeidsbøker, en mappe eller et mønster som *.xlsx."))
    return workbooks, skipped


def _prepare_out_dir(out: Path) -> None:
    """An output folder that exists or can be made, and can be written to."""
    if out.exists() and not out.is_dir():
        raise NavkortError(Problem("usage", f"--out «{out}» er en fil som finnes fra før, men her trengs en mappe.",
                                   file=str(out), hint="Oppgi en mappe (den lages om den ikke finnes)."))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NavkortError(Problem("file-not-found", f"Kan ikke lage mappen «{out}»: {os_reason(exc)}.",
                                   file=str(out))) from None
    if not os.access(out, os.W_OK):
        raise NavkortError(Problem("file-not-found", f"Har ikke lov til å skrive i «{out}».", file=str(out)))


def default_out_dir(workbooks: list[Path]) -> Path:
    """`report` without --out: the folder «rapporter» beside the workbooks (their common folder)."""
    parent = Path(os.path.commonpath([str(w.absolute().parent) for w in workbooks]))
    try:
        return parent.relative_to(Path.cwd()) / "rapporter"
    except ValueError:
        return parent / "rapporter"


def _score_one(cat: Catalogue, wb: Path, month: Optional[str], as_json: bool, out: Optional[Path],
               other_overlays: bool) -> None:
    from ..app.reports import score_office, write_malekort_xlsx
    from ..io.files import navkort_document, same_file
    from ..render.json import scorecard_json
    from .output import console, print_json, print_problems, problems_json, render_scorecard

    if out is not None and same_file(out, wb):
        raise NavkortError(Problem("output-is-input", f"--out peker på arbeidsboken «{wb}».", file=str(out)))
    if out is not None and out.suffix.lower() != ".xlsx":
        raise NavkortError(Problem("usage", f"«{out}» må slutte på .xlsx.", file=str(out)))
    if out is not None and out.is_file() and not navkort_document(out):
        raise NavkortError(Problem("file-exists", f"«{out}» finnes fra før og er ikke et målekort navkort har laget; "
                                   "navkort skriver ikke over den.", file=str(out),
                                   hint="Velg et annet filnavn, eller flytt filen først."))
    office, card = score_office(wb, cat, month, today(), other_overlays)
    if out is not None:
        write_malekort_xlsx(card, out)
    if as_json:
        print_problems(office.warnings, stderr=True)
        print_json({**scorecard_json(card), "warnings": problems_json(office.warnings)})
        return
    con = console()
    print_problems(office.warnings, stderr=True)
    render_scorecard(card, con)
    if out is not None:
        con.print(f"Målekortet er skrevet til {out}.", markup=False, soft_wrap=True)


@app.command()
@handle_errors
def report(
    files: Annotated[Optional[list[Path]], typer.Argument(
        metavar="FILER", help="Arbeidsbøker (.xlsx), mapper eller mønstre, og eventuelt overlegg (.yaml). Uten filer: "
             "arbeidsbøkene i mappen du står i.", show_default=False)] = None,
    to: Annotated[str, typer.Option(
        "--to", metavar="MOTTAKER",
        help="Mottaker av statusbrevet: rådmann, fylkesdirektør eller navleder (intern versjon).")] = "",
    month: MonthOption = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Lag PDF/A i tillegg til HTML (krever WeasyPrint).")] = False,
    docx: Annotated[bool, typer.Option(
        "--docx", help="Lag statusbrevet og tiltaksplanen som Word-dokumenter (.docx) også, til redigering.")] = False,
    lang: Annotated[Optional[str], typer.Option(
        "--lang", metavar="nb|nn", show_default=False,
        help="Språk i alle dokumentene: nb (bokmål) eller nn (nynorsk). Standard: brevet til hver kommune på "
             "kommunens målform («Målform» i «Kontor»), resten på bokmål.")] = None,
    templates: Annotated[Optional[Path], typer.Option(
        "--templates", metavar="MAPPE", show_default=False,
        help="Egen malmappe som brukes før de innebygde (brevhode, logo, Word-maler).")] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", metavar="MAPPE", help="Mappe for dokumentene. Standard: «rapporter» ved siden av arbeidsbøkene, "
                                       "med én mappe per kontor.",
        show_default=False)] = None,
    spc_appendix: Annotated[bool, typer.Option(
        "--spc-appendix", help="Legg ved kontrolldiagrammer (SPC) for hver indikator.")] = False,
    jobs: JobsOption = None,
    quiet: QuietOption = False,
    other_overlays: OtherOverlaysOption = False,
) -> None:
    """Lag målekortet (én side), statusbrevet og tiltaksplanen for måneden, for ett eller mange kontor.

    Avslutningskode 0 = alt laget, 1 = en eller flere arbeidsbøker ugyldige, 2 = feil bruk.
    """
    from ..app.batch import Job
    from ..io.catalogue import load_catalogue
    from . import batch

    check_month(month)
    recipient: Recipient | None = RECIPIENT_ALIASES.get(to.strip().casefold())
    if recipient is None:
        raise NavkortError(Problem("usage", f"Ukjent mottaker «{to}»." if to else "Oppgi mottaker med --to.",
                                   hint="Bruk --to rådmann, --to fylkesdirektør eller --to navleder."))
    if lang is not None and lang not in ("nb", "nn"):
        raise NavkortError(Problem("usage", f"Ukjent språk «{lang}».", hint="Bruk --lang nb eller --lang nn."))
    yaml_files, inputs = split_inputs(files or [])
    workbooks, skipped = _collect(inputs or [Path(".")], out)  # no workbooks named: the folder you stand in
    cat = load_catalogue(*with_recorded_overlays(yaml_files, workbooks, other_overlays))
    many = len(workbooks) > 1
    made_here = None
    if out is None:  # one predictable place: «rapporter» beside the workbooks, a folder per office in it
        out = default_out_dir(workbooks)
        made_here = None if out.exists() else out
        _prepare_out_dir(out)
        many = True
    job = Job(catalogue=cat, month=month, report_to=recipient, out_dir=out, per_office_folders=many,
              made=today(), lang=lang, pdf=pdf, docx=docx, templates=templates, inputs=tuple(workbooks),
              other_overlays=other_overlays, spc_appendix=spc_appendix, overview_dir=out)
    try:
        code = batch.run(workbooks, skipped, job, jobs=jobs, quiet=quiet, as_json=False, catalogue=cat)
    finally:
        if made_here is not None and not any(made_here.iterdir()):
            made_here.rmdir()  # nothing was written: leave no empty folder behind
    raise typer.Exit(code)
