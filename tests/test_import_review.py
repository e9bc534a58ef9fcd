"""Import cases a second reader found: figures into the wrong workbook, cell or scale, rows dropped
without a word, and one workbook stopping the run."""

from __future__ import annotations

import json
import shutil

from conftest import EXAMPLES, ROOT

UTTREKK = ROOT / "examples" / "uttrekk"
DVH = UTTREKK / "datavarehus-2026-11.csv"
DVH_MAP = UTTREKK / "datavarehus.yaml"


def _import(cli, county, *args, extract=DVH, mapping=DVH_MAP):
    return cli("import", extract, "--mapping", mapping, *args, county / "fylke.yaml", county)


def _csv(tmp_path, edit) -> object:
    lines = DVH.read_text(encoding="cp1252").splitlines()
    path = tmp_path / "u.csv"
    path.write_text("\n".join(edit(lines)) + "\n", encoding="cp1252")
    return path


def test_two_workbooks_for_one_office_both_stay_untouched(cli, county):
    shutil.copy(county / "nav-sjoby.xlsx", county / "nav-sjoby - kopi.xlsx")
    before = (county / "nav-sjoby.xlsx").read_bytes()
    r = _import(cli, county, "--json")
    assert r.code == 1
    data = json.loads(r.out)
    skipped = [o for o in data["offices"] if o["skipped"]]
    assert len(skipped) == 2 and "flere arbeidsbøker har kontor «9904»" in skipped[0]["skipped"]
    assert (county / "nav-sjoby.xlsx").read_bytes() == before and "9904" not in data["unknown_offices"]


def test_two_indicators_with_the_same_match_text_are_refused(cli, tmp_path):
    text = DVH_MAP.read_text().replace('B.2: {match: "Oppfølging av ordinære arbeidssøkere siste tre måneder"',
                                       'B.2: {match: "Dialogmøte 2 innen 26 uker"')
    bad = tmp_path / "k.yaml"
    bad.write_text(text)
    r = cli("validate", EXAMPLES / "fylke.yaml", bad)
    assert r.code == 1 and "[mapping-duplicate-match]" in r.out


def test_a_percent_formatted_extract_cell_is_the_number_shown(cli, county, tmp_path):
    import openpyxl
    import xlsxwriter

    path = tmp_path / "andel.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Ark1")
    pct = wb.add_format({"num_format": "0.0%"})
    ws.write_row(0, 0, ["Kontornr", "Andel B.2"])
    ws.write(1, 0, "9904")
    ws.write_number(1, 1, 0.875, pct)  # shows 87,5 %
    wb.close()
    mapping = tmp_path / "andel.yaml"
    mapping.write_text("layout: wide\ndash: empty\noffice: {column: Kontornr}\nvalues:\n  B.2: {andel: Andel B.2}\n")
    r = cli("import", path, "--mapping", mapping, "--month", "2026-11", county / "fylke.yaml", county / "nav-sjoby.xlsx")
    assert r.code == 0, r
    ws = openpyxl.load_workbook(county / "nav-sjoby.xlsx")["Måledata"]
    row = next(r for r in range(4, 80) if ws.cell(r, 1).value == "B.2" and ws.cell(r, 3).value == "Andel (%)")
    assert ws.cell(row, 15).value == 87.5


def test_a_percent_formatted_count_cell_gets_the_count(cli, county):
    import openpyxl

    path = county / "nav-sjoby.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["Måledata"]["O4"].number_format = "0%"  # B.1 teller, November, formatted as percent by mistake
    wb.save(path)
    assert _import(cli, county).code == 0
    assert openpyxl.load_workbook(path)["Måledata"]["O4"].value > 1  # the count as is, not divided by 100
    r = _import(cli, county)
    assert r.code == 0 and "Ingen endringer" in r.out  # and a re-run agrees


def test_figures_for_another_year_are_said_and_fail_the_run(cli, county, tmp_path):
    csv = _csv(tmp_path, lambda ls: [ls[0]] + [line.replace(";2026-11;", ";2025-11;") for line in ls[1:]])
    r = _import(cli, county, extract=csv)
    assert r.code == 1 and "gjelder et annet år enn arbeidsboken" in r.out


def test_indicator_texts_the_mapping_does_not_know_are_listed(cli, county, tmp_path):
    csv = _csv(tmp_path, lambda ls: ls + ["9901;NAV Fjellbygd;2026-11;Noe annet;1;2;;;;"])
    r = _import(cli, county, extract=csv)
    assert r.code == 0 and "Ikke importert (koblingen nevner ikke disse indikatorene): «Noe annet» (1)" in r.out


def test_a_heading_twice_is_refused(cli, county, tmp_path):
    csv = _csv(tmp_path, lambda ls: [ls[0] + ";Teller"] + [line + ";" for line in ls[1:]])
    r = _import(cli, county, extract=csv)
    assert r.code == 1 and "«Teller» står to ganger" in r.err


def test_an_extract_without_figures_is_not_a_success(cli, county, tmp_path):
    csv = _csv(tmp_path, lambda ls: ls[:1])
    r = _import(cli, county, extract=csv)
    assert r.code == 1 and "Uttrekket har ingen tall" in r.err


def test_a_workbook_that_cannot_be_written_does_not_stop_the_others(cli, county, monkeypatch):
    import navkort.io.xlsx_patch as patch

    real = patch.patch_workbook
    skogli = (county / "nav-midtre-skogli.xlsx").read_bytes()

    def refuse(data, sheet, *args, **kw):
        if data == skogli:
            raise patch.PatchError("cellen er en del av en matriseformel")
        return real(data, sheet, *args, **kw)

    monkeypatch.setattr(patch, "patch_workbook", refuse)
    r = _import(cli, county, "--json")
    assert r.code == 1
    data = json.loads(r.out)
    by = {o["office"]: o for o in data["offices"]}
    assert not by["NAV Midtre Skogli"]["written"] and by["NAV Midtre Skogli"]["problems"]
    assert by["NAV Vindøy"]["written"] and by["NAV Sjøby"]["written"]


def test_a_typed_over_figure_no_longer_claims_the_extract(cli, county):
    import openpyxl

    from navkort import load_catalogue, read_office

    assert _import(cli, county).code == 0
    path = county / "nav-sjoby.xlsx"
    cat = load_catalogue(county / "fylke.yaml")
    assert any(s.indicator == "B.1" and s.field == "teller" for s in read_office(path, cat).sources)
    wb = openpyxl.load_workbook(path)
    wb["Måledata"]["O4"] = 999
    wb.save(path)
    assert not any(s.indicator == "B.1" and s.field == "teller" for s in read_office(path, cat).sources)


def test_a_linked_workbook_is_written_through_the_link(cli, county, tmp_path):
    shared = tmp_path / "felles"
    shared.mkdir()
    (county / "nav-sjoby.xlsx").rename(shared / "nav-sjoby.xlsx")
    (county / "nav-sjoby.xlsx").symlink_to(shared / "nav-sjoby.xlsx")
    before = (shared / "nav-sjoby.xlsx").read_bytes()
    assert _import(cli, county).code == 0
    assert (county / "nav-sjoby.xlsx").is_symlink() and (shared / "nav-sjoby.xlsx").read_bytes() != before
