"""Commands about the catalogue and the workbooks themselves: validate, indicators, new."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..errors import NavkortError, Problem, errors_only
from . import exits
from .base import OtherOverlaysOption, app, handle_errors, is_workbook_path


@app.command()
@handle_errors
def validate(
    files: Annotated[Optional[list[Path]], typer.Argument(
        metavar="FILER", help="Katalog (indicators.yaml), overlegg (.yaml) og/eller arbeidsbøker (.xlsx). "
             "Uten katalog brukes den nasjonale.", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv resultatet som JSON.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Regn advarsler (f.eks. tall som ser feil ut) som feil.")]
    = False,
    other_overlays: OtherOverlaysOption = False,
) -> None:
    """Sjekk katalog, overlegg og arbeidsbøker. Skriver alle feil med fil og linje/celle.

    Avslutningskode 0 = gyldig, 1 = feil funnet, 2 = kunne ikke kjøre (fil mangler, ikke YAML).
    """
    from ..io.catalogue import validate_catalogue
    from ..io.files import collect_workbooks
    from ..io.mapping import split_mappings, validate_mappings
    from ..text.catalogue import catalogue_summary_lines
    from .output import print_json, print_problems, problems_json

    files = files or []
    folders = [f for f in files if f.is_dir()]
    yaml_files = [f for f in files if f not in folders and not is_workbook_path(f)]
    workbooks = [f for f in files if f not in folders and is_workbook_path(f)]
    for folder in folders:
        found = collect_workbooks([folder])[0]
        if not found:
            raise NavkortError(Problem("usage", f"Fant ingen arbeidsbøker (.xlsx) i «{folder}».", file=str(folder),
                                       hint="Oppgi arbeidsbøkene, eller mappen de ligger i."))
        workbooks += found
    mappings, yaml_files = split_mappings(yaml_files)
    cat, problems = validate_catalogue(yaml_files)
    problems += validate_mappings(mappings, cat)
    office_results: list[dict[str, Any]] = []
    if workbooks and cat is not None and not errors_only(problems):
        from ..io.office import validate_office

        for wb in workbooks:
            wb_problems, office = validate_office(wb, cat, other_overlays)
            problems += wb_problems
            office_results.append({"file": str(wb), "office": office.name if office else None,
                                   "valid": not (wb_problems if strict else errors_only(wb_problems))})
    errors = list(problems) if strict else errors_only(problems)
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
            for m in mappings:
                con.print(f"Kobling {m}: gyldig.", markup=False, soft_wrap=True)
    raise typer.Exit(exits.for_problems(errors) if errors else exits.OK)


@app.command()
@handle_errors
def indicators(
    overlays: Annotated[Optional[list[Path]], typer.Argument(
        metavar="OVERLEGG", help="Overlegg som legges oppå den nasjonale katalogen (eller en katalog først).",
        show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv katalogen som JSON.")] = False,
) -> None:
    """Vis den sammenslåtte katalogen: id, navn, perspektiv, eier, målkrav, gult område, forsinkelse, opphav."""
    from ..io.catalogue import load_catalogue
    from ..text.catalogue import catalogue_json
    from .output import catalogue_table, console, print_json

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
        metavar="OVERLEGG", help="Fylkesoverlegg (.yaml) som legges oppå den nasjonale katalogen.",
        show_default=False)] = None,
    kommune: Annotated[Optional[list[str]], typer.Option(
        "--kommune", metavar="NAVN", help="Kommune kontoret betjener; gjenta for interkommunale kontor.",
        show_default=False)] = None,
    from_: Annotated[Optional[Path], typer.Option(
        "--from", metavar="FIL",
        help="Fjorårets arbeidsbok: tallene kopieres til «Fjorår», lokale mål og åpne tiltak tas med.",
        show_default=False)] = None,
    from_other_office: Annotated[bool, typer.Option(
        "--from-other-office", help="Godta at --from er et annet kontors arbeidsbok (tallene blir dette kontorets "
                                    "«Fjorår»).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Skriv over en fil som finnes fra før.")] = False,
) -> None:
    """Lag en tom arbeidsbok for et kontor og et år fra katalogen (med overlegg)."""
    from ..io.catalogue import load_catalogue
    from ..io.files import same_file
    from ..io.new_workbook import new_office, write_new_workbook
    from .output import console

    cat = load_catalogue(*(overlays or []))
    previous = None
    if from_ is not None:
        from ..io.office import read_office

        if same_file(from_, out):
            raise NavkortError(Problem("output-is-input", "--from og -o er samme fil.", file=str(out)))
        previous = read_office(from_, cat)
    data = new_office(cat, name=office, year=year, municipalities=kommune, previous=previous,
                      other_office=from_other_office)
    write_new_workbook(out, cat, data, force=force)
    con = console()
    con.print(f"Laget {out} for {office} {year} med {len(cat.indicators)} indikatorer"
              + (f" og {len(data.local_indicators)} lokale mål" if data.local_indicators else "") + ".",
              markup=False, soft_wrap=True)
    if previous is not None:
        con.print(f"Fra {from_}: fjorårets tall i «Fjorår», {len(data.actions)} åpne tiltak tatt med.",
                  markup=False, soft_wrap=True)
