"""Use cases: score and report one office or many, and write the documents.

Many offices run in a process pool. Everything a worker needs travels in a `Job`; each worker
process builds its own `Worker` (Jinja environments, the PDF writer) in the pool's initializer, so
nothing is shared between runs and the parent process keeps no state. Results come back in input
order, so they are the same whatever the number of jobs. One broken workbook is reported and the
rest go on; a bug is reported as a bug (`internal`), never as the user's error.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import NavkortError, Problem
from .io.files import collect_workbooks, slug, write_atomic
from .io.office import read_office
from .model import Catalogue, Office, Recipient, Scorecard
from .rules.scoring import score


@dataclass
class ReportFiles:
    """What `write_reports` wrote, for the CLI to print."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)


def default_out_dir(workbook: Path, office: Office, card: Scorecard) -> Path:
    return workbook.parent / f"{slug(office.name)}-{card.month.key}"


class Renderer:
    """Jinja environments per language and the PDF writer, built once per process and reused."""

    def __init__(self, templates: Path | None = None, pdf: bool = False) -> None:
        self.templates = templates
        self._envs: dict[str, Any] = {}
        self.pdf: Any = None
        if pdf:
            from .render.html import PdfWriter

            self.pdf = PdfWriter(templates)

    def env(self, lang: str) -> Any:
        if lang not in self._envs:
            from .render.html import environment

            self._envs[lang] = environment(self.templates, lang)
        return self._envs[lang]

    def warm(self, lang: str) -> None:
        """Compile the templates before forking, so every worker starts warm."""
        for name in ("malekort.html.j2", "statusbrev.html.j2", "tiltaksplan.html.j2"):
            self.env(lang).get_template(name)


def write_reports(catalogue: Catalogue, office: Office, month: Any, to: Recipient, out_dir: Path, *,
                  made: date, lang: str = "nb", renderer: Renderer | None = None,
                  card: Scorecard | None = None) -> ReportFiles:
    """Score the office (unless `card` is given) and write the målekort, the letter(s) and the action
    plan into `out_dir`, in `lang`; PDF too when the renderer has a PDF writer."""
    from .render.html import render
    from .render.letter import letter_contexts
    from .render.malekort import malekort_context
    from .render.plan import plan_context
    from .render.xlsx import plan_xlsx

    renderer = renderer or Renderer()
    card = card or score(catalogue, office, month)
    previous = score(catalogue, office, card.month.month - 1) if card.month.month > 1 else None
    env = renderer.env(lang)
    prefix = f"{slug(office.name)}-{card.month.key}"
    result = ReportFiles(out_dir)

    def emit(name: str, html: str) -> None:
        write_atomic(out_dir / f"{name}.html", html)
        result.files.append(out_dir / f"{name}.html")
        if renderer.pdf is not None:
            data, pages = renderer.pdf.pdf(html, renderer.templates)
            write_atomic(out_dir / f"{name}.pdf", data)
            result.files.append(out_dir / f"{name}.pdf")
            result.pages[f"{name}.pdf"] = pages

    emit(f"{prefix}-malekort", render(env, "malekort.html.j2", malekort_context(card, office, made, lang)))
    for suffix, ctx in letter_contexts(card, previous, office, to, made, lang):
        emit(f"{prefix}-statusbrev-{suffix}", render(env, "statusbrev.html.j2", ctx))
    pctx = plan_context(card, office, made, lang)
    write_atomic(out_dir / f"{prefix}-tiltaksplan.xlsx", plan_xlsx(pctx))
    result.files.append(out_dir / f"{prefix}-tiltaksplan.xlsx")
    emit(f"{prefix}-tiltaksplan", render(env, "tiltaksplan.html.j2", pctx))
    return result


def write_overview(out_dir: Path, cards: list[Scorecard], catalogue: Catalogue, failed: list[tuple[str, str]],
                   made: date, templates: Path | None = None) -> list[Path]:
    """fylkesoversikt.xlsx and .html in `out_dir`."""
    from .render.html import environment, render
    from .render.overview import overview_context
    from .render.xlsx import overview_xlsx

    ctx = overview_context(cards, catalogue, failed, made)
    write_atomic(out_dir / "fylkesoversikt.xlsx", overview_xlsx(ctx))
    write_atomic(out_dir / "fylkesoversikt.html", render(environment(templates), "fylkesoversikt.html.j2", ctx))
    return [out_dir / "fylkesoversikt.xlsx", out_dir / "fylkesoversikt.html"]


def write_malekort_xlsx(card: Scorecard, out: Path) -> None:
    """The coloured målekort workbook of `navkort score --out`."""
    from .render.xlsx import malekort_xlsx

    write_atomic(out, malekort_xlsx(card))


def score_office(path: Path | str, catalogue: Catalogue, month: Any = None) -> tuple[Office, Scorecard]:
    """Read and score one workbook."""
    office = read_office(path, catalogue)
    return office, score(catalogue, office, month)


# ---------------------------------------------------------------------------------------------
# Many offices


@dataclass
class OfficeOutcome:
    """What happened to one workbook: its scorecard and files, or why it failed. `internal` marks a
    bug in navkort (exit code 3), as opposed to a problem with the workbook."""

    file: str
    ok: bool
    card: Scorecard | None = None
    files: list[str] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    internal: bool = False


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to process one office of this run."""

    catalogue: Catalogue
    month: Any
    report_to: Recipient | None = None
    out_dir: Path | None = None
    per_office_folders: bool = True
    made: date | None = None
    lang: str = "nb"
    pdf: bool = False
    templates: Path | None = None


class Worker:
    """Processes offices of one job; one per process, made by the pool initializer."""

    def __init__(self, job: Job) -> None:
        import python_calamine  # noqa: F401 - imported once, before forking

        self.job = job
        self.renderer: Renderer | None = None
        if job.report_to:
            import xlsxwriter  # noqa: F401

            self.renderer = Renderer(job.templates, pdf=job.pdf)
            self.renderer.warm(job.lang)

    def __call__(self, path_str: str) -> OfficeOutcome:
        try:
            return self._process(Path(path_str))
        except NavkortError as exc:
            return OfficeOutcome(file=path_str, ok=False, problems=exc.problems)
        except Exception as exc:
            return OfficeOutcome(file=path_str, ok=False, internal=True, problems=[Problem(
                "internal-error", f"Uventet feil: {type(exc).__name__}: {exc}", file=path_str,
                hint="Dette er en feil i navkort, ikke i arbeidsboken. Kjør med --debug på denne arbeidsboken "
                     "alene for detaljer.")])

    def _process(self, path: Path) -> OfficeOutcome:
        job = self.job
        office, card = score_office(path, job.catalogue, job.month)
        outcome = OfficeOutcome(file=str(path), ok=True, card=card, warnings=list(office.warnings))
        if job.report_to and self.renderer is not None:
            if job.out_dir is None:
                folder = default_out_dir(path, office, card)
            elif job.per_office_folders:
                folder = job.out_dir / f"{slug(office.name)}-{card.month.key}"
            else:
                folder = job.out_dir
            res = write_reports(job.catalogue, office, job.month, job.report_to, folder,
                                made=job.made or date.today(), lang=job.lang, renderer=self.renderer, card=card)
            outcome.files = [str(f) for f in res.files]
            outcome.pages = res.pages
        return outcome


_pool_worker: Worker | None = None  # set only inside pool processes, by _init_pool_worker


def _init_pool_worker(job: Job) -> None:
    global _pool_worker
    _pool_worker = Worker(job)


def _pool_process(path_str: str) -> OfficeOutcome:
    assert _pool_worker is not None, "pool initializer did not run"
    return _pool_worker(path_str)


def run_batch(paths: list[Path], job: Job, jobs: int | None = None,
              on_done: Callable[[OfficeOutcome], None] | None = None) -> list[OfficeOutcome]:
    """Process every workbook, in parallel with `jobs` workers; results in the order of `paths`."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths) or 1))
    names = [str(p) for p in paths]
    pool = None
    it: Iterator[OfficeOutcome]
    if jobs == 1:
        it = map(Worker(job), names)
    else:
        import multiprocessing

        ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        pool = ctx.Pool(jobs, initializer=_init_pool_worker, initargs=(job,))
        it = pool.imap(_pool_process, names, chunksize=max(1, min(8, len(paths) // (jobs * 4) or 1)))
    results: list[OfficeOutcome] = []
    try:
        for res in it:
            results.append(res)
            if on_done is not None:
                on_done(res)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return results


@dataclass
class Batch:
    """The outcome of `score_many`: scorecards of the offices that worked, and what failed and why."""

    cards: list[Scorecard]
    failed: list[tuple[str, list[Problem]]]
    skipped: list[str]


def score_many(paths: Iterable[Path | str], catalogue: Catalogue, month: Any = None,
               jobs: int | None = None) -> Batch:
    """Score many office workbooks (files, folders or globs) in parallel; broken ones are reported, not raised."""
    workbooks, skipped = collect_workbooks(paths)
    results = run_batch(workbooks, Job(catalogue=catalogue, month=month), jobs)
    return Batch(cards=[o.card for o in results if o.ok and o.card is not None],
                 failed=[(o.file, o.problems) for o in results if not o.ok], skipped=[str(s) for s in skipped])


def batch_summary(outcomes: list[OfficeOutcome]) -> dict[str, int]:
    """Counts over the whole run: offices, done, failed and every status."""
    done = [o for o in outcomes if o.ok and o.card is not None]
    totals = dict.fromkeys(("green", "yellow", "red", "missing", "not_due", "info", "late"), 0)
    for o in done:
        assert o.card is not None
        summary = o.card.summary
        for k in totals:
            totals[k] += summary.get(k, 0)
    return {"offices": len(outcomes), "done": len(done), "failed": len(outcomes) - len(done), **totals}
