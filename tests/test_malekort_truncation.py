"""The målekort stays one A4 page whatever the length of its free text (issue 15, item 5): the office's
name, local goals' names, names from an overlay and the overlay's file name are cut to fit, at a word
boundary, with «…» where they were cut and the whole text in the element's title. `score --json` and
the xlsx målekort keep every text whole."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES
from test_report import MADE, pdf_pages

from navkort import read_office, score
from navkort.io.catalogue import load_catalogue
from navkort.io.new_workbook import build_workbook
from navkort.model import MAX_SHOWN_NAME, Indicator, Office, Target
from navkort.render.html import environment, render
from navkort.render.malekort import H1_LINE_EM, OFFICE_CHARS, malekort_context
from navkort.render.rows import BOLD, ELLIPSIS, shorten, text_width

WORDS = ["saksbehandlingstid", "for", "økonomisk", "sosialhjelp", "og", "oppfølging", "av", "unge", "mottakere", "i",
         "partnerskapet", "med", "kommunen", "der", "alle", "tjenestene", "samarbeider", "tett", "om"]


def long_text(n: int, start: str = "", seed: int = 0) -> str:
    """`start` and then words, exactly `n` characters."""
    out, i = start, seed
    while len(out) < n:
        out += (" " if out else "") + WORDS[i % len(WORDS)]
        i += 1
    return out[: n - 1] + ("." if out[n - 1] == " " else out[n - 1])


OFFICE = long_text(200, "NAV Langt Kontor")
LOCAL = [long_text(300, f"Lokalt mål nummer {i} om", seed=i) for i in range(1, 11)]
ADDED = long_text(300, "Fylkets tillagte mål med et navn som aldri tar slutt", seed=3)
ADDED_SHORT = long_text(200, "Fylkets tillagte mål, kortnavnet", seed=5)
ADDED_NN = long_text(300, "Fylket sitt tillagde mål med eit namn som aldri tek slutt", seed=4)
ADDED_SHORT_NN = long_text(200, "Fylket sitt tillagde mål, kortnamnet", seed=6)
OVERLAY_FILE = "overlegg-for-" + "-".join(["fylket-med-et-svaert-langt-filnavn"] * 4) + ".yaml"


def _overlay_text() -> str:
    return f"""\
name: NAV Langfylke
thresholds:
  - id: B.2
    target: {{direction: higher, green: 80, yellow: 72}}
    reason: {long_text(250, "En begrunnelse som ikke vises på målekortet")}
add:
  - id: F.9
    name: {ADDED}
    short_name: {ADDED_SHORT}
    name_nn: {ADDED_NN}
    short_name_nn: {ADDED_SHORT_NN}
    description: {long_text(400, "En beskrivelse")}
    perspective: produksjon
    owner: stat
    measure: value
    unit: days
    target: {{direction: lower, green: 14, yellow: 21}}
    entered_by: NAV fylke
"""


def long_office(folder: Path, name: str = OFFICE, names: tuple[str, ...] = tuple(LOCAL)) -> tuple[Path, Path]:
    """An office workbook with absurdly long texts, made with the national catalogue and an overlay
    with a long file name and long indicator names: (workbook, overlay)."""
    folder.mkdir(parents=True, exist_ok=True)
    overlay = folder / OVERLAY_FILE
    overlay.write_text(_overlay_text(), encoding="utf-8")
    cat = load_catalogue(overlay)
    base = read_office(EXAMPLES / "nav-fjellbygd.xlsx", load_catalogue(EXAMPLES / "fylke.yaml"))
    persp = ("bruker", "produksjon", "medarbeider", "økonomi")
    local = tuple(Indicator(id=f"L.{i + 1}", name=names[i % len(names)], perspective=persp[i % 4], owner="kommune",
                            measure="value", unit="days", decimals=1,
                            target=Target(direction="lower", green=14, yellow=21, provenance="lokal"))
                  for i in range(10))
    days = {"verdi": [float(10 + k) for k in range(10)] + [None, None]}
    series = {k: v for k, v in base.series.items() if k != "F.1"} | {"F.9": days} | {i.id: days for i in local}
    office = Office(file="", name=name, year=2026, county="Langfylke", leader=base.leader,
                    county_director=base.county_director, place=base.place, address=base.address,
                    overlays=cat.overlays, municipalities=base.municipalities, series=series,
                    last_year=base.last_year, local_indicators=local)
    wb = folder / "langt-kontor.xlsx"
    wb.write_bytes(build_workbook(cat, office))
    return wb, overlay


# --- the cut itself ---------------------------------------------------------------------------------


def test_shorten_cuts_at_a_word_boundary_and_says_so():
    text = "Et svært langt lokalt mål om saksbehandlingstid for økonomisk sosialhjelp"
    assert shorten(text, 100, 100.0) == text  # fits: untouched
    cut = shorten(text, 48, 20.0)
    assert cut.endswith(ELLIPSIS) and text.startswith(cut[:-1]) and text[len(cut) - 1] == " "  # whole words
    assert text_width(cut) <= 20.0 and len(cut) <= 48
    assert shorten(text, 30, 100.0) == "Et svært langt lokalt mål om…"  # the character bound
    assert shorten("W" * 300, 48, 20.0) == "W" * 21 + ELLIPSIS  # one word longer than the room: cut inside it
    assert shorten("a, b, c, d, e, f, g, h, i, j", 12, 100.0) == "a, b, c, d…"  # no comma before «…»
    assert shorten("  NAV \n Fjellbygd ", 48, 20.0) == "NAV Fjellbygd"
    for n in (10, 20, 48, 60):
        for t in (text * 5, "W" * 300, LOCAL[0], OFFICE, "x " * 200):
            assert len(shorten(t, n, 1000.0)) <= n
            assert text_width(shorten(t, 1000, n / 2)) <= n / 2


def test_wide_letters_count_wider():
    assert text_width("W" * 10) > 1.5 * text_width("e" * 10) > 2.5 * text_width("i" * 10)
    assert text_width("字") == 1.0  # a script the embedded font lacks: a fallback font, counted wide


# --- the målekort as HTML and PDF ---------------------------------------------------------------------


@dataclasses.dataclass
class Made:
    wb: Path
    overlay: Path
    out: Path
    html: dict[str, str]  # lang → the målekort HTML
    pdf: dict[str, Path]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Made:
    """`navkort report --pdf` for the long office, in bokmål and nynorsk."""
    pytest.importorskip("weasyprint")
    from typer.testing import CliRunner

    from navkort.cli import app

    folder = tmp_path_factory.mktemp("langt")
    wb, overlay = long_office(folder / "in")
    out = folder / "ut"
    htmls, pdfs = {}, {}
    for lang in ("nb", "nn"):
        r = CliRunner().invoke(app, ["report", str(wb), str(overlay), "--to", "navleder", "--month", "2026-10",
                                     "--pdf", "--lang", lang, "--out", str(out / lang)], catch_exceptions=False)
        assert r.exit_code == 0, r.stdout + r.stderr
        found = list((out / lang).rglob("*-malekort*.pdf"))
        assert len(found) == 1, found
        pdfs[lang] = found[0]
        htmls[lang] = found[0].with_suffix(".html").read_text(encoding="utf-8")
    return Made(wb, overlay, out, htmls, pdfs)


def test_one_page_with_absurdly_long_texts(made):
    for lang in ("nb", "nn"):
        assert pdf_pages(made.pdf[lang]) == 1, lang


def _cells(page: str, cls: str) -> list[tuple[str, str]]:
    """(title, visible text) of each element with class `cls` (or tag `cls`) that has a title."""
    pat = rf'<(?:td|div|h1) class="{cls}" title="([^"]*)">(.*?)</(?:td|div|h1)>' if cls != "h1" else \
        r'<h1 title="([^"]*)">(.*?)</h1>'
    return [(html.unescape(t), html.unescape(re.sub(r"<[^>]+>", "", v))) for t, v in re.findall(pat, page, re.S)]


def test_the_cut_is_visible_and_the_whole_text_is_in_the_title(made):
    for lang, page in made.html.items():
        ((title, shown),) = _cells(page, "h1")
        assert title == OFFICE and shown.endswith(ELLIPSIS) and shown.split(" – ", 1)[1][:-1] in OFFICE
        assert len(shown.split(" – ", 1)[1]) <= OFFICE_CHARS
        names = dict(_cells(page, "name"))
        added = (ADDED, ADDED_SHORT) if lang == "nb" else (ADDED_NN, ADDED_SHORT_NN)  # the short name shows
        for full, label in [(t, t) for t in LOCAL] + [added]:
            assert full in names, (lang, full[:40])
            shown = names[full]
            assert shown.endswith(ELLIPSIS) and len(shown) <= MAX_SHOWN_NAME and len(shown) < len(label) / 4
            kept = shown[:-1]
            assert label.startswith(kept) and label[len(kept)] == " ", (lang, shown)  # at a word boundary
        b1 = "Dialogmøte 2 innen 26 uker" if lang == "nb" else "Dialogmøte 2 innan 26 veker"
        assert names[b1] == "Dialogmøte 2"  # a name that fits is whole
        ((cat_title, cat_shown),) = _cells(page, "cat")
        assert OVERLAY_FILE in cat_title and cat_shown.endswith(ELLIPSIS) and OVERLAY_FILE not in cat_shown
        assert cat_shown.startswith("Katalog: indicators.yaml (nasjonal) + overlegg-for-fylket")
        visible = re.sub(r'title="[^"]*"', "", page.split("<body", 1)[1])  # (the <head> has PDF metadata)
        for full in LOCAL + [OFFICE, ADDED, ADDED_SHORT, ADDED_NN, ADDED_SHORT_NN]:
            assert full[:60] not in visible, full[:60]  # whole only in titles
        assert OVERLAY_FILE not in visible


def test_ids_numbers_and_status_words_are_never_cut(made):
    for page in made.html.values():
        ids = re.findall(r'<td class="id">([^<]*)', page)
        assert {f"L.{i}" for i in range(1, 11)} | {"F.9", "B.1", "P.1.1", "Ø.3"} <= {i.strip() for i in ids}
        for cls in ("val", "tgt", "st[^\"]*"):
            assert not [v for v in re.findall(rf'<td class="{cls}"[^>]*>([^<]*)', page) if ELLIPSIS in v
                        and v.strip() != ELLIPSIS], cls  # «…» alone is the symbol for «forsinket»
        assert page.count("≤&nbsp;14&nbsp;dager") + page.count("≤&nbsp;14&nbsp;dagar") == 11  # F.9 and L.1–L.10


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler (pdftotext) not installed")
def test_the_pdf_shows_the_cut_texts(made):
    for lang, pdf in made.pdf.items():
        text = " ".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                                       text=True).stdout.split())
        names = dict(_cells(made.html[lang], "name"))
        assert ELLIPSIS in text
        for full in LOCAL:
            assert names[full] in text and full not in text and full[:120] not in text
        heading = _cells(made.html[lang], "h1")[0][1]
        assert " ".join(heading.split()) in text and OFFICE[:100] not in text


def test_json_and_xlsx_keep_every_text_whole(made, cli, tmp_path):
    import openpyxl

    r = cli("score", made.wb, made.overlay, "--month", "2026-10", "--json")
    assert r.code == 0, r
    data = json.loads(r.out)
    card = data if "office" in data else data["offices"][0]
    assert card["office"] == OFFICE
    by_id = {i["id"]: i for i in card["indicators"]}
    assert [by_id[f"L.{i}"]["name"] for i in range(1, 11)] == LOCAL
    assert by_id["F.9"]["name"] == ADDED and by_id["F.9"]["short_name"] == ADDED_SHORT
    assert OVERLAY_FILE in " ".join(card["catalogue"])
    texts = json.dumps({k: v for k, v in card.items() if k != "warnings"}, ensure_ascii=False)
    assert ELLIPSIS not in texts  # (the warnings say that the målekort shows «…»)

    out = tmp_path / "malekort.xlsx"
    r = cli("score", made.wb, made.overlay, "--month", "2026-10", "--out", out)
    assert r.code == 0, r
    ws = openpyxl.load_workbook(out).worksheets[0]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(OFFICE in c for c in cells) and any(OVERLAY_FILE in c for c in cells)
    for full in LOCAL + [ADDED]:
        assert full in cells, full[:40]


# --- one page at every density, with the longest texts ----------------------------------------------


@pytest.fixture(scope="module")
def writer():
    pytest.importorskip("weasyprint")
    from navkort.render.html import PdfWriter

    return PdfWriter()


def _layout(writer, office: Office, cat, lang: str):
    """The målekort laid out as PdfWriter.pdf does: (context, pages, name cells as (lines, text), lines
    of the heading)."""
    from weasyprint.formatting_structure.boxes import LineBox, TableCellBox

    ctx = malekort_context(score(cat, office, "2026-10"), office, MADE, lang)
    page = render(environment(lang=lang), "malekort.html.j2", ctx)
    doc = writer.weasyprint.HTML(string=page, base_url=".", url_fetcher=writer._local_only).render(
        stylesheets=[writer.stylesheet], font_config=writer.fonts, full_fonts=True, cache=writer.cache)
    cells = [([x for x in b.descendants() if isinstance(x, LineBox)],
              "".join(t.text for t in b.descendants() if hasattr(t, "text")))
             for pg in doc.pages for b in pg._page_box.descendants()
             if isinstance(b, TableCellBox) and b.element_tag == "td" and b.element.get("class") == "name"]
    h1 = [len([x for x in b.descendants() if isinstance(x, LineBox)]) for b in doc.pages[0]._page_box.descendants()
          if getattr(b, "element_tag", None) == "h1"]
    return ctx, len(doc.pages), [(len(lines), text) for lines, text in cells], h1[0]


@pytest.mark.parametrize("office_name", ["NAV Fjellbygd", OFFICE, "W" * 200])
def test_one_page_from_the_roomiest_to_the_tightest_density(writer, tmp_path, office_name):
    """0 to 10 local goals with 300-character names take the card through all three densities; at
    each the card is one page, every name one line showing exactly the cut text (the CSS line clamp,
    the safety net, never had to act), and the heading at most two lines."""
    wb, overlay = long_office(tmp_path, name=office_name, names=(*LOCAL[:3], "W" * 300))
    cat = load_catalogue(overlay)
    full = read_office(wb, cat)
    seen = set()
    for n in range(11) if office_name == "NAV Fjellbygd" else (0, 1, 2, 6, 10):
        office = full.replace(local_indicators=full.local_indicators[:n])
        for lang in (("nb", "nn") if n in (0, 10) else ("nb",)):
            ctx, pages, names, h1 = _layout(writer, office, cat, lang)
            seen.add(ctx.density)
            assert pages == 1, (office_name[:20], n, lang, ctx.density)
            shown = [r.short_name for q in ctx.quadrants for r in q.rows]
            assert names == [(1, s) for s in shown], (n, lang)
            two_lines = (text_width(f"Målekort – {ctx.office_shown}") * BOLD) > H1_LINE_EM  # as malekort.py counts
            assert h1 == 1 or (h1 == 2 and two_lines), (office_name[:20], n, lang, h1)
    assert {"normal", "tight"} <= seen and ("roomy" in seen or office_name == OFFICE)  # OFFICE: two lines
