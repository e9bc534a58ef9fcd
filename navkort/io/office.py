"""The office interpreter: sheet data (from xlsx_zip.read_sheets) → Office, forgiving about how
people type and strict about what it cannot know. `interpret` is pure; `read_office` and
`validate_office` read the file first and interpret after it is closed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import NavkortError, Problem, Severity, errors_only, shown
from ..model import Catalogue, Indicator, Municipality, Office, OverlayRef, Series
from .cells import Cells, text_of
from .layout import (
    SHEET_ACTIONS,
    SHEET_COMMENTS,
    SHEET_DATA,
    SHEET_IMPORTLOG,
    SHEET_LAST_YEAR,
    SHEET_LOCAL,
    SHEET_OFFICE,
    cell_ref,
    norm,
    parse_overlays,
)
from .office_sheets import (
    municipality_key,
    parse_year,
    read_actions,
    read_comments,
    read_kontor,
    read_local,
    read_series,
)
from .sheets import Sheet
from .xlsx_zip import read_sheets

if TYPE_CHECKING:
    from ..model.imports import ImportSource

SHEETS_READ = (SHEET_OFFICE, SHEET_DATA, SHEET_LAST_YEAR, SHEET_LOCAL, SHEET_COMMENTS, SHEET_ACTIONS, SHEET_IMPORTLOG)


def validate_office(path: Path | str, catalogue: Catalogue,
                    other_overlays: bool = False) -> tuple[list[Problem], Office | None]:
    """Read a workbook and return every problem found (errors and warnings) and the office if readable.
    `other_overlays`: overlays other than those the workbook was made with are a warning, not an error."""
    path = Path(path)
    file = str(path)
    problems: list[Problem] = []
    cells = Cells(file, problems)
    try:
        sheets = read_sheets(path, SHEETS_READ)
    except NavkortError as exc:
        return problems + exc.problems, None
    return interpret(file, catalogue, sheets, problems, cells, other_overlays)


def interpret(file: str, catalogue: Catalogue, sheets: dict[str, Sheet | None], problems: list[Problem],
               cells: Cells, other_overlays: bool = False) -> tuple[list[Problem], Office | None]:
    for wanted in (SHEET_OFFICE, SHEET_DATA):
        if sheets[wanted] is None:
            problems.append(Problem("sheet-missing", f"Arbeidsboken mangler arket «{wanted}».", file=file,
                                    sheet=wanted))
    fields, munis, name, year = _kontor(file, sheets[SHEET_OFFICE], cells, problems)
    recorded = _recorded_overlays(file, fields, problems)
    problems += check_overlays(file, recorded, catalogue, other_overlays)
    local: list[Indicator] = []
    if (local_sheet := sheets[SHEET_LOCAL]) is not None:
        local = read_local(local_sheet, cells)
        national = set(catalogue.ids)
        for ind in local:
            if ind.id in national:
                problems.append(Problem("duplicate-id", f"Det lokale målet «{ind.id}» har samme id som en indikator "
                                        "i katalogen.", file=file, sheet=SHEET_LOCAL, indicator=ind.id))
        local = [i for i in local if i.id not in national]
    indicators = {i.id: i for i in catalogue.indicators}
    indicators.update({i.id: i for i in local})
    disabled = set(catalogue.disabled)
    series: Series = {}
    last_year: Series = {}
    if (data := sheets[SHEET_DATA]) is not None:
        series = read_series(data, cells, indicators, disabled, check_rows=True)
    if (last := sheets[SHEET_LAST_YEAR]) is not None:
        last_year = read_series(last, cells, indicators, disabled, check_rows=False)
    known = {norm(i) for i in indicators} | {norm(d) for d in disabled} | {"", "generelt", "alle"}
    comment_sheet, action_sheet = sheets[SHEET_COMMENTS], sheets[SHEET_ACTIONS]
    comments = (read_comments(comment_sheet, cells, known, {municipality_key(m.name): m.name for m in munis})
                if comment_sheet else [])
    actions = read_actions(action_sheet, cells, known) if action_sheet else []
    example_raw = fields.get("example", (None, None))[0]
    office = Office(
        file=file, name=name, year=year or 0,
        number=text_of(fields.get("number", (None,))[0]), county=text_of(fields.get("county", (None,))[0]),
        leader=text_of(fields.get("leader", (None,))[0]),
        leader_title=text_of(fields.get("leader_title", (None,))[0]),
        case_officer=text_of(fields.get("case_officer", (None,))[0]),
        reference=text_of(fields.get("reference", (None,))[0]),
        county_director=text_of(fields.get("county_director", (None,))[0]),
        place=text_of(fields.get("place", (None,))[0]), address=text_of(fields.get("address", (None,))[0]),
        example=bool(text_of(example_raw)), overlays=recorded,
        sources=_sources(sheets.get(SHEET_IMPORTLOG), series),
        municipalities=tuple(munis), series=series, last_year=last_year,
        local_indicators=tuple(local), comments=tuple(comments), actions=tuple(actions),
        warnings=tuple(p for p in problems if p.severity == "warning"),
    )
    return problems, office


def _sources(log: Sheet | None, series: Series) -> tuple[ImportSource, ...]:
    """The imported figures the workbook still holds (one typed over since is no longer the extract's)."""
    if log is None:
        return ()
    from .workbook_cells import import_sources  # only workbooks `navkort import` wrote have the sheet

    sources = import_sources(log)
    out = []
    for src in sources:
        vals = series.get(src.indicator, {}).get(src.field) or [None] * 12
        now = vals[src.month - 1] if 1 <= src.month <= 12 else None
        if now is not None and src.value is not None and abs(now - src.value) <= 1e-9 * max(1.0, abs(now)):
            out.append(src)
    return tuple(out)


def _kontor(file: str, kontor: Sheet | None, cells: Cells,
            problems: list[Problem]) -> tuple[dict[str, Any], list[Municipality], str, int | None]:
    """«Kontor»: its labelled fields, the municipalities, and the office's name and year (checked)."""
    fields: dict[str, Any] = {}
    if kontor is None:
        return fields, [], "", None
    munis = read_kontor(kontor, cells, fields)
    name_raw, name_row = fields.get("name", (None, None))
    name = text_of(name_raw)
    year_raw, year_row = fields.get("year", (None, None))
    year = parse_year(year_raw)
    if not name:
        problems.append(Problem("kontor-missing", "Kontorets navn mangler.", file=file, sheet=SHEET_OFFICE,
                                cell=cell_ref(name_row, 1) if name_row is not None else ""))
    else:
        _check_recipients(file, fields, munis, problems)
    if year is None:
        found = f" (fant «{text_of(year_raw)}»)" if year_raw not in (None, "") else ""
        problems.append(Problem("kontor-missing", f"År mangler eller er ugyldig{found}.", file=file,
                                sheet=SHEET_OFFICE, cell=cell_ref(year_row, 1) if year_row is not None else ""))
    return fields, munis, name, year


def _check_recipients(file: str, fields: dict[str, Any], munis: list[Municipality], problems: list[Problem]) -> None:
    """Warnings for «Kontor» details the letters need: without them a letter goes to «v/ Rådmann»."""
    if not munis:
        problems.append(Problem("kontor-incomplete", "«Kontor» har ingen kommune; brevet til rådmannen får ingen "
                                "mottaker.", file=file, sheet=SHEET_OFFICE, severity="warning",
                                hint="Fyll inn kommunen og rådmannen i tabellen «Kommune» i arket «Kontor»."))
    for key, label in (("county_director", "Fylkesdirektør"), ("leader", "NAV-leder")):
        raw, row = fields.get(key, (None, None))
        if not text_of(raw):
            problems.append(Problem("kontor-incomplete", f"«{label}» er tom; brevene mangler navnet.", file=file,
                                    sheet=SHEET_OFFICE, cell=cell_ref(row, 1) if row is not None else "",
                                    severity="warning", hint=f"Fyll inn «{label}» i arket «Kontor»."))


def _recorded_overlays(file: str, fields: dict[str, Any], problems: list[Problem]) -> tuple[OverlayRef, ...]:
    raw, row = fields.get("overlays", (None, None))
    text = text_of(raw)
    refs = parse_overlays(text)
    if refs is None:
        problems.append(Problem(
            "overlay-unreadable", f"Forstår ikke «{text}» som overlegg; arbeidsboken sjekkes ikke mot overlegget.",
            file=file, sheet=SHEET_OFFICE, cell=cell_ref(row, 1) if row is not None else "", severity="warning",
            hint="Skriv som navkort new gjør: «fylke.yaml (navn), kontrollsum 1a2b3c4d5e6f», eller tøm cellen."))
        return ()
    return refs


def check_overlays(file: str, recorded: tuple[OverlayRef, ...], catalogue: Catalogue,
                   other_overlays: bool = False) -> list[Problem]:
    """The overlays the workbook was made with against those given now. Missing or other overlays
    are errors (the office would silently be scored by other thresholds) unless `other_overlays`;
    an overlay whose content changed since is a warning."""
    if not recorded:
        return []  # made before navkort recorded overlays, or made without one: nothing to compare
    severity: Severity = "warning" if other_overlays else "error"
    used = {o.file.casefold(): o for o in catalogue.overlays}
    problems: list[Problem] = []
    hint = ("Oppgi det samme overlegget i kommandoen (f.eks. navkort report MAPPE fylke.yaml), eller bruk "
            "--annet-overlegg om det er meningen.")
    for ref in recorded:
        now = used.pop(ref.file.casefold(), None)
        if now is None:
            beside = Path(file).parent / ref.file
            found = (f"«{ref.file}» ligger ved siden av arbeidsboken: legg den til i kommandoen, f.eks. "
                     f"navkort report {shown(str(Path(file).parent))} {shown(str(beside))} (eller bruk "
                     "--annet-overlegg om det er meningen)." if beside.is_file() else "")
            problems.append(Problem("overlay-missing", f"Arbeidsboken er laget med overlegget «{ref.file}»"
                                    + (f" ({ref.name})" if ref.name else "") + ", men det er ikke oppgitt nå.",
                                    file=file, sheet=SHEET_OFFICE, severity=severity, hint=found or hint))
        elif now.digest != ref.digest:
            problems.append(Problem("overlay-changed", f"Overlegget «{ref.file}» er endret siden arbeidsboken ble "
                                    f"laget (kontrollsum {ref.digest}, nå {now.digest}); mål og terskler kan være "
                                    "andre enn da.", file=file, sheet=SHEET_OFFICE, severity="warning"))
    for other in used.values():
        problems.append(Problem("overlay-other", f"Arbeidsboken er ikke laget med overlegget «{other.file}», men "
                                "det er oppgitt nå.", file=file, sheet=SHEET_OFFICE, severity=severity, hint=hint))
    return problems


def read_office(path: Path | str, catalogue: Catalogue, other_overlays: bool = False) -> Office:
    """Read one office workbook; raise NavkortError with every error found (warnings kept on the Office).
    `other_overlays` as in `validate_office`."""
    problems, office = validate_office(path, catalogue, other_overlays)
    errs = errors_only(problems)
    if errs or office is None:
        raise NavkortError(errs or problems)
    return office


def overlays_beside(workbooks: list[Path]) -> list[Path]:
    """The overlays the workbooks were made with, when every workbook records the same ones and each
    lies beside the workbooks with the same content (checksum). Otherwise none: scoring then says
    which overlay is missing. Reads only «Kontor»."""
    from .overlay import overlay_digest
    from .yaml import load_yaml_file

    recorded: set[tuple[OverlayRef, ...]] = set()
    folders: set[Path] = set()
    for wb in workbooks:
        try:
            kontor = read_sheets(wb, (SHEET_OFFICE,))[SHEET_OFFICE]
        except NavkortError:
            continue  # the reader says what is wrong with it later
        if kontor is None:
            continue
        fields: dict[str, Any] = {}
        read_kontor(kontor, Cells(str(wb), []), fields)
        recorded.add(parse_overlays(text_of(fields.get("overlays", (None,))[0])) or ())
        folders.add(wb.parent.resolve())
    if len(recorded) != 1 or len(folders) != 1:
        return []
    (refs,) = recorded
    folder = folders.pop()
    found = []
    for ref in refs:
        path = folder / ref.file
        doc, _ = load_yaml_file(path) if path.is_file() else (None, [])
        if doc is None or overlay_digest(doc.data) != ref.digest:
            return []
        found.append(path)
    return found
