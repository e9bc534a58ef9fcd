"""What a new county user ran into on a first month end (each case as they met it)."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES

from navkort import load_catalogue, read_office, score
from navkort.io.new_workbook import Typed, build_workbook
from navkort.io.office import validate_office
from navkort.model import Municipality, Office

FYLKE = EXAMPLES / "fylke.yaml"


def _office(**kw) -> Office:
    base = dict(file="", name="NAV Holm", year=2026, municipalities=(Municipality("Holm", "Rita Rådmann"),),
                leader="Lise Leder", county_director="Frida Fylkesdirektør")
    base.update(kw)
    return Office(**base)


@pytest.fixture
def county(two_office_county):
    return two_office_county


def test_a_lone_share_typed_as_a_fraction_or_over_100_is_a_warning(cli, tmp_path):
    cat = load_catalogue()
    path = tmp_path / "holm.xlsx"
    typed = {("P.1.1", "andel", 10): Typed(percent_formatted=95.0)}  # 95 typed into a «0%» cell: 9 500 %
    series = {"B.2": {"andel": [None] * 9 + [0.655, None, None]}}  # the only figure in its row
    path.write_bytes(build_workbook(cat, _office(series=series), typed=typed))
    problems, _ = validate_office(path, cat)
    odd = {(p.indicator, p.cell): p.message for p in problems if p.code == "figure-implausible"}
    assert any("ser ut som en brøk; mente du 65,5?" in m for (i, _), m in odd.items() if i == "B.2"), odd
    assert any("over 100 %" in m for (i, _), m in odd.items() if i == "P.1.1"), odd
    r = cli("validate", "--strict", path)
    assert r.code == 1 and r.out.count("[figure-implausible]") == 2


def test_warnings_reach_every_way_of_running(cli, tmp_path, county):
    cat = load_catalogue(FYLKE)
    series = {"B.2": {"andel": [None] * 9 + [0.655, None, None]}}
    path = county / "nav-holm.xlsx"
    path.write_bytes(build_workbook(cat, _office(series=series, overlays=cat.overlays)))
    r = cli("score", county, FYLKE, "--month", "2026-10")
    assert r.code == 0, r
    assert "nav-holm.xlsx" in r.out and "1 advarsel" in r.out and "ser ut som en brøk" in r.out
    data = json.loads(cli("score", county, FYLKE, "--month", "2026-10", "--json").out)
    holm = next(o for o in data["offices"] if o["office"] == "NAV Holm")
    assert [w["code"] for w in holm["warnings"]] == ["figure-implausible"]
    single = cli("score", path, FYLKE, "--month", "2026-10", "--json")
    assert "ser ut som en brøk" in single.err and json.loads(single.out)["warnings"]


def test_score_out_named_like_a_file_for_many_offices_is_a_usage_error(cli, county):
    r = cli("score", county, FYLKE, "--out", county / "samlet.xlsx")
    assert r.code == 2 and "Med flere kontor er --out en mappe" in r.err
    assert not (county / "samlet.xlsx").exists()


def test_a_saved_malekort_in_the_county_folder_is_skipped(cli, county):
    assert cli("score", county / "nav-sjoby.xlsx", FYLKE, "--out", county / "sjoby-score.xlsx").code == 0
    r = cli("score", county, FYLKE, "--month", "2026-10")
    assert r.code == 0, r
    assert "hopper over" in r.out and "sjoby-score.xlsx (et dokument navkort har laget" in r.out


def test_report_with_only_the_overlay_uses_the_current_folder(cli, county, monkeypatch):
    monkeypatch.chdir(county)
    r = cli("report", "fylke.yaml", "--to", "rådmann", "--month", "2026-10")
    assert r.code == 0, r
    assert (county / "rapporter" / "nav-sjoby-2026-10").is_dir()


def test_many_offices_failing_alike_are_told_once(cli, county, monkeypatch):
    monkeypatch.chdir(county)
    overlay = county / "fylke.yaml"
    overlay.write_text(overlay.read_text().replace("green: 80", "green: 81"))  # changed since: not taken silently
    r = cli("report", "--to", "rådmann", "--month", "2026-10")
    assert r.code == 1
    assert r.out.count("→ «fylke.yaml» ligger ved siden av arbeidsboken") == 1
    assert "2 kontor (nav-fjellbygd.xlsx, nav-sjoby.xlsx)" in r.out


def test_late_is_counted_among_the_missing_only():
    cat = load_catalogue()
    series = {"M.4": {"andel": [70.0] * 9 + [None] * 3}, "B.1": {"teller": [8.0] * 9 + [None] * 3,
                                                              "nevner": [10.0] * 9 + [None] * 3}}
    card = score(cat, _office(series=series), "2026-10")
    assert card.get("M.4").late and card.get("M.4").period.status == "info"
    assert card.summary["late"] <= card.summary["missing"]


def test_an_office_without_municipality_or_leaders_is_warned(tmp_path):
    cat = load_catalogue()
    path = tmp_path / "holm.xlsx"
    path.write_bytes(build_workbook(cat, _office(municipalities=(), county_director="", leader="")))
    problems, _ = validate_office(path, cat)
    msgs = [p.message for p in problems if p.code == "kontor-incomplete"]
    assert len(msgs) == 3 and any("ingen kommune" in m for m in msgs) and any("Fylkesdirektør" in m for m in msgs)


def test_the_letter_names_a_lagged_month_and_a_month_not_over(cli, tmp_path):
    out = tmp_path / "ut"
    r = cli("report", EXAMPLES / "nav-sjoby.xlsx", FYLKE, "--to", "fylkesdirektør", "--month", "2026-10", "--out", out)
    assert r.code == 0, r
    letter = next(out.glob("*statusbrev*.html")).read_text()
    assert "M.1 Sykefravær gjelder september" in letter  # M.1 reports September in October's letter
    r = cli("report", EXAMPLES / "nav-sjoby.xlsx", FYLKE, "--to", "fylkesdirektør", "--month", "2026-11", "--out", out)
    letter = next(out.glob("*2026-11-statusbrev*.html")).read_text()
    assert "har ikke tall ennå fordi november 2026 ikke er over" in letter


def test_the_library_reads_the_example_with_its_overlay():
    cat = load_catalogue(FYLKE)
    assert read_office(EXAMPLES / "nav-sjoby.xlsx", cat).county == "Eksempelfylke"


def test_a_pattern_that_finds_one_office_is_one_office(cli, county, tmp_path):
    r = cli("score", str(county / "nav-sj*.xlsx"), FYLKE, "--month", "2026-10", "--out", tmp_path / "sjoby.xlsx")
    assert r.code == 0 and (tmp_path / "sjoby.xlsx").is_file(), r
    r = cli("score", str(county / "nav-sj*.xlsx"), FYLKE, "--month", "2026-10", "--out", tmp_path / "mappe")
    assert r.code == 2 and not (tmp_path / "mappe").exists()  # a målekort is a .xlsx; no folder left behind


def test_a_green_improving_indicator_is_not_a_priority_area():
    from navkort.model import Spc
    from navkort.rules.plan import priority_areas

    cat = load_catalogue()
    card = score(cat, _office(series={"B.1": {"teller": [80.0] * 10 + [None] * 2,
                                              "nevner": [100.0] * 10 + [None] * 2}}), "2026-10")
    b1 = card.get("B.1")
    improving = Spc(points=b1.spc.points if b1.spc else (), variation="improvement", assurance="fail")
    card = card.__class__(**{**card.__dict__, "results": tuple(
        r.__class__(**{**r.__dict__, "spc": improving}) if r.id == "B.1" else r for r in card.results)})
    assert card.get("B.1").period.status == "green"
    assert "B.1" not in [r.id for r, _ in priority_areas(card)]


def test_an_impossible_month_is_said_once_before_any_office(cli, county):
    r = cli("score", county, "--month", "2026-13")
    assert r.code == 2 and r.err.count("Forstår ikke måneden «2026-13»") == 1 and "FEIL" not in r.out
