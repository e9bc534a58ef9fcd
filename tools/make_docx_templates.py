"""Make the Word templates navkort ships (run after changing this file; the results are committed):

    python tools/make_docx_templates.py        # → templates/statusbrev.docx, templates/tiltaksplan.docx

The templates are ordinary Word documents with docxtpl (Jinja) tags, built with real Word styles
(«Heading 1», «Heading 2», «Normal», the table style «navkort tabell» and a few paragraph styles
named below), not direct formatting, so a NAV-leder can edit the letter in Word and a county can
open the template in Word, put in its own letterhead and save it in its own template folder
(`navkort report --templates MAPPE`). docs/maler.md lists the fields. The page (A4, margins,
font and sizes) follows the HTML/PDF letter, so the two have the same number of pages.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "templates"
FONT = "DejaVu Sans Condensed"  # the letter's PDF font («Navkort Sans» is a subset of it): same line breaks
BLUE = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x55, 0x55, 0x55)
STAMP = (2026, 1, 1, 0, 0, 0)  # fixed zip timestamps: the same script writes the same bytes


def _font(style: Any, size: float, *, bold: bool = False, color: RGBColor | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    rfonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)  # a theme font would win over the named one
    for attr in ("w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


def _spacing(style: Any, before: float = 0, after: float = 0, keep_next: bool = False) -> None:
    pf = style.paragraph_format
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.line_spacing = 1.0
    pf.keep_with_next = keep_next


def _paragraph_style(doc: Any, name: str, size: float, *, after: float = 5.7, before: float = 0,
                     bold: bool = False, color: RGBColor | None = None) -> Any:
    st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = doc.styles["Normal"]
    st.quick_style = True
    _font(st, size, bold=bold, color=color)
    _spacing(st, before, after)
    return st


DEFAULTS = f"""<w:docDefaults {nsdecls('w')}>
  <w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>
    <w:color w:val="1A1A1A"/><w:sz w:val="20"/><w:szCs w:val="20"/><w:lang w:val="nb-NO" w:eastAsia="nb-NO"/>
  </w:rPr></w:rPrDefault>
  <w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="114" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>"""

TABLE_STYLE = f"""<w:style {nsdecls('w')} w:type="table" w:customStyle="1" w:styleId="navkorttabell">
  <w:name w:val="navkort tabell"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr>
  <w:tblPr><w:tblBorders><w:bottom w:val="single" w:sz="4" w:space="0" w:color="CCCCCC"/>
    <w:insideH w:val="single" w:sz="4" w:space="0" w:color="CCCCCC"/></w:tblBorders>
    <w:tblCellMar><w:top w:w="17" w:type="dxa"/><w:left w:w="57" w:type="dxa"/><w:bottom w:w="17" w:type="dxa"/>
    <w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr>
  <w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tblPr/><w:trPr><w:tblHeader/></w:trPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E8EDF5"/></w:tcPr></w:tblStylePr>
</w:style>"""


def _document(landscape: bool = False) -> Any:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
    sec.top_margin = sec.bottom_margin = Mm(16)
    sec.left_margin = sec.right_margin = Mm(16 if not landscape else 12)
    sec.header_distance = sec.footer_distance = Mm(8)
    styles = doc.styles
    # Font, size, language and paragraph spacing as document defaults, not in «Normal»: in Word a
    # paragraph style outranks a table style, so the tables' smaller type works only this way.
    styles.element.find(qn("w:docDefaults")).getparent().replace(
        styles.element.find(qn("w:docDefaults")), parse_xml(DEFAULTS))
    _font(styles["Heading 1"], 12.5, bold=True, color=RGBColor(0x1A, 0x1A, 0x1A))
    _spacing(styles["Heading 1"], 0, 8.5, keep_next=True)
    _font(styles["Heading 2"], 11.5, bold=True, color=RGBColor(0x1A, 0x1A, 0x1A))
    _spacing(styles["Heading 2"], 14, 4.3, keep_next=True)
    for name in ("Header", "Footer"):
        _font(styles[name], 8.5, color=GREY)
        _spacing(styles[name])
    styles.element.append(parse_xml(TABLE_STYLE))
    _paragraph_style(doc, "Brevhode", 13, bold=True, color=BLUE, after=0)
    _paragraph_style(doc, "Adresse", 10, after=0)
    st = _paragraph_style(doc, "Brevhode adresse", 10, color=GREY, after=14.2)
    st.element.get_or_add_pPr().append(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="9" w:space="6" w:color="1F4E79"/></w:pBdr>'))
    _paragraph_style(doc, "Referanse", 9, after=0)
    st = _paragraph_style(doc, "Eksempel", 8, after=5.7)
    st.element.get_or_add_pPr().append(parse_xml(
        f'<w:pBdr {nsdecls("w")}>' + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="3" w:color="E0C36A"/>'
                                             for side in ("top", "left", "bottom", "right")) + "</w:pBdr>"))
    st.element.get_or_add_pPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" '
                                                 'w:fill="FFF3CD"/>'))
    _paragraph_style(doc, "Merknad", 8, color=GREY, after=2.8)
    _paragraph_style(doc, "Vedlegg", 9, after=0)
    st = _paragraph_style(doc, "Kommentar", 10, after=5.7)
    st.paragraph_format.left_indent = Mm(2.6)
    ppr = st.element.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:pBdr {nsdecls("w")}><w:left w:val="single" w:sz="14" w:space="4" '
                         'w:color="1F4E79"/></w:pBdr>'))
    doc.core_properties.author = "navkort"
    doc.core_properties.comments = ""
    doc.core_properties.title = ""  # set from the letter when it is made (render/docx.py)
    return doc


def _p(container: Any, text: str = "", style: str | None = None, *, bold_prefix: str = "",
       align: Any = None) -> Any:
    p = container.add_paragraph(style=style)
    if bold_prefix:
        p.add_run(bold_prefix).bold = True
    if text:
        p.add_run(text)
    if align is not None:
        p.alignment = align
    return p


def _field(paragraph: Any, instr: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    fld.append(run)
    paragraph._p.append(fld)


def _page_footer(sec: Any) -> None:
    for footer in (sec.footer, sec.first_page_footer):
        p = footer.paragraphs[0]
        p.style = footer.part.document.styles["Footer"] if hasattr(footer.part, "document") else "Footer"
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_run("{{ _('Side') }} ")
        _field(p, "PAGE")
        p.add_run(" {{ _('av') }} ")
        _field(p, "NUMPAGES")


def _grid(table: Any, widths_mm: list[float]) -> None:
    """Column widths Word and LibreOffice both keep: the grid, each cell, fixed layout."""
    tbl = table._tbl
    grid = tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(w * 56.7)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)
    table.autofit = False  # python-docx writes <w:tblLayout w:type="fixed"/> in its place in tblPr
    width = tbl.tblPr.find(qn("w:tblW"))
    width.set(qn("w:w"), str(int(sum(widths_mm) * 56.7)))
    width.set(qn("w:type"), "dxa")


def _table(doc: Any, headers: list[str], cells: list[str], loop: str, widths_mm: list[float],
           right: tuple[int, ...] = ()) -> Any:
    """A table in the style «navkort tabell»: a header row, then one row per item (docxtpl's {%tr %})."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = doc.styles["navkort tabell"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for c, (h, w) in enumerate(zip(headers, widths_mm)):
        for r in range(4):
            table.cell(r, c).width = Mm(w)
        table.cell(0, c).paragraphs[0].add_run(h)
        table.cell(2, c).paragraphs[0].add_run(cells[c])
        for r in (0, 2):
            if c in right:
                table.cell(r, c).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _grid(table, widths_mm)
    for r, tag in ((0, "w:tblHeader"), (2, "w:cantSplit")):  # the header repeats; a row never splits
        table.rows[r]._tr.get_or_add_trPr().append(OxmlElement(tag))
    table.cell(1, 0).paragraphs[0].add_run("{%tr " + loop + " %}")
    table.cell(3, 0).paragraphs[0].add_run("{%tr endfor %}")
    return table


def letter() -> Any:
    doc = _document()
    sec = doc.sections[0]
    sec.different_first_page_header_footer = True
    hp = sec.header.paragraphs[0]
    hp.style = doc.styles["Header"]
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    hp.add_run("{{ ctx.subject }}")  # the running header from page 2
    _page_footer(sec)
    body = doc
    # python-docx starts with one empty paragraph: use it for the first tag
    first = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    first.add_run("{%p if ctx.example %}")
    _p(body, "{{ _('Eksempeldata – fiktivt kontor med fiktive tall') }}", "Eksempel")
    _p(body, "{%p endif %}")
    # Letterhead: a county replaces these two lines with its own (logo, address) in its template copy.
    _p(body, "{{ ctx.sender_office }}", "Brevhode")
    _p(body, "{{ ctx.sender_address }}", "Brevhode adresse")
    _p(body, "{%p if ctx.internal %}")
    _p(body, "{{ _('Intern versjon for NAV-leder') }}", "Heading 2")
    _p(body, "{%p endif %}")
    addr = doc.add_table(rows=1, cols=2)
    addr.autofit = False
    _grid(addr, [116, 62])
    left, right = addr.cell(0, 0), addr.cell(0, 1)
    lp = left.paragraphs[0]
    lp.add_run("{%p if ctx.recipient_org %}")
    _p(left, "{{ ctx.recipient_org }}", "Adresse")
    _p(left, "{%p endif %}")
    _p(left, "v/ {{ ctx.recipient_name }}", "Adresse")
    right.paragraphs[0].add_run("{%p if ctx.reference %}")
    p = _p(right, "{{ _('Vår ref.:') }}\t{{ ctx.reference }}", "Referanse")
    p.paragraph_format.tab_stops.add_tab_stop(Mm(28))
    _p(right, "{%p endif %}")
    _p(right, "{%p if ctx.case_officer %}")
    p = _p(right, "{{ _('Saksbehandler:') }}\t{{ ctx.case_officer }}", "Referanse")
    p.paragraph_format.tab_stops.add_tab_stop(Mm(28))
    _p(right, "{%p endif %}")
    p = _p(right, "{{ _('Dato:') }}\t{{ ctx.date }}", "Referanse")
    p.paragraph_format.tab_stops.add_tab_stop(Mm(28))
    _p(body, "", "Adresse").paragraph_format.space_after = Pt(5)
    _p(body, "{{ ctx.subject }}", "Heading 1")
    _p(body, "{%p for p in ctx.summary %}")
    _p(body, "{{ p }}")
    _p(body, "{%p endfor %}")
    _p(body, "{%p if ctx.comments %}")
    _p(body, "{{ _('Vurdering fra NAV-leder') }}", "Heading 2")
    _p(body, "{%p for c in ctx.comments %}")
    _p(body, "{{ c.text }}", "Kommentar", bold_prefix="{% if c.indicator %}{{ c.indicator }}: {% endif %}")
    _p(body, "{%p endfor %}")
    _p(body, "{%p endif %}")
    _p(body, "{{ _('Status per perspektiv') }}", "Heading 2")
    _table(doc, ["{{ _('Perspektiv') }}", "● {{ ctx.status_heads[0] }}", "▲ {{ ctx.status_heads[1] }}",
                 "■ {{ ctx.status_heads[2] }}", "{{ ctx.status_heads[3] }}"],
           ["{{ sec.title }}", "{{ sec.green }}", "{{ sec.yellow }}", "{{ sec.red }}", "{{ sec.other }}"],
           "for sec in ctx.sections", [71.2, 26.7, 26.7, 26.7, 26.7], right=(1, 2, 3, 4))
    _p(body, "{{ _('Verdi, mål, hittil i år og utvikling for hver indikator står i det vedlagte målekortet.') }} "
             "{{ _('Mål og terskler fra') }} {{ ctx.catalogue|join(' + ') }}.",
       "Merknad").paragraph_format.space_before = Pt(2.8)
    _p(body, "{%p if ctx.actions %}")
    _p(body, "{{ _('Åpne tiltak') }}", "Heading 2")
    _table(doc, ["Nr", "{{ _('Indikator') }}", "{{ _('Tiltak') }}", "{{ _('ansvarlig')|capitalize }}",
                 "{{ _('periode')|capitalize }}", "{{ _('status')|capitalize }}"],
           ["{{ a.nr }}", "{{ a.indicator }}", "{{ a.what }}", "{{ a.responsible }}",
            "{{ a.start }}{% if a.end %}–{{ a.end }}{% endif %}", "{{ a.status }}"],
           "for a in ctx.actions", [14.2, 17.8, 67.6, 30.3, 24.9, 23.2])
    _p(body, "{%p endif %}")
    _p(body, "{%p if ctx.internal %}")
    _p(body, "{{ _('Datakomplett\u00adhet: tall som mangler eller er forsinket') }}", "Heading 2")
    _p(body, "{%p if ctx.completeness %}")
    _table(doc, ["{{ _('Indikator') }}", "", "{{ _('Måned') }}", "{{ _('Tilstand') }}",
                 "{{ _('legges inn av')|capitalize }}"],
           ["{{ m.id }}", "{{ m.name }}", "{{ m.month }}", "{{ m.state }}", "{{ m.entered_by }}"],
           "for m in ctx.completeness", [17.8, 71.2, 26.7, 26.7, 35.6])
    _p(body, "{%p elif ctx.month_open %}")
    _p(body, "{{ _('Ingen tall er forsinket; resten kommer når måneden er over.') }}")
    _p(body, "{%p else %}")
    _p(body, "{{ _('Alle tall for måneden er på plass.') }}")
    _p(body, "{%p endif %}")
    _p(body, "{%p endif %}")
    p = _p(body, "{{ _('Med vennlig hilsen') }}")
    p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(17), Pt(0)
    p.paragraph_format.keep_with_next = True
    p = _p(body, "{{ ctx.sender_leader }}")
    p.paragraph_format.space_before = Pt(22.7)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.keep_with_next = True
    p = _p(body, "{{ ctx.sender_title }}")
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.keep_with_next = True
    _p(body, "{{ ctx.sender_office }}").paragraph_format.space_after = Pt(0)
    _p(body, "{{ _('Vedlegg:') }}", "Vedlegg").paragraph_format.space_before = Pt(11.3)
    _p(body, "{%p for a in ctx.attachments %}")
    _p(body, "{{ loop.index }}. {{ a }}", "Vedlegg").paragraph_format.left_indent = Mm(3)
    _p(body, "{%p endfor %}")
    return doc


def plan() -> Any:
    """The action plan as a Word table (A4 landscape), the same columns as the workbook and the HTML."""
    doc = _document(landscape=True)
    _page_footer(doc.sections[0])
    first = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    first.add_run("{%p if ctx.example %}")
    _p(doc, "{{ _('Eksempeldata – fiktivt kontor med fiktive tall') }}", "Eksempel")
    _p(doc, "{%p endif %}")
    _p(doc, "{{ _('Tiltaksplan') }} – {{ ctx.office }}", "Heading 1")
    _p(doc, "{{ ctx.month }} · {{ _('Laget') }} {{ ctx.made }} · {{ _('Mål og terskler fra') }} "
            "{{ ctx.catalogue|join(' + ') }}")
    _p(doc, "{{ _('Prioriterte områder (høyst tre)') }}", "Heading 2")
    _p(doc, "{%p for pr in ctx.priorities %}")
    _p(doc, "{{ pr.name }} ({{ pr.why }})", bold_prefix="{{ pr.rank }}. {{ pr.id }} ")
    _p(doc, "{%p else %}")
    _p(doc, "{{ _('Ingen') }}")
    _p(doc, "{%p endfor %}")
    _table(doc, ["{{ _('Nr') }}", "{{ _('Indikator') }}", "{{ _('Tiltak (hva skal gjøres)') }}",
                 "{{ _('Ansvarlig') }}", "{{ _('Involveres') }}", "{{ _('Informeres') }}", "{{ _('Start') }}",
                 "{{ _('Slutt') }}", "{{ _('Risikovurdering (kan forbedringen gå ut over andre mål?)') }}",
                 "{{ _('Status') }}", "{{ _('Effekt') }}"],
           ["{{ r.nr }}{% if r.priority %} ({{ r.priority }}){% endif %}", "{{ r.indicator }}",
            "{{ r.what }}", "{{ r.responsible }}", "{{ r.involved }}", "{{ r.informed }}", "{{ r.start|fmtdate }}",
            "{{ r.end|fmtdate }}", "{{ r.risk }}", "{{ r.status }}", "{{ r.effect }}"],
           "for r in ctx.rows", [11, 18, 55, 25, 25, 25, 19, 19, 39, 18, 19])
    return doc


def _save(doc: Any, path: Path) -> None:
    """Save with fixed zip timestamps and document dates, so the committed file only changes when
    this script does."""
    from datetime import datetime

    doc.core_properties.created = doc.core_properties.modified = datetime(*STAMP)
    doc.core_properties.last_printed = datetime(*STAMP)
    doc.core_properties.revision = 1
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(item.filename))
    path.write_bytes(out.getvalue())
    print(f"skrev {path}")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    _save(letter(), out / "statusbrev.docx")
    _save(plan(), out / "tiltaksplan.docx")


if __name__ == "__main__":
    main()
