"""SPC where the reader meets it: the example county's real changes (Midtre Skogli's telephone
answering drops for good from April; Sjøby's dialogue meetings collapse in October) on the
målekort, in the letter, the overview, `score`, `navkort chart` and the appendix."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from xml.etree import ElementTree

import pytest
from conftest import EXAMPLES

from navkort import load_catalogue, read_office, score

FYLKE = EXAMPLES / "fylke.yaml"
CAT = load_catalogue(FYLKE)


def _card(name: str):
    return score(CAT, read_office(EXAMPLES / f"nav-{name}.xlsx", CAT), "2026-10")


def test_the_example_county_has_a_shift_and_an_outside_point():
    b7 = _card("midtre-skogli").get("B.7").spc
    assert b7.variation == "concern" and b7.points[-1].rule == "shift"
    assert all(p.rule for p in b7.points[-7:])  # April–October all flagged (outside the limits wins over shift)
    b1 = _card("sjoby").get("B.1").spc
    assert b1.variation == "concern" and b1.points[-1].rule == "outside" and b1.points[-1].value < b1.lower
    assert len(b1.points) == 22  # last year's twelve months and this year's ten
    assert all(r.spc is None or r.spc.enough for r in _card("fjellbygd").results)


def test_score_shows_the_variation_and_json_has_the_block(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    r = cli("score", EXAMPLES / "nav-midtre-skogli.xlsx", FYLKE, "--month", "2026-10")
    line = next(x for x in r.out.splitlines() if x.startswith("B.7 "))
    assert "bekymring" in line
    data = json.loads(cli("score", EXAMPLES / "nav-sjoby.xlsx", FYLKE, "--month", "2026-10", "--json").out)
    b1 = next(i for i in data["indicators"] if i["id"] == "B.1")["spc"]
    assert b1["variation"] == "concern" and b1["flagged"][-1] == {"month": "2026-10", "value": b1["flagged"][-1]["value"],
                                                                   "rule": "outside", "kind": "concern"}
    assert b1["lower"] < b1["mean"] and b1["months"] == 22
    assert b1["text"].startswith("bekymring")


def test_the_malekort_letter_and_overview_show_it(cli, tmp_path):
    out = tmp_path / "ut"
    r = cli("report", EXAMPLES, FYLKE, "--to", "fylkesdirektør", "--month", "2026-10", "--out", out)
    assert r.code == 0, r
    card = (out / "nav-midtre-skogli-2026-10" / "nav-midtre-skogli-2026-10-malekort.html").read_text()
    row = card[card.index(">B.7<"):][:3000]
    assert 'class="spcv spc-concern" title="bekymring"' in row and "SPC:" in card
    letter = next((out / "nav-midtre-skogli-2026-10").glob("*statusbrev*.html")).read_text()
    first = letter.index("Følg først med på")
    assert "B.7 Telefon besvart 30 s (rød, " in letter[first:first + 500]
    assert "bekymring: sju måneder på rad på samme side av snittet" in letter
    letters = " ".join(p.read_text() for p in out.glob("*/*statusbrev*.html"))
    assert re.search(r"Fortsatt røde? er [^<]*innenfor vanlig variasjon", letters)  # a red month that is noise says so
    overview = (out / "fylkesoversikt.html").read_text()
    spc = overview[overview.index('id="spc"'):]
    assert "bekymring" in spc and 'data-sort="0' in spc  # a concern sorts first


def test_navkort_chart_writes_an_svg_a_browser_opens(cli, tmp_path):
    out = tmp_path / "b1.svg"
    r = cli("chart", EXAMPLES / "nav-vindoy.xlsx", "--indicator", "B.1", "--out", out)  # the command
    assert r.code == 0, r
    assert "Bruker overlegget «fylke.yaml»" in r.err  # the overlay beside it, the one it was made with
    root = ElementTree.fromstring(out.read_bytes())  # well-formed XML with the SVG namespace
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    svg = out.read_text()
    assert "NAV Vindøy: B.1 Dialogmøte 2" in svg and svg.count("<circle") >= 13 and "stroke-dasharray" in svg
    r = cli("chart", EXAMPLES / "nav-vindoy.xlsx", FYLKE, "--indicator", "M.4", "--out", out)
    assert r.code == 2 and "har ikke kontrolldiagram" in r.err
    r = cli("chart", EXAMPLES / "nav-vindoy.xlsx", FYLKE, "--indicator", "X.9", "--out", out)
    assert r.code == 2 and "Fant ikke indikatoren «X.9»" in r.err


@pytest.mark.skipif(shutil.which("pdfimages") is None, reason="poppler not installed")
def test_the_appendix_is_vector_graphics_in_the_pdf(cli, tmp_path):
    out = tmp_path / "ut"
    r = cli("report", EXAMPLES / "nav-sjoby.xlsx", FYLKE, "--to", "navleder", "--month", "2026-10", "--pdf",
            "--spc-appendix", "--out", out)
    assert r.code == 0, r
    pdf = out / "nav-sjoby-2026-10-spc-vedlegg.pdf"
    html = (out / "nav-sjoby-2026-10-spc-vedlegg.html").read_text()
    assert html.count("<svg") >= 15 and "Dialogmøte 2" in html
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
    assert len(images.strip().splitlines()) <= 2  # header lines only: the charts are vectors, not pictures
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Kontrolldiagrammer" in text or "kontrolldiagrammer" in text


def test_a_county_can_mark_a_process_change(tmp_path):
    overlay = tmp_path / "fylke.yaml"
    overlay.write_text(FYLKE.read_text() + "\nspc:\n  - id: B.7\n    rebase: ['2026-04']\n")
    cat = load_catalogue(overlay)
    office = read_office(EXAMPLES / "nav-midtre-skogli.xlsx", cat, other_overlays=True)
    b7 = score(cat, office, "2026-10").get("B.7").spc
    assert b7.variation == "too_few"  # limits start again in April: seven months are too few to judge
    bad = tmp_path / "feil.yaml"
    bad.write_text("spc:\n  - id: B.7\n    rebase: [april]\n")
    from navkort.errors import NavkortError

    with pytest.raises(NavkortError) as err:
        load_catalogue(bad)
    assert err.value.problems[0].line == 3 and "ÅÅÅÅ-MM" in err.value.problems[0].message


def test_what_a_reader_would_misread_is_left_out():
    card = _card("sjoby")
    assert card.get("M.2").spc is None  # talks filling up towards June are not a varying process
    assert card.get("B.7").spc.enough and card.get("B.7").spc.assurance == "none"  # 60 % then 70 %: no verdict
    vindoy = _card("vindoy")
    from navkort.render.letter import concerns
    from navkort.render.rows import make_row

    late = next(r for r in vindoy.results if r.late and r.spc is not None)
    assert make_row(late, vindoy.month).spc_icons == ""  # no figure this month: no SPC icon about August
    assert all(i.value != "–" for i in concerns(vindoy, "nb"))
    assert all("forbedring" not in i.spc_note for i in concerns(card, "nb"))


def test_icons_differ_in_shape_not_only_colour():
    from navkort.render.chart import assurance_badge, variation_badge

    concern = variation_badge(_card("midtre-skogli").get("B.7").spc)
    assert concern.endswith(">!</span>") and 'title="bekymring"' in concern
    fail = assurance_badge(_card("elvedal").get("B.1").spc)
    assert fail.endswith(">✗</span>") and 'title="når aldri målet"' in fail
