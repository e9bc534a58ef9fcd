"""An office workbook as `navkort import` reads and writes it: «Kontor» for who it is, «Måledata»
cells for what is there, and a patch of only the changed cells (plus «Importlogg») written
atomically. Nothing else in the workbook is touched (see io/xlsx_patch.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import NavkortError, Problem, shown
from ..model import Catalogue
from ..model.imports import Mapping
from ..rules.importing import CellKey, CellState, Change
from .cells import Cells, text_of
from .files import write_atomic
from .layout import IMPORTLOG_HEADER, SHEET_DATA, SHEET_IMPORTLOG, SHEET_OFFICE
from .office_sheets import parse_year, read_kontor
from .workbook_cells import data_cells
from .xlsx_zip import read_sheets


@dataclass
class ImportTarget:
    """One office workbook, read for import."""

    path: Path
    name: str
    number: str
    year: int
    data_sheet: str  # «Måledata» as the workbook spells it
    cells: dict[CellKey, CellState]

    def write(self, changes: Sequence[Change], mapping: Mapping, sums: dict[str, str], now: datetime) -> None:
        """Write `changes` into «Måledata» and log each in «Importlogg», atomically."""
        from .xlsx_patch import CellWrite, PatchError, patch_workbook

        data = self.path.read_bytes()
        writes = [CellWrite(c.ref, c.stored) for c in changes]
        stamp = now.strftime("%Y-%m-%d %H:%M:%S")
        rows: list[list[str | float | None]] = [
            [stamp, Path(c.figure.file).name, sums.get(c.figure.file, ""), float(c.figure.row), Path(mapping.file).name,
             c.figure.indicator, c.figure.field.capitalize(), c.figure.month.key, c.ref, c.old or None,
             c.figure.value] for c in changes]
        try:
            patched = patch_workbook(data, self.data_sheet, writes, SHEET_IMPORTLOG, IMPORTLOG_HEADER, rows)
        except PatchError as exc:
            raise NavkortError(Problem("import-write-failed", f"Kunne ikke skrive tallene: {exc}",
                                       file=shown(str(self.path)))) from None
        write_atomic(self.path.resolve(), patched)  # through a link, never replacing the link itself


def read_for_import(path: Path, catalogue: Catalogue) -> ImportTarget:
    """Read «Kontor» and «Måledata» (bounded, as for scoring); raise NavkortError if it cannot be."""
    file = shown(str(path))
    sheets = read_sheets(path, (SHEET_OFFICE, SHEET_DATA))
    kontor, data = sheets[SHEET_OFFICE], sheets[SHEET_DATA]
    if kontor is None or data is None:
        missing = SHEET_OFFICE if kontor is None else SHEET_DATA
        raise NavkortError(Problem("sheet-missing", f"Arbeidsboken mangler arket «{missing}».", file=file,
                                   sheet=missing, hint="Er dette en arbeidsbok laget med navkort new?"))
    fields: dict[str, Any] = {}
    read_kontor(kontor, Cells(file, []), fields)
    name = text_of(fields.get("name", (None,))[0])
    year = parse_year(fields.get("year", (None,))[0])
    if not name or year is None:
        raise NavkortError(Problem("kontor-missing", "«Kontor» mangler kontorets navn eller år.", file=file,
                                   sheet=SHEET_OFFICE))
    indicators = {i.id: i for i in catalogue.indicators}
    cells = data_cells(data, file, indicators)
    from .xlsx_patch import PatchError, formula_cells

    try:  # cells inside an array formula or data table too: Excel owns them, navkort never writes there
        owned = formula_cells(path.read_bytes(), data.name, [c.ref for c in cells.values()])
    except (PatchError, OSError):
        owned = set()
    cells = {k: dataclasses.replace(c, formula=True) if c.ref in owned else c for k, c in cells.items()}
    return ImportTarget(path=path, name=name, number=text_of(fields.get("number", (None,))[0]), year=year,
                        data_sheet=data.name, cells=cells)
