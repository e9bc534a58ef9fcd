"""Every PDF `navkort report --pdf` writes is PDF/A (docs/beslutninger.md 80): the XMP metadata says
which part and conformance, the document has a title, the office as author and its language (/Lang),
and every font is embedded. Checked with poppler (pdfinfo -meta, pdffonts) on the whole example
county, målekort, statusbrev (bokmål and nynorsk), tiltaksplan and SPC appendix alike."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import EXAMPLES

from navkort import load_catalogue, read_office
from navkort.io.files import slug

POPPLER = shutil.which("pdfinfo") and shutil.which("pdffonts")
pytestmark = pytest.mark.skipif(not POPPLER, reason="needs poppler (pdfinfo, pdffonts)")

CAT = load_catalogue(EXAMPLES / "fylke.yaml")
OFFICES = {slug(o.name): o.name for o in (read_office(p, CAT) for p in sorted(EXAMPLES.glob("nav-*.xlsx")))}


@dataclass
class Pdf:
    path: Path
    office: str  # the office's name, from its workbook
    html_lang: str  # <html lang> of the HTML written beside it: the document's language
    xmp: str  # pdfinfo -meta
    info: dict[str, str]  # pdfinfo: Title, Author, Subject, Tagged …
    fonts: list[list[str]]  # pdffonts rows, split on whitespace
    lang: set[str]  # every /Lang (…) in the file, compressed object streams included


def _objects(data: bytes) -> list[bytes]:
    """The file and every Flate stream in it, inflated (the catalog sits in a compressed object stream)."""
    out = [data]
    for m in re.finditer(rb"/FlateDecode[^>]*>>\s*stream\r?\n", data):
        with contextlib.suppress(zlib.error):  # not every match is a whole stream
            out.append(zlib.decompressobj().decompress(data[m.end():]))
    return out


def inspect(path: Path, office: str = "", html_lang: str = "") -> Pdf:
    xmp = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout
    info_text = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    info = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in info_text.splitlines())}
    fonts_text = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = [line.split() for line in fonts_text.splitlines()[2:] if line.strip()]
    lang = {m.decode() for blob in _objects(path.read_bytes()) for m in re.findall(rb"/Lang\s*\(([^)]*)\)", blob)}
    return Pdf(path, office, html_lang, xmp, info, fonts, lang)


@pytest.fixture(scope="module")
def county_pdfs(tmp_path_factory) -> list[Pdf]:
    """`navkort report --pdf --spc-appendix --to rådmann` for the whole example county (one letter per
    municipality, so Nordvik's is in nynorsk, and Midtre Skogli gets a nynorsk målekort and plan)."""
    pytest.importorskip("weasyprint")
    from typer.testing import CliRunner

    from navkort.cli import app

    out = tmp_path_factory.mktemp("pdfa") / "ut"
    r = CliRunner().invoke(app, ["report", str(EXAMPLES), str(EXAMPLES / "fylke.yaml"), "--to", "rådmann",
                                 "--month", "2026-10", "--pdf", "--spc-appendix", "--quiet", "--out", str(out)],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.stdout + r.stderr
    pdfs = []
    for path in sorted(out.rglob("*.pdf")):
        office = next(name for key, name in OFFICES.items() if path.name.startswith(f"{key}-2026-10-"))
        html = path.with_suffix(".html").read_text(encoding="utf-8")
        html_lang = re.search(r'<html lang="([^"]+)"', html)
        assert html_lang, f"{path.with_suffix('.html').name} has no <html lang>"
        pdfs.append(inspect(path, office, html_lang.group(1)))
    return pdfs


def _xmp(pdf: Pdf, pattern: str) -> str:
    m = re.search(pattern, pdf.xmp, re.S)
    assert m, f"{pdf.path.name}: no {pattern} in the XMP metadata"
    return m.group(1)


def test_every_document_kind_in_both_languages(county_pdfs):
    names = [p.path.name for p in county_pdfs]
    for kind in ("-malekort", "-statusbrev-", "-tiltaksplan", "-spc-vedlegg"):
        assert sum(kind in n for n in names) >= len(OFFICES), kind
    assert {p.html_lang for p in county_pdfs} == {"nb", "nn"}
    assert any("statusbrev" in p.path.name and p.html_lang == "nn" for p in county_pdfs)


def test_xmp_says_pdfa_2u(county_pdfs):
    from navkort.render.html import PDF_VARIANT

    part, level = re.fullmatch(r"pdf/a-(\d)([abu])", PDF_VARIANT).groups()
    assert (part, level) == ("2", "u")  # Noark 5 archives take PDF/A-1 and -2 (decision 80)
    for pdf in county_pdfs:
        assert _xmp(pdf, r'pdfaid:part="?(\d)') == part, pdf.path.name
        assert _xmp(pdf, r'pdfaid:conformance="?([ABU])') == level.upper(), pdf.path.name
        assert pdf.info["Metadata Stream"] == "yes", pdf.path.name
        root = ElementTree.fromstring(pdf.xmp.strip())  # well-formed XML (navkort adds dc:language to it)
        assert root.tag == "{adobe:ns:meta/}xmpmeta", pdf.path.name


def test_title_subject_and_the_office_as_author(county_pdfs):
    for pdf in county_pdfs:
        title = _xmp(pdf, r"<dc:title>.*?<rdf:li[^>]*>([^<]*)</rdf:li>")
        assert title.strip() and title == pdf.info["Title"], pdf.path.name
        assert pdf.office in title, (pdf.path.name, title)
        assert _xmp(pdf, r"<dc:creator>.*?<rdf:li[^>]*>([^<]*)</rdf:li>") == pdf.office, pdf.path.name
        assert pdf.info["Author"] == pdf.office, pdf.path.name
        subject = _xmp(pdf, r"<dc:description>.*?<rdf:li[^>]*>([^<]*)</rdf:li>")
        assert subject.strip() and subject == pdf.info["Subject"], pdf.path.name


def test_lang_is_the_documents_language(county_pdfs):
    for pdf in county_pdfs:
        assert pdf.lang == {pdf.html_lang}, (pdf.path.name, pdf.lang)  # the catalog's /Lang
        assert _xmp(pdf, r"<dc:language>.*?<rdf:li>([^<]*)</rdf:li>") == pdf.html_lang, pdf.path.name
        if pdf.path.stem.endswith("-nn"):
            assert pdf.lang == {"nn"}, pdf.path.name


def not_embedded(pdf: Pdf) -> list[str]:
    # pdffonts' columns from the right: emb sub uni object-number generation (a type may have a space)
    return [row[0] for row in pdf.fonts if row[-5] != "yes"]


def test_every_font_is_embedded(county_pdfs):
    for pdf in county_pdfs:
        assert pdf.fonts, f"{pdf.path.name}: pdffonts lists no font"
        assert not_embedded(pdf) == [], pdf.path.name
        assert all(row[-3] == "yes" for row in pdf.fonts), (pdf.path.name, "a font without a Unicode map")


def test_the_font_check_sees_a_font_that_is_not_embedded(tmp_path):
    """The check above can fail: a PDF that only names Helvetica (as PDF/A forbids) is caught."""
    pydyf = pytest.importorskip("pydyf")
    pdf = pydyf.PDF()
    font = pydyf.Dictionary({"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/Helvetica"})
    pdf.add_object(font)
    text = pydyf.Stream()
    text.begin_text()
    text.set_font_size("F1", 12)
    text.show_text_string("Målekort")
    text.end_text()
    pdf.add_object(text)
    pdf.add_page(pydyf.Dictionary({"Type": "/Page", "Parent": pdf.pages.reference, "Contents": text.reference,
                                   "MediaBox": pydyf.Array([0, 0, 200, 200]),
                                   "Resources": pydyf.Dictionary({"Font": pydyf.Dictionary({"F1": font.reference})})}))
    path = tmp_path / "helvetica.pdf"
    with path.open("wb") as fh:
        pdf.write(fh)
    checked = inspect(path)
    assert not_embedded(checked) == ["Helvetica"]
    assert "pdfaid" not in checked.xmp and checked.lang == set()


def _one_letter_html() -> str:
    from datetime import date

    from navkort import score
    from navkort.render.html import environment, render
    from navkort.render.letter import letter_contexts

    office = read_office(EXAMPLES / "nav-sjoby.xlsx", CAT)
    ctx = letter_contexts(score(CAT, office, "2026-10"), None, office, "fylkesdirektor", date(2026, 11, 5))[0][1]
    return render(environment(), "statusbrev.html.j2", ctx)


def test_compressing_once_changes_no_byte():
    """PdfWriter's finisher only moves the streams' compression earlier: the file is the one WeasyPrint
    writes without it (its font and ICC cache included, so the second document too)."""
    pytest.importorskip("weasyprint")
    from navkort.io.files import shipped_templates
    from navkort.render.html import PdfWriter

    writer = PdfWriter()
    doc = writer.weasyprint.HTML(string=_one_letter_html(), base_url=str(shipped_templates()),
                                 url_fetcher=writer._local_only).render(
        stylesheets=[writer.stylesheet], font_config=writer.fonts, cache=writer.cache, **writer.options)
    plain = doc.write_pdf(**writer.options)
    first = doc.write_pdf(finisher=writer.compress_once, **writer.options)
    assert writer._constant_streams  # the fonts and the ICC profile were cached …
    second = doc.write_pdf(finisher=writer.compress_once, **writer.options)  # … and used here
    assert plain == first == second


def test_tagged_for_screen_readers_unless_turned_off(monkeypatch, tmp_path):
    """The structure tree for screen readers is there by default; NAVKORT_PDF_TAGS=0 leaves it out
    (about 7 % faster, decision 80). Either way the PDF is PDF/A-2u."""
    pytest.importorskip("weasyprint")
    from navkort.render.html import PdfWriter

    html = _one_letter_html()
    for setting, tagged in (("", "yes"), ("1", "yes"), ("0", "no")):
        monkeypatch.setenv("NAVKORT_PDF_TAGS", setting)
        path = tmp_path / f"brev-{tagged}.pdf"
        path.write_bytes(PdfWriter().pdf(html)[0])
        pdf = inspect(path)
        assert pdf.info["Tagged"] == tagged, setting
        assert _xmp(pdf, r'pdfaid:part="?(\d)') == "2" and pdf.lang == {"nb"}
        assert pdf.info["Author"] == OFFICES["nav-sjoby"]
