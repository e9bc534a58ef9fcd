"""One office: read and score it, and write its documents (målekort, letters, action plan), the
coloured målekort workbook, and the county overview."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..io.files import (
    Inputs,
    refuse_input,
    remove_stale_documents,
    remove_stale_temporaries,
    slug,
    write_all_atomic,
    write_atomic,
)
from ..io.office import read_office
from ..model import Catalogue, Office, Recipient, Scorecard
from ..rules.scoring import score

if TYPE_CHECKING:
    from ..render.overview import OverviewContext


@dataclass
class ReportFiles:
    """What `write_reports` wrote, for the CLI to print."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)


class Renderer:
    """Jinja environments per language and the PDF writer, built once per process and reused."""

    def __init__(self, templates: Path | None = None, pdf: bool = False, docx: bool = False) -> None:
        self.templates = templates
        self._envs: dict[str, Any] = {}
        self.pdf: Any = None
        self.docx: Any = None
        if pdf:
            from ..render.html import PdfWriter

            self.pdf = PdfWriter(templates)
        if docx:
            from ..render.docx import DocxWriter

            self.docx = DocxWriter(templates)

    def env(self, lang: str) -> Any:
        if lang not in self._envs:
            from ..render.html import environment

            self._envs[lang] = environment(self.templates, lang)
        return self._envs[lang]

    def warm(self, lang: str | None) -> None:
        """Compile the templates now: a missing or broken template is found before any office is read.
        `lang` None (each municipality's målform) compiles both languages."""
        for one in ([lang] if lang else ["nb", "nn"]):
            for name in ("malekort.html.j2", "statusbrev.html.j2", "tiltaksplan.html.j2", "spc_vedlegg.html.j2"):
                self.env(one).get_template(name)
        if self.docx is not None:
            self.docx.warm()


def write_reports(catalogue: Catalogue, office: Office, month: Any, to: Recipient, out_dir: Path, *,
                  made: date, lang: str | None = "nb", renderer: Renderer | None = None,
                  card: Scorecard | None = None, inputs: Inputs | Sequence[Path] = (),
                  spc_appendix: bool = False) -> ReportFiles:
    """Score the office (unless `card` is given) and write the målekort, the letter(s) and the action
    plan into `out_dir`, in `lang`; with `lang` None the letter to each municipality is in its målform
    («Kontor») and the rest in bokmål. PDF too when the renderer has a PDF writer, and the letters and
    the plan as Word documents when it has a DOCX writer."""
    from ..render.html import render
    from ..render.letter import letter_contexts
    from ..render.malekort import malekort_context
    from ..render.plan import plan_context
    from ..render.xlsx import plan_xlsx

    renderer = renderer or Renderer()
    letter_lang = lang  # None: each municipality's letter in its own målform
    langs = [lang] if lang else document_langs(office)  # målekort and plan: one language, or both (-nn)
    card = card or score(catalogue, office, month, today=made)
    previous = card.previous_month()  # from the same pass: scoring the month before again cost a third of a report
    prefix = f"{slug(office.name)}-{card.month.key}"
    guard = inputs if isinstance(inputs, Inputs) else Inputs(inputs)
    result = ReportFiles(out_dir)
    docs: dict[str, bytes | str] = {}  # every document is made before any is written

    def emit(name: str, html: str) -> None:
        docs[f"{name}.html"] = html
        if renderer.pdf is not None:
            data, pages = renderer.pdf.pdf(html, renderer.templates)
            docs[f"{name}.pdf"] = data
            result.pages[f"{name}.pdf"] = pages

    for one in langs:
        env, tail = renderer.env(one), "" if one == langs[0] else f"-{one}"
        emit(f"{prefix}-malekort{tail}", render(env, "malekort.html.j2", malekort_context(card, office, made, one)))
        if spc_appendix:
            from ..render.chart import appendix_context

            emit(f"{prefix}-spc-vedlegg{tail}", render(env, "spc_vedlegg.html.j2", appendix_context(card, one)))
        pctx = plan_context(card, office, made, one)
        docs[f"{prefix}-tiltaksplan{tail}.xlsx"] = plan_xlsx(pctx)
        emit(f"{prefix}-tiltaksplan{tail}", render(env, "tiltaksplan.html.j2", pctx))
        if renderer.docx is not None:
            docs[f"{prefix}-tiltaksplan{tail}.docx"] = renderer.docx.render("tiltaksplan.docx", pctx)
    for suffix, ctx in letter_contexts(card, previous, office, to, made, letter_lang):
        emit(f"{prefix}-statusbrev-{suffix}", render(renderer.env(ctx.lang), "statusbrev.html.j2", ctx))
        if renderer.docx is not None:
            docs[f"{prefix}-statusbrev-{suffix}.docx"] = renderer.docx.render("statusbrev.docx", ctx)
    for name in docs:
        refuse_input(out_dir / name, guard)
    remove_stale_temporaries(out_dir, prefix)  # left by a run that was killed (SIGKILL) mid-write
    write_all_atomic([(out_dir / name, data) for name, data in docs.items()])  # one flush to disk, not one per file
    result.files.extend(out_dir / name for name in docs)
    remove_stale_documents(out_dir, prefix, set(docs))
    return result


def document_langs(office: Office) -> list[str]:
    """The målekort's and the plan's languages when no --lang is given: nynorsk when every municipality
    is nynorsk, bokmål when none is, both (bokmål first, the nynorsk copy named …-nn) when mixed."""
    own = {m.lang for m in office.municipalities}
    if own == {"nn"}:
        return ["nn"]
    return ["nb", "nn"] if "nn" in own else ["nb"]


OVERVIEW_FILES = ("fylkesoversikt.xlsx", "fylkesoversikt.html")


def refuse_overview(out_dir: Path, inputs: Sequence[Path] | Inputs) -> None:
    """Neither overview file is written when one of them would overwrite an input."""
    for name in OVERVIEW_FILES:
        refuse_input(out_dir / name, inputs)


def write_overview(out_dir: Path, cards: list[Scorecard], catalogue: Catalogue, failed: list[tuple[str, str]],
                   made: date, templates: Path | None = None, inputs: Sequence[Path] = ()) -> list[Path]:
    """fylkesoversikt.xlsx and .html in `out_dir`."""
    from ..render.overview import overview_context

    refuse_overview(out_dir, inputs)
    ctx = overview_context(cards, catalogue, failed, made)
    return [write_overview_file(out_dir / name, ctx, templates) for name in OVERVIEW_FILES]


def write_overview_file(path: Path, ctx: OverviewContext, templates: Path | None = None) -> Path:
    """One of OVERVIEW_FILES, by its suffix (a county run writes the two at once, in two workers)."""
    if path.suffix == ".xlsx":
        from ..render.overview_xlsx import overview_xlsx

        write_atomic(path, overview_xlsx(ctx))
    else:
        from ..render.html import environment, render

        write_atomic(path, render(environment(templates), "fylkesoversikt.html.j2", ctx))
    return path


def write_malekort_xlsx(card: Scorecard, out: Path) -> None:
    """The coloured målekort workbook of `navkort score --out`."""
    from ..render.xlsx import malekort_xlsx

    write_atomic(out, malekort_xlsx(card))


def score_office(path: Path | str, catalogue: Catalogue, month: Any = None, today: date | None = None,
                 other_overlays: bool = False) -> tuple[Office, Scorecard]:
    """Read and score one workbook (`today` as in `score`, `other_overlays` as in `read_office`)."""
    office = read_office(path, catalogue, other_overlays)
    return office, score(catalogue, office, month, today=today)
