"""Writing numbers into an existing .xlsx without rewriting it (`patch_workbook`, `formula_cells`).

openpyxl would rebuild the workbook and drop what it does not model (cached formula values, x14 data
validation, sparklines, shapes). Here only the XML text of the sheets written to (and, for a new log sheet,
the lists of parts) is patched; every other zip member is copied as it was. The XML is scanned with bounded
regular expressions over a mask with comments, CDATA and processing instructions blanked out (same length)."""

from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import NamedTuple

from .xlsx_zip import _xml_attrs, _xml_unescape

MAX_PART_BYTES = 64 * 1024 * 1024  # one zip member unpacked
MAX_CELL_TEXT, MAX_ROW, MAX_COL = 32767, 1_048_576, 16_384  # Excel's limits: text in a cell; XFD1048576
LogCell = str | float | None


@dataclass(frozen=True)
class CellWrite:
    ref: str  # "E4" (A1 style, no $)
    value: float  # the number to store as is


class PatchError(Exception):
    """The workbook cannot be patched as asked; the message is bokmål, for the user."""


_ATTRS = rb"""((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]{0,32768}"|'[^'<]{0,32768}'))*)\s*(/?)>"""
_ELEMENTS = {b"row": re.compile(rb"<row" + _ATTRS), b"c": re.compile(rb"<c" + _ATTRS)}
_DIMENSION = re.compile(rb"<dimension" + _ATTRS)
_SHEET_DATA = re.compile(rb"<sheetData" + _ATTRS)
_FORMULA = re.compile(rb"<f" + _ATTRS)
_CALC_PR = re.compile(rb"<(?:[\w.-]+:)?calcPr" + _ATTRS)
_PREFIXED = re.compile(rb"<[\w.-]+:(?:row|c|f|v|is)[\s/>]")
_WB_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet" + _ATTRS)
_REL = re.compile(rb"<(?:[\w.-]+:)?Relationship" + _ATTRS)
_HIDDEN = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)
_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")  # Excel shows _x0041_ as «A»; _x005F_ keeps it literal
_BAD_NAME = re.compile(r"[\[\]:*?/\\\x00-\x1f]|^'|'$|^\s*$|^history$", re.I)

_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELNS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WS_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_WB, _WB_RELS, _TYPES = "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"
_HOW = "Åpne filen i Excel eller LibreOffice, lagre den på nytt som .xlsx og prøv igjen."


def _mask(xml: bytes) -> bytes:
    return _HIDDEN.sub(lambda m: b" " * len(m.group()), xml)


def _split_ref(ref: str | bytes) -> tuple[int, int]:
    """"E4" → (row 4, column 5)."""
    ref = ref.decode("ascii", "replace") if isinstance(ref, bytes) else ref
    m = _REF.fullmatch(ref)
    col = 0
    for ch in m.group(1) if m else "":
        col = col * 26 + ord(ch) - 64
    if not m or col > MAX_COL or int(m.group(2)) > MAX_ROW:
        raise PatchError(f"«{ref}» er ikke en cellereferanse navkort kan skrive til (som E4).")
    return int(m.group(2)), col


def _ref(row: int, col: int) -> bytes:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}".encode()


def _number(value: float) -> bytes:
    """The number as a cell stores it: 123 for an integral value, else the shortest round trip."""
    v = float(value)
    if not math.isfinite(v):
        raise PatchError(f"Kan ikke skrive «{value}» i en celle: bare vanlige tall, ikke NaN eller uendelig.")
    return str(int(v)).encode() if v.is_integer() and abs(v) < 1e16 else repr(v).encode()


def _text(value: str, cell: bool = True) -> bytes:
    """XML-escaped text; for a cell also without characters XML 1.0 forbids, and at most 32 767 of them."""
    s = _EXCEL_ESCAPE.sub(r"_x005F_\1", _ILLEGAL.sub("", value)[:MAX_CELL_TEXT]) if cell else value
    for raw, esc in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&apos;"), ("\r", "&#13;")):
        s = s.replace(raw, esc)
    return s.encode("utf-8")


def _set_attr(tag: bytes, name: bytes, value: bytes) -> bytes:
    """The start tag `tag` with attribute `name` set to `value` (replaced where it is, else added)."""
    pat = re.compile(rb"(\s" + re.escape(name) + rb"""\s*=\s*)(?:"[^"]*"|'[^']*')""")
    new, n = pat.subn(lambda m: m.group(1) + b'"' + value + b'"', tag, count=1)
    end = len(tag) - (2 if tag.endswith(b"/>") else 1)
    return new if n else tag[:end].rstrip() + b" " + name + b'="' + value + b'"' + tag[end:]


def _grow_dimension(xml: bytes, cells: Iterable[tuple[int, int]]) -> bytes:
    """The sheet with <dimension ref="A1:S69"/> widened to take in `cells`."""
    if (m := _DIMENSION.search(_mask(xml[:xml.find(b"<sheetData")]))) is None:
        return xml
    try:
        points = [*map(_split_ref, dict(_xml_attrs(m.group(1)))[b"ref"].split(b":")), *cells]
    except (PatchError, KeyError):
        return xml
    lo = _ref(min(r for r, _ in points), min(c for _, c in points))
    hi = _ref(max(r for r, _ in points), max(c for _, c in points))
    return xml[:m.start()] + _set_attr(m.group(), b"ref", lo if lo == hi else lo + b":" + hi) + xml[m.end():]


def _new_cell(row: int, col: int, number: bytes, style: bytes | None) -> bytes:
    s = b' s="' + style + b'"' if style and style != b"0" else b""
    return b'<c r="' + _ref(row, col) + b'"' + s + b"><v>" + number + b"</v></c>"


def _log_row(num: int, values: Sequence[LogCell], bold: bool = False) -> bytes:
    """One log row: text as inline strings (never a formula), numbers as values, None and "" as no cell."""
    cells = []
    for col, value in enumerate(values, start=1):
        if isinstance(value, str) and value:
            text = b'<t xml:space="preserve">' + _text(value) + b"</t>"
            text = b"<r><rPr><b/></rPr>" + text + b"</r>" if bold else text
            cells.append(b'<c r="' + _ref(num, col) + b'" t="inlineStr"><is>' + text + b"</is></c>")
        elif value is not None and not isinstance(value, str):
            cells.append(_new_cell(num, col, _number(value), None))
    return b'<row r="%d">' % num + b"".join(cells) + b"</row>"


class _El(NamedTuple):
    """One element in the mask: its start tag at start…open_end, content up to close, ends at end."""

    start: int
    open_end: int
    close: int
    end: int
    attrs: dict[bytes, bytes]

    @property
    def self_closing(self) -> bool:
        return self.end == self.open_end


class _Sheet:
    """One worksheet's XML: its mask, and where the rows of <sheetData> start and stop."""

    def __init__(self, xml: bytes, name: str) -> None:
        self.name, mask = name, _mask(xml)
        if (m := _SHEET_DATA.search(mask)) is None or b"<!DOCTYPE" in xml[:4096]:
            raise self.fail("ingen <sheetData> uten navneromsprefiks, eller DTD")
        if m.group(2):  # <sheetData/>: open it up
            xml, mask = (x[:m.start()] + b"<sheetData></sheetData>" + x[m.end():] for x in (xml, mask))
        self.start = m.start() + len(b"<sheetData>") if m.group(2) else m.end()
        if (stop := mask.find(b"</sheetData>", self.start)) < 0 or _PREFIXED.search(mask, self.start, stop):
            raise self.fail("mangler </sheetData>, eller elementer med navneromsprefiks")
        self.xml, self.mask, self.stop = xml, mask, stop
        els = self.scan(b"row", self.start, self.stop)
        if not all((r := el.attrs.get(b"r", b"")).isdigit() and 0 < int(r) <= MAX_ROW for el in els):
            raise self.fail("en rad uten gyldig radnummer")
        self.rows = [(int(el.attrs[b"r"]), el) for el in els]

    def fail(self, what: str) -> PatchError:
        return PatchError(f"Arket «{self.name}» har XML navkort ikke kan endre trygt ({what}). {_HOW}")

    def scan(self, tag: bytes, start: int, stop: int) -> list[_El]:
        """The <row> or <c> elements between start and stop, in document order."""
        closer, out, pos = b"</" + tag + b">", [], start
        while (m := _ELEMENTS[tag].search(self.mask, pos, stop)) is not None:
            close = m.end() if m.group(2) else self.mask.find(closer, m.end(), stop)
            if close < 0:
                break
            end = close if m.group(2) else close + len(closer)
            out.append(_El(m.start(), m.end(), close, end, dict(_xml_attrs(m.group(1)))))
            pos = end
        if len(re.compile(rb"<" + tag + rb"[\s/>]").findall(self.mask, start, stop)) != len(out):  # all seen?
            raise self.fail(f"uventet <{tag.decode()}>")
        return out

    def cells(self, row: _El) -> list[tuple[int, _El]]:
        """(column, element) of each cell in the row."""
        els = [] if row.self_closing else self.scan(b"c", row.open_end, row.close)
        if not all(_REF.fullmatch(el.attrs.get(b"r", b"").decode("ascii", "replace")) for el in els):
            raise self.fail("en celle uten gyldig cellereferanse")
        return [(_split_ref(el.attrs[b"r"])[1], el) for el in els]

    def has_formula(self, el: _El) -> bool:
        return not el.self_closing and _FORMULA.search(self.mask, el.open_end, el.close) is not None

    def owned(self, wanted: set[tuple[int, int]]) -> set[tuple[int, int]]:
        """Which of `wanted` hold a formula or lie where an array formula (or data table) puts values."""
        rows = {r for r, _ in wanted}
        out = {(num, col) for num, row in self.rows if num in rows and self.has_formula(row)
               for col, el in self.cells(row) if self.has_formula(el)} & wanted
        for m in _FORMULA.finditer(self.mask, self.start, self.stop):
            a = dict(_xml_attrs(m.group(1)))
            if a.get(b"t") in (b"array", b"dataTable") and b"ref" in a:
                ends = [_split_ref(x) for x in a[b"ref"].split(b":")]
                (r1, c1), (r2, c2) = ends[0], ends[-1]
                out |= {(r, c) for r, c in wanted if r1 <= r <= r2 and c1 <= c <= c2}
        return out

    def patch(self, writes: dict[tuple[int, int], bytes]) -> bytes:
        """The sheet with each cell (row, column) → number text written, in its row, in column order."""
        if owned := self.owned(set(writes)):
            refs = ", ".join(sorted(_ref(r, c).decode() for r, c in owned))
            raise PatchError(f"Arket «{self.name}» har formler i {refs}; navkort skriver ikke over formler.")
        by_row = {r: {c: v for (_, c), v in g} for r, g in groupby(sorted(writes.items()), lambda w: w[0][0])}
        first, edits = dict(reversed(self.rows)), []  # row number → its (first) <row>; (start, end, num, bytes)
        for num, cols in by_row.items():
            if (el := first.get(num)) is not None:
                edits.append((el.start, el.end, num, self.patched_row(el, num, cols)))
            else:
                at = next((el.start for n, el in self.rows if n > num), self.stop)
                cells = b"".join(_new_cell(num, c, v, None) for c, v in sorted(cols.items()))
                edits.append((at, at, num, b'<row r="%d">' % num + cells + b"</row>"))
        out, pos = [], 0
        for start, end, _, new in sorted(edits):
            out += [self.xml[pos:start], new]
            pos = end
        return _grow_dimension(b"".join(out) + self.xml[pos:], writes)

    def patched_row(self, row: _El, num: int, new: dict[int, bytes]) -> bytes:
        """The row with the cells in `new` (column → number text) replaced or inserted in column order."""
        row_style = row.attrs.get(b"s") if row.attrs.get(b"customFormat") in (b"1", b"true") else None
        tag = self.xml[row.start:row.open_end]
        tag = tag[:-2] + b">" if row.self_closing else tag
        nums = [int(s) for s in row.attrs.get(b"spans", b"").replace(b":", b" ").split() if s.isdigit()]
        if nums and any(not min(nums) <= c <= max(nums) for c in new):  # spans: an optional hint; widen it
            tag = _set_attr(tag, b"spans", b"%d:%d" % (min(*nums, *new), max(*nums, *new)))
        pending, out, pos = sorted(new.items()), [tag], row.open_end

        def insert_before(col: int) -> None:
            while pending and pending[0][0] < col:
                c, number = pending.pop(0)
                out.append(_new_cell(num, c, number, row_style))

        cells = self.cells(row)
        for col, el in cells:
            out.append(self.xml[pos:el.start])
            pos = el.start
            insert_before(col)
            if pending and pending[0][0] == col:  # keep s and the rest; drop t (type) and vm (value metadata)
                attrs = b"".join(b" " + k + (b"='" + v + b"'" if b'"' in v else b'="' + v + b'"')
                                 for k, v in el.attrs.items() if k not in (b"t", b"vm"))
                out.append(b"<c" + attrs + b"><v>" + pending.pop(0)[1] + b"</v></c>")
                pos = el.end
        tail = cells[-1][1].end if cells else row.open_end
        out.append(self.xml[pos:tail])
        insert_before(MAX_COL + 1)
        out.append(self.xml[tail:row.close] + b"</row>")
        return b"".join(out)

    def append(self, rows: Sequence[Sequence[LogCell]]) -> bytes:
        """The sheet with `rows` added after its last row."""
        last = max((num for num, _ in self.rows), default=0)
        new = b"".join(_log_row(last + i, values) for i, values in enumerate(rows, start=1))
        return _grow_dimension(self.xml[:self.stop] + new + self.xml[self.stop:], [(last + len(rows), 1)]
                               + [(last + 1, len(v)) for v in rows if v])


def _log_sheet_xml(header: Sequence[str], rows: Sequence[Sequence[LogCell]]) -> bytes:
    """A new log sheet: bold header (rich text, so styles.xml stays as it is), frozen, columns fitted."""
    table = [list(header)] + [list(r) for r in rows]
    ncols = max(max(len(r) for r in table), 1)
    widths = [max([8] + [len(str(r[c])) for r in table if c < len(r) and r[c] is not None]) for c in range(ncols)]
    cols = b"".join(b'<col min="%d" max="%d" width="%d" customWidth="1"/>' % (i, i, min(w + 2, 60))
                    for i, w in enumerate(widths, start=1))
    data = _log_row(1, header, bold=True) + b"".join(_log_row(i, r) for i, r in enumerate(rows, start=2))
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="' + _MAIN
            + b'" xmlns:r="' + _RELNS + b'"><dimension ref="A1:' + _ref(len(table), ncols)
            + b'"/><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane='
            b'"bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>'
            b'</sheetViews><cols>' + cols + b"</cols><sheetData>" + data + b"</sheetData></worksheet>")


class _Package:
    """The opened .xlsx: bounded reads, its sheets, the parts a new sheet is added to, and the copy."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
            raise PatchError("Filen er ikke en gyldig Excel-arbeidsbok (.xlsx).") from None
        self.wb, self.rels = self.read(_WB), self.read(_WB_RELS)
        self.targets = dict[bytes, str]()  # relationship id → worksheet part ("" if not a worksheet)
        for m in _REL.finditer(_mask(self.rels)):
            a = dict(_xml_attrs(m.group(1)))
            target = _xml_unescape(a.get(b"Target", b"").decode("utf-8", "replace"))
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            self.targets[a.get(b"Id", b"")] = part if a.get(b"Type", b"").endswith(b"/worksheet") else ""
        self.parts, self.sheet_ids = dict[str, str](), list[int]()  # sheet name → zip member ("": not a worksheet)
        for m in _WB_SHEET.finditer(_mask(self.wb)):
            a = dict(_xml_attrs(m.group(1)))
            rid = a.get(b"r:id") or next((v for k, v in a.items() if k.endswith(b":id")), b"")
            self.parts[_xml_unescape(a.get(b"name", b"").decode("utf-8", "replace"))] = self.targets.get(rid, "")
            self.sheet_ids.append(int(a[b"sheetId"]) if a.get(b"sheetId", b"").isdigit() else 0)

    def recalc_on_open(self) -> bytes:
        """workbook.xml with calcPr fullCalcOnLoad="1" (Excel always writes calcPr): formulas recalculate on opening."""
        m = _CALC_PR.search(_mask(self.wb))
        if m is not None and dict(_xml_attrs(m.group(1))).get(b"fullCalcOnLoad") not in (b"1", b"true"):
            self.wb = self.wb[:m.start()] + _set_attr(m.group(), b"fullCalcOnLoad", b"1") + self.wb[m.end():]
        return self.wb

    def read(self, name: str) -> bytes:
        """One member, unpacked with a bound."""
        if (info := self.zip.NameToInfo.get(name)) is None:
            raise PatchError(f"Arbeidsboken mangler delen «{name}». {_HOW}")
        try:
            with self.zip.open(info) as fh:
                data = fh.read(MAX_PART_BYTES + 1) if info.file_size <= MAX_PART_BYTES else None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError):
            raise PatchError(f"Delen «{name}» i arbeidsboken er skadet eller kryptert.") from None
        if data is None or len(data) > MAX_PART_BYTES:
            raise PatchError(f"Delen «{name}» pakker ut til over {MAX_PART_BYTES // 2**20} MB (zip-bombe?).")
        return data

    def sheet(self, name: str, changed: dict[str, bytes]) -> tuple[str, _Sheet]:
        """(zip member, sheet) of the sheet called `name`, as patched so far."""
        if name not in self.parts:
            raise PatchError(f"Arbeidsboken har ikke arket «{name}».")
        if not (part := self.parts[name]):
            raise PatchError(f"«{name}» er ikke et vanlig regneark (et diagramark?); navkort kan ikke skrive i det.")
        return part, _Sheet(changed[part] if part in changed else self.read(part), name)

    def add_sheet(self, name: str, xml: bytes) -> dict[str, bytes]:
        """A new last sheet: the changed workbook.xml, relationships and content types, and the part."""
        if _BAD_NAME.search(name) or len(name) > 31 or name.casefold() in {n.casefold() for n in self.parts}:
            raise PatchError(f"Kan ikke lage arket «{name}»: ugyldig navn i Excel, eller navnet er tatt.")
        lower = {n.lower() for n in self.zip.namelist()}
        part = next(p for i in range(1, len(lower) + 2) if (p := f"xl/worksheets/sheet{i}.xml") not in lower)
        rid = next(r for i in range(1, len(self.targets) + 2) if (r := b"rId%d" % i) not in self.targets)
        root = (mask := _mask(self.wb))[:mask.find(b">", mask.find(b"<"))]  # the prefix must be bound there
        bound = re.search(rb"""xmlns:([\w.-]+)\s*=\s*["']""" + re.escape(_RELNS) + rb"""["']""", root)
        rattr = (bound.group(1) if bound else b'xmlns:r="' + _RELNS + b'" r') + b':id="' + rid + b'"'
        sheet_id = max(self.sheet_ids, default=0) + 1
        sheet = b'sheet name="%s" sheetId="%d" %s/>' % (_text(name, cell=False), sheet_id, rattr)
        rel = b'Relationship Id="%s" Type="%s/worksheet" Target="%s"/>' % (rid, _RELNS, part[3:].encode())
        override = b'Override PartName="/%s" ContentType="%s"/>' % (part.encode(), _WS_TYPE)
        return {_WB: self.insert(_WB, b"sheets", sheet), _WB_RELS: self.insert(_WB_RELS, b"Relationships", rel),
                _TYPES: self.insert(_TYPES, b"Types", override), part: xml}

    def insert(self, part: str, tag: bytes, element: bytes) -> bytes:
        """The part with `element` (given the prefix the closing tag has) just before </tag>."""
        xml = {_WB: self.wb, _WB_RELS: self.rels}.get(part) or self.read(part)
        if (m := re.search(rb"</([\w.-]+:)?" + tag + rb"\s*>", _mask(xml))) is None:
            raise PatchError(f"Delen «{part}» i arbeidsboken er ikke som ventet (mangler </{tag.decode()}>). {_HOW}")
        return xml[:m.start()] + b"<" + (m.group(1) or b"") + element + xml[m.start():]

    def copy(self, changed: dict[str, bytes], model: str) -> bytes:
        """Every member in order with its metadata (`changed` ones with new bytes); new ones last, like `model`."""
        out, infos = io.BytesIO(), [(i, i.filename) for i in self.zip.infolist()]
        infos += [(self.zip.getinfo(model), name) for name in changed if name not in self.zip.NameToInfo]
        with zipfile.ZipFile(out, "w") as new:
            new.comment = self.zip.comment
            for info, name in infos:
                entry = zipfile.ZipInfo(name, info.date_time)
                entry.compress_type, entry.external_attr = info.compress_type, info.external_attr
                entry.create_system, entry.comment = info.create_system, info.comment if name == info.filename else b""
                new.writestr(entry, changed[name] if name in changed else self.read(name))
        return out.getvalue()


def formula_cells(data: bytes, sheet: str, refs: Iterable[str]) -> set[str]:
    """Which of `refs` in sheet `sheet` hold a formula (<f>, or an array formula's value): never overwrite those."""
    wanted = {ref: _split_ref(ref) for ref in refs}
    owned = _Package(data).sheet(sheet, {})[1].owned(set(wanted.values()))
    return {ref for ref, cell in wanted.items() if cell in owned}


def patch_workbook(data: bytes, sheet: str, writes: Sequence[CellWrite], log_sheet: str,
                   log_header: Sequence[str], log_rows: Sequence[Sequence[LogCell]]) -> bytes:
    """The workbook `data` (bytes of an .xlsx) with `writes` applied to sheet `sheet` and `log_rows`
    appended to `log_sheet` (created after the last sheet, with `log_header` as its first row, when absent).
    Every other zip member is copied unchanged (same bytes when decompressed, same order, same ZipInfo
    metadata: date_time, compress_type, external_attr); new members are appended. Writing cells also sets
    fullCalcOnLoad in workbook.xml. With no writes and no log rows, `data` itself comes back."""
    cells = {_split_ref(w.ref): _number(w.value) for w in writes}
    if not cells and not log_rows:
        return data
    pkg, changed = _Package(data), dict[str, bytes]()
    part, ws = pkg.sheet(sheet, changed)
    if cells:
        changed[part] = ws.patch(cells)
        changed[_WB] = pkg.recalc_on_open()
    if log_rows and log_sheet in pkg.parts:
        log_part, log = pkg.sheet(log_sheet, changed)
        changed[log_part] = log.append(log_rows)
    elif log_rows:
        changed.update(pkg.add_sheet(log_sheet, _log_sheet_xml(log_header, log_rows)))
    return pkg.copy(changed, model=part)
