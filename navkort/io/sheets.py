"""Sheet data: the values of one sheet as a grid, plus what the reader learnt from its XML (error
cells, formulas without a saved value, percent-formatted cells). Plain data, usable after the
workbook file is closed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import NavkortError, Problem

ATTR_R = re.compile(rb'\br="([A-Z]+)(\d+)"')


class Styles:
    """The workbook's styles part, parsed on first use: which cell styles show numbers as percent."""

    def __init__(self, xml: bytes | None) -> None:
        self.xml = xml
        self._percent: set[int] | None = None

    def percent_ids(self) -> set[int]:
        """The cell styles that show numbers as percent (built-in 9/10 or a custom code with %)."""
        if self._percent is None:
            self._percent = _percent_styles(self.xml) if self.xml else set()
        return self._percent


def _percent_styles(xml: bytes) -> set[int]:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml import ElementTree as ET

    try:
        root = ET.fromstring(xml)
    except (ParseError, DefusedXmlException):  # guessing «no percent» could read 75 % as 0,75: say so instead
        raise NavkortError(Problem(
            "workbook-truncated", "Cellestilene i arbeidsboken (xl/styles.xml) er ødelagte, så navkort kan ikke se "
            "hvilke tall som vises som prosent.", hint="Åpne filen i Excel eller LibreOffice og lagre den på nytt "
            "som .xlsx.")) from None
    custom: dict[str, str] = {}
    xfs: list[str] = []
    for el in root:
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "numFmts":
            custom = {f.get("numFmtId", ""): f.get("formatCode", "") for f in el}
        elif tag == "cellXfs":
            xfs = [x.get("numFmtId", "0") for x in el]
    out = set()
    for i, fmt_id in enumerate(xfs):
        code = custom.get(fmt_id, "")
        if fmt_id in ("9", "10") or "%" in re.sub(r'"[^"]*"|\\.', "", code):
            out.add(i)
    return out


@dataclass
class Sheet:
    """Values of one sheet as a grid from A1, plus what calamine cannot tell us. Plain data: it
    stays usable after the workbook is closed."""

    name: str
    rows: list[list[Any]]
    xml: bytes
    styles: Styles
    error_cells: dict[str, str] = field(default_factory=dict)
    formula_no_value: set[str] = field(default_factory=set)
    percent_refs: set[str] | None = None  # found on first use

    def get(self, r: int, c: int) -> Any:
        if r < len(self.rows) and c < len(self.rows[r]):
            return self.rows[r][c]
        return None

    def any_percent_formatted(self) -> bool:
        """Whether any cell of the sheet shows its number as percent."""
        return bool(self._percent())

    def is_percent_formatted(self, ref: str) -> bool:
        """Whether the cell at `ref` shows its number as percent (so 1.05 means 105 %)."""
        return ref in self._percent()

    def _percent(self) -> set[str]:
        if self.percent_refs is None:
            self.percent_refs = self._find_percent_refs()
        return self.percent_refs

    def _find_percent_refs(self) -> set[str]:
        """Every cell with a percent style, found in one pass over the sheet (usually none or a few:
        navkort's own percent cells use the format `0,0" %"`, which shows the number as typed)."""
        ids = self.styles.percent_ids()
        if not ids:
            return set()
        styled = re.compile(rb'<c\b[^>]*?\ss="(?:' + b"|".join(str(i).encode() for i in sorted(ids)) + rb')"[^>]*>')
        out = set()
        for m in styled.finditer(self.xml):
            r = ATTR_R.search(m.group(0))
            if r:
                out.add((r.group(1) + r.group(2)).decode())
        return out
