"""Measure PDF rendering per document, warm in one process: WeasyPrint variants and Typst (issue 16).

    python benchmarks/pdf_engines.py                      # nav-elvedal, 2026-10, 12 runs per cell, medians
    python benchmarks/pdf_engines.py --runs 20 --out /tmp/pdfeng/out   # also keep every PDF made
    python benchmarks/pdf_engines.py --profile            # and a cProfile of the baseline målekort by module

Not a test; nothing here asserts a time. Needs WeasyPrint (navkort's PDF extra). Typst is measured
only when its Python binding is installed (`pip install typst`); navkort does not depend on it.

The three documents of one example office (målekort, statusbrev to the county director, tiltaksplan)
are made as `navkort report` makes them, then each variant renders them after two warm-up renders;
the table shows the median of --runs renders, in seconds per document (the variants are taken
in turn in each round, so a machine that slows down for a while slows all of them alike):

  weasy         navkort's PdfWriter as shipped (shared fonts and stylesheet, PDF/A-2u, tagged)
  weasy-untagged  the same without the structure tree (NAVKORT_PDF_TAGS=0)
  weasy-render  only `HTML.render()` (parse, cascade, layout), no `write_pdf()`
  weasy-simple  the målekort with a simplified stylesheet (only the rules it uses, table-layout:
                fixed with column widths, no inline-blocks, no line-clamp or display:block in cells)
  weasy-simple-nosvg  the same, the SVG sparklines replaced by the trend arrow
  weasy-simple-nosvg-untagged(-render)  all of the above together (and render() only): the floor
  weasy-combined  the three documents in one HTML (styles scoped per document, named pages),
                one render() and write_pdf() of each document's pages; the time is the whole / 3
  typst-oneshot `typst.compile()` of the målekort, a new compiler (and font scan) each time, another
                example office (and a new nonce) each time
  typst-warm    one `typst.Compiler` kept; the same office each time (Typst's own cache helps)
  typst-warm-varied  one `typst.Compiler`; a different example office (and a new nonce) each time

Typst gets the målekort only: a Typst template of it (TYPST_MALEKORT, below) fed with the rows of
`malekort_context` as JSON through `sys.inputs`, PDF/A-2u and tagged like navkort's PDFs.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import html as htmllib
import json
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from timing import median_seconds

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "eksempelfylke"
FONTS = ROOT / "templates" / "fonts"
DOCS = ("målekort", "statusbrev", "tiltaksplan")
MADE = date(2026, 11, 23)


# --- the documents -----------------------------------------------------------------------------------

def office_documents(workbook: Path, overlay: Path, month: str) -> tuple[dict[str, str], Any]:
    """The three HTML documents of one office, as `navkort report --to fylkesdirektør` makes them,
    and the målekort's context."""
    from navkort import load_catalogue, read_office, score
    from navkort.render.html import environment, render
    from navkort.render.letter import letter_contexts
    from navkort.render.malekort import malekort_context
    from navkort.render.plan import plan_context

    cat = load_catalogue(overlay)
    office = read_office(workbook, cat)
    card = score(cat, office, month)
    env = environment()
    ctx = malekort_context(card, office, MADE)
    docs = {
        "målekort": render(env, "malekort.html.j2", ctx),
        "statusbrev": render(env, "statusbrev.html.j2",
                             letter_contexts(card, None, office, "fylkesdirektor", MADE)[0][1]),
        "tiltaksplan": render(env, "tiltaksplan.html.j2", plan_context(card, office, MADE)),
    }
    return docs, ctx


# --- WeasyPrint variants -----------------------------------------------------------------------------

def render_only(writer: Any, html: str) -> Any:
    """What PdfWriter.pdf does before write_pdf()."""
    from navkort.io.files import shipped_templates

    return writer.weasyprint.HTML(string=html, base_url=str(shipped_templates()), url_fetcher=writer.fetcher).render(
        stylesheets=[writer.stylesheet], font_config=writer.fonts, cache=writer.cache, **writer.options)


SIMPLE_CSS = """
@page { size: A4 portrait; margin: 10mm 10mm 12mm 10mm; }
html { font-size: %(pt)s; color: #1a1a1a; }
body { margin: 0; }
.example { background: #fff3cd; border: 1px solid #e0c36a; padding: 1mm 2mm; font-size: 9pt; margin: 0 0 2mm 0; }
.head { margin-bottom: 2mm; }
.head h1 { font-size: 17pt; margin: 0 0 1mm 0; }
.head .month { font-size: 12pt; font-weight: bold; }
.head .made { float: right; color: #444; margin-top: 7mm; }
table { border-collapse: collapse; width: 100%%; table-layout: fixed; }
th, td { text-align: left; padding: %(pad)s 1.2mm; border-bottom: 0.2mm solid #d4d4d4; white-space: nowrap;
         overflow: hidden; }
th { font-size: 9pt; padding: 1mm 1.2mm; background: #e8edf5; vertical-align: bottom; }
tr.persp th { font-size: 11pt; background: #1f4e79; color: #fff; padding: 1.2mm 1.5mm; }
tr.gap td { border: none; padding: 0; height: 2.5mm; }
.val { text-align: right; }
.tgt { color: #333; }
.st { text-align: center; font-weight: bold; padding-left: 0.3mm; padding-right: 0.3mm; }
.s-green { background: #c6efce; color: #006100; }
.s-yellow { background: #ffeb9c; color: #7a5c00; }
.s-red { background: #ffc7ce; color: #9c0006; }
.s-missing { background: #ededed; color: #595959; }
.s-late { background: #e4dfec; color: #5b3a87; }
.s-not_due, .s-not_ready { background: #f2f2f2; color: #595959; }
.s-info { background: #ddebf7; color: #1f4e79; }
.mon { font-size: 8.5pt; font-weight: bold; color: #555; }
.mon.late { color: #5b3a87; }
.mark { font-size: 8.5pt; font-weight: bold; color: #7a3e00; }
.spcv, .spca { font-weight: bold; color: #595959; margin-right: 0.6mm; }
.spc-concern, .spc-fail { color: #C65A00; }
.spc-improvement, .spc-pass { color: #1F5FA8; }
.spc-neutral_high, .spc-neutral_low { color: #6A3D9A; }
.spark polyline { fill: none; stroke: #333; stroke-width: 0.9; }
.foot { border-top: 0.3mm solid #999; margin-top: 3mm; padding-top: 1.5mm; font-size: 8.5pt; color: #222; }
.foot > div { margin-bottom: 0.8mm; }
.foot .item { margin-right: 3mm; }
.badge { font-weight: bold; padding: 0 0.6mm; }
"""
# Column widths for table-layout: fixed (the name takes the rest): id, name, value, target, status, ytd,
# status, trend, SPC.
SIMPLE_COLS = ("16mm", None, "17mm", "16mm", "5.5mm", "16mm", "5.5mm", "16mm", "10mm")


def simplify_malekort(html: str, sparklines: bool = True) -> str:
    """The målekort with SIMPLE_CSS instead of its stylesheet, fixed column widths, the value's month
    after a <br> instead of a display:block span, and (optionally) no SVG sparklines."""
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    assert style
    pt = re.search(r"html \{ font-size: ([\d.]+pt)", style.group(1))
    pad = re.search(r"\.card td \{ padding: (\S+) 1\.2mm", style.group(1))
    assert pt and pad
    out = html.replace(style.group(1), SIMPLE_CSS % {"pt": pt.group(1), "pad": pad.group(1)})
    cols = "".join(f'<col style="width: {w}">' if w else "<col>" for w in SIMPLE_COLS)
    out = out.replace('<table class="card">', f'<table class="card"><colgroup>{cols}</colgroup>', 1)
    out = out.replace('<span class="mon', '<br><span class="mon')
    # "made" floats right, before the heading (no display: table)
    out, n = re.subn(r'(<div class="head">\s*)(<div>.*?</div></div>)\s*(<div class="made">.*?</div>)',
                     r"\1\3\2", out, count=1, flags=re.S)
    assert n == 1
    if not sparklines:
        out = re.sub(r'<svg class="spark"[^>]*aria-label="([^"]*)">.*?</svg>', r"\1", out, flags=re.S)
    return out


def _scope_rules(rules: list[Any], scope: str) -> str:
    """CSS `rules` (tinycss2) with every selector under `.doc-SCOPE` and every @page named SCOPE."""
    import tinycss2  # type: ignore[import-untyped]

    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            sels = []
            for sel in tinycss2.serialize(rule.prelude).split(","):
                sel = sel.strip()
                head, _, rest = sel.partition(" ")
                if head in ("html", "body"):
                    sels.append(f".doc-{scope} {rest}".strip())
                else:
                    sels.append(f".doc-{scope} {sel}")
            out.append(f"{', '.join(sels)} {{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword == "page":
            prelude = tinycss2.serialize(rule.prelude).strip()
            out.append(f"@page {scope}{prelude} {{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword == "media":
            inner = tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True)
            out.append(f"@media {tinycss2.serialize(rule.prelude).strip()} {{{_scope_rules(inner, scope)}}}")
    return "\n".join(out)


def combine(docs: dict[str, str]) -> str:
    """One HTML of all `docs`: each body in a div of its own (named page, new page), its CSS scoped to it.
    (Fidelity: «Side x av y» in the letter counts all pages, and the PDF metadata is the first document's.)"""
    import tinycss2

    head, styles, bodies = "", [], []
    for i, html in enumerate(docs.values()):
        scope = f"d{i}"
        css = re.search(r"<style>(.*?)</style>", html, re.S)
        body = re.search(r'<body class="([^"]*)">(.*)</body>', html, re.S)
        assert css and body
        if i == 0:
            head = html[: css.start()]
        rules = tinycss2.parse_stylesheet(css.group(1), skip_whitespace=True, skip_comments=True)
        styles.append(_scope_rules(rules, scope) + f"\n.doc-{scope} {{ page: {scope}; }}")
        bodies.append(f'<div id="doc-{scope}" class="doc-{scope} {body.group(1)}" '
                      f'style="break-before: page">{body.group(2)}</div>')
    return f"{head}<style>{''.join(styles)}</style></head><body>{''.join(bodies)}</body></html>"


def combined_pdfs(writer: Any, html: str, n: int) -> list[bytes]:
    """One render of the combined HTML, then a PDF of each document's pages."""
    doc = render_only(writer, html)
    starts = [next(i for i, p in enumerate(doc.pages) if f"doc-d{k}" in p.anchors) for k in range(n)]
    ends = starts[1:] + [len(doc.pages)]
    return [doc.copy(doc.pages[a:b]).write_pdf(finisher=writer.finish, **writer.options) for a, b in zip(starts, ends)]


Cells = dict[tuple[str, str], tuple[Callable[[], Any], int]]  # (variant, column) → (render, documents it makes)
COMBINED = "(each, whole / 3)"


def weasyprint_cells(docs: dict[str, str], out: Path | None) -> Cells:
    from navkort.render.html import PdfWriter

    writer = PdfWriter()
    untagged = PdfWriter()
    untagged.tagged = False
    untagged.options = {**untagged.options, "pdf_tags": False}
    cells: Cells = {}
    for name, html in docs.items():
        cells["weasy", name] = (partial(writer.pdf, html), 1)
        cells["weasy-untagged", name] = (partial(untagged.pdf, html), 1)
        cells["weasy-render", name] = (partial(render_only, writer, html), 1)
        if out:
            (out / f"weasy-{name}.pdf").write_bytes(writer.pdf(html)[0])
    for variant, svg in (("weasy-simple", True), ("weasy-simple-nosvg", False)):
        simple = simplify_malekort(docs["målekort"], svg)
        cells[variant, "målekort"] = (partial(writer.pdf, simple), 1)
        if out:
            (out / f"{variant}-målekort.html").write_text(simple)
            (out / f"{variant}-målekort.pdf").write_bytes(writer.pdf(simple)[0])
    best = simplify_malekort(docs["målekort"], False)  # everything above together: the floor of these ideas
    cells["weasy-simple-nosvg-untagged", "målekort"] = (lambda: untagged.pdf(best), 1)
    cells["weasy-simple-nosvg-untagged-render", "målekort"] = (lambda: render_only(untagged, best), 1)
    combined = combine(docs)
    cells["weasy-combined", COMBINED] = (lambda: combined_pdfs(writer, combined, len(docs)), len(docs))
    if out:
        (out / "weasy-combined.html").write_text(combined)
        for name, pdf in zip(docs, combined_pdfs(writer, combined, len(docs))):
            (out / f"weasy-combined-{name}.pdf").write_bytes(pdf)
    return cells


def measure(cells: Cells, runs: int, warmup: int = 2) -> dict[str, dict[str, float]]:
    """Median seconds per document of every cell, the cells taken in turn in each round (interleaved,
    so a machine that slows down for a while slows all of them alike)."""
    for fn, _n in cells.values():
        for _ in range(warmup):
            fn()
    times: dict[tuple[str, str], list[float]] = collections.defaultdict(list)
    for _ in range(runs):
        for key, (fn, n) in cells.items():
            t0 = time.perf_counter()
            fn()
            times[key].append((time.perf_counter() - t0) / n)
    rows: dict[str, dict[str, float]] = collections.defaultdict(dict)
    for (variant, col), ts in times.items():
        rows[variant][col] = statistics.median(ts)
    return rows


def profile_malekort(html: str, runs: int = 10, top: int = 18) -> None:
    """cProfile of the shipped målekort PDF: time of its own per module, and the phases."""
    from navkort.render.html import PdfWriter

    writer = PdfWriter()
    for _ in range(3):
        writer.pdf(html)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(runs):
        writer.pdf(html)
    prof.disable()
    stats = pstats.Stats(prof)
    own: collections.Counter[str] = collections.Counter()
    cum: dict[str, float] = {}
    phases = {"weasyprint/__init__.py:__init__": "HTML parse (tinyhtml5)",
              "weasyprint/css/__init__.py:get_all_computed_styles": "CSS cascade (computed styles)",
              "weasyprint/formatting_structure/build.py:build_formatting_structure": "box tree",
              "weasyprint/layout/__init__.py:layout_document": "layout (all)",
              "weasyprint/layout/preferred.py:table_and_columns_preferred_widths": "- auto table widths",
              "weasyprint/layout/table.py:table_layout": "- table layout",
              "weasyprint/text/line_break.py:split_first_line": "- text (Pango line breaking)",
              "weasyprint/document.py:paint": "draw (paint to PDF streams)",
              "weasyprint/pdf/tags.py:add_tags": "PDF tags (structure tree)",
              "pydyf/__init__.py:write": "PDF serialise (pydyf)",
              "navkort/render/html.py:finish": "navkort finisher (compress once, XMP)"}
    for (fn, _line, func), (_cc, _nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        mod = fn.split("site-packages/")[-1] if "site-packages/" in fn else fn.replace(str(ROOT) + "/", "")
        own[mod if not fn.startswith(("~", "<")) else f"(builtin) {func}"] += tt
        key = f"{mod}:{func}"
        if key in phases:
            cum[phases[key]] = max(cum.get(phases[key], 0.0), ct)
    total = sum(own.values())
    print(f"\ncProfile, målekort, {runs} PDFs: {total / runs:.3f} s per PDF under the profiler")
    print("\n| phase (cumulative) | s/PDF | share |\n|---|---:|---:|")
    for name in phases.values():
        if name in cum:
            print(f"| {name} | {cum[name] / runs:.3f} | {cum[name] / total:.0%} |")
    print("\n| module (own time) | s/PDF | share |\n|---|---:|---:|")
    for mod, t in own.most_common(top):
        print(f"| {mod} | {t / runs:.3f} | {t / total:.0%} |")


# --- Typst ----------------------------------------------------------------------------------------------

TYPST_MALEKORT = r"""
#let d = json(bytes(sys.inputs.data))
#let hex(c) = rgb(c)
#let fill(s) = rgb(d.fill.at(s))
#let ink(s) = rgb(d.ink.at(s))
#let spc-ink = (concern: "#C65A00", fail: "#C65A00", improvement: "#1F5FA8", pass: "#1F5FA8",
                neutral_high: "#6A3D9A", neutral_low: "#6A3D9A", common: "#595959", hit_and_miss: "#595959")
#set document(title: d.title, author: d.office, description: d.title)
#set page(paper: "a4", margin: (top: 10mm, left: 10mm, right: 10mm, bottom: 12mm))
#set text(font: "Navkort Sans", size: d.type_pt * 1pt, lang: d.lang, fill: hex("#1a1a1a"))

#let spc-icon(i) = box(width: 3.5mm, height: 3.5mm, baseline: 0.7mm,
  radius: if i.round { 1.75mm } else { 0.6mm },
  stroke: (if i.kind == "concern" { 0.6mm } else { 0.3mm }) + hex(spc-ink.at(i.kind)),
  align(center + horizon, text(size: 8.5pt, weight: "bold", fill: hex(spc-ink.at(i.kind)), i.sign)))
#let badge(s, sym) = box(fill: fill(s), stroke: 0.2mm + ink(s), radius: 0.8mm, inset: (x: 0.6mm),
  outset: (y: 0.4mm), text(fill: ink(s), weight: "bold", sym))
#let spark(segs, last) = box(width: 39pt, height: 9.75pt, baseline: 1pt, {
  let (sx, sy) = (39pt / 48, 9.75pt / 12)
  for seg in segs {
    if seg.len() > 1 {
      place(curve(stroke: 0.73pt + hex("#333"), curve.move((seg.at(0).at(0) * sx, seg.at(0).at(1) * sy)),
        ..seg.slice(1).map(p => curve.line((p.at(0) * sx, p.at(1) * sy)))))
    }
  }
  if last != none { place(dx: last.at(0) * sx - 1pt, dy: last.at(1) * sy - 1pt, circle(radius: 1pt, fill: hex("#333"))) }
})
#let st(s, sym) = table.cell(fill: fill(s), align: center + horizon, inset: (x: 0.3mm, y: d.pad * 1mm),
  text(fill: ink(s), weight: "bold", sym))

#if d.example {
  block(width: 100%, fill: hex("#fff3cd"), stroke: 0.75pt + hex("#e0c36a"), inset: (x: 2mm, y: 1mm), below: 2mm,
    text(size: 9pt, d.words.example))
}
#grid(columns: (1fr, auto), align: (left + bottom, right + bottom),
  [#text(size: 17pt, weight: "bold", d.heading) #v(2mm, weak: true) #text(size: 12pt, weight: "bold", d.month)],
  text(fill: hex("#444"), d.words.made))
#v(2mm)
#table(
  columns: (auto, 1fr, auto, auto, 5.5mm, auto, 5.5mm, auto, auto),
  inset: (x: 1.2mm, y: d.pad * 1mm),
  align: (x, y) => if x in (2, 5) { right + horizon } else { left + horizon },
  stroke: (x, y) => (bottom: 0.2mm + hex("#d4d4d4")),
  table.header(..d.heads.map(h => table.cell(inset: (x: 1.2mm, y: 1mm), align: left + bottom, fill: hex("#e8edf5"),
    text(size: 9pt, weight: "bold", h)))),
  ..for (i, q) in d.quadrants.enumerate() {
    if i > 0 { (table.cell(colspan: 9, stroke: none, inset: 0pt, v(2.5mm)),) }
    (table.cell(colspan: 9, fill: hex("#1f4e79"), inset: (x: 1.5mm, y: 1.2mm),
      text(size: 11pt, weight: "bold", fill: white, q.title)),)
    for r in q.rows {
      (
        [#r.id#if r.mark != "" [ #text(size: 8.5pt, weight: "bold", fill: hex("#7a3e00"), r.mark)]],
        [#r.name],
        [#r.value#if r.month != "" { linebreak(); text(size: 8.5pt, weight: "bold",
          fill: hex(if r.late { "#5b3a87" } else { "#555555" }), r.month) }],
        text(fill: hex("#333"), r.target),
        st(r.status, r.symbol),
        [#r.ytd],
        st(r.ytd_status, r.ytd_symbol),
        spark(r.spark, r.last),
        [#for i in r.spc { spc-icon(i); h(0.6mm) }],
      )
    }
  }
)
#v(3mm, weak: true)
#line(length: 100%, stroke: 0.3mm + hex("#999"))
#v(1.5mm, weak: true)
#set text(size: 8.5pt, fill: hex("#222"))
#set par(spacing: 0.8mm + 0.65em)
#let mark(m) = text(weight: "bold", fill: hex("#7a3e00"), m)
#strong(d.words.legend + ":") #for it in d.legend [#box[#badge(it.status, it.symbol) #it.word]#h(3mm)]

#d.words.explain #if d.has_county [#mark("F") = #d.words.county. ] #if d.has_local [#mark("L") = #d.words.local.]

#if d.spc_legend.len() > 0 [#strong("SPC:") #for (i, w) in d.spc_legend [#box[#spc-icon(i) #w]#h(3mm)] #d.words.spc_explain]

#d.words.catalogue
"""


def _spc_icons(markup: str) -> list[dict[str, Any]]:
    """The SPC icons of a row (navkort's HTML spans) as data."""
    return [{"round": cls == "spcv", "kind": kind, "sign": htmllib.unescape(sign)}
            for cls, kind, sign in re.findall(r'class="(spcv|spca) spc-(\w+)"[^>]*>([^<]*)</span>', str(markup))]


def _points(seg: str) -> list[list[float]]:
    return [[float(v) for v in p.split(",")] for p in seg.split()]


def typst_data(ctx: Any, nonce: int = 0) -> str:
    """JSON for TYPST_MALEKORT from a MalekortContext."""
    from navkort.text.i18n import words
    from navkort.text.words import STATUS_FILL, STATUS_INK

    tr = words(ctx.lang)
    nb = str.maketrans({" ": "\u00a0"})
    pad = {"roomy": 1.4, "normal": 0.75, "tight": 0.3}[ctx.density]
    quads = [{"title": q.title, "rows": [{
        "id": r.id, "mark": r.mark, "name": r.short_name, "value": r.value.translate(nb),
        "month": r.month.translate(nb), "late": r.status == "late", "target": r.target.translate(nb),
        "status": r.status, "symbol": r.symbol, "ytd": r.ytd.translate(nb), "ytd_status": r.ytd_status,
        "ytd_symbol": r.ytd_symbol, "spark": [_points(s) for s in r.spark],
        "last": _points(r.spark_last)[0] if r.spark_last else None, "spc": _spc_icons(r.spc_icons),
    } for r in q.rows]} for q in ctx.quadrants]
    data = {
        "lang": "nn" if ctx.lang == "nn" else "nb", "title": ctx.title, "office": ctx.office,
        "heading": f"{tr('Målekort')} – {ctx.office_shown or ctx.office}", "month": ctx.month,
        "type_pt": ctx.type_pt, "pad": pad, "example": ctx.example, "quadrants": quads,
        "heads": [tr("Id"), tr("Indikator"), tr("Verdi"), tr("Mål"), "", "HiÅ", "", tr("Trend"), tr("SPC")],
        "fill": dict(STATUS_FILL), "ink": dict(STATUS_INK),
        "legend": [{"status": i.status, "symbol": i.symbol, "word": i.word} for i in ctx.legend],
        "spc_legend": [[_spc_icons(icon)[0], word] for icon, word in ctx.spc_legend],
        "has_county": ctx.has_county, "has_local": ctx.has_local,
        "words": {
            "example": tr("Eksempeldata – fiktivt kontor med fiktive tall"),
            "made": f"{tr('Laget')} {ctx.made}", "legend": tr("Forklaring"),
            "explain": tr("HiÅ = hittil i år. Verdien vurderes avrundet slik den vises; grensene er inkluderende. "
                          "Liten måned under verdien = tallet gjelder en tidligere måned (forsinkelse)."),
            "county": tr("fylkesmål"), "local": tr("lokalt mål"),
            "spc_explain": tr("(! bekymring, + forbedring, pil: uvanlig høyt eller lavt der ingen retning er bedre; "
                              "tomt: for få måneder, intet tall denne måneden, eller ingen SPC)"),
            "catalogue": f"{tr('Katalog')}: {ctx.catalogue_shown or ' + '.join(ctx.catalogue)}",
        },
        "nonce": nonce,
    }
    return json.dumps(data, ensure_ascii=False)


def typst_cells(contexts: list[Any], out: Path | None) -> Cells:
    """Typst's målekort: one-shot, a warm Compiler with the same data, and with another office each time."""
    try:
        import typst  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        print("typst is not installed: Typst skipped (pip install typst)", file=sys.stderr)
        return {}
    src = TYPST_MALEKORT.encode()
    fonts = [str(FONTS)]
    opts: dict[str, Any] = {"pdf_standards": ["a-2u"], "timestamp": 1795392000}  # 23.11.2026, reproducible
    data = typst_data(contexts[0])
    nonce = iter(range(1, 10**9))

    def varied() -> str:  # another office and a new nonce each time: nothing to reuse from Typst's cache
        k = next(nonce)
        return typst_data(contexts[k % len(contexts)], k)

    cells: Cells = {}
    cells["typst-oneshot", "målekort"] = (
        lambda: typst.compile(src, font_paths=fonts, sys_inputs={"data": varied()}, **opts), 1)
    # typst 0.15.2: a Compiler made from bytes forgets them when compile() gets pdf_standards or timestamp
    # ("file not found ... __typst_py_bytes__.typ"), so the source is passed again on every compile.
    compiler = typst.Compiler(src, font_paths=fonts, ignore_system_fonts=True)
    warm = {**opts, "input": src}
    cells["typst-warm", "målekort"] = (lambda: compiler.compile(sys_inputs={"data": data}, **warm), 1)
    cells["typst-warm-varied", "målekort"] = (lambda: compiler.compile(sys_inputs={"data": varied()}, **warm), 1)
    if out:
        (out / "typst-malekort.typ").write_text(TYPST_MALEKORT)
        (out / "typst-malekort.json").write_text(data)
        (out / "typst-målekort.pdf").write_bytes(compiler.compile(sys_inputs={"data": data}, **warm))
    return cells


def typst_packaging() -> None:
    """Import time of typst, its installed size, and the page count / fonts / PDF/A of its målekort."""
    try:
        import typst  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return
    imp = median_seconds(lambda: subprocess.run([sys.executable, "-c", "import typst"], check=True), 5, 1)
    base = median_seconds(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 5, 1)
    pkg = Path(typst.__file__).parent
    size = sum(p.stat().st_size for p in pkg.rglob("*") if p.is_file())
    print(f"\ntypst: import {imp - base:.3f} s (process {imp:.3f} s, bare python {base:.3f} s); "
          f"installed {size / 1e6:.0f} MB ({pkg})")


def pdf_facts(path: Path) -> str:
    """Pages, embedded fonts and PDF/A claim of a PDF (poppler's pdfinfo/pdffonts, when installed)."""
    if not shutil.which("pdfinfo"):
        return ""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
    pages = re.search(r"Pages:\s+(\d+)", info)
    part = re.search(r"pdfaid:part[>=\"']+(\d)", meta)
    conf = re.search(r"pdfaid:conformance[>=\"']+(\w)", meta)
    embedded = [f"{ln.split()[0]} emb={ln.split()[-5]}" for ln in fonts if ln.strip()]
    return (f"{path.name}: {pages.group(1) if pages else '?'} page(s), {path.stat().st_size // 1024} KB, "
            f"PDF/A-{part.group(1) + conf.group(1).lower() if part and conf else '?'}, fonts: {'; '.join(embedded)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workbook", type=Path, default=EXAMPLES / "nav-elvedal.xlsx")
    ap.add_argument("--overlay", type=Path, default=EXAMPLES / "fylke.yaml")
    ap.add_argument("--month", default="2026-10")
    ap.add_argument("--runs", type=int, default=12, help="timed renders per cell (after two warm-up renders)")
    ap.add_argument("--out", type=Path, help="keep the PDFs (and the variants' HTML, the Typst source) here")
    ap.add_argument("--profile", action="store_true", help="also profile the shipped målekort with cProfile")
    ap.add_argument("--skip-weasyprint", action="store_true")
    args = ap.parse_args()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)

    docs, ctx = office_documents(args.workbook, args.overlay, args.month)
    others = [office_documents(wb, args.overlay, args.month)[1]
              for wb in sorted(args.workbook.parent.glob("*.xlsx")) if wb != args.workbook]
    cells: Cells = {} if args.skip_weasyprint else weasyprint_cells(docs, args.out)
    cells.update(typst_cells([ctx, *others], args.out))
    rows = measure(cells, args.runs)

    cols = [*DOCS, COMBINED]
    print(f"\nWarm seconds per document, median of {args.runs} ({args.workbook.name}, {args.month}; target ≤ 0.10 s)\n")
    print("| variant | " + " | ".join(cols) + " |")
    print("|---|" + "---:|" * len(cols))
    for variant, row in rows.items():
        print(f"| {variant} | " + " | ".join(f"{row[c]:.3f}" if c in row else "" for c in cols) + " |")
    typst_packaging()
    if args.out:
        print()
        for pdf in sorted(args.out.glob("*målekort.pdf")):
            print(pdf_facts(pdf))
    if args.profile and not args.skip_weasyprint:
        profile_malekort(docs["målekort"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
