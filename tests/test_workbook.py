"""Office workbooks: `navkort new`, forgiving reading, bad inputs, and `navkort validate` for workbooks."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import tracemalloc

import pytest
from conftest import EXAMPLES, FIXTURES, ROOT

from navkort import load_catalogue
from navkort.errors import NavkortError
from navkort.io.office import read_office, validate_office
from navkort.io.parse import NumberError, parse_number

sys.path.insert(0, str(FIXTURES))
from make_fixtures import make_all

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.xlsx"))
LO = FIXTURES / "libreoffice"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(EXAMPLES / "fylke.yaml")


@pytest.fixture(scope="module")
def national():
    return load_catalogue()


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    return make_all(tmp_path_factory.mktemp("broken"))


# ------------------------------------------------------------------------------------------ numbers

@pytest.mark.parametrize("text,value,percent", [
    ("65,5", 65.5, False), ("65,5 %", 65.5, True), ("65,5%", 65.5, True), ("1 234", 1234, False),
    ("1\u00a0234\u00a0567", 1234567, False), ("1\u202f234,5", 1234.5, False), ("\u22123,5", -3.5, False),
    (" 11 ", 11, False), ("0,655", 0.655, False), ("65.5", 65.5, False), ("12,3456", 12.3456, False),
])
def test_numbers_as_people_type_them(text, value, percent):
    assert parse_number(text) == (pytest.approx(value), percent)


@pytest.mark.parametrize("text,code", [
    ("ca 40", "cell-not-a-number"), ("1,234", "cell-ambiguous-number"), ("1.234", "cell-ambiguous-number"),
    ("1.234,5", "cell-ambiguous-number"), ("TRUE", "cell-not-a-number"), ("12 34", "cell-not-a-number"),
    ("?", "cell-not-a-number"),
])
def test_numbers_that_would_need_a_guess(text, code):
    with pytest.raises(NumberError) as exc:
        parse_number(text)
    assert exc.value.code == code


# ------------------------------------------------------------------------------------------ new


def test_new_then_validate(cli, tmp_path):
    out = tmp_path / "t.xlsx"
    r = cli("new", "--office", "NAV Test", "--year", "2026", "-o", out)
    assert r.code == 0, r
    assert "Laget" in r.out
    r = cli("validate", out)
    assert r.code == 0, r
    assert f"Arbeidsbok {out} (NAV Test): gyldig." in r.out


def test_new_refuses_to_overwrite(cli, tmp_path):
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"keep me")
    r = cli("new", "--office", "NAV Test", "--year", "2026", "-o", out)
    assert r.code == 2
    assert "finnes fra før" in r.err and "[file-exists]" in r.err
    assert out.read_bytes() == b"keep me"
    assert cli("new", "--office", "NAV Test", "--year", "2026", "-o", out, "--force").code == 0


def test_new_layout(tmp_path, cli):
    import openpyxl

    out = tmp_path / "t.xlsx"
    cli("new", "--office", "NAV Fjellbygd", "--year", "2026", "--kommune", "Fjellbygd", "--kommune", "Nordvik",
        EXAMPLES / "fylke.yaml", "-o", out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Slik fyller du ut", "Kontor", "Måledata", "Fjorår", "Lokale mål", "Kommentarer",
                             "Tiltaksplan"]
    ws = wb["Måledata"]
    assert [ws.cell(3, c).value for c in range(1, 6)] == ["ID", "Indikator", "Felt", "Legger inn", "jan"]
    assert ws.cell(3, 16).value == "des"
    assert ws.freeze_panes == "E4"
    assert (ws["A4"].value, ws["C4"].value, ws["C5"].value, ws["C6"].value) == ("B.1", "Teller", "Nevner", "Andel (%)")
    assert ws["D4"].value == "NAV fylke" and ws["Q4"].value == "statlig" and ws["R4"].value == "Datavarehus"
    assert ws.protection.sheet and ws["A4"].protection.locked and not ws["E4"].protection.locked
    assert ws["E6"].number_format == '0.0" %"'  # typing 65,5 shows 65,5 %
    assert any("E4" in str(dv.sqref) and dv.type == "decimal" for dv in ws.data_validations.dataValidation)
    ids = {ws.cell(r, 1).value for r in range(4, ws.max_row + 1)}
    assert "F.1" in ids and "B.12" not in ids  # overlay applied
    k = wb["Kontor"]
    assert k["B3"].value == "NAV Fjellbygd" and k["B6"].value == 2026
    assert k["A5"].value == "Fylke" and k["B5"].value == "Eksempelfylke"  # from the overlay's name
    assert k["A15"].value == "Overlegg" and re.fullmatch(r"fylke\.yaml \(NAV Eksempelfylke\), kontrollsum [0-9a-f]{12}",
                                                         k["B15"].value)
    assert [k[f"A{r}"].value for r in (7, 8, 9, 10)] == ["NAV-leder", "NAV-leders tittel", "Saksbehandler",
                                                           "Vår referanse"]
    assert [k.cell(r, 1).value for r in (18, 19)] == ["Fjellbygd", "Nordvik"]
    t = wb["Tiltaksplan"]
    assert [t.cell(3, c).value for c in (1, 3, 9, 10)] == ["Nr", "Tiltak (hva skal gjøres)",
                                                           "Risikovurdering (kan forbedringen gå ut over andre mål?)",
                                                           "Status"]


def test_new_from_last_year(cli, tmp_path, cat):
    out = tmp_path / "2027.xlsx"
    r = cli("new", "--office", "NAV Elvedal", "--year", "2027", "--from", EXAMPLES / "nav-elvedal.xlsx",
            EXAMPLES / "fylke.yaml", "-o", out)
    assert r.code == 0, r
    old = read_office(EXAMPLES / "nav-elvedal.xlsx", cat)
    new = read_office(out, cat)
    assert new.year == 2027
    assert new.last_year["B.1"] == old.series["B.1"]
    assert all(v is None for v in new.series.get("B.1", {}).get("teller", [None]))
    assert [a.what for a in new.actions] == [a.what for a in old.actions if a.status != "Fullført"]
    assert new.municipalities == old.municipalities


def test_new_from_copies_local_goals(cli, tmp_path, cat):
    out = tmp_path / "2027.xlsx"
    assert cli("new", "--office", "NAV Sjøby", "--year", "2027", "--from", EXAMPLES / "nav-sjoby.xlsx",
               EXAMPLES / "fylke.yaml", "-o", out).code == 0
    new = read_office(out, cat)
    assert [i.id for i in new.local_indicators] == ["L.1", "L.2"]
    assert new.local_indicators[0].target.provenance == "lokal"
    assert new.last_year["L.1"]["verdi"][0] is not None


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_new_workbook_opens_in_libreoffice(tmp_path, cli):
    out = tmp_path / "t.xlsx"
    cli("new", "--office", "NAV Test", "--year", "2026", "-o", out)
    res = subprocess.run(["soffice", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(out)],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "t.csv").read_bytes().startswith(b"Slik fyller du ut")


# ------------------------------------------------------------------------------------------ examples


def test_examples_validate_with_overlay(cli):
    r = cli("validate", *EXAMPLE_FILES, EXAMPLES / "fylke.yaml")
    assert r.code == 0, r
    assert len(EXAMPLE_FILES) == 6


def test_examples_are_byte_stable(tmp_path):
    res = subprocess.run([sys.executable, str(ROOT / "examples" / "make_examples.py"), str(tmp_path)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    for f in EXAMPLE_FILES:
        assert (tmp_path / f.name).read_bytes() == f.read_bytes(), f.name


def test_healthy_office_values(cat):
    o = read_office(EXAMPLES / "nav-fjellbygd.xlsx", cat)
    assert o.name == "NAV Fjellbygd" and o.year == 2026 and o.example
    assert o.municipalities[0].name == "Fjellbygd" and o.municipalities[0].radmann == "Kari Nordmann"
    assert o.latest_month() == 10
    assert o.series["B.1"]["teller"][9] is not None and o.series["B.1"]["teller"][10] is None
    assert all(v is not None for v in o.last_year["B.1"]["nevner"])
    assert o.comments[0].indicator == "B.7" and o.comments[0].month == 10
    assert o.actions[0].status == "Pågår" and o.actions[0].responsible == "Markedskoordinator"


def test_interkommunalt(cat):
    o = read_office(EXAMPLES / "nav-midtre-skogli.xlsx", cat)
    assert [(m.name, m.radmann) for m in o.municipalities] == [("Skogli", "Ingrid Lie"), ("Nordvik", "Hans Vik")]
    assert o.interkommunalt


def test_local_goals(cat):
    o = read_office(EXAMPLES / "nav-sjoby.xlsx", cat)
    l1 = o.local_indicators[0]
    assert (l1.id, l1.unit, l1.target.direction, l1.target.provenance) == ("L.1", "days", "lower", "lokal")
    assert (l1.target.for_month(1).green, l1.target.for_month(1).yellow) == (14, 21)
    assert o.series["L.1"]["verdi"][0] is not None


def test_late_office_has_no_state_figures_for_september_october(cat):
    o = read_office(EXAMPLES / "nav-vindoy.xlsx", cat)
    assert o.series["B.1"]["teller"][7] is not None
    assert o.series["B.1"]["teller"][8] is None and o.series["B.1"]["teller"][9] is None
    assert o.series["M.2"]["teller"][9] is not None  # entered by NAV-leder: on time


@pytest.mark.parametrize("path", [EXAMPLES / "nav-bakkemo.xlsx", LO / "nav-bakkemo-libreoffice.xlsx"],
                         ids=["navkort", "libreoffice"])
def test_typed_office(cat, path):
    """nav-bakkemo-libreoffice.xlsx: the example saved by LibreOffice Calc 7 (make_fixtures.py --libreoffice)."""
    o = read_office(path, cat)
    assert o.series["B.2"]["andel"][:3] == [81.1, 73.2, 77.4]  # text cells "81,1 %"
    assert o.series["B.8"]["andel"][:3] == [79.2, 80.8, 76.9]  # percent-formatted 0.792 shown as 79,2 %
    assert o.series["M.1"]["verdi"][0] == 6.3  # "6,3 %" with a non-breaking space
    assert o.series["Ø.1"]["plan"][0] == 1_084_000  # "1 084 000"
    assert o.series["B.3"]["resultat"][9] == 11  # " 11 "
    assert o.series["B.13"]["verdi"][0] is None  # "-"


def test_libreoffice_error_values(cat):
    """feilverdier-libreoffice.xlsx: formulas =1/0 and =NA() calculated and saved by LibreOffice."""
    problems, office = validate_office(LO / "feilverdier-libreoffice.xlsx", cat)
    assert [(p.sheet, p.cell, p.code, p.severity) for p in problems] == [
        ("Måledata", "G4", "cell-error-value", "warning"), ("Måledata", "H4", "cell-error-value", "warning")]
    assert office.series["B.1"]["teller"][2] is None


def test_people_layout(national, broken):
    o = read_office(broken["people-layout.xlsx"], national)
    assert o.name == "NAV Omforming" and o.year == 2026
    assert o.series["B.1"]["teller"][:4] == [40, 45, 63, None]
    assert o.series["B.1"]["nevner"][:3] == [50, 60, 70]
    assert o.series["M.1"]["verdi"][:3] == [5.5, 6.1, None]


# ------------------------------------------------------------------------------------------ bad inputs

BAD = [
    ("empty.xlsx", [("", "", "workbook-empty")]),
    ("csv-renamed.xlsx", [("", "", "workbook-csv")]),
    ("old.xls", [("", "", "workbook-xls")]),
    ("password.xlsx", [("", "", "workbook-password")]),
    ("regneark.ods", [("", "", "workbook-ods")]),
    ("truncated.xlsx", [("", "", "workbook-truncated")]),
    ("~$nav-test.xlsx", [("", "", "workbook-lockfile")]),
    ("stray-cell.xlsx", [("", "", "workbook-too-large")]),
    ("formula-no-value.xlsx", [("Måledata", "G4", "cell-formula-no-value")]),
    ("error-values.xlsx", [("Måledata", "G4", "cell-error-value"), ("Måledata", "H4", "cell-error-value"),
                           ("Måledata", "I4", "cell-error-value")]),
    ("bad-text.xlsx", [("Måledata", "E7", "cell-not-a-number"), ("Måledata", "E8", "cell-ambiguous-number"),
                       ("Måledata", "F14", "cell-ambiguous-number"), ("Måledata", "F15", "cell-percent-in-count"),
                       ("Måledata", "E19", "cell-not-a-number")]),
    ("two-maledata.xlsx", [("", "", "sheet-ambiguous")]),
    ("no-data-sheet.xlsx", [("Måledata", "", "sheet-missing"), ("Kontor", "", "kontor-incomplete"),  # no kommune,
                            ("Kontor", "", "kontor-incomplete"), ("Kontor", "", "kontor-incomplete")]),  # leaders
    ("kontor-incomplete.xlsx", [("Kontor", "B3", "kontor-missing"), ("Kontor", "B6", "kontor-missing")]),
    ("references.xlsx", [("Lokale mål", "H4", "threshold-order"), ("Kommentarer", "A4", "reference-unknown"),
                         ("Tiltaksplan", "B4", "reference-unknown")]),
]


@pytest.mark.parametrize("name,expected", BAD, ids=[b[0] for b in BAD])
def test_bad_input(national, broken, name, expected):
    problems, _ = validate_office(broken[name], national)
    assert [(p.sheet, p.cell, p.code) for p in problems] == expected
    assert all(p.file == str(broken[name]) for p in problems)


@pytest.mark.parametrize("name,expected", BAD, ids=[b[0] for b in BAD])
def test_bad_input_cli_has_no_traceback(cli, broken, name, expected):
    r = cli("validate", broken[name])
    assert "Traceback" not in r.out + r.err
    errors = [e for e in expected if e[2] not in ("cell-error-value", "reference-unknown")]
    assert r.code == (1 if errors else 0), r
    for sheet, cell, code in expected:
        assert f"[{code}]" in r.out
        if cell:
            assert f"{broken[name]} › {sheet} › {cell}:" in r.out


def test_messages_name_what_was_found(national, broken):
    problems, _ = validate_office(broken["bad-text.xlsx"], national)
    assert problems[0].format() == f"{broken['bad-text.xlsx']} › Måledata › E7: B.2: Fant «ca 40»: tekst, ikke et tall. [cell-not-a-number]"
    problems, _ = validate_office(broken["formula-no-value.xlsx"], national)
    assert "Excel eller LibreOffice" in problems[0].hint


@pytest.mark.parametrize("name,code", [("zipbomb.xlsx", "workbook-too-large"),
                                       ("zipbomb-lying.xlsx", "workbook-truncated")])
def test_zip_bomb_refused_fast_and_small(national, broken, name, code):
    """100 MB of XML in a 100 KB file; the second one also lies about its size (claims 40 KB)."""
    assert broken[name].stat().st_size < 1_000_000
    tracemalloc.start()
    t0 = time.perf_counter()
    problems, _ = validate_office(broken[name], national)
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [p.code for p in problems] == [code]
    assert elapsed < 2.0 and peak < 200 * 1024 * 1024


def test_stray_cell_names_the_cell(national, broken):
    t0 = time.perf_counter()
    problems, _ = validate_office(broken["stray-cell.xlsx"], national)
    assert time.perf_counter() - t0 < 2.0
    assert "XFD1048576" in problems[0].message


def test_read_office_raises_every_error(national, broken):
    with pytest.raises(NavkortError) as exc:
        read_office(broken["bad-text.xlsx"], national)
    assert len(exc.value.problems) == 5


def test_validate_workbook_json(cli, broken):
    r = cli("validate", broken["bad-text.xlsx"], "--json")
    data = json.loads(r.out)
    assert r.code == 1 and data["valid"] is False
    assert [(p["sheet"], p["cell"], p["code"]) for p in data["problems"]][:2] == [
        ("Måledata", "E7", "cell-not-a-number"), ("Måledata", "E8", "cell-ambiguous-number")]


def test_validate_tells_yaml_from_workbook_by_content(cli, tmp_path):
    wb = tmp_path / "arbeidsbok.dat"
    shutil.copy(EXAMPLES / "nav-fjellbygd.xlsx", wb)
    r = cli("validate", wb, EXAMPLES / "fylke.yaml")
    assert r.code == 0, r
    assert "(NAV Fjellbygd): gyldig" in r.out


def test_reading_never_modifies_the_input(national):
    before = (EXAMPLES / "nav-bakkemo.xlsx").read_bytes()
    read_office(EXAMPLES / "nav-bakkemo.xlsx", national, other_overlays=True)
    assert (EXAMPLES / "nav-bakkemo.xlsx").read_bytes() == before


def test_local_goal_decimals_typed_as_text_are_read(tmp_path):
    """«Desimaler» typed as the text "0" is read like any other forgiving cell, not a rejected workbook."""
    import openpyxl

    from navkort.io.new_workbook import build_workbook
    from navkort.model import Indicator, Office, Target

    cat = load_catalogue()
    local = (Indicator(id="L.1", name="Ventetid", perspective="bruker", owner="kommune", measure="value",
                       unit="days", decimals=1, target=Target(direction="lower", green=14, yellow=21)),)
    p = tmp_path / "lokal.xlsx"
    p.write_bytes(build_workbook(cat, Office(file="", name="NAV Lokal", year=2026, local_indicators=local)))
    wb = openpyxl.load_workbook(p)
    ws = wb["Lokale mål"]
    assert ws["J3"].value == "Desimaler"
    ws["J4"] = "0"
    wb.save(p)
    office = read_office(p, cat)
    assert office.local_indicators[0].decimals == 0


def test_new_from_another_offices_workbook_is_refused_unless_asked(cli, tmp_path):
    args = ("new", "--office", "NAV Fjellbygd", "--year", "2027", "--from", EXAMPLES / "nav-sjoby.xlsx",
            EXAMPLES / "fylke.yaml", "-o", tmp_path / "ny.xlsx")
    r = cli(*args)
    assert r.code == 2 and "[from-other-office]" in r.err and "NAV Sjøby" in r.err
    assert not (tmp_path / "ny.xlsx").exists()
    r = cli(*args, "--from-other-office")
    assert r.code == 0 and (tmp_path / "ny.xlsx").is_file()
    r = cli("new", "--office", "nav sjøby", "--year", "2027", "--from", EXAMPLES / "nav-sjoby.xlsx",
            EXAMPLES / "fylke.yaml", "-o", tmp_path / "sjoby.xlsx")
    assert r.code == 0, r


def test_a_percent_formatted_cell_means_the_number_times_100_whatever_its_size(tmp_path):
    from navkort.io.new_workbook import Typed, build_workbook
    from navkort.model import Office

    cat = load_catalogue()
    typed = {("B.1", "andel", 1): Typed(percent_formatted=1.05), ("B.1", "andel", 2): Typed(percent_formatted=0.655),
             ("B.1", "andel", 3): Typed(percent_formatted=-0.25)}
    p = tmp_path / "prosent.xlsx"
    p.write_bytes(build_workbook(cat, Office(file="", name="NAV Prosent", year=2026), typed=typed))
    office = read_office(p, cat)
    assert office.values("B.1", "andel")[:3] == [105.0, 65.5, -25.0]


def test_implausible_figures_are_warnings_naming_the_cell_and_strict_makes_them_errors(cli, tmp_path):
    from navkort.io.new_workbook import build_workbook
    from navkort.model import Office

    cat = load_catalogue()
    series = {"B.1": {"andel": [70.0, 72.5, 0.655] + [None] * 9},
              "B.2": {"teller": [30.0, 45.0, 31.0] + [None] * 9, "nevner": [40.0, 40.0, 40.0] + [None] * 9},
              "B.13": {"verdi": [12.0, 14.0, 13.0, 150.0] + [None] * 8}}
    p = tmp_path / "rare.xlsx"
    p.write_bytes(build_workbook(cat, Office(file="", name="NAV Rar", year=2026, series=series)))
    problems, office = validate_office(p, cat)
    odd = sorted((q.indicator, q.cell) for q in problems if q.code == "figure-implausible")
    assert [i for i, _ in odd] == ["B.1", "B.13", "B.2"], odd
    assert all(q.severity == "warning" for q in problems if q.code == "figure-implausible")
    assert cli("validate", p).code == 0
    r = cli("validate", "--strict", p)
    assert r.code == 1 and "[figure-implausible]" in r.out


def test_a_change_is_entered_as_a_count(tmp_path):
    """B.13 (change from the previous month) is computed from counts: its row says so and reads so."""
    import openpyxl

    from navkort.io.new_workbook import build_workbook
    from navkort.model import Office

    cat = load_catalogue()
    p = tmp_path / "b13.xlsx"
    p.write_bytes(build_workbook(cat, Office(file="", name="NAV Endring", year=2026)))
    ws = openpyxl.load_workbook(p)["Måledata"]
    labels = [ws.cell(r, 3).value for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == "B.13"]
    assert labels == ["Verdi (antall)"]
