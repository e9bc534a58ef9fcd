"""The «Måledata» cells of an office workbook by (indicator, field, month), as `navkort import`
needs them: where each is, what it holds now, and whether it is a formula or percent-formatted."""

from __future__ import annotations

import re
from typing import Any

from ..errors import Problem
from ..model import Indicator
from ..model.imports import ImportSource
from ..rules.importing import CellKey, CellState
from .cells import Cells, find_header, text_of
from .layout import COL_FIELD, COL_ID, IMPORTLOG_HEADER, cell_ref, field_key, norm
from .office_sheets import month_columns
from .sheets import Sheet

_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')


def formula_refs(xml: bytes) -> set[str]:
    """Every cell of the sheet that holds a formula."""
    out = set()
    for m in _CELL.finditer(xml):
        if m.group(2) and b"<f" in m.group(2):
            ref = _REF.search(m.group(1))
            if ref:
                out.add(ref.group(1).decode())
    return out


def data_cells(sheet: Sheet, file: str, indicators: dict[str, Indicator]) -> dict[CellKey, CellState]:
    """Cells of «Måledata» for `indicators` (id → indicator), found by label as the reader finds
    them, read as it reads them. Rows for other ids (or fields) are left out."""
    found = find_header(sheet, [COL_ID, COL_FIELD])
    if found is None:
        return {}
    hr, labels = found
    id_col, field_col = labels[norm(COL_ID)], labels[norm(COL_FIELD)]
    scratch: list[Problem] = []
    cells = Cells(file, scratch)
    month_cols = month_columns(sheet, cells, hr, (id_col, field_col))
    formulas = formula_refs(sheet.xml)
    by_norm = {norm(i): i for i in indicators}
    out: dict[CellKey, CellState] = {}
    for r in range(hr + 1, len(sheet.rows)):
        ind_id = by_norm.get(norm(text_of(sheet.get(r, id_col))))
        fld = field_key(sheet.get(r, field_col))
        if ind_id is None or fld is None or fld not in indicators[ind_id].fields:
            continue
        ind = indicators[ind_id]
        percent = fld == "andel" or (fld == "verdi" and ind.unit == "percent" and ind.measure != "change")
        for c, m in month_cols.items():
            if (ind_id, fld, m) in out:
                continue  # a duplicate row: the reader uses the first one
            ref = cell_ref(r, c)
            raw = sheet.get(r, c)
            value = cells.number(sheet, r, c, percent=percent, indicator=ind_id)
            shown = _shown(value) if value is not None else _shown(raw)  # as navkort reads it (85, not 0.85)
            out[(ind_id, fld, m)] = CellState(
                ref=ref, value=value, text=shown, formula=ref in formulas,
                percent=percent and sheet.is_percent_formatted(ref),  # only where the reader scales it too
                unreadable=value is None and _shown(raw) not in ("", "-") and ref not in sheet.error_cells)
    return out


def _shown(raw: Any) -> str:
    """What the cell holds, as text (a float without its binary noise: 0.85, not 0.8500000000000001)."""
    return f"{raw:.10g}" if isinstance(raw, float) and not raw.is_integer() else text_of(raw)


def import_sources(sheet: Sheet) -> tuple[ImportSource, ...]:
    """Where imported figures came from, from «Importlogg» (the latest entry per cell wins)."""
    found = find_header(sheet, IMPORTLOG_HEADER[:3])
    if found is None:
        return ()
    hr, labels = found
    col = {h: labels.get(norm(h)) for h in IMPORTLOG_HEADER}
    latest: dict[tuple[str, str, int], ImportSource] = {}
    for r in range(hr + 1, len(sheet.rows)):
        def get(h: str, r: int = r) -> str:
            c = col[h]
            return _shown(sheet.get(r, c)) if c is not None else ""
        month = get("Måned")
        if not (len(month) == 7 and month[:4].isdigit() and month[5:].isdigit()):
            continue
        row = get("Rad")
        new = sheet.get(r, col["Ny verdi"]) if col["Ny verdi"] is not None else None
        src = ImportSource(indicator=get("Indikator"), field=get("Felt").lower(), month=int(month[5:]),
                           extract=get("Uttrekk"), sha256=get("SHA-256"), row=int(row) if row.isdigit() else 0,
                           time=get("Tidspunkt"), value=float(new) if isinstance(new, (int, float)) else None)
        latest[(src.indicator, src.field, src.month)] = src
    return tuple(latest.values())
