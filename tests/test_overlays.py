"""The county overlay is never silently left out: a workbook records the overlays it was made with,
scoring without them (or with others) is an error unless asked for, and every output names them."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import EXAMPLES

from navkort import load_catalogue, read_office

FYLKE = EXAMPLES / "fylke.yaml"


@pytest.fixture
def county(two_office_county):
    return two_office_county


def test_the_workbook_records_its_overlay():
    office = read_office(EXAMPLES / "nav-sjoby.xlsx", load_catalogue(FYLKE))
    [ref] = office.overlays
    assert (ref.file, ref.name) == ("fylke.yaml", "NAV Eksempelfylke")
    assert ref.digest == load_catalogue(FYLKE).overlays[0].digest


def test_the_overlay_beside_the_workbooks_is_used_and_said(cli, county, monkeypatch):
    monkeypatch.chdir(county)
    r = cli("report", "--to", "rådmann", "--month", "2026-10")
    assert r.code == 0, r
    assert "Bruker overlegget «fylke.yaml» fra mappen til arbeidsbøkene" in r.err
    r = cli("score", "nav-sjoby.xlsx", "--json")
    assert r.code == 0 and "fylke.yaml" in json.loads(r.out)["catalogue"][-1]


def test_a_missing_or_changed_overlay_is_an_error(cli, county, monkeypatch):
    monkeypatch.chdir(county)
    (county / "fylke.yaml").write_text((county / "fylke.yaml").read_text().replace("green: 80", "green: 81"))
    r = cli("report", "--to", "rådmann", "--month", "2026-10")  # changed since: not taken silently
    assert r.code == 1, r
    assert "laget med overlegget «fylke.yaml» (NAV Eksempelfylke), men det er ikke oppgitt nå" in r.out
    assert "[overlay-missing]" in r.out and "--annet-overlegg" in r.out
    assert not (county / "rapporter").exists()  # nothing scored by the wrong thresholds, no empty folder
    (county / "fylke.yaml").unlink()
    r = cli("score", "nav-sjoby.xlsx")
    assert r.code == 1 and "[overlay-missing]" in r.err and "nav-sjoby.xlsx › Kontor" in r.err
    r = cli("score", "nav-sjoby.xlsx", FYLKE)
    assert r.code == 0 and "fylke.yaml" in r.out.splitlines()[0]


def test_national_only_on_purpose_is_a_warning(cli, county):
    r = cli("score", county / "nav-sjoby.xlsx", "--annet-overlegg")
    assert r.code == 0, r
    assert "advarsel" in r.err and "[overlay-missing]" in r.err


def test_another_or_a_changed_overlay(cli, county, tmp_path):
    other = tmp_path / "annet-fylke.yaml"
    other.write_text("name: NAV Annetfylke\nthresholds:\n  - id: B.1\n    target: {direction: higher, green: 90, yellow: 80}\n")
    r = cli("score", county / "nav-sjoby.xlsx", other)
    assert r.code == 1 and "[overlay-missing]" in r.err and "[overlay-other]" in r.err and "annet-fylke.yaml" in r.err
    changed = county / "fylke.yaml"
    changed.write_text(changed.read_text().replace("green: 80, yellow: 72", "green: 81, yellow: 72"))
    r = cli("score", county / "nav-sjoby.xlsx", changed)
    assert r.code == 0 and "[overlay-changed]" in r.err and "er endret siden arbeidsboken ble laget" in r.err
    comments_only = county / "fylke.yaml"
    shutil.copy(FYLKE, comments_only)
    comments_only.write_text("# bare en kommentar\n" + comments_only.read_text())
    r = cli("score", county / "nav-sjoby.xlsx", comments_only)
    assert r.code == 0 and "[overlay-changed]" not in r.err  # the sum is of the content, not the layout


def test_a_misspelt_overlay_is_a_usage_error(cli, county, monkeypatch):
    monkeypatch.chdir(county)
    for command in (["score", "."], ["report", ".", "--to", "rådmann"]):
        r = cli(*command, "fylke-typo.yaml")
        assert r.code == 2 and "Finner ikke «fylke-typo.yaml»" in r.err, r
    assert not (county / "rapporter").exists() and not list(county.glob("fylkesoversikt*"))


def test_every_document_names_the_catalogue_and_overlay(cli, county, tmp_path):
    out = tmp_path / "ut"
    r = cli("report", county, county / "fylke.yaml", "--to", "rådmann", "--month", "2026-10", "--out", out)
    assert r.code == 0, r
    for html in list(out.glob("nav-sjoby-2026-10/*.html")) + [out / "fylkesoversikt.html"]:
        text = html.read_text()
        assert "fylke.yaml" in text and "indicators.yaml" in text, html.name


def test_an_unreadable_overlay_cell_is_a_warning_not_a_guess(county):
    import openpyxl

    path = county / "nav-sjoby.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["Kontor"]
    row = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Overlegg")
    ws.cell(row, 2).value = "fylket sitt"
    wb.save(path)
    office = read_office(path, load_catalogue(FYLKE))
    assert office.overlays == ()
    assert [w.code for w in office.warnings if w.code.startswith("overlay")] == ["overlay-unreadable"]
