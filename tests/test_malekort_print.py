"""The målekort as printed: one A4 page, every text at least 8.5 pt, indicator names and targets whole
(never hyphenated or cut), and a late figure saying which month it is for. Each PDF is made once."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES
from test_report import CAT, MADE, long_local_office, pdf_pages

from navkort import read_office, score
from navkort.model import Office
from navkort.render.html import PdfWriter, environment, render
from navkort.render.malekort import MalekortContext, malekort_context

MIN_PX = 8.5 * 96 / 72  # 8.5 pt in CSS px, as WeasyPrint keeps font sizes
OFFICES = sorted(p.stem for p in EXAMPLES.glob("nav-*.xlsx"))


def more_local_goals(n: int) -> Office:
    """The five long local goals of test_report, repeated up to `n` (beyond what «normal» holds)."""
    office = long_local_office()
    five = office.local_indicators
    local = tuple(dataclasses.replace(five[i % 5], id=f"L.{i + 1}") for i in range(n))
    series = dict(office.series) | {ind.id: office.series[five[0].id] for ind in local}
    return office.replace(local_indicators=local, series=series)


@dataclasses.dataclass
class Printed:
    ctx: MalekortContext
    pdf: Path
    pages: int
    text: str  # pdftotext -raw, "" without poppler
    min_font_px: float
    text_boxes: int
    overflowing: list[str]  # texts wider than their table cell (cut off, or drawn over the next cell)


def _print(writer: PdfWriter, office: Office, lang: str, path: Path) -> Printed:
    """Lay the målekort out once as PdfWriter.pdf does; the PDF comes from that same layout."""
    from weasyprint.formatting_structure.boxes import TableCellBox, TextBox

    ctx = malekort_context(score(CAT, office, "2026-10"), office, MADE, lang)
    html = render(environment(lang=lang), "malekort.html.j2", ctx)
    doc = writer.weasyprint.HTML(string=html, base_url=".", url_fetcher=writer._local_only).render(
        stylesheets=[writer.stylesheet], font_config=writer.fonts, full_fonts=True, cache=writer.cache)
    path.write_bytes(doc.write_pdf(full_fonts=True))
    sizes = [b.style["font_size"] for page in doc.pages for b in page._page_box.descendants()
             if isinstance(b, TextBox) and b.text.strip()]
    overflowing = [f"{t.text} ({cell.element.get('class')})" for page in doc.pages
                   for cell in page._page_box.descendants() if isinstance(cell, TableCellBox)
                   for t in cell.descendants() if isinstance(t, TextBox)
                   if t.position_x < cell.border_box_x() - 0.5
                   or t.position_x + t.width > cell.border_box_x() + cell.border_width() + 0.5]
    text = ""
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True).stdout
    return Printed(ctx, path, len(doc.pages), text, min(sizes), len(sizes), overflowing)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Printed]:
    folder = tmp_path_factory.mktemp("malekort")
    writer = PdfWriter()
    cases = {name: (read_office(EXAMPLES / f"{name}.xlsx", CAT), "nb") for name in OFFICES}
    cases["nav-vindoy-nn"] = (read_office(EXAMPLES / "nav-vindoy.xlsx", CAT), "nn")
    cases["fem-lange-lokale"] = (long_local_office(), "nb")
    cases["ti-lange-lokale"] = (more_local_goals(10), "nb")
    return {name: _print(writer, office, lang, folder / f"{name}.pdf") for name, (office, lang) in cases.items()}


def test_the_cases_cover_every_density(printed):
    assert len(OFFICES) >= 6
    assert {p.ctx.density for p in printed.values()} == {"roomy", "normal", "tight"}
    assert printed["fem-lange-lokale"].ctx.density != "tight"  # the promised case keeps the larger type


def test_one_a4_page_each(printed):
    for name, p in printed.items():
        assert p.pages == 1, name
        assert pdf_pages(p.pdf) == 1, name


def test_every_text_is_at_least_8_5_pt(printed):
    for name, p in printed.items():
        assert p.text_boxes > 150, name
        assert p.min_font_px >= MIN_PX - 1e-6, (name, round(p.min_font_px * 72 / 96, 2))


def test_no_text_is_wider_than_its_cell(printed):
    for name, p in printed.items():
        assert p.overflowing == [], name  # e.g. the target «≤ 14 dager» cut to «≤ 14 dag»


def _words(text: str) -> str:
    return " ".join(text.split())  # no-break spaces and line ends alike


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler (pdftotext) not installed")
def test_names_and_targets_are_whole(printed):
    for name, p in printed.items():
        text = _words(p.text)
        rows = [r for q in p.ctx.quadrants for r in q.rows]
        assert len(rows) >= len(CAT.indicators), name
        for r in rows:
            assert r.short_name in text, (name, r.id, r.short_name)  # not «arbeidssø- kere»
            assert _words(r.target) in text, (name, r.id, r.target)  # not «≤ 14 dag»
    names = {ind.label for ind in CAT.indicators}
    assert "Oppfølging arbeidssøkere" in names and "Rehabiliteringspenger 4 uker" in names
    assert all(n in _words(printed["nav-fjellbygd"].text) for n in names)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler (pdftotext) not installed")
def test_a_late_figure_says_its_month_and_the_legend_uses_the_cells_symbol(printed):
    p = printed["nav-vindoy"]
    late = [r for q in p.ctx.quadrants for r in q.rows if r.status == "late"]
    dated = [r for r in late if r.month]
    assert dated and all(r.month == "sep." for r in dated)  # M.1: September's figure is missing
    assert {r.symbol for r in late} == {"…"}
    assert next(it for it in p.ctx.legend if it.status == "late").symbol == "…"
    text = _words(p.text)
    assert "sep." in text and "… forsinket" in text
    assert "… forseinka" in _words(printed["nav-vindoy-nn"].text)
