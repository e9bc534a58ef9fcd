"""The `navkort` command line: parses arguments, calls the library, prints. Nothing else.

Exit codes: 0 ok, 1 invalid input (or some offices failed), 2 could not run (usage, missing file).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Annotated, Any, Callable, Optional, TypeVar

import typer

from .errors import NavkortError, errors_only

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

_state = {"debug": False}
F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(fn: F) -> F:
    """Turn NavkortError into messages and an exit code; anything unexpected into one red panel."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .output import console, print_problems

        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except NavkortError as exc:
            print_problems(exc.problems, stderr=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            console(stderr=True).print("Avbrutt.")
            raise typer.Exit(130) from None
        except Exception as exc:  # noqa: BLE001 - the one place that catches everything
            if _state["debug"]:
                raise
            from rich.panel import Panel

            console(stderr=True).print(Panel(
                f"{type(exc).__name__}: {exc}\n\nDette er en feil i navkort, ikke i filene dine. "
                "Kjør kommandoen på nytt med --debug for detaljer, og send dem til den som drifter navkort.",
                title="Uventet feil", border_style="red"))
            raise typer.Exit(3) from None

    return wrapper  # type: ignore[return-value]


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Vis full feilsporing ved uventede feil.")] = False,
) -> None:
    """Målekort for NAV-kontor."""
    _state["debug"] = debug


def _is_workbook_path(path: Path) -> bool:
    """Tell a workbook from a YAML file by content (zip/OLE signature), falling back to the name."""
    if path.name.startswith("~$") or path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods", ".csv"):
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    return head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0")


@app.command()
@handle_errors
def validate(
    files: Annotated[Optional[list[Path]], typer.Argument(
        metavar="FILER", help="Katalog (indicators.yaml), overlegg (.yaml) og/eller arbeidsbøker (.xlsx). "
             "Uten katalog brukes den nasjonale.", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv resultatet som JSON.")] = False,
) -> None:
    """Sjekk katalog, overlegg og arbeidsbøker. Skriver alle feil med fil og linje/celle.

    Avslutningskode 0 = gyldig, 1 = feil funnet, 2 = kunne ikke kjøre (fil mangler, ikke YAML).
    """
    from .catalogue import validate_catalogue
    from .output import print_json, print_problems, problems_json
    from .summary import catalogue_summary_lines

    files = files or []
    yaml_files = [f for f in files if not _is_workbook_path(f)]
    workbooks = [f for f in files if _is_workbook_path(f)]
    cat, problems = validate_catalogue(yaml_files)
    office_results: list[dict[str, Any]] = []
    if workbooks and cat is not None and not errors_only(problems):
        from .workbook import validate_office

        for wb in workbooks:
            wb_problems, office = validate_office(wb, cat)
            problems += wb_problems
            office_results.append({"file": str(wb), "office": office.name if office else None,
                                   "valid": not errors_only(wb_problems)})
    errors = errors_only(problems)
    if as_json:
        print_json({
            "valid": not errors,
            "files": [str(f) for f in files],
            "catalogue": list(cat.files) if cat else [],
            "problems": problems_json(problems),
            "changes": [c.to_dict() for c in cat.changes] if cat else [],
            "workbooks": office_results,
        })
    else:
        from .output import console

        con = console()
        print_problems(problems)
        if errors:
            con.print(f"Ugyldig: {len(errors)} feil" + (f", {len(problems) - len(errors)} advarsler."
                                                      if len(problems) > len(errors) else "."), markup=False)
        else:
            for line in catalogue_summary_lines(cat):
                con.print(line, markup=False, soft_wrap=True)
            for res in office_results:
                con.print(f"Arbeidsbok {res['file']} ({res['office']}): gyldig.", markup=False, soft_wrap=True)
    raise typer.Exit(1 if errors else 0)


@app.command()
@handle_errors
def indicators(
    overlays: Annotated[Optional[list[Path]], typer.Argument(
        metavar="OVERLEGG", help="Overlegg som legges oppå den nasjonale katalogen (eller en katalog først).", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv katalogen som JSON.")] = False,
) -> None:
    """Vis den sammenslåtte katalogen: id, navn, perspektiv, eier, målkrav, gult område, forsinkelse, opphav."""
    from .catalogue import load_catalogue
    from .output import console, print_json
    from .summary import catalogue_json, catalogue_table

    cat = load_catalogue(*(overlays or []))
    if as_json:
        print_json(catalogue_json(cat))
    else:
        con = console()
        con.print(catalogue_table(cat, con.width))


@app.command()
@handle_errors
def new(
    office: Annotated[str, typer.Option("--office", metavar="NAVN", help="Kontorets navn, f.eks. «NAV Fjellbygd».")],
    year: Annotated[int, typer.Option("--year", metavar="ÅR", help="Året arbeidsboken gjelder.", min=2000,
                                      max=2100)],
    out: Annotated[Path, typer.Option("-o", "--out", metavar="FIL", help="Filen som skal lages (.xlsx).")],
    overlays: Annotated[Optional[list[Path]], typer.Argument(
        metavar="OVERLEGG", help="Fylkesoverlegg (.yaml) som legges oppå den nasjonale katalogen.", show_default=False)] = None,
    kommune: Annotated[Optional[list[str]], typer.Option(
        "--kommune", metavar="NAVN", help="Kommune kontoret betjener; gjenta for interkommunale kontor.", show_default=False)] = None,
    from_: Annotated[Optional[Path], typer.Option(
        "--from", metavar="FIL", help="Fjorårets arbeidsbok: tallene kopieres til «Fjorår», lokale mål og åpne tiltak tas med.",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Skriv over en fil som finnes fra før.")] = False,
) -> None:
    """Lag en tom arbeidsbok for et kontor og et år fra katalogen (med overlegg)."""
    from .catalogue import load_catalogue
    from .fileio import same_file
    from .output import console
    from .template import new_office, write_new_workbook

    cat = load_catalogue(*(overlays or []))
    previous = None
    if from_ is not None:
        from .workbook import read_office

        if same_file(from_, out):
            from .errors import Problem

            raise NavkortError(Problem("output-is-input", "--from og -o er samme fil.", file=str(out)), exit_code=2)
        previous = read_office(from_, cat)
    data = new_office(cat, name=office, year=year, municipalities=kommune, previous=previous)
    write_new_workbook(out, cat, data, force=force)
    con = console()
    con.print(f"Laget {out} for {office} {year} med {len(cat.indicators)} indikatorer"
              + (f" og {len(data.local_indicators)} lokale mål" if data.local_indicators else "") + ".",
              markup=False, soft_wrap=True)
    if previous is not None:
        con.print(f"Fra {from_}: fjorårets tall i «Fjorår», {len(data.actions)} åpne tiltak tatt med.",
                  markup=False, soft_wrap=True)


def _split_inputs(files: list[Path]) -> tuple[list[Path], list[Path]]:
    """(YAML catalogue/overlays, workbook paths) from positional arguments."""
    yaml_files = [f for f in files if f.is_file() and not _is_workbook_path(f)]
    others = [f for f in files if f not in yaml_files]
    return yaml_files, others


MonthOption = Annotated[Optional[str], typer.Option(
    "--month", metavar="ÅÅÅÅ-MM", help="Måned som ÅÅÅÅ-MM. Standard: siste måned med tall.", show_default=False)]
JobsOption = Annotated[Optional[int], typer.Option(
    "--jobs", "-j", min=1, metavar="N", help="Antall kontor som behandles samtidig. Standard: antall kjerner.", show_default=False)]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Ingen framdriftslinje; én linje per kontor.")]


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
) -> None:
    """Beregn status for hver indikator: måneden og hittil i år, med trend.

    Avslutningskode 0 = alle beregnet (uansett farger), 1 = en eller flere arbeidsbøker ugyldige, 2 = feil bruk.
    """
    from .catalogue import load_catalogue

    yaml_files, inputs = _split_inputs(files)
    if len(inputs) == 1 and inputs[0].is_file() and not inputs[0].name.startswith("~$"):
        _score_one(load_catalogue(*yaml_files), inputs[0], month, as_json, out)  # one office: no batch machinery
        return
    workbooks, skipped = _collect(inputs)
    cat = load_catalogue(*yaml_files)
    if len(workbooks) == 1 and len(inputs) == 1 and not inputs[0].is_dir():
        _score_one(cat, workbooks[0], month, as_json, out)
        return
    from datetime import date

    from . import cli_batch
    from .batch import Job

    overview_dir = out or _default_overview_dir(workbooks, month)
    code = cli_batch.run(workbooks, skipped, Job(catalogue=cat, month=month), jobs=jobs, quiet=quiet,
                         as_json=as_json, overview_dir=overview_dir, catalogue=cat, made=date.today())
    raise typer.Exit(code)


def _collect(inputs: list[Path]) -> tuple[list[Path], list[Path]]:
    """Workbooks and skipped lock files from files, folders and globs; none at all is a usage error."""
    from .batch import collect_workbooks
    from .errors import Problem

    workbooks, skipped = collect_workbooks(inputs)
    if not workbooks:
        raise NavkortError(Problem("usage", "Fant ingen arbeidsbøker (.xlsx).",
                                   hint="Oppgi arbeidsbøker, en mappe eller et mønster som *.xlsx."), exit_code=2)
    return workbooks, skipped


def _default_overview_dir(workbooks: list[Path], month: Optional[str]) -> Path:
    import os

    parent = Path(os.path.commonpath([str(w.resolve().parent) for w in workbooks]))
    return parent / f"fylkesoversikt-{month or 'siste'}"


def _score_one(cat: Any, wb: Path, month: Optional[str], as_json: bool, out: Optional[Path]) -> None:
    from .errors import Problem
    from .fileio import same_file, write_atomic
    from .output import console, print_json, print_problems, render_scorecard
    from .scoring import score as score_office
    from .workbook import read_office

    if out is not None and same_file(out, wb):
        raise NavkortError(Problem("output-is-input", f"--out peker på arbeidsboken «{wb}».", file=str(out)),
                           exit_code=2)
    if out is not None and out.suffix.lower() != ".xlsx":
        raise NavkortError(Problem("usage", f"«{out}» må slutte på .xlsx.", file=str(out)), exit_code=2)
    office = read_office(wb, cat)
    card = score_office(cat, office, month)
    if out is not None:
        from .xlsxout import malekort_xlsx

        write_atomic(out, malekort_xlsx(card))
    if as_json:
        print_json(card.to_dict())
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
        "--to", metavar="MOTTAKER", help="Mottaker av statusbrevet: rådmann, fylkesdirektør eller navleder (intern versjon).")] = "",
    month: MonthOption = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Lag PDF i tillegg til HTML (krever WeasyPrint).")] = False,
    lang: Annotated[str, typer.Option(
        "--lang", metavar="nb|nn", help="Språk i brevet: nb (bokmål) eller nn (nynorsk).")] = "nb",
    templates: Annotated[Optional[Path], typer.Option(
        "--templates", metavar="MAPPE", show_default=False,
        help="Egen malmappe som brukes før de innebygde (brevhode, logo).")] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", metavar="MAPPE", help="Mappe for dokumentene. Standard: en mappe ved siden av hver arbeidsbok.",
        show_default=False)] = None,
    jobs: JobsOption = None,
    quiet: QuietOption = False,
) -> None:
    """Lag målekortet (én side), statusbrevet og tiltaksplanen for måneden, for ett eller mange kontor.

    Avslutningskode 0 = alt laget, 1 = en eller flere arbeidsbøker ugyldige, 2 = feil bruk.
    """
    from datetime import date

    from . import cli_batch
    from .batch import Job
    from .catalogue import load_catalogue
    from .errors import Problem
    from .report import RECIPIENT_ALIASES

    recipient = RECIPIENT_ALIASES.get(to.strip().casefold())
    if recipient is None:
        raise NavkortError(Problem("usage", f"Ukjent mottaker «{to}»." if to else "Oppgi mottaker med --to.",
                                   hint="Bruk --to rådmann, --to fylkesdirektør eller --to navleder."), exit_code=2)
    if lang not in ("nb", "nn"):
        raise NavkortError(Problem("usage", f"Ukjent språk «{lang}».", hint="Bruk --lang nb eller --lang nn."),
                           exit_code=2)
    yaml_files, inputs = _split_inputs(files or [Path(".")])
    workbooks, skipped = _collect(inputs)
    cat = load_catalogue(*yaml_files)
    many = len(workbooks) > 1
    job = Job(catalogue=cat, month=month, report_to=recipient, out_dir=out, per_office_folders=many,
              made=date.today(), lang=lang, pdf=pdf, templates=templates)
    overview_dir = (out or _default_overview_dir(workbooks, month)) if many else None
    code = cli_batch.run(workbooks, skipped, job, jobs=jobs, quiet=quiet, as_json=False, overview_dir=overview_dir,
                         catalogue=cat, made=date.today())
    raise typer.Exit(code)


def run() -> None:
    """Console-script entry point."""
    from .cli_nb import install

    install()
    try:
        app()
    except BrokenPipeError:  # `navkort ... | head`
        sys.stderr.close()
