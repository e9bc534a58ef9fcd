"""The office interpreter: sheet data (from xlsx_zip.read_sheets) → Office, forgiving about how
people type and strict about what it cannot know. Pure apart from `read_office`/`validate_office`,
which read the file first and interpret after it is closed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import NavkortError, Problem, Severity, errors_only
from ..model import Action, Catalogue, Comment, Indicator, Municipality, Office, Series
from .indicators import make_indicator_cached
from .layout import (
    ACTION_HEADER, ACTION_KEYS, COL_FIELD, COL_ID, COMMENT_HEADER, DIRECTION_WORDS, LOCAL_HEADER,
    LOCAL_KEYS, MEASURE_WORDS, MUNICIPALITY_HEADER, OFFICE_FIELDS, SHEET_ACTIONS, SHEET_COMMENTS,
    SHEET_DATA, SHEET_LAST_YEAR, SHEET_LOCAL, SHEET_OFFICE, UNIT_WORDS, cell_ref, field_key, norm,
)
from .parse import NumberError, parse_month, parse_number
from .xlsx_zip import Sheet, read_sheets

ERROR_VALUES = {"#div/0!", "#n/a", "#ref!", "#value!", "#name?", "#num!", "#null!", "#getting_data",
                "#spill!", "#calc!", "#i/t", "#navn?", "#verdi!", "#ref", "#tall!"}
MISSING_TEXT = {"", "-", "–", "—"}
SHEETS_READ = (SHEET_OFFICE, SHEET_DATA, SHEET_LAST_YEAR, SHEET_LOCAL, SHEET_COMMENTS, SHEET_ACTIONS)


# Cells


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat()
    return str(v).strip()


class _Cells:
    """Turns raw cell values into numbers, collecting problems with file › sheet › cell."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def problem(self, code: str, message: str, sheet: Sheet, r: int, c: int, indicator: str = "",
                severity: Severity = "error") -> None:
        self.problems.append(Problem(code, message, file=self.file, sheet=sheet.name, cell=cell_ref(r, c),
                                     indicator=indicator, severity=severity))

    def number(self, sheet: Sheet, r: int, c: int, *, percent: bool, indicator: str) -> float | None:
        if sheet.formula_no_value or sheet.error_cells:
            ref = cell_ref(r, c)
            if ref in sheet.formula_no_value:
                self.problem("cell-formula-no-value", "Cellen har en formel uten lagret verdi.", sheet, r, c, indicator)
                return None
            if ref in sheet.error_cells:
                self.problem("cell-error-value", f"Cellen viser {sheet.error_cells[ref]}; regnes som tom.", sheet, r,
                             c, indicator, severity="warning")
                return None
        v = sheet.get(r, c)
        if v is None or v == "":
            return None
        if isinstance(v, bool):
            self.problem("cell-not-a-number", f"Fant «{'TRUE' if v else 'FALSE'}», ikke et tall.", sheet, r, c, indicator)
            return None
        if isinstance(v, (int, float)):
            x = float(v)
            if percent and -1.0 <= x <= 1.0 and x != 0 and sheet.is_percent_formatted(cell_ref(r, c)):
                return round(x * 100.0, 9)  # 0.808 * 100 is 80.80000000000001
            return x
        if isinstance(v, (date, datetime)):
            self.problem("cell-not-a-number", f"Fant datoen {_text(v)}, ikke et tall.", sheet, r, c, indicator)
            return None
        s = str(v)
        if s.strip() in MISSING_TEXT:
            return None
        if s.strip().casefold() in ERROR_VALUES:
            self.problem("cell-error-value", f"Cellen viser {s.strip()}; regnes som tom.", sheet, r, c, indicator,
                         severity="warning")
            return None
        try:
            x, had_percent = parse_number(s)
        except NumberError as exc:
            self.problem(exc.code, f"Fant «{s}»: {exc}.", sheet, r, c, indicator)
            return None
        if had_percent and not percent:
            self.problem("cell-percent-in-count", f"Fant «{s}» i et felt som ikke er prosent.", sheet, r, c, indicator)
            return None
        return x


# ---------------------------------------------------------------------------------------------
# Sheets


def _find_header(sheet: Sheet, must: Iterable[str], max_rows: int = 15) -> tuple[int, dict[str, int]] | None:
    """The header row (0-based) and a map from normalised label to column."""
    want = [norm(m) for m in must]
    for r in range(min(max_rows, len(sheet.rows))):
        labels: dict[str, int] = {}
        for c, v in enumerate(sheet.rows[r]):
            if isinstance(v, str) and v.strip():
                labels.setdefault(norm(v), c)
        if all(w in labels for w in want):
            return r, labels
    return None


def _read_kontor(sheet: Sheet, cells: _Cells, office: dict[str, Any]) -> list[Municipality]:
    labels = {norm(label): key for key, label in OFFICE_FIELDS}
    munis: list[Municipality] = []
    in_table = False
    for r, row in enumerate(sheet.rows):
        first = norm(row[0]) if row and row[0] not in (None, "") else ""
        if first == norm(MUNICIPALITY_HEADER[0]):
            in_table = True
            continue
        if in_table:
            name = _text(row[0]) if row else ""
            if not name:
                continue
            radmann = _text(row[1]) if len(row) > 1 else ""
            title = (_text(row[2]) if len(row) > 2 else "") or "rådmann"
            munis.append(Municipality(name=name, radmann=radmann, title=title))
            if not radmann:
                cells.problem("kontor-no-radmann", f"Kommunen «{name}» har ingen rådmann/kommunedirektør.",
                              sheet, r, 1, severity="warning")
            continue
        if first in labels:
            office[labels[first]] = (row[1] if len(row) > 1 else None, r)
    return munis


def _parse_year(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)) and float(v).is_integer() and 2000 <= v <= 2100:
        return int(v)
    if isinstance(v, str) and v.strip().isdigit() and 2000 <= int(v.strip()) <= 2100:
        return int(v.strip())
    return None


def _read_series(sheet: Sheet, cells: _Cells, indicators: dict[str, Indicator], disabled: set[str],
                 *, check_rows: bool) -> Series:
    """Måledata/Fjorår: rows by (id, field), month columns by header."""
    found = _find_header(sheet, [COL_ID, COL_FIELD])
    if found is None:
        cells.problems.append(Problem("header-missing", f"Finner ikke overskriftsraden (med «{COL_ID}» og "
                                      f"«{COL_FIELD}») i arket «{sheet.name}».", file=cells.file, sheet=sheet.name))
        return {}
    hr, labels = found
    id_col, field_col = labels[norm(COL_ID)], labels[norm(COL_FIELD)]
    month_cols: dict[int, int] = {}
    for c, v in enumerate(sheet.rows[hr]):
        if c in (id_col, field_col):
            continue
        m = parse_month(v) if not (isinstance(v, (int, float)) and not isinstance(v, bool)) else None
        if m is not None and m not in month_cols.values():
            month_cols[c] = m
    if len(month_cols) < 12:
        missing = sorted(set(range(1, 13)) - set(month_cols.values()))
        cells.problems.append(Problem("header-missing", f"Arket «{sheet.name}» mangler kolonne for måned "
                                      f"{', '.join(str(m) for m in missing)}.", file=cells.file, sheet=sheet.name,
                                      cell=cell_ref(hr, 0)))
    series: Series = {}
    seen: dict[tuple[str, str], int] = {}
    reported_unknown: set[str] = set()
    by_norm = {norm(i): i for i in indicators}
    for r in range(hr + 1, len(sheet.rows)):
        raw_id = sheet.get(r, id_col)
        raw_id_text = _text(raw_id)
        if not raw_id_text:
            continue
        ind_id = by_norm.get(norm(raw_id_text))
        fld = field_key(sheet.get(r, field_col))
        if ind_id is None:
            if norm(raw_id_text) in {norm(d) for d in disabled}:
                continue
            has_figures = any(sheet.get(r, c) not in (None, "") for c in month_cols)
            if check_rows and has_figures and norm(raw_id_text) not in reported_unknown:
                reported_unknown.add(norm(raw_id_text))
                cells.problem("row-unknown", f"Raden har tall for «{raw_id_text}», som ikke finnes i katalogen "
                              "eller «Lokale mål»; tallene blir ikke med.", sheet, r, id_col, raw_id_text,
                              severity="warning")
            continue
        ind = indicators[ind_id]
        if fld is None or fld not in ind.fields:
            if check_rows:
                cells.problem("row-unknown", f"Feltet «{_text(sheet.get(r, field_col))}» passer ikke for {ind_id} "
                              f"(bruk {', '.join(ind.fields)}).", sheet, r, field_col, ind_id)
            continue
        if (ind_id, fld) in seen:
            cells.problem("row-duplicate", f"{ind_id} {fld} står også på rad {seen[(ind_id, fld)] + 1}.",
                          sheet, r, id_col, ind_id)
            continue
        seen[(ind_id, fld)] = r
        percent = fld == "andel" or (fld == "verdi" and ind.unit == "percent")
        values: list[float | None] = [None] * 12
        for c, m in month_cols.items():
            values[m - 1] = cells.number(sheet, r, c, percent=percent, indicator=ind_id)
        series.setdefault(ind_id, {})[fld] = values
    if check_rows:
        for ind_id, ind in indicators.items():
            have = {f for (i, f) in seen if i == ind_id}
            if ind.measure == "share":
                ok = {"teller", "nevner"} <= have or "andel" in have
                wanted = "teller og nevner (eller andel)"
            else:
                ok = set(ind.fields) <= have
                wanted = " og ".join(f for f in ind.fields if f not in have)
            if not ok:
                cells.problems.append(Problem(
                    "row-missing", f"Mangler rad for {ind_id} {wanted}; indikatoren vises uten tall.",
                    file=cells.file, sheet=sheet.name, indicator=ind_id, severity="warning"))
    return series


def _read_local(sheet: Sheet, cells: _Cells) -> list[Indicator]:
    found = _find_header(sheet, ["ID", "Navn"])
    if found is None:
        return []
    hr, labels = found
    cols = {key: labels.get(norm(label)) for key, label in zip(LOCAL_KEYS, LOCAL_HEADER)}
    out: list[Indicator] = []
    for r in range(hr + 1, len(sheet.rows)):
        ind_id = _text(sheet.get(r, cols["id"])) if cols["id"] is not None else ""
        if not ind_id:
            continue
        raw: dict[str, Any] = {}
        for key, c in cols.items():
            if c is None:
                continue
            v = sheet.get(r, c)
            if v in (None, ""):
                continue
            raw[key] = v
        data: dict[str, Any] = {"id": ind_id, "name": _text(raw.get("name")), "owner": "kommune"}
        for key in ("perspective", "owner", "description"):
            if key in raw:
                data[key] = norm(raw[key]) if key != "description" else _text(raw[key])
        if "measure" in raw:
            data["measure"] = MEASURE_WORDS.get(norm(raw["measure"]), norm(raw["measure"]))
        if "unit" in raw:
            data["unit"] = UNIT_WORDS.get(norm(raw["unit"]), norm(raw["unit"]))
        target: dict[str, Any] = {}
        if "direction" in raw:
            target["direction"] = DIRECTION_WORDS.get(norm(raw["direction"]), norm(raw["direction"]))
        for key in ("green", "yellow"):
            if key in raw:
                x = cells.number(sheet, r, cols[key], percent=False, indicator=ind_id)  # type: ignore[arg-type]
                if x is not None:
                    target[key] = x
        if target:
            data["target"] = target
        if "decimals" in raw:
            d = raw["decimals"]
            data["decimals"] = int(d) if isinstance(d, float) and d.is_integer() else d
        ind, findings = make_indicator_cached(data)
        for code, msg, path in findings:
            key = next((p for p in reversed(path) if isinstance(p, str) and p in cols), None)
            if key == "target" or key is None:
                key = next((p for p in path if p in ("green", "yellow", "direction")), "id")
            c = cols.get(key) if cols.get(key) is not None else cols["id"]
            cells.problem(code, msg[:1].upper() + msg[1:], sheet, r, c or 0, ind_id)
        if ind is not None and not findings:
            out.append(ind.with_provenance("lokal", cells.file))
    return out


def _read_comments(sheet: Sheet, cells: _Cells, known: set[str]) -> list[Comment]:
    found = _find_header(sheet, COMMENT_HEADER[:3])
    if found is None:
        return []
    hr, labels = found
    ci, cm, ct = (labels[norm(h)] for h in COMMENT_HEADER[:3])
    ca = labels.get(norm(COMMENT_HEADER[3]))
    out = []
    for r in range(hr + 1, len(sheet.rows)):
        text = _text(sheet.get(r, ct))
        if not text:
            continue
        ind = _text(sheet.get(r, ci))
        raw_month = sheet.get(r, cm)
        month = parse_month(raw_month)
        if month is None and raw_month not in (None, ""):
            cells.problem("month-unreadable", f"Forstår ikke måneden «{_text(raw_month)}».", sheet, r, cm, ind,
                          severity="warning")
        if ind and norm(ind) not in known:
            cells.problem("reference-unknown", f"Kommentaren gjelder «{ind}», som ikke er en kjent indikator.",
                          sheet, r, ci, ind, severity="warning")
        out.append(Comment(indicator=ind, month=month, text=str(sheet.get(r, ct)).strip(),
                           author=_text(sheet.get(r, ca)) if ca is not None else ""))
    return out


def _read_actions(sheet: Sheet, cells: _Cells, known: set[str]) -> list[Action]:
    found = _find_header(sheet, ACTION_HEADER[1:3])
    if found is None:
        return []
    hr, labels = found
    cols = {key: labels.get(norm(h)) for key, h in zip(ACTION_KEYS, ACTION_HEADER)}
    out = []
    for r in range(hr + 1, len(sheet.rows)):
        vals: dict[str, Any] = {}
        for key, c in cols.items():
            v = sheet.get(r, c) if c is not None else None
            if key in ("start", "end"):
                vals[key] = (v.date() if isinstance(v, datetime) else v) if isinstance(v, (date, datetime)) \
                    else (_text(v) or None)
            else:
                vals[key] = v if isinstance(v, str) else _text(v)
        if not (str(vals.get("what") or "").strip() or str(vals.get("indicator") or "").strip()):
            continue
        ind = str(vals.get("indicator") or "").strip()
        if ind and norm(ind) not in known:
            cells.problem("reference-unknown", f"Tiltaket gjelder «{ind}», som ikke er en kjent indikator.",
                          sheet, r, cols["indicator"] or 0, ind, severity="warning")
        out.append(Action(**vals))
    return out


# ---------------------------------------------------------------------------------------------


def validate_office(path: Path | str, catalogue: Catalogue) -> tuple[list[Problem], Office | None]:
    """Read a workbook and return every problem found (errors and warnings) and the office if readable."""
    path = Path(path)
    file = str(path)
    problems: list[Problem] = []
    cells = _Cells(file, problems)
    try:
        sheets = read_sheets(path, SHEETS_READ)
    except NavkortError as exc:
        return problems + exc.problems, None
    return interpret(file, catalogue, sheets, problems, cells)


def interpret(file: str, catalogue: Catalogue, sheets: dict[str, Sheet | None], problems: list[Problem],
               cells: _Cells) -> tuple[list[Problem], Office | None]:
    for wanted in (SHEET_OFFICE, SHEET_DATA):
        if sheets[wanted] is None:
            problems.append(Problem("sheet-missing", f"Arbeidsboken mangler arket «{wanted}».", file=file,
                                    sheet=wanted))
    fields: dict[str, Any] = {}
    munis: list[Municipality] = []
    if sheets[SHEET_OFFICE] is not None:
        munis = _read_kontor(sheets[SHEET_OFFICE], cells, fields)
    name_raw, name_row = fields.get("name", (None, None))
    name = _text(name_raw)
    year_raw, year_row = fields.get("year", (None, None))
    year = _parse_year(year_raw)
    if sheets[SHEET_OFFICE] is not None:
        if not name:
            problems.append(Problem("kontor-missing", "Kontorets navn mangler.", file=file, sheet=SHEET_OFFICE,
                                    cell=cell_ref(name_row, 1) if name_row is not None else ""))
        if year is None:
            found = f" (fant «{_text(year_raw)}»)" if year_raw not in (None, "") else ""
            problems.append(Problem("kontor-missing", f"År mangler eller er ugyldig{found}.", file=file,
                                    sheet=SHEET_OFFICE, cell=cell_ref(year_row, 1) if year_row is not None else ""))
    local: list[Indicator] = []
    if sheets[SHEET_LOCAL] is not None:
        local = _read_local(sheets[SHEET_LOCAL], cells)
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
    if sheets[SHEET_DATA] is not None:
        series = _read_series(sheets[SHEET_DATA], cells, indicators, disabled, check_rows=True)
    if sheets[SHEET_LAST_YEAR] is not None:
        last_year = _read_series(sheets[SHEET_LAST_YEAR], cells, indicators, disabled, check_rows=False)
    known = {norm(i) for i in indicators} | {norm(d) for d in disabled} | {"", "generelt", "alle"}
    comments = _read_comments(sheets[SHEET_COMMENTS], cells, known) if sheets[SHEET_COMMENTS] else []
    actions = _read_actions(sheets[SHEET_ACTIONS], cells, known) if sheets[SHEET_ACTIONS] else []
    example_raw = fields.get("example", (None, None))[0]
    office = Office(
        file=file, name=name, year=year or 0,
        number=_text(fields.get("number", (None,))[0]), county=_text(fields.get("county", (None,))[0]),
        leader=_text(fields.get("leader", (None,))[0]),
        county_director=_text(fields.get("county_director", (None,))[0]),
        place=_text(fields.get("place", (None,))[0]), address=_text(fields.get("address", (None,))[0]),
        example=bool(_text(example_raw)), municipalities=tuple(munis), series=series, last_year=last_year,
        local_indicators=tuple(local), comments=tuple(comments), actions=tuple(actions),
        warnings=tuple(p for p in problems if p.severity == "warning"),
    )
    return problems, office


def read_office(path: Path | str, catalogue: Catalogue) -> Office:
    """Read one office workbook; raise NavkortError with every error found (warnings kept on the Office)."""
    problems, office = validate_office(path, catalogue)
    errs = errors_only(problems)
    if errs or office is None:
        raise NavkortError(errs or problems)
    return office
