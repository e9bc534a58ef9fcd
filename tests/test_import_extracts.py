"""Reading statistics extracts and the mapping (kobling.yaml): encodings, separators, Statistics
Norway's symbols, title rows, long and wide layouts, period formats, and mistakes named by line,
row and column."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import EXAMPLES

from navkort import load_catalogue
from navkort.errors import NavkortError
from navkort.io.extract import figures, office_key, parse_period, read_table, read_value
from navkort.io.mapping import load_mapping
from navkort.model import Month

CAT = load_catalogue(EXAMPLES / "fylke.yaml")

LONG = """layout: long
dash: zero
office: {column: Enhetsnr, by: number}
period: {column: Periode}
indicator_column: Indikator
values:
  B.1: {match: Dialogmøte 2, teller: Teller, nevner: Nevner}
  Ø.1: {match: Driftsbudsjett, resultat: Regnskap, plan: Budsjett}
"""

CSV = ("Enhetsnr;Enhet;Periode;Indikator;Teller;Nevner;Regnskap;Budsjett\n"
       "9901;NAV Fjellbygd;2026-11;Dialogmøte 2;41;52;;\n"
       '9902;"NAV Sjøby\nog omegn";202611;Dialogmøte 2;1 234;1\u00a0500;;\n'
       "9903;NAV Elvedal;nov 2026;Dialogmøte 2;..;-;;\n"
       "9901;NAV Fjellbygd;november 2026;Driftsbudsjett;;;1 050 000,5;1 000 000\n"
       "9904;NAV Midtre Skogli;2026M11;Dialogmøte 2;ca 40;50;;\n"
       "9901;NAV Fjellbygd;2026-10;Dialogmøte 2;40;50;;\n")


def _mapping(tmp_path, text=LONG, name="kobling.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return load_mapping(p, CAT)


@pytest.mark.parametrize("encoding,bom,sep", [("utf-8", False, ";"), ("utf-8", True, ";"), ("cp1252", False, ";"),
                                              ("utf-8", False, ","), ("cp1252", False, "\t")])
def test_csv_as_norwegian_systems_export_it(tmp_path, encoding, bom, sep):
    mapping = _mapping(tmp_path)
    text = CSV if sep == ";" else CSV.replace(";", sep).replace("1 050 000,5", '"1 050 000,5"')
    data = text.encode(encoding)
    path = tmp_path / "uttrekk.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    figs, problems = figures(read_table(path, mapping), mapping, Month(2026, 11))
    got = {(f.office, f.indicator, f.field): f.value for f in figs}
    assert got[("9901", "B.1", "teller")] == 41 and got[("9901", "B.1", "nevner")] == 52
    assert got[("9902", "B.1", "teller")] == 1234 and got[("9902", "B.1", "nevner")] == 1500  # spaces, nbsp
    assert ("9903", "B.1", "teller") not in got  # «..»: no figure
    assert got[("9903", "B.1", "nevner")] == 0  # «-» is zero: dash: zero
    assert got[("9901", "Ø.1", "resultat")] == 1050000.5
    assert ("9901", "B.1", "teller") in got and all(f.month == Month(2026, 11) for f in figs)  # October left out
    [bad] = problems
    assert (bad.row, bad.column) == (6, "Teller") and "«ca 40»" in bad.message  # the quoted line break counted once


def test_dash_means_empty_when_the_mapping_says_so(tmp_path):
    mapping = _mapping(tmp_path, LONG.replace("dash: zero", "dash: empty"))
    assert read_value("-", mapping.dash) == (None, "")
    assert read_value("-", "zero") == (0.0, "")
    for symbol in (".", "..", "...", ":"):
        assert read_value(symbol, "zero") == (None, "")


def test_dash_must_be_said(tmp_path):
    with pytest.raises(NavkortError) as err:
        _mapping(tmp_path, LONG.replace("dash: zero\n", ""))
    assert "Mangler påkrevd nøkkel «dash»" in err.value.problems[0].message


def test_mapping_mistakes_are_named_by_line(tmp_path):
    text = LONG.replace("  Ø.1: {match: Driftsbudsjett, resultat: Regnskap, plan: Budsjett}",
                        "  B.99: {teller: X}\n  B.2: {tellr: Teller}\n  B.4: {teller: T}")
    text = text.replace("indicator_column: Indikator", "indicator_column: Indikator\nsepartor: ';'")
    with pytest.raises(NavkortError) as err:
        _mapping(tmp_path, text)
    got = [(p.line, p.code) for p in err.value.problems]
    assert (6, "unknown-key") in got  # separtor – mente du «separator»?
    assert "mente du «separator»" in err.value.problems[0].message
    text = LONG.replace("  Ø.1: {match: Driftsbudsjett, resultat: Regnskap, plan: Budsjett}",
                        "  B.99: {teller: X}\n  B.2: {tellr: Teller}\n  B.4: {teller: T}")
    with pytest.raises(NavkortError) as err:
        _mapping(tmp_path, text)
    got = {(p.line, p.code, p.indicator) for p in err.value.problems}
    assert (8, "mapping-unknown-indicator", "B.99") in got
    assert (9, "mapping-unknown-field", "B.2") in got and (10, "mapping-unknown-field", "B.4") in got


def test_validate_checks_a_mapping(cli, tmp_path):
    good = tmp_path / "kobling.yaml"
    good.write_text(LONG)
    r = cli("validate", EXAMPLES / "fylke.yaml", good)
    assert r.code == 0 and "Kobling" in r.out and "gyldig" in r.out, r
    bad = tmp_path / "feil.yaml"
    bad.write_text(LONG.replace("B.1:", "B.77:"))
    r = cli("validate", EXAMPLES / "fylke.yaml", bad)
    assert r.code == 1 and "feil.yaml:7" in r.out and "[mapping-unknown-indicator]" in r.out


WIDE = """layout: wide
sheet: Kommunale tall
dash: empty
office: {column: Kontornr, by: number}
values:
  B.3: {resultat: KVP deltakere, plan: KVP måltall}
  Ø.3: {resultat: Sosialhjelp regnskap, plan: Sosialhjelp budsjett}
"""


def test_wide_xlsx_with_a_title_block(tmp_path):
    import xlsxwriter

    path = tmp_path / "kommunale.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Kommunale tall")
    ws.write(0, 0, "Kommunale tall for november 2026")
    ws.write(1, 0, "Kilde: kommunenes fagsystemer")
    for c, h in enumerate(["Kontor", "Kontornr", "KVP deltakere", "KVP måltall", "Sosialhjelp regnskap",
                           "Sosialhjelp budsjett"]):
        ws.write(3, c, h)
    ws.write_row(4, 0, ["NAV Fjellbygd", 9901, 11, 12, 250000.0, "260 000"])
    ws.write_row(5, 0, ["NAV Sjøby", "09902", 7, 8, "-", 90000])
    wb.close()
    mapping = _mapping(tmp_path, WIDE)
    table = read_table(path, mapping)
    assert table.header_row == 4
    figs, problems = figures(table, mapping, Month(2026, 11))
    got = {(f.office, f.indicator, f.field): f.value for f in figs}
    assert got == {("9901", "B.3", "resultat"): 11, ("9901", "B.3", "plan"): 12, ("9901", "Ø.3", "resultat"): 250000,
                   ("9901", "Ø.3", "plan"): 260000, ("9902", "B.3", "resultat"): 7, ("9902", "B.3", "plan"): 8,
                   ("9902", "Ø.3", "plan"): 90000}  # «-» is empty here (dash: empty); «09902» is office 9902
    assert not problems and {f.row for f in figs} == {5, 6}


def test_wide_without_a_period_column_needs_the_month(tmp_path):
    from navkort.app.importing import import_extracts

    mapping = _mapping(tmp_path, WIDE)
    with pytest.raises(NavkortError) as err:
        import_extracts([], mapping, [], catalogue=CAT)
    assert "--month" in err.value.problems[0].hint


def test_missing_columns_are_named(tmp_path):
    mapping = _mapping(tmp_path)
    path = tmp_path / "u.csv"
    path.write_text("Enhetsnr;Periode;Indikator;Teller\n9901;2026-11;Dialogmøte 2;4\n")
    with pytest.raises(NavkortError) as err:
        read_table(path, mapping)
    assert "mangler «Nevner», «Regnskap», «Budsjett»" in err.value.problems[0].message


@pytest.mark.parametrize("value,month", [
    ("2026-10", Month(2026, 10)), ("202610", Month(2026, 10)), (202610, Month(2026, 10)), ("2026M10", Month(2026, 10)),
    ("okt 2026", Month(2026, 10)), ("oktober 2026", Month(2026, 10)), ("Okt. 2026", Month(2026, 10)),
    ("10.2026", Month(2026, 10)), ("01.10.2026", Month(2026, 10)), (datetime(2026, 10, 1), Month(2026, 10)),
    (date(2026, 10, 31), Month(2026, 10)), (46296.0, Month(2026, 10)), ("2026-13", None), ("okt", None), ("", None),
])
def test_period_formats(value, month):
    assert parse_period(value) == month


def test_office_keys_match_as_people_write_them():
    assert office_key(9901.0, "number") == office_key("09901", "number") == office_key(" 9901 ", "number") == "9901"
    assert office_key("NAV  Sjøby", "name") == office_key("sjøby", "name") == "sjøby"


def test_example_extracts_are_byte_stable(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    res = subprocess.run([sys.executable, str(ROOT / "examples" / "make_extracts.py"), str(tmp_path)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    for name in ("datavarehus-2026-11.csv", "kommunale-tall-2026-11.xlsx"):
        assert (tmp_path / name).read_bytes() == (ROOT / "examples" / "uttrekk" / name).read_bytes(), name


@pytest.mark.parametrize("content,why", [
    (b"Enhetsnr;Periode\n9901;\"2026-11\n" + b"x" * 2_000_000, "anførselstegn"),  # a quote never closed
    (b"\x00\x01\x02binary" * 100, "verken CSV eller en Excel-arbeidsbok"),
    (b"PK\x03\x04 not really a zip", "avkuttet eller ødelagt"),
])
def test_a_hostile_extract_is_refused_with_a_message(tmp_path, content, why):
    mapping = _mapping(tmp_path)
    path = tmp_path / "uttrekk.csv"
    path.write_bytes(content)
    with pytest.raises(NavkortError) as err:
        read_table(path, mapping)
    assert why in err.value.problems[0].message


def test_a_hostile_xlsx_extract_is_refused_like_a_workbook(tmp_path):
    import sys

    from conftest import FIXTURES

    sys.path.insert(0, str(FIXTURES))
    from hostile import hostile_workbooks

    mapping = _mapping(tmp_path)
    for name, (data, _code) in list(hostile_workbooks().items())[:6]:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(NavkortError):
            read_table(path, mapping)
