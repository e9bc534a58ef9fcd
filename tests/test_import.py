"""`navkort import` end to end on the example county: what a county staffer checks after importing
the month's extracts into every office workbook."""

from __future__ import annotations

import json
import os
import shutil
import zipfile

from conftest import EXAMPLES, ROOT

UTTREKK = ROOT / "examples" / "uttrekk"
DVH = UTTREKK / "datavarehus-2026-11.csv"
DVH_MAP = UTTREKK / "datavarehus.yaml"
KOM = UTTREKK / "kommunale-tall-2026-11.xlsx"
KOM_MAP = UTTREKK / "kommunale-tall.yaml"


def _parts(path):
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _import(cli, county, *extra, extract=DVH, mapping=DVH_MAP):
    return cli("import", extract, "--mapping", mapping, *extra, county / "fylke.yaml", county)


def test_the_example_extracts_fill_november_for_every_office(cli, county):
    r = _import(cli, county)
    assert r.code == 0, r
    r = _import(cli, county, "--month", "2026-11", extract=KOM, mapping=KOM_MAP)
    assert r.code == 0, r
    data = json.loads(cli("score", county, county / "fylke.yaml", "--month", "2026-11", "--json").out)
    assert len(data["offices"]) == 6
    for office in data["offices"]:
        by = {i["id"]: i for i in office["indicators"]}
        assert by["B.1"]["period"]["value"] is not None, office["office"]
        assert by["B.3"]["period"]["value"] is not None and by["M.1"]["period"]["month"] == "2026-10"
        assert {s["field"] for s in by["B.1"]["sources"]} == {"teller", "nevner"}
        assert by["B.1"]["sources"][0]["extract"] == "datavarehus-2026-11.csv"


def test_running_the_same_import_again_changes_no_file(cli, county):
    assert _import(cli, county).code == 0
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in county.glob("*.xlsx")}
    r = _import(cli, county)
    assert r.code == 0 and "Ingen endringer" in r.out
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in county.glob("*.xlsx")} == before


def test_every_other_part_and_cell_of_the_workbook_is_kept(cli, county):
    import openpyxl

    path = county / "nav-sjoby.xlsx"
    before, old = _parts(path), openpyxl.load_workbook(path)
    assert _import(cli, county).code == 0
    after, new = _parts(path), openpyxl.load_workbook(path)
    changed = {n for n in before if before[n] != after.get(n)}
    assert changed <= {"xl/worksheets/sheet3.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                       "[Content_Types].xml"}, changed
    assert list(after)[: len(before)] == list(before)  # same parts in the same order, the log sheet added
    written = 0
    for ws in old.worksheets:
        for row in ws.iter_rows():
            for c in row:
                n = new[ws.title][c.coordinate]
                if c.value != n.value:
                    # November, and October's sick leave (one month's lag): nothing else
                    assert ws.title == "Måledata" and c.value is None and c.column in (14, 15), c.coordinate
                    written += 1
                assert (c.number_format, repr(c.font), repr(c.fill), c.protection.locked) == (
                    n.number_format, repr(n.font), repr(n.fill), n.protection.locked)
    assert written == 32 and new.sheetnames == old.sheetnames + ["Importlogg"]
    assert new["Måledata"].protection.sheet and new["Måledata"].freeze_panes == old["Måledata"].freeze_panes


def test_conflicts_are_listed_and_kept_unless_overwrite(cli, county, tmp_path):
    import openpyxl

    path = county / "nav-fjellbygd.xlsx"
    assert _import(cli, county).code == 0
    csv = tmp_path / "rettet.csv"
    text = DVH.read_text(encoding="cp1252").splitlines()
    b1 = next(i for i, line in enumerate(text) if line.startswith("9901;") and "Dialogmøte" in line)
    parts = text[b1].split(";")
    parts[4] = str(int(parts[4]) + 3)  # the extract was corrected: teller is 3 higher
    csv.write_text("\n".join([text[0], ";".join(parts)]) + "\n", encoding="cp1252")
    old_value = openpyxl.load_workbook(path)["Måledata"]["O4"].value
    r = _import(cli, county, extract=csv)
    assert r.code == 1, r
    assert f"NAV Fjellbygd: B.1 teller 2026-11, Måledata!O4: «{int(old_value)}» → {int(parts[4])}" in r.out
    assert openpyxl.load_workbook(path)["Måledata"]["O4"].value == old_value
    r = _import(cli, county, "--overwrite", extract=csv)
    assert r.code == 0, r
    assert openpyxl.load_workbook(path)["Måledata"]["O4"].value == int(parts[4])
    log = list(openpyxl.load_workbook(path)["Importlogg"].values)
    assert log[0][:4] == ("Tidspunkt", "Uttrekk", "SHA-256", "Rad") and log[-1][-3:] == ("O4", str(int(old_value)),
                                                                                          int(parts[4]))


def test_a_backup_is_made_before_the_first_change_and_restores(cli, county):
    original = (county / "nav-vindoy.xlsx").read_bytes()
    r = _import(cli, county)
    assert r.code == 0
    [run] = list((county / ".navkort-sikkerhetskopi").iterdir())
    assert (run / "nav-vindoy.xlsx").read_bytes() == original
    shutil.copy2(run / "nav-vindoy.xlsx", county / "nav-vindoy.xlsx")  # restoring is a copy back (docs/import.md)
    assert (county / "nav-vindoy.xlsx").read_bytes() == original
    assert cli("validate", county / "fylke.yaml", county / "nav-vindoy.xlsx").code == 0


def test_dry_run_writes_nothing(cli, county):
    before = {p.name: p.read_bytes() for p in county.iterdir() if p.is_file()}
    r = _import(cli, county, "--dry-run")
    assert r.code == 0 and "Tørrkjøring" in r.out and "191 tall ville blitt skrevet" in r.out
    assert {p.name: p.read_bytes() for p in county.iterdir() if p.is_file()} == before
    assert not (county / ".navkort-sikkerhetskopi").exists()


def test_a_workbook_open_in_excel_is_skipped_and_the_rest_go_on(cli, county):
    (county / "~$nav-sjoby.xlsx").write_bytes(b"lock")
    before = (county / "nav-sjoby.xlsx").read_bytes()
    r = _import(cli, county)
    assert r.code == 1
    assert "åpen i Excel" in r.out and (county / "nav-sjoby.xlsx").read_bytes() == before
    assert "Skrev 159 tall i 5 arbeidsbøker" in r.out


def test_unknown_office_office_without_rows_and_a_bad_row(cli, county, tmp_path):
    csv = tmp_path / "u.csv"
    text = DVH.read_text(encoding="cp1252").splitlines()
    rows = [line for line in text[1:] if not line.startswith("9906;")]  # Bakkemo has no rows
    rows.append("9999;NAV Ukjent;2026-11;Dialogmøte 2 innen 26 uker;1;2;;;;")
    bad = rows[0].split(";")
    bad[4] = "ca 40"
    rows[0] = ";".join(bad)
    csv.write_text("\n".join([text[0], *rows]) + "\n", encoding="cp1252")
    r = _import(cli, county, "--json", extract=csv)
    assert r.code == 1
    data = json.loads(r.out)
    assert data["unknown_offices"] == {"9999": 2}
    [problem] = data["row_problems"]
    assert (problem["row"], problem["column"]) == (2, "Teller") and "«ca 40»" in problem["message"]
    bakkemo = next(o for o in data["offices"] if o["office"] == "NAV Bakkemo")
    assert bakkemo["filled"] == [] and bakkemo["unchanged"] == 0 and not bakkemo["written"]
    fjell = next(o for o in data["offices"] if o["office"] == "NAV Fjellbygd")
    assert {"indicator": "B.1", "field": "teller", "month": "2026-11"} in fjell["missing_in_extract"]


def test_a_formula_is_never_overwritten(cli, county):
    import openpyxl

    path = county / "nav-midtre-skogli.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["Måledata"]["O4"] = "=N4+1"
    wb.save(path)
    r = _import(cli, county, "--overwrite")
    assert r.code == 1 and "cellen har en formel" in r.out
    assert openpyxl.load_workbook(path)["Måledata"]["O4"].value == "=N4+1"


def test_the_api_returns_the_reconciliation(county):
    from navkort import import_extracts, load_catalogue
    from navkort.io.mapping import load_mapping
    from navkort.model import Month

    cat = load_catalogue(county / "fylke.yaml")
    report = import_extracts([KOM], load_mapping(KOM_MAP, cat), sorted(county.glob("nav-*.xlsx")), Month(2026, 11),
                             dry_run=True, catalogue=cat)
    assert import_extracts([KOM], KOM_MAP, sorted(county.glob("nav-*.xlsx")), Month(2026, 11), True).ok
    assert report.ok and report.dry_run and all(not o.written for o in report.offices)
    assert sum(len(o.plan.changes) for o in report.offices if o.plan) == 48
    assert os.listdir(county) == os.listdir(EXAMPLES)
