"""Word letters and action plans (`navkort report --docx`): what a NAV-leder opens in Word, and what
LibreOffice makes of them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from conftest import EXAMPLES

from navkort import load_catalogue, read_office
from navkort.app.reports import Renderer, write_reports
from navkort.model import Action, Comment

docx = pytest.importorskip("docx", reason="needs docxtpl (navkort[docx])")
pytest.importorskip("docxtpl", reason="needs docxtpl (navkort[docx])")

CAT = load_catalogue(EXAMPLES / "fylke.yaml")
MADE = date(2026, 11, 5)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
WRITER = bool(SOFFICE) and (Path(os.path.realpath(SOFFICE)).parent / "swriter").exists()
POPPLER = shutil.which("pdfinfo") is not None
# The templates' font; LibreOffice would put another one in its place, with other line breaks.
FONT = shutil.which("fc-match") is not None and "DejaVuSansCondensed" in subprocess.run(
    ["fc-match", "DejaVu Sans Condensed"], capture_output=True, text=True).stdout
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def text_of(path: Path) -> str:
    """The text of a Word document as a reader sees it: body, headers and footers, a line per paragraph."""
    with zipfile.ZipFile(path) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        xml = "\n".join(z.read(n).decode("utf-8") for n in parts)
    xml = re.sub(r"<w:tab/>", "\t", re.sub(r"<w:br/>", "\n", xml))
    return re.sub(r"<[^>]+>", "", re.sub(r"</w:p>", "\n", xml))


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def libreoffice_pdfs(files: list[Path], tmp: Path) -> dict[str, Path]:
    """Convert with LibreOffice (its own profile, Norwegian locale); name → PDF. Fails if it cannot open one."""
    env = {**os.environ, "HOME": str(tmp / "home"), "LC_ALL": "nb_NO.UTF-8", "LANG": "nb_NO.UTF-8"}
    out = tmp / "lo"
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out)] + [str(f) for f in files], env=env,
                   capture_output=True, timeout=300, check=True)
    return {f.name: out / f"{f.stem}.pdf" for f in files}


def test_the_issue_command_writes_word_letters_and_plans(cli, tmp_path):
    out = tmp_path / "ut"
    r = cli("report", EXAMPLES, "--to", "rådmann", "--month", "2026-10", "--docx", "--out", out)
    assert r.code == 0, r
    folder = out / "nav-midtre-skogli-2026-10"
    names = sorted(p.name for p in folder.glob("*.docx"))
    assert names == ["nav-midtre-skogli-2026-10-statusbrev-radmann-nordvik.docx",
                     "nav-midtre-skogli-2026-10-statusbrev-radmann-skogli.docx",
                     "nav-midtre-skogli-2026-10-tiltaksplan-nn.docx", "nav-midtre-skogli-2026-10-tiltaksplan.docx"]
    nordvik = text_of(folder / names[0])
    skogli = text_of(folder / names[1])
    # Nordvik is nynorsk, Skogli bokmål: the letter follows the municipality's målform
    assert "Med venleg helsing" in nordvik and "Vurdering frå NAV-leiar" in nordvik and "Sakshandsamar:" in nordvik
    assert "Med vennlig hilsen" in skogli and "Saksbehandler:\tLars Dahl" in skogli
    assert "Nordvik kommune" in nordvik and "v/ kommunedirektør Hans Vik" in nordvik
    assert "Statusrapport for NAV Midtre Skogli – oktober 2026" in nordvik
    assert "Ett nytt KVP-løp startet i Nordvik." in nordvik and "Ett nytt KVP-løp startet i Nordvik." not in skogli
    # the same prose as the HTML letter, and the four perspectives in a short table
    html = (folder / "nav-midtre-skogli-2026-10-statusbrev-radmann-nordvik.html").read_text()
    first = re.search(r'<div class="summary">\s*<p>(.*?)</p>', html, re.S).group(1)
    assert first.replace("&gt;", ">").replace("&lt;", "<") in nordvik
    for name in ("Brukarperspektivet", "Produksjonsperspektivet", "Medarbeidarperspektivet", "Økonomiperspektivet"):
        assert name in nordvik
    assert "{{" not in nordvik and "{%" not in nordvik  # every tag rendered
    plan = text_of(folder / "nav-midtre-skogli-2026-10-tiltaksplan.docx")
    assert "Månedlig gjennomgang av sosialhjelpsutbetalinger med begge kommuner" in plan and "01.06.2026" in plan
    elvedal = text_of(out / "nav-elvedal-2026-10" / "nav-elvedal-2026-10-statusbrev-radmann.docx")
    assert "Vår ref.:\t26/00412" in elvedal and "Anne Berg\nKontorsjef\nNAV Elvedal" in elvedal


def test_the_letter_uses_word_styles_not_direct_formatting(tmp_path):
    office = read_office(EXAMPLES / "nav-elvedal.xlsx", CAT)
    res = write_reports(CAT, office, "2026-10", "radmann", tmp_path, made=MADE, renderer=Renderer(docx=True))
    path = next(p for p in res.files if p.name.endswith("statusbrev-radmann.docx"))
    document = docx.Document(str(path))
    styles = [p.style.name for p in document.paragraphs if p.text.strip()]
    assert styles.count("Heading 1") == 1 and "Heading 2" in styles
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Vurdering fra NAV-leder", "Status per perspektiv", "Åpne tiltak"]
    assert {t.style.name for t in document.tables[1:]} == {"navkort tabell"}
    # no run carries its own font, size or colour: the styles decide, so the leader can restyle the letter
    body = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert not re.search(r"<w:(rFonts|sz|color)\b", body)
    # metadata for the archive and the language for the spelling checker
    assert document.core_properties.title == "Statusrapport for NAV Elvedal – oktober 2026"
    assert document.core_properties.author == "NAV Elvedal" and document.core_properties.language == "nb-NO"
    styles_xml = zipfile.ZipFile(path).read("word/styles.xml").decode()
    assert '<w:lang w:val="nb-NO"' in styles_xml
    # page numbers are Word fields, and the subject runs in the header from page 2
    footers = " ".join(zipfile.ZipFile(path).read(n).decode() for n in zipfile.ZipFile(path).namelist()
                       if n.startswith("word/footer"))
    assert 'w:instr="PAGE"' in footers and 'w:instr="NUMPAGES"' in footers and "Side" in footers
    assert document.sections[0].different_first_page_header_footer
    assert "Statusrapport for NAV Elvedal – oktober 2026" in document.sections[0].header.paragraphs[0].text


def test_workbook_text_stays_text_in_word(tmp_path):
    """Markup, template tags, formulas and control characters a workbook can hold come out as plain text."""
    office = read_office(EXAMPLES / "nav-elvedal.xlsx", CAT)
    nasty = "<w:p>ikke XML</w:p> {{ ctx.subject }} {% if 1 %}x{% endif %} =HYPERLINK(\"http://evil\") a\x07b\x0cc & d"
    office = office.replace(comments=(Comment("B.1", 10, nasty, "Anne Berg"),),
                            actions=(Action("1", "B.1", "Linje 1\nLinje 2", "<b>Teamleder</b>", status="Pågår"),))
    res = write_reports(CAT, office, "2026-10", "navleder", tmp_path, made=MADE, renderer=Renderer(docx=True))
    path = next(p for p in res.files if p.suffix == ".docx" and "statusbrev" in p.name)
    text = text_of(path)
    assert '<w:p>ikke XML</w:p> {{ ctx.subject }} {% if 1 %}x{% endif %} =HYPERLINK("http://evil") abc & d' in \
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&quot;", '"')
    assert "Linje 1\nLinje 2" in text and "&lt;b&gt;Teamleder&lt;/b&gt;" in text
    docx.Document(str(path))  # well-formed: python-docx (lxml) parses it


def test_a_county_template_replaces_the_letterhead(cli, tmp_path):
    own = tmp_path / "maler"
    own.mkdir()
    template = docx.Document(str(Path(__file__).resolve().parent.parent / "templates" / "statusbrev.docx"))
    head = next(p for p in template.paragraphs if p.style.name == "Brevhode")
    head.runs[0].text = "EKSEMPELFYLKE KOMMUNE – {{ ctx.sender_office }}"
    template.save(str(own / "statusbrev.docx"))
    out = tmp_path / "ut"
    r = cli("report", EXAMPLES / "nav-elvedal.xlsx", EXAMPLES / "fylke.yaml", "--to", "fylkesdirektør", "--month",
            "2026-10", "--docx", "--templates", own, "--out", out)
    assert r.code == 0, r
    assert "EKSEMPELFYLKE KOMMUNE – NAV Elvedal" in text_of(next(out.glob("*statusbrev*.docx")))
    assert "Tiltaksplan" in text_of(next(out.glob("*tiltaksplan.docx")))  # the plan from the shipped template
    bad = docx.Document(str(own / "statusbrev.docx"))
    bad.add_paragraph("{{ ctx.no_such_field }")
    bad.save(str(own / "statusbrev.docx"))
    r = cli("report", EXAMPLES / "nav-elvedal.xlsx", EXAMPLES / "fylke.yaml", "--to", "fylkesdirektør", "--month",
            "2026-10", "--docx", "--templates", own, "--out", tmp_path / "ut2")
    assert r.code == 2 and "Word-malen «statusbrev.docx»" in r.err and "Traceback" not in r.err
    assert not (tmp_path / "ut2").exists() or not any((tmp_path / "ut2").rglob("*.docx"))


def test_without_docxtpl_the_user_is_told_how_to_install_it(cli, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "docxtpl", None)
    r = cli("report", EXAMPLES / "nav-elvedal.xlsx", EXAMPLES / "fylke.yaml", "--to", "rådmann", "--month",
            "2026-10", "--docx", "--out", tmp_path / "ut")
    assert r.code == 2 and 'pip install "navkort[docx]"' in r.err and "Traceback" not in r.err


def test_every_word_in_the_word_templates_has_a_nynorsk_translation():
    from navkort.text.i18n import words

    nb, nn = words("nb"), words("nn")
    root = Path(__file__).resolve().parent.parent / "templates"
    found = 0
    for name in ("statusbrev.docx", "tiltaksplan.docx"):
        xml = "".join(zipfile.ZipFile(root / name).read(n).decode() for n in zipfile.ZipFile(root / name).namelist()
                      if n.startswith("word/") and n.endswith(".xml"))
        for msgid in re.findall(r"_\('([^']+)'\)", re.sub(r"<[^>]+>", "", xml)):
            found += 1
            assert nn.catalogue._catalog.get(msgid), f"{name}: «{msgid}» mangler nynorsk"  # type: ignore[attr-defined]
            assert nb(msgid) == msgid
    assert found > 20


@pytest.mark.skipif(not WRITER or not POPPLER or not FONT,
                    reason="needs LibreOffice Writer (soffice), poppler and the font DejaVu Sans Condensed")
def test_libreoffice_opens_the_word_letters_with_as_many_pages_as_navkorts_pdf(tmp_path):
    pytest.importorskip("weasyprint")
    renderer = Renderer(pdf=True, docx=True)
    made: list[Path] = []
    for wb in sorted(EXAMPLES.glob("nav-*.xlsx")):
        office = read_office(wb, CAT)
        res = write_reports(CAT, office, "2026-10", "radmann", tmp_path / wb.stem, made=MADE, lang=None,
                            renderer=renderer)
        made += [p for p in res.files if p.suffix == ".docx"]
    # a long letter: a 5,000-character assessment and 25 actions run over three pages
    office = read_office(EXAMPLES / "nav-elvedal.xlsx", CAT)
    words = ("Vi har gått gjennom oppfølgingen av sykmeldte sammen med fastlegene og arbeidsgiverne. " * 60)[:5000]
    actions = tuple(Action(str(k), "B.1", f"Tiltak {k:02d}: faste dager for dialogmøter, påminnelser og oppfølging "
                           "av hver sak som ikke har fått møte innen fristen", "Teamleder", status="Pågår")
                    for k in range(1, 26))
    office = office.replace(comments=(Comment("", 10, words, "Anne Berg"),), actions=actions)
    res = write_reports(CAT, office, "2026-10", "navleder", tmp_path / "lang", made=MADE, renderer=renderer)
    made += [p for p in res.files if p.suffix == ".docx"]
    converted = libreoffice_pdfs(made, tmp_path)
    compared = {}
    for path in made:
        lo = converted[path.name]
        assert lo.is_file(), f"LibreOffice could not open {path.name}"
        compared[path.name] = (pdf_pages(lo), pdf_pages(path.with_suffix(".pdf")))
    assert {k: v for k, v in compared.items() if v[0] != v[1]} == {}
    assert compared["nav-elvedal-2026-10-statusbrev-navleder.docx"][0] >= 3


def test_a_template_expression_that_fails_is_the_templates_fault_said_in_norwegian(cli, tmp_path):
    own = tmp_path / "maler"
    own.mkdir()
    template = docx.Document(str(Path(__file__).resolve().parent.parent / "templates" / "statusbrev.docx"))
    template.add_paragraph("{{ ctx.month + 1 }}")
    template.save(str(own / "statusbrev.docx"))
    r = cli("report", EXAMPLES / "nav-elvedal.xlsx", EXAMPLES / "fylke.yaml", "--to", "rådmann", "--month", "2026-10",
            "--docx", "--templates", own, "--out", tmp_path / "ut")
    assert r.code != 3 and "kan ikke fylles ut: TypeError" in r.out + r.err and "Traceback" not in r.out + r.err


def test_a_very_long_office_name_still_gives_a_word_letter(tmp_path):
    office = read_office(EXAMPLES / "nav-elvedal.xlsx", CAT).replace(name="NAV " + "Langdalen og omegn " * 16)
    res = write_reports(CAT, office, "2026-10", "radmann", tmp_path, made=MADE, renderer=Renderer(docx=True))
    path = next(p for p in res.files if p.suffix == ".docx" and "statusbrev" in p.name)
    props = docx.Document(str(path)).core_properties
    assert props.author == office.name[:255] and len(props.title) <= 255


def test_a_word_template_that_is_not_a_word_document_is_said_in_words(cli, tmp_path):
    own = tmp_path / "maler"
    own.mkdir()
    (own / "statusbrev.docx").write_text("ikke et Word-dokument")
    r = cli("report", EXAMPLES / "nav-elvedal.xlsx", EXAMPLES / "fylke.yaml", "--to", "rådmann", "--month", "2026-10",
            "--docx", "--templates", own, "--out", tmp_path / "ut")
    assert r.code == 2 and "Word-malen «statusbrev.docx» er ikke et Word-dokument (.docx)" in r.err
    assert "Error" not in r.err and "Traceback" not in r.err
