"""County month end: many offices in parallel, broken ones reported, the county overview, score_many."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import EXAMPLES

from navkort import load_catalogue
from navkort.app import score_many
from navkort.io.files import collect_workbooks

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.xlsx"))


@pytest.fixture
def county(tmp_path):
    """The six examples, a truncated workbook and an Excel lock file in one folder."""
    folder = tmp_path / "fylke"
    folder.mkdir()
    for f in EXAMPLE_FILES:
        shutil.copy(f, folder / f.name)
    data = (EXAMPLES / "nav-fjellbygd.xlsx").read_bytes()
    (folder / "nav-avkuttet.xlsx").write_bytes(data[: len(data) // 2])
    (folder / "~$nav-elvedal.xlsx").write_bytes(b"\x0bAnne Berg" + b"\x00" * 50)
    shutil.copy(EXAMPLES / "fylke.yaml", tmp_path / "fylke.yaml")
    return folder


def test_collect_skips_lock_files_and_own_outputs(county, tmp_path):
    (county / "nav-fjellbygd-2026-10-tiltaksplan.xlsx").write_bytes(b"x")
    (county / "fylkesoversikt.xlsx").write_bytes(b"x")
    found, skipped = collect_workbooks([county])
    assert [f.name for f in found] == sorted(f.name for f in EXAMPLE_FILES + [county / "nav-avkuttet.xlsx"])
    assert [(s.path.name, s.reason) for s in skipped] == [("~$nav-elvedal.xlsx", "låsefil fra Excel")]
    globbed, _ = collect_workbooks([str(county / "nav-f*.xlsx")])
    assert [f.name for f in globbed] == ["nav-fjellbygd-2026-10-tiltaksplan.xlsx", "nav-fjellbygd.xlsx"]


def test_broken_workbook_reported_others_go_on(cli, county, tmp_path):
    r = cli("score", county, tmp_path / "fylke.yaml", "--month", "2026-10", "--out", tmp_path / "ut", "--quiet")
    assert r.code == 1, r
    ok_lines = [ln for ln in r.out.splitlines() if ln.startswith("ok ")]
    assert len(ok_lines) == 6
    assert "FEIL  " + str(county / "nav-avkuttet.xlsx") in r.out and "[workbook-truncated]" in r.out
    feil = next(ln for ln in r.out.splitlines() if ln.startswith("FEIL"))
    assert feil.count("nav-avkuttet.xlsx") == 1  # named once, not «fil.xlsx: fil.xlsx:»
    assert "hopper over" in r.out and "~$nav-elvedal.xlsx" in r.out
    assert "Ferdig: 6 av 7 kontor, 1 feilet:" in r.out
    assert (tmp_path / "ut" / "fylkesoversikt.xlsx").is_file() and (tmp_path / "ut" / "fylkesoversikt.html").is_file()


def test_same_json_whatever_jobs(cli, county, tmp_path):
    args = ("score", county, tmp_path / "fylke.yaml", "--month", "2026-10", "--json", "--out", tmp_path / "ut")
    one = cli(*args, "--jobs", "1")
    two = cli(*args, "--jobs", "2")
    assert one.code == two.code == 1
    assert json.loads(one.out) == json.loads(two.out)
    data = json.loads(one.out)
    assert [o["office"] for o in data["offices"]] == ["NAV Bakkemo", "NAV Elvedal", "NAV Fjellbygd",
                                                      "NAV Midtre Skogli", "NAV Sjøby", "NAV Vindøy"]
    assert data["summary"]["done"] == 6 and data["summary"]["failed"] == 1
    assert data["failed"][0]["problems"][0]["code"] == "workbook-truncated"


def test_report_county_with_overview_and_completeness(cli, tmp_path):
    out = tmp_path / "ut"
    r = cli("report", EXAMPLES, EXAMPLES / "fylke.yaml", "--to", "fylkesdirektør", "--month", "2026-10", "--out", out,
            "--quiet")
    assert r.code == 0, r
    for f in EXAMPLE_FILES:
        folder = out / f"{f.stem}-2026-10"
        assert (folder / f"{f.stem}-2026-10-malekort.html").is_file()
        assert (folder / f"{f.stem}-2026-10-statusbrev-fylkesdirektor.html").is_file()
        assert (folder / f"{f.stem}-2026-10-tiltaksplan.xlsx").is_file()
    html = (out / "fylkesoversikt.html").read_text()
    assert "Datakompletthet" in html and "NAV fylke legger inn" in html and "NAV-leder legger inn" in html
    assert "<script>" in html and "sortable" in html
    # the late-data office shows as late in the completeness matrix, owing 17 figures from NAV fylke
    vindoy = html.split("Datakompletthet: hvem skylder", 1)[1].split("NAV Vindøy", 1)[1].split("</tr>", 1)[0]
    assert vindoy.count('title="forsinket"') == 17
    assert '<td class="c" data-sort="17">17</td>' in vindoy


def test_overview_workbook(cli, tmp_path):
    import openpyxl

    out = tmp_path / "ut"
    assert cli("score", EXAMPLES, EXAMPLES / "fylke.yaml", "--month", "2026-10", "--out", out, "--quiet").code == 0
    wb = openpyxl.load_workbook(out / "fylkesoversikt.xlsx")
    assert wb.sheetnames == ["Måned", "Hittil i år", "Datakompletthet", "Variasjon (SPC)"]
    ws = wb["Måned"]
    header = [c.value for c in ws[5]]
    assert header[:6] == ["Kontor", "Måned", "Grønne", "Gule", "Røde", "Mangler"] and header[6] == "B.1"
    rows = {r[0].value: r for r in ws.iter_rows(min_row=6)}
    assert rows["NAV Elvedal"][4].value == 15  # red count
    assert rows["NAV Vindøy"][6].value == "forsinket"
    assert rows["NAV Elvedal"][6].fill.fgColor.rgb == "FFFFC7CE"
    spc = wb["Variasjon (SPC)"]  # the variation of every office × indicator: a concern reads «!»
    signs = {spc.cell(r, 1).value: [spc.cell(r, c).value for c in range(3, spc.max_column + 1)]
             for r in range(6, spc.max_row + 1)}
    assert any(s and s.startswith("!") for s in signs["NAV Midtre Skogli"])
    comp = wb["Datakompletthet"]
    comp_rows = {r[0].value: r for r in comp.iter_rows(min_row=6)}
    assert comp_rows["NAV Vindøy"][2].value == 17 and comp_rows["NAV Vindøy"][3].value == 0


def test_score_many_api(county, tmp_path):
    cat = load_catalogue(tmp_path / "fylke.yaml")
    batch = score_many([county], cat, "2026-10", jobs=2)
    assert [c.office for c in batch.cards] == ["NAV Bakkemo", "NAV Elvedal", "NAV Fjellbygd", "NAV Midtre Skogli",
                                               "NAV Sjøby", "NAV Vindøy"]
    assert batch.failed[0][0].endswith("nav-avkuttet.xlsx")
    assert batch.skipped[0].endswith("~$nav-elvedal.xlsx")
    assert batch.cards[1].get("B.1").period.status == "red"


def test_example_script_runs(tmp_path):
    import subprocess
    import sys

    res = subprocess.run([sys.executable, str(EXAMPLES.parent / "manedsslutt.py"), "--out", str(tmp_path / "ut")],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "NAV Elvedal" in res.stdout and (tmp_path / "ut" / "fylkesoversikt.html").is_file()


def test_a_bug_inside_a_batch_is_exit_3_not_a_user_error(cli, county, tmp_path, monkeypatch):
    import navkort.app.batch

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(navkort.app.batch, "score_office", broken)
    r = cli("score", EXAMPLES / "nav-sjoby.xlsx", EXAMPLES / "nav-vindoy.xlsx", "--month", "2026-10", "--jobs", "1",
            "--quiet", "--out", tmp_path / "ut")
    assert r.code == 3, r
    assert "[internal-error]" in r.out and "ZeroDivisionError" in r.out and "--debug" in r.out
    assert "[usage]" not in r.out


def test_one_run_leaves_nothing_behind_for_the_next(tmp_path):
    """Worker state lives in the run: a PDF run followed by an HTML run in one process writes no PDF."""
    from datetime import date

    from navkort.app import Job, run_batch

    cat = load_catalogue(EXAMPLES / "fylke.yaml")
    wb = [EXAMPLES / "nav-sjoby.xlsx"]
    common = dict(catalogue=cat, month="2026-10", report_to="navleder", made=date(2026, 11, 5))
    first = run_batch(wb, Job(**common, out_dir=tmp_path / "a", pdf=True), jobs=1)
    second = run_batch(wb, Job(**common, out_dir=tmp_path / "b", pdf=False), jobs=1)
    assert any(f.endswith(".pdf") for f in first[0].files)
    assert second[0].ok and not any(f.endswith(".pdf") for f in second[0].files)
    assert not list((tmp_path / "b").rglob("*.pdf"))


@pytest.mark.parametrize(("codes", "exit_code"), [
    (["cell-not-a-number"], 1), (["no-data"], 1), (["file-not-found"], 2), (["usage"], 2), (["bad-month"], 2),
    (["yaml-syntax"], 2), (["pdf-missing"], 2), (["internal-error"], 3), (["cell-not-a-number", "usage"], 2),
])
def test_exit_codes_are_decided_in_one_place(codes, exit_code):
    from navkort.cli import exits
    from navkort.errors import Problem

    assert exits.for_problems([Problem(c, "x") for c in codes]) == exit_code


def test_score_writes_nothing_unasked(cli, county, tmp_path):
    before = sorted(p.name for p in county.parent.rglob("*"))
    r = cli("score", county, tmp_path / "fylke.yaml", "--month", "2026-10", "--json")
    assert r.code == 1  # the truncated workbook
    assert sorted(p.name for p in county.parent.rglob("*")) == before


def test_county_json_is_each_scorecard_as_the_library_makes_it(cli, county, tmp_path):
    """The workers write each office's JSON (the parent never unpacks a scorecard): it must be exactly
    what `scorecard_json` makes of the library's scorecard, with the office's warnings."""
    from navkort import score_many
    from navkort.render.json import scorecard_json

    cat = load_catalogue(tmp_path / "fylke.yaml")
    data = json.loads(cli("score", county, tmp_path / "fylke.yaml", "--month", "2026-10", "--json").out)
    batch = score_many([county], cat, "2026-10")
    expected = [scorecard_json(c, with_file=True) for c in batch.cards]
    assert [{k: v for k, v in o.items() if k != "warnings"} for o in data["offices"]] == expected
    assert all(isinstance(o["warnings"], list) for o in data["offices"])


@pytest.mark.parametrize("tty", [False, True])
def test_json_made_by_workers_is_spliced_in_or_indented(capsys, monkeypatch, tty):
    from navkort.cli.output import RawJson, print_json

    monkeypatch.setattr("sys.stdout.isatty", lambda: tty)
    print_json({"a": 1, "offices": RawJson(['{"x": "\\u0000raw\\u0000offices"}', '{"y": [1, 2]}']), "b": "æ"})
    text = capsys.readouterr().out
    assert json.loads(text) == {"a": 1, "offices": [{"x": "\x00raw\x00offices"}, {"y": [1, 2]}], "b": "æ"}
    assert (text.count("\n") > 3) == tty
