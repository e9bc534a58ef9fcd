"""Documents that print and sort (issue «Documents that print and sort»): the county overview as numbers
that sort and sum, on A4 landscape one page wide with the office on every page; the HTML overview
within 1240 px; the action plan with rows that never split and at most three proposals."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import EXAMPLES

from navkort import load_catalogue, read_office, score
from navkort.app.reports import write_overview
from navkort.model import Action
from navkort.render.plan import plan_context
from navkort.render.xlsx import plan_xlsx
from navkort.rules.rounding import round_half_up
from navkort.text.numbers import format_value
from navkort.text.words import STATUS_SYMBOL

openpyxl = pytest.importorskip("openpyxl")

CAT = load_catalogue(EXAMPLES / "fylke.yaml")
MADE = date(2026, 11, 5)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")
A4_LANDSCAPE = (841.89, 595.28)  # points


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    """The example county scored for October 2026 and its overview written: (cards, folder)."""
    cards = [score(CAT, read_office(f, CAT), "2026-10") for f in sorted(EXAMPLES.glob("nav-*.xlsx"))]
    out = tmp_path_factory.mktemp("oversikt")
    write_overview(out, cards, CAT, [], MADE)
    return cards, out


def _by_office(ws) -> dict[str, tuple]:
    return {r[0].value: r for r in ws.iter_rows(min_row=6) if r[0].value}


def _columns(ws) -> dict[str, int]:
    """Indicator id → the 0-based column of its value (the header row is row 5)."""
    return {c.value: c.column - 1 for c in ws[5] if c.value and re.match(r"^[A-ZØ]\.\d", str(c.value))}


def test_overview_values_are_numbers_that_sort_and_sum(county):
    cards, out = county
    wb = openpyxl.load_workbook(out / "fylkesoversikt.xlsx")
    for sheet, part in (("Måned", "period"), ("Hittil i år", "ytd")):
        ws = wb[sheet]
        cols, rows = _columns(ws), _by_office(ws)
        assert len(cols) == len(CAT.indicators)
        checked = 0
        for card in cards:
            for res in card.results:
                if res.id not in cols:  # an office's own local indicator is not in the county overview
                    continue
                value = getattr(res, part).value
                cell = rows[card.office][cols[res.id]]
                symbol = rows[card.office][cols[res.id] + 1]
                status = "late" if part == "period" and res.late else getattr(res, part).status
                assert symbol.value == STATUS_SYMBOL[status], (sheet, card.office, res.id)
                if value is None:
                    continue
                assert cell.data_type == "n" and cell.value == round_half_up(value, res.indicator.decimals)
                if res.indicator.unit == "percent":  # 72.2 stored as 72.2, shown «72,2 %» in a Norwegian locale
                    assert cell.number_format == '#,##0' + '.0' * (res.indicator.decimals > 0) + '" %"'
                checked += 1
        assert checked > 100
        texts = [c.value for r in ws.iter_rows(min_row=6) for c in r if isinstance(c.value, str)]
        assert not [t for t in texts if re.search(r"\d %$", t)], "a figure stored as text"


def test_overview_headers_name_each_indicator(county):
    _, out = county
    wb = openpyxl.load_workbook(out / "fylkesoversikt.xlsx")
    for sheet in ("Måned", "Hittil i år", "Datakompletthet"):
        ws = wb[sheet]
        names = {ws.cell(5, c + 1).value: ws.cell(4, c + 1).value for c in _columns(ws).values()}
        assert names == {i.id: i.label for i in CAT.indicators}, sheet


def test_overview_page_setup(county):
    _, out = county
    wb = openpyxl.load_workbook(out / "fylkesoversikt.xlsx")
    assert wb.sheetnames == ["Måned", "Hittil i år", "Datakompletthet", "Variasjon (SPC)"]
    for ws in wb:
        setup = ws.page_setup
        assert setup.orientation == "landscape" and int(setup.paperSize) == 9, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth or 1) == 1 and int(setup.fitToHeight) == 0  # absent fitToWidth means 1
        assert ws.print_title_cols == "$A:$A" and ws.print_title_rows == "$3:$5"
        assert ws.freeze_panes in ("G6", "E6", "C6")  # below the header, right of the office, month and counts


def _soffice_pdf(xlsx: Path, tmp: Path) -> Path:
    """LibreOffice's PDF of a workbook, in a Norwegian locale and with a profile of its own."""
    env = {**os.environ, "HOME": str(tmp / "home"), "LC_ALL": "nb_NO.UTF-8", "LANG": "nb_NO.UTF-8"}
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp), str(xlsx)], env=env, capture_output=True,
                   timeout=240, check=True)
    return tmp / f"{xlsx.stem}.pdf"


def _pages(pdf: Path) -> list[tuple[tuple[float, float], str]]:
    """(page size in points, page text) for every page."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True).stdout
    sizes = [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    return [(size, subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-layout", str(pdf), "-"],
                                  capture_output=True, text=True).stdout) for i, size in enumerate(sizes, start=1)]


@pytest.mark.skipif(not SOFFICE or not POPPLER, reason="needs LibreOffice (soffice) and poppler")
def test_overview_prints_a4_landscape_one_page_wide_with_the_office_on_every_page(county, tmp_path):
    cards, out = county
    pages = _pages(_soffice_pdf(out / "fylkesoversikt.xlsx", tmp_path))
    sheets = len(openpyxl.load_workbook(out / "fylkesoversikt.xlsx").sheetnames)
    assert 1 <= len(pages) <= 2 * sheets  # each table at most two pages (one wide, here one tall)
    for (w, h), text in pages:
        assert abs(w - A4_LANDSCAPE[0]) < 1 and abs(h - A4_LANDSCAPE[1]) < 1
        assert "NAV Fjellbygd" in text and "NAV Elvedal" in text
    elvedal = next(c for c in cards if c.office == "NAV Elvedal").get("B.1")
    shown = format_value(elvedal.period.value, "percent", 1)  # «43,7 %»: the Norwegian way, from a number
    assert shown in pages[0][1]


# The HTML overview: every table within 1240 px on screen and within A4 landscape in print.


def _render(html: str, media: str):
    weasyprint = pytest.importorskip("weasyprint")
    from navkort.render.html import PdfWriter

    writer = PdfWriter()
    sheets = [writer.stylesheet]
    if media == "screen":
        sheets.append(weasyprint.CSS(string="@page { size: 1240px 4000px !important; margin: 0 !important }"))
    return weasyprint.HTML(string=html, media_type=media).render(stylesheets=sheets, font_config=writer.fonts)


@pytest.mark.parametrize("media", ["screen", "print"])
def test_html_overview_fits_and_names_the_indicators(county, media):
    from weasyprint.formatting_structure.boxes import TableBox, TextBox

    _, out = county
    html = (out / "fylkesoversikt.html").read_text(encoding="utf-8")
    assert ">Måned</th>" not in html  # every office has the same month: it is in the title
    doc = _render(html, media)
    tables, text = 0, []
    for page in doc.pages:
        root = page._page_box.children[0]
        right = root.content_box_x() + root.width
        for box in page._page_box.descendants(placeholders=True):
            if isinstance(box, TableBox):
                tables += 1
                assert box.border_box_x() + box.border_width() <= right + 0.5, (media, box.border_width())
            elif isinstance(box, TextBox):
                text.append(box.text)
    assert tables >= 3
    shown = " ".join(" ".join(text).split())
    for ind in CAT.indicators:
        assert ind.label in shown, ind.id


# The action plan.


def test_plan_proposes_rows_only_for_the_priority_areas():
    for f in sorted(EXAMPLES.glob("nav-*.xlsx")):
        office = read_office(f, CAT)
        ctx = plan_context(score(CAT, office, "2026-10"), office, MADE)
        proposed = [r.indicator for r in ctx.rows if r.proposed]
        assert len(proposed) <= 3 and proposed == [p.id for p in ctx.priorities if p.id in proposed], f.name
    office = read_office(EXAMPLES / "nav-elvedal.xlsx", CAT)
    card = score(CAT, office, "2026-10")
    ctx = plan_context(card, office, MADE)
    assert sum(1 for r in card.results if "red" in (r.period.status, r.ytd.status)) > 10
    # SPC puts the three special-cause concerns first (M.1, Ø.1, B.1: docs/spc.md); M.1 and B.1 have open
    # actions, so only Ø.1 gets a proposal
    assert [p.id for p in ctx.priorities] == ["M.1", "Ø.1", "B.1"]
    assert [(r.indicator, r.priority) for r in ctx.rows if r.proposed] == [("Ø.1", 2)]


LONG = ("Kartlegge alle saker eldre enn åtte uker, fordele dem på veilederne etter kompetanse, følge opp "
        "ukentlig i teammøtet og rapportere framdriften til NAV-leder hver fjortende dag fram til nyttår")


def _long_office(n: int):
    office = read_office(EXAMPLES / "nav-elvedal.xlsx", CAT)
    actions = tuple(Action(str(i), "B.1", f"START{i} {LONG} SLUTT{i}", "Teamleder oppfølging", "Veiledere",
                           "NAV fylke", date(2026, 9, 1), date(2026, 12, 31), f"Middels: {LONG}", "Pågår", "")
                    for i in range(1, n + 1))
    return office.replace(actions=actions)


def test_plan_workbook_prints_on_a4_with_rows_as_tall_as_their_text(tmp_path):
    office = _long_office(4)
    ctx = plan_context(score(CAT, office, "2026-10"), office, MADE)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan_xlsx(ctx))
    ws = openpyxl.load_workbook(path).active
    setup = ws.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == 9
    assert (setup.fitToWidth or 1) == 1 and int(setup.fitToHeight) == 0 and ws.print_title_rows == "$4:$4"
    width = ws.column_dimensions["C"].width
    for r in range(5, 5 + 4):
        text = ws.cell(r, 3).value
        assert text.startswith("START") and ws.cell(r, 3).alignment.wrap_text
        # at least as many 15 pt lines as the text needs at a (generous) column width of characters
        assert ws.row_dimensions[r].height >= 15 * -(-len(text) // int(width * 1.2))
    # a few empty bordered rows for new actions, not a page of them
    bordered = [r for r in range(5, ws.max_row + 1) if ws.cell(r, 3).border.left.style]
    assert 1 <= len(bordered) - len(ctx.rows) <= 5 and ws.max_row == 4 + len(bordered)


@pytest.mark.skipif(not POPPLER, reason="needs poppler (pdftotext)")
def test_plan_html_rows_never_split_across_pages(tmp_path):
    pytest.importorskip("weasyprint")
    from navkort.render.html import PdfWriter, environment, render

    office = _long_office(30)
    ctx = plan_context(score(CAT, office, "2026-10"), office, MADE)
    data, pages = PdfWriter().pdf(render(environment(), "tiltaksplan.html.j2", ctx))
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(data)
    assert pages > 2
    where: dict[str, int] = {}
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True).stdout
        assert "Tiltak (hva skal gjøres)" in text, f"page {page} has no header"
        for mark in re.findall(r"(?:START|SLUTT)\d+", text):
            where[mark] = page
    for i in range(1, 31):
        assert where[f"START{i}"] == where[f"SLUTT{i}"], f"action {i} is split across pages"
