"""The bounded xlsx reader: a workbook file in, plain sheet data out (`read_sheets`).

python-calamine reads cell values. Before calamine sees a file, the zip is checked with bounded
reads (declared and real sizes, the last cell of each sheet), so a zip bomb or a stray cell at
XFD1048576 is refused in milliseconds. The sheet data keeps the sheet's XML and the styles part as
bytes, so the office interpreter (office.py) can ask whether a cell is percent-formatted after the
file is closed; styles are parsed only when a value is ambiguous (0.655: typed, or 65,5 %?).
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from pathlib import Path
from typing import Any

from ..errors import NavkortError, Problem, os_reason
from .layout import norm
from .limits import (
    MAX_COL_LETTERS,
    MAX_MEMBER_BYTES,
    MAX_ROWS,
    MAX_SHEET_TEXT,
    MAX_TOTAL_BYTES,
)
from .sheets import ATTR_R, Sheet, Styles

# The guard in front of calamine (see _guard_sheet): each pattern is one C-speed pass over the sheet.
# Every repeat is bounded, so no crafted tag can make a pattern take quadratic time; quotes may be
# single or double, letters either case, and `=` may have spaces around it, as XML allows.
_Q = rb"""["']"""
_PREFIXED_DATA = re.compile(rb"<[A-Za-z_][\w.-]{0,64}:sheetData[\s/>]")
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]{0,64}:(?:row|c|v|f|is)[\s/>]")
_PREFIXED_TAGS = (b":row", b":c", b":v", b":f", b":is")  # what _PREFIXED cannot match without
_ROW_WITHOUT_R = re.compile(rb"<row(?=[\s/>])(?![^<>]{0,1024}?\sr\s*=)")
_CELL_WITHOUT_R = re.compile(rb"<c(?=[\s/>])(?![^<>]{0,1024}?\sr\s*=)")
# A reference far down (4+ digits) or far right (3+ letters), and whether its tag closes itself
# (a formatting-only <c .../>). Starts with a literal, so the engine skips ahead fast.
_FAR_REF = re.compile(rb"r\s*=\s*" + _Q + rb"([A-Za-z]{1,3})(\d{4,})" + _Q + rb"[^<>]{0,1024}?(/?)>"
                      + rb"|r\s*=\s*" + _Q + rb"([A-Za-z]{3,})(\d+)" + _Q + rb"[^<>]{0,1024}?(/?)>")
_SHARED_CELL = re.compile(rb"<c\s[^<>]{0,1024}?\bt\s*=\s*" + _Q + rb"s" + _Q
                          + rb"[^<>]{0,1024}?>\s{0,64}<v>(\d{1,9})</v>")
_SI_START = re.compile(rb"<si[\s>]")
_COMMENT = re.compile(rb"<!--.*?-->", re.S)
_CELL = re.compile(rb"<c\b([^<>]{0,1024}?)(?:/>|>(.{0,8192}?)</c>)", re.S)
_ATTR_T = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_FORMULA = re.compile(rb"<f[ >/]")
_SHEET_EL = re.compile(rb"<(?:\w+:)?sheet\b([^>]*?)/?>")
_REL_EL = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*?)/?>")
_XML_ATTR_RE = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _xml_unescape(text: str) -> str:
    """The five XML entities and character references (sheet names like «Notater & planer»)."""
    def one(m: re.Match[str]) -> str:
        e = m.group(1)
        if e.startswith("#x"):
            return chr(int(e[2:], 16))
        if e.startswith("#"):
            return chr(int(e[1:]))
        return _NAMED[e]

    return _ENTITY.sub(one, text) if "&" in text else text


def _xml_attrs(raw: bytes) -> list[tuple[bytes, bytes]]:
    return [(k, dq or sq) for k, dq, sq in _XML_ATTR_RE.findall(raw)]


def _far(sheet: str, ref: bytes, file: str) -> NavkortError:
    return _fail("workbook-too-large", f"Arket «{sheet}» har innhold helt ut i celle {ref.decode()}.", file)


def _fail(code: str, message: str, file: str, hint: str = "") -> NavkortError:
    return NavkortError(Problem(code, message, file=file, hint=hint))


class Book:
    """An opened, size-checked workbook. Always close it (use as a context manager)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = str(path)
        self._zip: zipfile.ZipFile | None = None
        self._cal: Any = None
        self._parts: dict[str, str] = {}  # sheet name -> zip member
        self._styles = Styles(None)
        self._fh: Any = None
        self._sst_lengths: list[int] | None = None
        self._guarded: dict[str, bytes] = {}

    # -- opening -------------------------------------------------------------------------------
    def __enter__(self) -> Book:
        self._open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._cal is not None:
            self._cal.close()
            self._cal = None
        if self._zip is not None:
            self._zip.close()
            self._zip = None
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def _open(self) -> None:
        self._sniff()
        self._open_zip()

    def _sniff(self) -> None:
        """Refuse, by its first bytes, anything that is not an .xlsx: lock files, FIFOs, empty files,
        old .xls (and password-protected ones), text."""
        path, file = self.path, self.file
        if path.name.startswith("~$"):
            raise _fail("workbook-lockfile", f"«{path.name}» er en låsefil fra Excel, ikke en arbeidsbok.", file)
        try:
            st = path.stat()
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(st.st_mode):  # a FIFO or device would block or never end
                raise _fail("not-a-workbook", "Dette er ikke en vanlig fil (FIFO, socket eller enhet).", file)
            size = st.st_size
            with path.open("rb") as fh:
                head = fh.read(8)
        except FileNotFoundError:
            raise NavkortError(Problem("file-not-found", f"Finner ikke filen «{file}».", file=file)) from None
        except IsADirectoryError:
            raise NavkortError(Problem("file-not-found", f"«{file}» er en mappe.", file=file)) from None
        except PermissionError:
            raise NavkortError(Problem("file-not-found", f"Har ikke tilgang til å lese «{file}».", file=file,
                                       hint="Sjekk rettighetene til filen.")) from None
        except OSError as exc:
            raise NavkortError(Problem("file-not-found", f"Kan ikke lese «{file}»: {os_reason(exc)}.",
                                       file=file)) from None
        if size == 0:
            raise _fail("workbook-empty", "Filen er tom (0 byte).", file)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raw = path.read_bytes() if size < 64 * 1024 * 1024 else b""
            if "EncryptedPackage".encode("utf-16-le") in raw:
                raise _fail("workbook-password", "Arbeidsboken er passordbeskyttet og kan ikke leses.", file)
            raise _fail("workbook-xls", "Filen er i det gamle Excel-formatet (.xls).", file)
        if not head.startswith(b"PK"):
            with path.open("rb") as fh:
                sample = fh.read(4096)
            if b"\x00" not in sample:
                raise _fail("workbook-csv", "Filen er ren tekst (CSV eller lignende), ikke en Excel-arbeidsbok.", file)
            raise _fail("not-a-workbook", "Filen er ikke en Excel-arbeidsbok (.xlsx).", file)

    def _open_zip(self) -> None:
        path, file = self.path, self.file
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
            raise _fail("workbook-truncated", "Filen ser ut som en arbeidsbok, men er avkuttet eller ødelagt.",
                        file) from None
        self._zip = zf
        total = 0
        for info in zf.infolist():  # declared sizes first: nothing is unpacked before this
            total += info.file_size
            if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
                raise _fail("workbook-too-large",
                            f"Delen «{info.filename}» pakker ut til {info.file_size // 1_000_000} MB; "
                            "det er urimelig for et målekort (zip-bombe?).", file,
                            hint="Åpne filen i Excel eller LibreOffice og lagre den på nytt, eller be om en ny kopi.")
        names = set(zf.namelist())
        if "mimetype" in names and b"opendocument" in self._read_member("mimetype")[:200]:
            raise _fail("workbook-ods", "Filen er et OpenDocument-regneark (.ods), ikke .xlsx.", file)
        if "xl/workbook.xml" not in names:
            raise _fail("not-a-workbook", "Zip-filen er ikke en Excel-arbeidsbok (mangler xl/workbook.xml).", file)
        if "xl/sharedStrings.xml" in names:  # read by calamine: check it first
            sst = self._read_member("xl/sharedStrings.xml")
            self._sst_lengths = [len(chunk) for chunk in _SI_START.split(sst)[1:]]  # an upper bound each
        if "xl/styles.xml" in names:
            self._styles = Styles(self._read_member("xl/styles.xml"))
        self._map_sheets()

    def _read_member(self, name: str) -> bytes:
        """Read one zip member, bounded, and check it is as large as it claims."""
        assert self._zip is not None
        info = self._zip.getinfo(name)
        try:
            with self._zip.open(info) as fh:
                data = fh.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
            if "encrypted" in str(exc).lower():
                raise _fail("workbook-password", "Arbeidsboken er kryptert og kan ikke leses.", self.file) from None
            raise _fail("workbook-truncated", f"Delen «{name}» stemmer ikke med størrelsen og kontrollsummen den "
                                              "oppgir (ødelagt fil, eller en zip-bombe).", self.file) from None
        if len(data) > MAX_MEMBER_BYTES or len(data) != info.file_size:
            raise _fail("workbook-too-large",
                        f"Delen «{name}» er større enn den oppgir å være (zip-bombe?).", self.file)
        if (b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data) and name.endswith((".xml", ".rels")):
            raise _fail("not-a-workbook", f"Delen «{name}» har ulovlig XML (DTD eller entiteter).", self.file)
        return data

    def _map_sheets(self) -> None:
        """Sheet name → zip part, from workbook.xml and its relationships.

        Read with two small regular expressions rather than an XML parser: these parts are a few
        hundred bytes, entities are refused outright (as defusedxml would), and it saves a module
        import on every start."""
        wb_xml = _COMMENT.sub(b"", self._read_member("xl/workbook.xml"))
        try:
            rels_xml = _COMMENT.sub(b"", self._read_member("xl/_rels/workbook.xml.rels"))
        except KeyError:
            raise _fail("workbook-truncated", "Arbeidsbokens innholdsliste mangler (workbook.xml.rels).",
                        self.file) from None
        rels = {}
        for m in _REL_EL.finditer(rels_xml):
            attrs = dict(_xml_attrs(m.group(1)))
            rels[attrs.get(b"Id", b"")] = attrs.get(b"Target", b"").decode("utf-8", "replace")
        for m in _SHEET_EL.finditer(wb_xml):
            pairs = _xml_attrs(m.group(1))
            name = next((v for k, v in pairs if k == b"name"), b"")
            rid = next((v for k, v in pairs if k == b"r:id"), b"") or next(
                (v for k, v in pairs if k.endswith(b":id")), b"")
            target = rels.get(rid, "").lstrip("/")
            if not target.startswith("xl/"):
                target = "xl/" + target
            self._parts[_xml_unescape(name.decode("utf-8", "replace"))] = target
        if not self._parts:
            raise _fail("workbook-truncated", "Arbeidsboken har ingen ark.", self.file)

    @property
    def sheet_names(self) -> list[str]:
        return list(self._parts)

    def find_sheet(self, wanted: str) -> str | None:
        """The actual name of the sheet matching `wanted` (trimmed, case-folded, NFC); None if absent."""
        matches = [n for n in self._parts if norm(n) == norm(wanted)]
        if len(matches) > 1:
            raise _fail("sheet-ambiguous", f"Arkene {', '.join(repr(m) for m in matches)} har samme navn som "
                                           f"«{wanted}» når store/små bokstaver og mellomrom ses bort fra.",
                        self.file)
        return matches[0] if matches else None

    def sheet(self, wanted: str) -> Sheet | None:
        """Read one sheet (bounded) or None if the workbook has no such sheet."""
        name = self.find_sheet(wanted)
        if name is None:
            return None
        part = self._parts[name]
        assert self._zip is not None
        if part not in self._zip.namelist():
            raise _fail("workbook-truncated", f"Arket «{name}» mangler i filen.", self.file)
        self._guard_all_sheets()
        xml = self._guarded.get(part) or self._read_member(part)
        sheet = Sheet(name=name, rows=[], xml=xml, styles=self._styles)
        self._prescan(sheet)
        if self._cal is None:
            import python_calamine

            try:
                # A file object, not the name: a name that is not valid UTF-8 cannot cross into Rust.
                self._fh = self.path.open("rb")
                self._cal = python_calamine.CalamineWorkbook.from_filelike(self._fh)
            except Exception:
                raise _fail("workbook-truncated", "Arbeidsboken er skadet eller ufullstendig og kan ikke leses.",
                            self.file) from None
        try:
            sheet.rows = self._cal.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:
            raise _fail("workbook-truncated", f"Arket «{name}» er skadet og kan ikke leses.", self.file) from None
        return sheet

    def _guard_all_sheets(self) -> None:
        """Guard every sheet the workbook lists, once, before calamine reads any: whatever name calamine
        ends up looking a sheet up by, the part it reads has been checked."""
        if self._guarded:
            return
        assert self._zip is not None
        names = set(self._zip.namelist())
        for sheet_name, part in self._parts.items():
            if part in names:
                xml = self._read_member(part)
                self._guard_sheet(sheet_name, xml)
                self._guarded[part] = xml
        if not self._guarded:
            self._guarded[""] = b""

    def _guard_sheet(self, name: str, xml: bytes) -> None:
        """Refuse, before calamine sees it, every sheet form that can make it abort, guess or allocate
        without bound: prefixed elements, rows or cells without their reference, a cell with content
        far outside the layout, and shared strings repeated into gigabytes. Formatting alone (empty
        styled rows and cells, <dimension>, <extLst>) is left alone: calamine ignores it."""
        how = "Åpne filen i Excel eller LibreOffice og lagre den på nytt som .xlsx."

        def unreadable(what: str) -> NavkortError:
            return _fail("workbook-unreadable-xml", f"Arket «{name}» er skrevet på en XML-form navkort ikke kan "
                                                    f"lese trygt ({what}).", self.file, how)

        # Each pattern needs a substring that a plain `in` finds many times faster than the pattern
        # itself is searched: the pattern runs only when its substring is there.
        if b":sheetData" in xml and _PREFIXED_DATA.search(xml):
            raise unreadable("elementer med navneromsprefiks")
        start, end = xml.find(b"<sheetData"), xml.rfind(b"</sheetData>")
        data = xml[start:end] if 0 <= start < end else b""
        if any(tag in data for tag in _PREFIXED_TAGS) and _PREFIXED.search(data):
            raise unreadable("elementer med navneromsprefiks")
        if _ROW_WITHOUT_R.search(data):
            raise unreadable("rader uten radnummer")
        if _CELL_WITHOUT_R.search(data):
            raise unreadable("celler uten cellereferanse")
        for m in _FAR_REF.finditer(data):
            col, row, closed = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5),
                                                                                       m.group(6))
            if not closed and (int(row) > MAX_ROWS or len(col) > MAX_COL_LETTERS):
                raise _far(name, col + row, self.file)
        lengths = self._sst_lengths
        if lengths and max(lengths) * data.count(b"<c") > MAX_SHEET_TEXT:  # else it cannot add up
            total = sum(lengths[i] for i in map(int, _SHARED_CELL.findall(data)) if i < len(lengths))
            if total > MAX_SHEET_TEXT:
                raise _fail("workbook-too-large", f"Arket «{name}» viser til {total // 1_000_000} MB tekst "
                                                  "(den samme lange teksten i mange celler?).", self.file, how)

    def _prescan(self, sheet: Sheet) -> None:
        """Find error cells and formulas without saved values (the guard has bounded the sheet)."""
        xml = sheet.xml
        if _FORMULA.search(xml) is None and b't="e"' not in xml:
            return  # the common case: no formulas, no error values (<formula1> of validations is not one)
        for m in _CELL.finditer(xml):
            attrs, inner = m.group(1), m.group(2) or b""
            r = ATTR_R.search(attrs)
            if not r:
                continue
            ref = (r.group(1) + r.group(2)).decode()
            t = _ATTR_T.search(attrs)
            typ = t.group(1) if t else b"n"
            v = _VALUE.search(inner)
            if typ == b"e":
                sheet.error_cells[ref] = v.group(1).decode() if v else "#FEIL"
            elif _FORMULA.search(inner) and (v is None or (v.group(1) == b"" and typ not in (b"str", b"inlineStr"))):
                sheet.formula_no_value.add(ref)


def read_sheets(path: Path, wanted: tuple[str, ...]) -> dict[str, Sheet | None]:
    """Open the workbook, read the `wanted` sheets (None where absent), close it."""
    with Book(path) as book:
        return {name: book.sheet(name) for name in wanted}
