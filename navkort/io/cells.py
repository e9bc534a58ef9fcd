"""Cells as people type them: numbers, text and header rows of sheet data, with every problem
pointing at its sheet and cell."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from ..errors import Problem, Severity
from .layout import cell_ref, norm
from .parse import NumberError, parse_number
from .sheets import Sheet

ERROR_VALUES = {"#div/0!", "#n/a", "#ref!", "#value!", "#name?", "#num!", "#null!", "#getting_data",
                "#spill!", "#calc!", "#i/t", "#navn?", "#verdi!", "#ref", "#tall!"}
MISSING_TEXT = {"", "-", "–", "—"}
# Cells


def text_of(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat()
    return str(v).strip()


class Cells:
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
            self.problem("cell-not-a-number", f"Fant «{'TRUE' if v else 'FALSE'}», ikke et tall.", sheet, r, c,
                         indicator)
            return None
        if isinstance(v, (int, float)):
            x = float(v)
            if not math.isfinite(x):
                self.problem("cell-not-a-number", f"Fant «{v}», et tall uten grense som ikke kan regnes med.",
                             sheet, r, c, indicator)
                return None
            if percent and x != 0 and sheet.is_percent_formatted(cell_ref(r, c)):  # 1.05 shown as 105 %
                return round(x * 100.0, 9)  # 0.808 * 100 is 80.80000000000001
            return x
        if isinstance(v, (date, datetime)):
            self.problem("cell-not-a-number", f"Fant datoen {text_of(v)}, ikke et tall.", sheet, r, c, indicator)
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


def find_header(sheet: Sheet, must: Iterable[str], max_rows: int = 15) -> tuple[int, dict[str, int]] | None:
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
