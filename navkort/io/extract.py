"""Statistics extracts (Datavarehus CSV, other systems' xlsx) read as the mapping says: bounded,
forgiving about how Norwegian systems export (`;` or `,`, UTF-8 with or without BOM or
Windows-1252, decimal comma, thousands with spaces, Statistics Norway's symbols), strict about what
it cannot know (every unreadable value is named by extract row and column)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..errors import NavkortError, Problem, os_reason, shown
from ..model import Month
from ..model.imports import Figure, Mapping, RowProblem
from .layout import norm
from .parse import NumberError, parse_number

MAX_EXTRACT_BYTES = 100 * 1024 * 1024
MAX_EXTRACT_ROWS = 500_000
HEADER_SEARCH_ROWS = 50
NO_FIGURE = {".", "..", "...", ":", "…"}  # Statistics Norway: not available, not shown, confidential
MAX_FIGURE = 1e15  # larger than any budget in kroner: a unit or export mistake


@dataclass
class Table:
    """An extract's rows below its header row, with the column of each mapped heading."""

    file: str
    sha256: str
    header_row: int  # 1-based
    columns: dict[str, int]  # normalised heading -> column index
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (1-based row, values)


def read_table(path: Path, mapping: Mapping) -> Table:
    """The extract at `path` as a Table; raise NavkortError when it cannot be read at all."""
    file = shown(str(path))
    try:
        size = path.stat().st_size
        if size > MAX_EXTRACT_BYTES:
            raise NavkortError(Problem("extract-unreadable", f"Uttrekket er {size // 1_000_000} MB; navkort leser "
                                       f"høyst {MAX_EXTRACT_BYTES // 1_000_000} MB.", file=file,
                                       hint="Del uttrekket opp (f.eks. per måned) og importer delene hver for seg."))
        data = path.read_bytes()
    except OSError as exc:
        raise NavkortError(Problem("file-not-found", f"Kan ikke lese «{file}»: {os_reason(exc)}.", file=file)) from None
    digest = hashlib.sha256(data).hexdigest()
    if data[:2] == b"PK":
        grid = _xlsx_grid(path, mapping)
    else:
        grid = _csv_grid(data, mapping, file)
    return _with_header(grid, mapping, file, digest)


def _decode(data: bytes, mapping: Mapping, file: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's «Unicode-tekst»
        return data.decode("utf-16", "replace")
    if mapping.encoding in ("auto", "utf-8"):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            if mapping.encoding == "utf-8":
                raise NavkortError(Problem("extract-unreadable", "Uttrekket er ikke UTF-8, slik koblingen sier.",
                                           file=file, hint="Sett encoding: windows-1252 (eller auto) i koblingen.")
                                   ) from None
    return data.decode("cp1252", "replace")


def _csv_grid(data: bytes, mapping: Mapping, file: str) -> list[list[Any]]:
    if not data.strip():
        raise NavkortError(Problem("extract-empty", "Uttrekket er tomt.", file=file))
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NavkortError(Problem("extract-unreadable", "Uttrekket er verken CSV eller en Excel-arbeidsbok.",
                                   file=file))
    text = _decode(data, mapping, file)
    sep = mapping.separator or _sniff(text, mapping)
    csv.field_size_limit(1_000_000)
    grid: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep):
            grid.append(row)
            if len(grid) > MAX_EXTRACT_ROWS:
                raise NavkortError(Problem("extract-unreadable", f"Uttrekket har over {MAX_EXTRACT_ROWS} rader.",
                                           file=file, hint="Del det opp og importer delene hver for seg."))
    except csv.Error:
        raise NavkortError(Problem("extract-unreadable", f"Rad {len(grid) + 1} kan ikke leses som CSV (et "
                                   "anførselstegn som ikke er lukket?).", file=file)) from None
    return grid


def _sniff(text: str, mapping: Mapping) -> str:
    """The separator of the header line: the one that splits it into the most mapped headings."""
    wanted = {norm(c) for c in mapping.columns}
    best, score = ";", -1
    for line in text.splitlines()[:HEADER_SEARCH_ROWS]:
        for sep in (";", ",", "\t", "|"):
            hits = len(wanted & {norm(c.strip().strip('"')) for c in line.split(sep)})
            if hits > score:
                best, score = sep, hits
    return best


def _xlsx_grid(path: Path, mapping: Mapping) -> list[list[Any]]:
    from .xlsx_zip import Book

    with Book(path) as book:
        name = mapping.sheet or book.sheet_names[0]
        sheet = book.sheet(name)
        if sheet is not None:  # a percent-formatted cell means the number shown (0.875 shown as 87,5 %)
            from .layout import cell_ref

            for r, row in enumerate(sheet.rows):
                for c, v in enumerate(row):
                    if isinstance(v, float) and not isinstance(v, bool) and sheet.is_percent_formatted(cell_ref(r, c)):
                        row[c] = v * 100.0
        if sheet is None:
            raise NavkortError(Problem("extract-unreadable", f"Uttrekket har ikke arket «{name}» (det har "
                                       + ", ".join(f"«{n}»" for n in book.sheet_names) + ").", file=str(path),
                                       hint="Rett sheet: i koblingen."))
        return sheet.rows


def _with_header(grid: list[list[Any]], mapping: Mapping, file: str, digest: str) -> Table:
    """Find the header row (the first with every mapped heading; title rows above are skipped)."""
    wanted = [norm(c) for c in mapping.columns]
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        labels: dict[str, int] = {}
        for c, v in enumerate(row):
            if isinstance(v, str) and v.strip():
                labels.setdefault(norm(v), c)
        if all(w in labels for w in wanted):
            twice = [str(v).strip() for c, v in enumerate(row) if isinstance(v, str) and norm(v) in wanted
                     and labels[norm(v)] != c]
            if twice:
                raise NavkortError(Problem("extract-columns-missing", f"Kolonnen «{twice[0]}» står to ganger i "
                                           f"overskriftsraden (rad {r + 1}); navkort vet ikke hvilken som gjelder.",
                                           file=file, hint="Gi kolonnene ulike navn, eller fjern den ene."))
            rows = [(i + 1, list(values)) for i, values in enumerate(grid) if i > r and any(
                v not in (None, "") for v in values)]
            return Table(file=file, sha256=digest, header_row=r + 1, columns=labels, rows=rows)
    best = max(grid[:HEADER_SEARCH_ROWS], key=lambda row: sum(norm(str(v)) in wanted for v in row), default=[])
    have = {norm(str(v)) for v in best}
    missing = [c for c in mapping.columns if norm(c) not in have]
    raise NavkortError(Problem("extract-columns-missing", "Finner ikke overskriftsraden: uttrekket mangler "
                               + ", ".join(f"«{c}»" for c in missing) + ".", file=file,
                               hint="Sjekk kolonnenavnene i koblingen mot uttrekket (store og små bokstaver og "
                                    "mellomrom betyr ikke noe)."))


_PERIOD_PATTERNS = (
    (re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})(?:[-/.]\d{1,2}(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?)?$"), 1, 2),
    # 2026-10, 2026-10-01, 2026-10-01 00:00:00 (a database's date)
    (re.compile(r"^(\d{4})\s*m\s*(\d{1,2})$"), 1, 2),  # 2026M10 (Statistics Norway)
    (re.compile(r"^(\d{4})(\d{2})$"), 1, 2),  # 202610
    (re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{4})$"), 2, 1),  # 10.2026, 10/2026
    (re.compile(r"^\d{1,2}\.(\d{1,2})\.(\d{4})$"), 2, 1),  # 01.10.2026
)


def parse_period(value: Any) -> Month | None:
    """`2026-10`, `202610`, `2026M10`, `10.2026`, `okt 2026`, `oktober 2026`, a date or an Excel date
    number → Month; None when it is none of these."""
    from .parse import parse_month

    if isinstance(value, (datetime, date)):
        return Month(value.year, value.month)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        n = float(value)
        if n.is_integer() and 190001 <= n <= 210012 and 1 <= int(n) % 100 <= 12:
            return Month(int(n) // 100, int(n) % 100)
        if 20000 < n < 80000:  # an Excel date number (days since 1899-12-30)
            d = date(1899, 12, 30) + timedelta(days=int(n))
            return Month(d.year, d.month)
        return None
    s = str(value or "").strip().lower()
    for pattern, y, m in _PERIOD_PATTERNS:
        hit = pattern.match(s)
        if hit and 1 <= int(hit.group(m)) <= 12:
            return Month(int(hit.group(y)), int(hit.group(m)))
    words = s.replace(".", " ").split()
    if len(words) == 2 and words[1].isdigit() and len(words[1]) == 4:
        month = parse_month(words[0])
        if month is not None:
            return Month(int(words[1]), month)
    return None


def office_key(value: Any, by: str) -> str:
    """The office as extracts and workbooks both can name it: a kontornummer without leading zeros
    or a float's «.0»; a name case-folded, without «NAV » and extra spaces."""
    if by == "number":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = re.sub(r"\s+", "", str(value or ""))
        return text.lstrip("0") or text
    text = " ".join(str(value or "").split()).casefold()
    return text.removeprefix("nav ").strip()


def read_value(raw: Any, dash: str) -> tuple[float | None, str]:
    """(number or None, why it could not be read). Statistics Norway's `.`, `..`, `...` and `:` are no
    figure; `-` is zero or empty as the mapping says."""
    if raw is None or isinstance(raw, bool):
        return None, "" if raw is None else "sann/usann, ikke et tall"
    if isinstance(raw, (int, float)):
        x = float(raw)
        if x != x or abs(x) == float("inf"):
            return None, "ikke et endelig tall"
        return (x, "") if abs(x) < MAX_FIGURE else (None, f"{x:g} er urimelig stort for et målekort")
    if isinstance(raw, (datetime, date)):
        return None, "en dato, ikke et tall"
    s = str(raw).strip()
    if not s or s in NO_FIGURE:
        return None, ""
    if s in ("-", "\u2212", "\u2013"):
        return (0.0 if dash == "zero" else None), ""
    try:
        x, _ = parse_number(s)
    except NumberError as exc:
        return None, f"«{s}»: {exc}"
    return (x, "") if abs(x) < MAX_FIGURE else (None, f"«{s}» er urimelig stort for et målekort")


def figures(table: Table, mapping: Mapping, month: Month | None,
            unmatched: dict[str, int] | None = None) -> tuple[list[Figure], list[RowProblem]]:
    """Every figure of the extract (for `month` only, when given), and each value that could not be
    read. Rows whose indicator text the mapping does not know are counted in `unmatched`."""
    col = {c: table.columns[norm(c)] for c in mapping.columns}
    by_match = {norm(m.match): m for m in mapping.indicators}
    out: list[Figure] = []
    problems: list[RowProblem] = []

    def cell(values: list[Any], heading: str) -> Any:
        c = col[heading]
        return values[c] if c < len(values) else None

    for row, values in table.rows:
        office = office_key(cell(values, mapping.office_column), mapping.office_by)
        if not office:
            problems.append(RowProblem(table.file, row, mapping.office_column, "raden mangler kontor"))
            continue
        period = month
        if mapping.period_column:
            raw = cell(values, mapping.period_column)
            period = parse_period(raw)
            if period is None:
                problems.append(RowProblem(table.file, row, mapping.period_column, f"forstår ikke perioden «{raw}»"))
                continue
            if month is not None and period != month:
                continue
        assert period is not None
        maps = mapping.indicators
        if mapping.layout == "long":
            assert mapping.indicator_column is not None
            text = str(cell(values, mapping.indicator_column) or "").strip()
            found = by_match.get(norm(text))
            if found is None:
                if not text:
                    problems.append(RowProblem(table.file, row, mapping.indicator_column, "raden mangler indikator"))
                elif unmatched is not None:
                    unmatched[text] = unmatched.get(text, 0) + 1  # not imported: said in the reconciliation
                continue
            maps = (found,)
        for ind in maps:
            for fld, heading in ind.columns:
                value, why = read_value(cell(values, heading), mapping.dash)
                if why:
                    problems.append(RowProblem(table.file, row, heading, f"{ind.id} {fld}: {why}"))
                elif value is not None:
                    out.append(Figure(office, period, ind.id, fld, value, table.file, row, heading))
    return out, problems
