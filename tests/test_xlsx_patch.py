"""Patching numbers into an existing workbook (navkort.io.xlsx_patch): everything else stays as it was."""

from __future__ import annotations

import csv
import io
import math
import re
import shutil
import subprocess
import uuid
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import python_calamine
import xlsxwriter
from conftest import FIXTURES, tiny_png
from openpyxl.worksheet.formula import ArrayFormula

from navkort import load_catalogue
from navkort.io import xlsx_patch
from navkort.io.new_workbook import build_workbook
from navkort.io.office import read_office
from navkort.io.xlsx_patch import CellWrite, PatchError, formula_cells, patch_workbook
from navkort.io.xlsx_zip import read_sheets
from navkort.model import Office

pytestmark = pytest.mark.filterwarnings("ignore:.*is not supported and will be removed:UserWarning")  # openpyxl
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
HEADER = ["Tidspunkt", "Celle", "Verdi", "Kilde"]
WRITES = [CellWrite("E4", 65.5), CellWrite("B5", 12.0), CellWrite("G30", 0.655), CellWrite("T50", -3.25)]
TRICKY = ["=SUM(A1)", "+47 123", "-1", "@navn", "a & b < c > \"d\" 'e'", "nul\x00l\x07", "_x0041_"]
LOG_ROWS = [["2026-11-23 10:00", "E4", 65.5, "fil.csv"], ["2026-11-23 10:00", None, None, TRICKY[0]], TRICKY]
# the parts a patch may change (the sheet written to, and what a new sheet is listed in)
PATCHED = {"xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}


def rich_workbook() -> bytes:
    """A workbook with most of what Excel files carry: styles, empty styled input cells, formulas with
    cached values, an array formula, validation, a comment, names, panes, protection, widths, a chart,
    an image and sparklines (x14 in extLst)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
    bold = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
    inp = wb.add_format({"locked": False, "border": 1, "num_format": "#,##0.##", "bg_color": "#FFF2CC"})
    pct = wb.add_format({"locked": False, "num_format": "0.0%", "font_color": "#0000FF"})
    ws = wb.add_worksheet("Måledata")
    ws.write_row(0, 0, ["ID", "Indikator", "Felt", "Enhet"] + [f"m{m}" for m in range(1, 13)] + ["Sum"], bold)
    ws.write(1, 0, "Fylles ut hver måned")
    for r in range(3, 12):  # rows 4..12: labels, then styled empty input cells, then a formula with its value
        ws.write_row(r, 0, [f"B.{r}", f"Indikator {r}", "Teller", "antall"])
        for c in range(4, 16):
            ws.write_blank(r, c, None, inp)
        ws.write_formula(r, 16, f"=SUM(E{r + 1}:P{r + 1})", bold, value=r * 10)
    ws.write_blank(4, 1, None)  # unformatted blank: no cell, so row 5 has no B5
    ws.write_number(5, 4, 41.5, inp)
    ws.write_blank(11, 6, None, pct)
    ws.write_array_formula("S4:S6", "{=E4:E6*2}", None, 0)
    ws.write(39, 0, "Notat nederst")  # row 40 exists, rows 13..39 do not
    ws.data_validation("E4:P12", {"validate": "decimal", "criteria": "between", "minimum": -1e9, "maximum": 1e9,
                                  "error_title": "Ikke et tall", "error_message": "Skriv et tall."})
    ws.data_validation("C4:C12", {"validate": "list", "source": "=Lister!$A$1:$A$3"})
    ws.write_comment("B4", "Husk kilden")
    ws.freeze_panes(3, 4)
    ws.set_column("A:A", 8)
    ws.set_column("B:B", 40)
    ws.set_row(2, 30)
    ws.add_sparkline(3, 17, {"range": "Måledata!E4:P4", "markers": True})
    ws.protect("", {"format_cells": True})
    lists = wb.add_worksheet("Lister")
    lists.write_column(0, 0, ["Teller", "Nevner", "Andel (%)"])
    notes = wb.add_worksheet("Notater & planer")
    notes.write_row(0, 0, ["Dato", "Tekst", "Beløp"], bold)
    notes.write_datetime(1, 0, datetime(2026, 3, 1), wb.add_format({"num_format": "dd.mm.yyyy"}))
    notes.write_row(1, 1, ["Møte med kommunen", 1234.5])
    notes.write_formula(2, 2, "=C2*2", None, 2469)
    notes.add_sparkline(1, 4, {"range": "'Notater & planer'!C2:C3"})
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=Måledata!$E$4:$P$4", "name": "B.3"})
    notes.insert_chart("G2", chart)
    notes.insert_image("G20", "rod.png", {"image_data": io.BytesIO(tiny_png(b"\xff\x00\x00"))})
    wb.define_name("Innfylling", "=Måledata!$E$4:$P$12")
    wb.define_name("'Notater & planer'!Lokal", "='Notater & planer'!$B$2")
    wb.close()
    return buf.getvalue()


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i, zf.read(i)) for i in zf.infolist()]


def _part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


def _value(cell) -> object:
    v = cell.value
    return (v.ref, v.text) if isinstance(v, ArrayFormula) else v


def _styles(cell) -> tuple:
    return (cell.number_format, repr(cell.font), repr(cell.fill), repr(cell.border), repr(cell.protection))


@pytest.fixture(scope="module")
def rich() -> bytes:
    return rich_workbook()


@pytest.fixture(scope="module")
def patched(rich) -> bytes:
    return patch_workbook(rich, "Måledata", WRITES, "Logg", HEADER, LOG_ROWS)


# -- 1. fidelity -----------------------------------------------------------------------------------
def test_every_other_part_is_byte_identical_in_the_same_order(rich, patched):
    before, after = _members(rich), _members(patched)
    assert {"xl/media/image1.png", "xl/charts/chart1.xml", "xl/drawings/drawing1.xml", "xl/comments1.xml",
            "xl/drawings/vmlDrawing1.vml", "xl/worksheets/sheet3.xml"} <= {i.filename for i, _ in before}
    assert [i.filename for i, _ in after] == [i.filename for i, _ in before] + ["xl/worksheets/sheet4.xml"]
    for (old, old_bytes), (new, new_bytes) in zip(before, after):
        assert (new.date_time, new.compress_type, new.external_attr) == (
            old.date_time, old.compress_type, old.external_attr), old.filename
        if old.filename not in PATCHED:
            assert new_bytes == old_bytes, old.filename
    # the lists of parts only gained the new sheet
    new_sheet = {i.filename: b for i, b in after}
    ct = new_sheet["[Content_Types].xml"]
    override = b'<Override PartName="/xl/worksheets/sheet4.xml" ContentType="application/vnd.openxmlformats-' \
               b'officedocument.spreadsheetml.worksheet+xml"/>'
    assert ct.replace(override, b"") == _part(rich, "[Content_Types].xml")
    wb = new_sheet["xl/workbook.xml"]
    assert re.sub(rb'<sheet name="Logg" sheetId="4" r:id="rId\d+"/>', b"", wb) == _part(rich, "xl/workbook.xml")
    rels = re.sub(rb'<Relationship Id="rId\d+" Type="[^"]+/worksheet" Target="worksheets/sheet4.xml"/>', b"",
                  new_sheet["xl/_rels/workbook.xml.rels"])
    assert rels == _part(rich, "xl/_rels/workbook.xml.rels")


def test_the_patched_sheet_changes_only_inside_sheet_data_and_dimension(rich, patched):
    old, new = _part(rich, "xl/worksheets/sheet1.xml"), _part(patched, "xl/worksheets/sheet1.xml")
    assert b"<extLst>" in old and b"x14:sparklineGroups" in old and b"<legacyDrawing" in old  # what must survive
    head = re.compile(rb'<dimension ref="[^"]*"/>')
    assert head.sub(b"", old[:old.index(b"<sheetData>")]) == head.sub(b"", new[:new.index(b"<sheetData>")])
    assert old[old.index(b"</sheetData>"):] == new[new.index(b"</sheetData>"):]
    assert b'<dimension ref="A1:T50"/>' in new
    # every formula cell, with its cached value, is there as it was
    for cell in re.findall(rb"<c [^>]*><f[ >].*?</c>", old):
        assert cell in new


def test_openpyxl_sees_the_same_workbook_except_the_written_cells(rich, patched):
    written = {w.ref: w.value for w in WRITES}
    before = openpyxl.load_workbook(io.BytesIO(rich))
    after = openpyxl.load_workbook(io.BytesIO(patched))
    assert after.sheetnames == before.sheetnames + ["Logg"]
    assert set(after.defined_names) == set(before.defined_names)
    for ws in before.worksheets:
        new = after[ws.title]
        assert new.freeze_panes == ws.freeze_panes and new.protection.sheet == ws.protection.sheet
        assert {k: d.width for k, d in new.column_dimensions.items()} == \
               {k: d.width for k, d in ws.column_dimensions.items()}
        assert len(new.data_validations.dataValidation) == len(ws.data_validations.dataValidation)
        coords = {c.coordinate for row in ws.iter_rows() for c in row} | {
            c.coordinate for row in new.iter_rows() for c in row}
        for ref in sorted(coords):
            if ws.title == "Måledata" and ref in written:
                assert new[ref].value == written[ref] and new[ref].data_type == "n"
            else:
                assert _value(new[ref]) == _value(ws[ref]), (ws.title, ref)
            assert _styles(new[ref]) == _styles(ws[ref]), (ws.title, ref)
    assert after["Måledata"]["E4"].number_format == "#,##0.##"  # the written cell kept its style
    assert after["Måledata"]["B4"].comment.text.strip() == "Husk kilden"


def test_cached_formula_values_survive(rich, patched):
    before = openpyxl.load_workbook(io.BytesIO(rich), data_only=True)
    after = openpyxl.load_workbook(io.BytesIO(patched), data_only=True)
    for title in ("Måledata", "Notater & planer"):
        for row in before[title].iter_rows():
            for c in row:
                if c.coordinate not in {w.ref for w in WRITES}:
                    assert after[title][c.coordinate].value == c.value, (title, c.coordinate)
    assert after["Måledata"]["Q4"].value == 30 and after["Notater & planer"]["C3"].value == 2469


def test_the_log_sheet_has_the_header_and_rows_as_text(patched):
    ws = openpyxl.load_workbook(io.BytesIO(patched))["Logg"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == HEADER + [None] * 3  # the longest row has 7 cells
    assert rows[1] == ["2026-11-23 10:00", "E4", 65.5, "fil.csv", None, None, None]
    assert rows[2] == ["2026-11-23 10:00", None, None, "=SUM(A1)", None, None, None]
    # openpyxl does not decode Excel's _xHHHH_ escapes; Excel, LibreOffice and calamine show «_x0041_»
    assert rows[3] == ["=SUM(A1)", "+47 123", "-1", "@navn", "a & b < c > \"d\" 'e'", "null", "_x005F_x0041_"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert ws.freeze_panes == "A2" and ws["A1"].value == "Tidspunkt"
    assert ws.column_dimensions["A"].width > 10
    xml = _part(patched, "xl/worksheets/sheet4.xml")
    assert b"<f>" not in xml and b"<f " not in xml and b"<b/>" in xml  # bold header, without touching styles


def test_calamine_reads_the_patched_file(patched):
    wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(patched))
    data = wb.get_sheet_by_name("Måledata").to_python()
    assert data[3][4] == 65.5 and data[4][1] == 12.0 and data[29][6] == 0.655 and data[49][19] == -3.25
    log = wb.get_sheet_by_name("Logg").to_python()
    assert log[0][:4] == HEADER and log[2][3] == "=SUM(A1)" and log[1][2] == 65.5
    assert log[3] == ["=SUM(A1)", "+47 123", "-1", "@navn", "a & b < c > \"d\" 'e'", "null", "_x0041_"]
    assert wb.get_sheet_by_name("Notater & planer").to_python()[1][1] == "Møte med kommunen"


def test_navkort_reads_the_number_from_its_own_workbook(tmp_path):
    cat = load_catalogue()
    data = build_workbook(cat, Office(file="", name="NAV Test", year=2026))
    xml = _part(data, "xl/worksheets/sheet3.xml")
    assert b'<c r="E4" s="8"/>' in xml  # an empty styled input cell, as navkort new writes them
    out = patch_workbook(data, "Måledata", [CellWrite("E4", 17.0), CellWrite("F4", 19.0)], "Logg", HEADER,
                         [["2026-02-01", "E4", 17.0, "test"]])
    assert b'<c r="E4" s="8"><v>17</v></c><c r="F4" s="8"><v>19</v></c>' in _part(out, "xl/worksheets/sheet3.xml")
    path = tmp_path / "kontor.xlsx"
    path.write_bytes(out)
    sheet = read_sheets(path, ("Måledata",))["Måledata"]
    assert sheet is not None and sheet.rows[3][4:6] == [17.0, 19.0]
    ind = sheet.rows[3][0]
    office = read_office(path, cat)
    assert any(vals[:2] == [17.0, 19.0] for vals in office.series[ind].values()), office.series[ind]


def test_a_workbook_saved_by_libreoffice_patches_too(tmp_path):
    data = (FIXTURES / "libreoffice" / "nav-bakkemo-libreoffice.xlsx").read_bytes()
    assert formula_cells(data, "Måledata", ["E4", "F4"]) == set()
    out = patch_workbook(data, "Måledata", [CellWrite("E4", 1.5), CellWrite("Q4", 2.0)], "Logg", HEADER,
                         [["2026-02-01", "E4", 1.5, "test"]])
    before, after = _members(data), _members(out)
    assert [i.filename for i, _ in after] == [i.filename for i, _ in before] + ["xl/worksheets/sheet8.xml"]
    assert all(a == b for (i, a), (_, b) in zip(before, after) if i.filename not in PATCHED | {
        "xl/worksheets/sheet3.xml"})
    path = tmp_path / "lo.xlsx"
    path.write_bytes(out)
    sheets = read_sheets(path, ("Måledata", "Logg"))
    assert sheets["Måledata"].rows[3][4] == 1.5 and sheets["Måledata"].rows[3][16] == 2.0
    assert sheets["Logg"].rows[1] == ["2026-02-01", "E4", 1.5, "test"]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_patched_file(patched, tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(patched)
    profile = Path("/tmp") / f"lo-xlsx-patch-{uuid.uuid4().hex}"
    try:
        res = subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                              "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                              "--outdir", str(tmp_path), str(path)], capture_output=True, text=True, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert res.returncode == 0, res.stderr

    def rows(sheet: str) -> list[list[str]]:
        with open(tmp_path / f"p-{sheet}.csv", encoding="utf-8") as fh:
            return list(csv.reader(fh))

    data = rows("Måledata")
    assert data[3][4] == "65.5" and data[4][1] == "12" and data[49][19] == "-3.25"
    # (Q4, the sum of row 4, shows its cached value: LibreOffice does not recalculate xlsx files on load by
    # default, fullCalcOnLoad or not; Excel does with fullCalcOnLoad)
    log = rows("Logg")
    assert log[0][:4] == HEADER and log[2][3] == "=SUM(A1)"
    assert log[3] == ["=SUM(A1)", "+47 123", "-1", "@navn", "a & b < c > \"d\" 'e'", "null", "_x0041_"]
    assert rows("Notater & planer")[1][1] == "Møte med kommunen"


# -- 2. appending and repeating --------------------------------------------------------------------
def test_appending_to_an_existing_log_adds_rows_after_the_last(patched):
    again = patch_workbook(patched, "Måledata", [], "Logg", HEADER, [["2026-12-01", "F4", 70, "ny"]])
    assert [i.filename for i, _ in _members(again)] == [i.filename for i, _ in _members(patched)]
    for name in ("xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
        assert _part(again, name) == _part(patched, name)
    ws = openpyxl.load_workbook(io.BytesIO(again))["Logg"]
    assert ws.max_row == 5 and [c.value for c in ws[5]][:4] == ["2026-12-01", "F4", 70, "ny"]
    assert [c.value for c in ws[2]][:4] == ["2026-11-23 10:00", "E4", 65.5, "fil.csv"]
    assert b'<dimension ref="A1:G5"/>' in _part(again, "xl/worksheets/sheet4.xml")


def test_patching_twice_with_the_same_values_gives_the_same_sheet(rich, patched):
    twice = patch_workbook(patched, "Måledata", WRITES, "Logg", HEADER, [])
    assert _part(twice, "xl/worksheets/sheet1.xml") == _part(patched, "xl/worksheets/sheet1.xml")
    assert patch_workbook(rich, "Måledata", WRITES, "Logg", HEADER, LOG_ROWS) == patched  # deterministic
    assert patch_workbook(rich, "Måledata", [], "Logg", HEADER, []) is rich  # nothing to do


# -- 3. formulas -----------------------------------------------------------------------------------
def test_formula_cells_finds_formulas_and_array_ranges(rich):
    refs = ["E4", "Q4", "Q12", "S4", "S5", "S6", "S7", "B5", "Z99"]
    assert formula_cells(rich, "Måledata", refs) == {"Q4", "Q12", "S4", "S5", "S6"}
    assert formula_cells(rich, "Notater & planer", ["C3", "C2"]) == {"C3"}


@pytest.mark.parametrize("ref", ["Q4", "S5"])
def test_patch_refuses_to_overwrite_a_formula(rich, ref):
    with pytest.raises(PatchError, match=f"har formler i {ref}; navkort skriver ikke over formler"):
        patch_workbook(rich, "Måledata", [CellWrite("E4", 1.0), CellWrite(ref, 2.0)], "Logg", HEADER, [])


def test_refusals_are_in_norwegian(rich):
    with pytest.raises(PatchError, match="har ikke arket «Mangler»"):
        patch_workbook(rich, "Mangler", WRITES, "Logg", HEADER, LOG_ROWS)
    with pytest.raises(PatchError, match="har ikke arket"):
        formula_cells(rich, "måledata", ["E4"])  # names are compared exactly
    with pytest.raises(PatchError, match="navnet er tatt"):
        patch_workbook(rich, "Måledata", WRITES, "lister", HEADER, LOG_ROWS)
    with pytest.raises(PatchError, match="ugyldig navn"):
        patch_workbook(rich, "Måledata", WRITES, "Logg: 2026", HEADER, LOG_ROWS)
    with pytest.raises(PatchError, match="ikke en gyldig Excel-arbeidsbok"):
        patch_workbook(b"not a zip", "Måledata", WRITES, "Logg", HEADER, LOG_ROWS)


# -- 4. the XML itself -----------------------------------------------------------------------------
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def mini(sheet_data: str, head: str = "", tail: str = "", *, workbook: str | None = None,
         name: str = "Ark1") -> bytes:
    """A minimal package around one sheet whose XML we write by hand."""
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
             f'xmlns:r="{RELS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
             f'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" mc:Ignorable="x14ac">'
             f"{head}{sheet_data}{tail}</worksheet>")
    workbook = workbook or (f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="{name}" sheetId="1" '
                            'r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'content-types"><Default Extension="xml" ContentType="application/xml"/><Override '
                    'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                    'spreadsheetml.sheet.main+xml"/></Types>')
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                    f'2006/relationships"><Relationship Id="rId1" Type="{RELS}/worksheet" '
                    'Target="/xl/worksheets/sheet1.xml"/></Relationships>')
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return buf.getvalue()


def sheet_data(data: bytes, part: str = "xl/worksheets/sheet1.xml") -> str:
    xml = _part(data, part).decode()
    return xml[xml.index("<sheetData"):xml.index("</sheetData>") + 12]


def write(data: bytes, *writes: tuple[str, float], sheet: str = "Ark1") -> bytes:
    return patch_workbook(data, sheet, [CellWrite(r, v) for r, v in writes], "Logg", HEADER, [])


def test_cells_go_in_column_order_and_rows_in_row_order():
    data = mini('<sheetData><row r="1"/><row spans="1:3" r="2" ht="20" customHeight="1" x14ac:dyDescent="0.25">'
                '<c s="3" r="B2"/><c r="C2" t="s"><v>0</v></c></row><!-- <row r="7"><c r="A7"/></row> -->'
                '<row r="9"><c r="Z9"><v>1</v></c><c r="AB9"><v>2</v></c></row></sheetData>',
                head='<sheetPr><tabColor rgb="FFFF0000"/></sheetPr><dimension ref="B2:AB9"/>'
                     '<cols><col min="1" max="3" width="9" customWidth="1"/></cols>',
                tail='<rowBreaks count="1" manualBreakCount="1"><brk id="5" max="16383" man="1"/></rowBreaks>')
    out = write(data, ("B2", 1), ("A2", 2), ("D2", 3.5), ("C2", 4), ("AA9", 5), ("BA9", 6), ("A9", 7),
                ("C7", 8), ("B1", 9), ("A12", 10))
    assert sheet_data(out) == (
        '<sheetData><row r="1"><c r="B1"><v>9</v></c></row>'
        '<row spans="1:4" r="2" ht="20" customHeight="1" x14ac:dyDescent="0.25"><c r="A2"><v>2</v></c>'
        '<c s="3" r="B2"><v>1</v></c><c r="C2"><v>4</v></c><c r="D2"><v>3.5</v></c></row>'
        '<!-- <row r="7"><c r="A7"/></row> --><row r="7"><c r="C7"><v>8</v></c></row>'
        '<row r="9"><c r="A9"><v>7</v></c><c r="Z9"><v>1</v></c><c r="AA9"><v>5</v></c><c r="AB9"><v>2</v></c>'
        '<c r="BA9"><v>6</v></c></row><row r="12"><c r="A12"><v>10</v></c></row></sheetData>')
    xml = _part(out, "xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1:BA12"/>' in xml
    assert xml.endswith(b'<rowBreaks count="1" manualBreakCount="1"><brk id="5" max="16383" man="1"/></rowBreaks>'
                        b"</worksheet>")
    assert b'<cols><col min="1" max="3" width="9" customWidth="1"/></cols>' in xml


def test_a_cell_keeps_its_other_attributes_and_loses_its_type():
    data = mini("<sheetData><row r='3' s='2' customFormat='1'><c t=\"s\" s='5' r='B3' cm=\"1\" vm='2'><v>4</v></c>"
                "</row></sheetData>")
    out = write(data, ("B3", 1), ("C3", 2))
    assert sheet_data(out) == ("<sheetData><row r='3' s='2' customFormat='1'><c s=\"5\" r=\"B3\" cm=\"1\"><v>1</v>"
                               '</c><c r="C3" s="2"><v>2</v></c></row></sheetData>')


def test_empty_sheet_data_and_dimension():
    out = write(mini("<sheetData/>", head='<dimension ref="A1"/>'), ("C3", 1), ("B2", 2))
    assert sheet_data(out) == ('<sheetData><row r="2"><c r="B2"><v>2</v></c></row>'
                               '<row r="3"><c r="C3"><v>1</v></c></row></sheetData>')
    assert b'<dimension ref="A1:C3"/>' in _part(out, "xl/worksheets/sheet1.xml")
    out = write(mini("<sheetData></sheetData>"), ("A1", 1))  # no dimension: none is added
    assert b"<dimension" not in _part(out, "xl/worksheets/sheet1.xml")


@pytest.mark.parametrize(("value", "text"), [(123.0, "123"), (65.5, "65.5"), (0.655, "0.655"), (-0.0, "0"),
                                             (1 / 3, "0.3333333333333333"), (1e20, "1e+20"), (-7, "-7"),
                                             (123456789.125, "123456789.125")])
def test_numbers_are_written_exactly(value, text):
    out = write(mini('<sheetData><row r="1"><c r="A1"/></row></sheetData>'), ("A1", value))
    assert f'<c r="A1"><v>{text}</v></c>' in sheet_data(out)
    assert float(text) == value


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_refused(value):
    with pytest.raises(PatchError, match="NaN eller uendelig"):
        write(mini("<sheetData/>"), ("A1", value))
    with pytest.raises(PatchError, match="NaN eller uendelig"):
        patch_workbook(mini("<sheetData/>"), "Ark1", [], "Logg", HEADER, [["x", value]])


@pytest.mark.parametrize("ref", ["E0", "$E$4", "e4", "XFE1", "A1048577", "E4:E5", ""])
def test_bad_references_are_refused(ref):
    with pytest.raises(PatchError, match="cellereferanse"):
        write(mini("<sheetData/>"), (ref, 1))


def test_xml_navkort_cannot_patch_safely_is_refused():
    with pytest.raises(PatchError, match="ingen <sheetData> uten navneromsprefiks"):
        write(mini(f'<x:sheetData xmlns:x="{MAIN}"><x:row r="1"/></x:sheetData>'), ("A1", 1))
    with pytest.raises(PatchError, match="navneromsprefiks"):
        write(mini(f'<sheetData><x:row xmlns:x="{MAIN}" r="1"/></sheetData>'), ("A1", 1))
    with pytest.raises(PatchError, match="radnummer"):
        write(mini('<sheetData><row><c r="A1"/></row></sheetData>'), ("A1", 1))
    with pytest.raises(PatchError, match="cellereferanse"):
        write(mini('<sheetData><row r="1"><c><v>1</v></c></row></sheetData>'), ("A1", 1))


def test_parts_over_the_bound_are_refused(monkeypatch):
    monkeypatch.setattr(xlsx_patch, "MAX_PART_BYTES", 300)
    with pytest.raises(PatchError, match="zip-bombe"):
        write(mini("<sheetData>" + "<row r='1'/>" * 100 + "</sheetData>"), ("A1", 1))


def test_fullcalconload_is_set_so_formulas_are_computed_on_opening():
    out = write(mini("<sheetData/>"), ("A1", 1))
    assert b'<calcPr calcId="191029" fullCalcOnLoad="1"/>' in _part(out, "xl/workbook.xml")


def test_a_new_log_sheet_uses_the_prefix_the_workbook_binds():
    wb = (f'<x:workbook xmlns:x="{MAIN}" xmlns:rel="{RELS}"><x:sheets><x:sheet name="Notater &amp; planer" '
          'sheetId="3" rel:id="rId1"/></x:sheets></x:workbook>')
    out = patch_workbook(mini("<sheetData/>", workbook=wb), "Notater & planer", [], "Logg & co", HEADER,
                         [["a", 1]])
    assert (b'<x:sheet name="Logg &amp; co" sheetId="4" rel:id="rId2"/></x:sheets>'
            in _part(out, "xl/workbook.xml"))
    assert b'Target="worksheets/sheet2.xml"/></Relationships>' in _part(out, "xl/_rels/workbook.xml.rels")
    wb = f'<workbook xmlns="{MAIN}"><sheets><sheet xmlns:r="{RELS}" name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    out = patch_workbook(mini("<sheetData/>", workbook=wb), "Ark1", [], "Logg", HEADER, [["a", 1]])
    assert f'<sheet name="Logg" sheetId="2" xmlns:r="{RELS}" r:id="rId2"/>'.encode() in _part(out, "xl/workbook.xml")
    ws = openpyxl.load_workbook(io.BytesIO(out))["Logg"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [HEADER, ["a", 1, None, None]]


def test_log_text_is_escaped_and_never_a_formula():
    out = patch_workbook(mini("<sheetData/>"), "Ark1", [], "Logg", ["H"], [TRICKY, [None, "", 2.5]])
    xml = sheet_data(out, "xl/worksheets/sheet2.xml")
    assert ('<c r="E2" t="inlineStr"><is><t xml:space="preserve">a &amp; b &lt; c &gt; &quot;d&quot; &apos;e&apos;'
            "</t></is></c>") in xml
    assert '<t xml:space="preserve">null</t>' in xml and "_x005F_x0041_" in xml
    assert '<row r="3"><c r="C3"><v>2.5</v></c></row>' in xml  # None and "" are no cell
    assert "<f" not in xml
