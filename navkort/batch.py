"""Many offices at once: collect workbooks, score (and report) them in parallel, keep going past
broken ones, and give results in input order so they are the same whatever the number of jobs.

Workers are forked after the heavy imports, so each starts warm; each returns plain data.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .catalogue import Catalogue
from .errors import NavkortError, Problem
from .scoring import Scorecard

OWN_OUTPUTS = ("-tiltaksplan.xlsx", "-malekort.xlsx", "fylkesoversikt.xlsx")


def collect_workbooks(inputs: Iterable[Path | str]) -> tuple[list[Path], list[Path]]:
    """(workbooks, skipped lock files) from files, folders (their *.xlsx) and glob patterns."""
    found: list[Path] = []
    skipped: list[Path] = []
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            candidates = sorted(p.glob("*.xlsx"))
            candidates = [c for c in candidates if not c.name.endswith(OWN_OUTPUTS)]
        elif not p.exists() and any(ch in str(raw) for ch in "*?["):
            candidates = [Path(g) for g in sorted(glob.glob(str(raw)))]
        else:
            candidates = [p]
        for c in candidates:
            if c.name.startswith("~$"):
                skipped.append(c)
            elif c not in found:
                found.append(c)
    return found, skipped


@dataclass
class OfficeOutcome:
    """What happened to one workbook: its scorecard (as data) and files, or why it failed."""

    file: str
    ok: bool
    card: dict[str, Any] | None = None
    files: list[str] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class Job:
    """Everything a worker needs; set before forking so workers inherit it instead of unpickling it."""

    catalogue: Catalogue
    month: int | str | None
    report_to: str | None = None
    out_dir: Path | None = None
    per_office_folders: bool = True
    made: date | None = None
    lang: str = "nb"
    pdf: bool = False
    templates: Path | None = None
    keep_cards: bool = False


_JOB: Job | None = None
_PDF: Any = None
_ENV: Any = None


def _warm(job: Job) -> None:
    """Import and build what every office needs, once, before forking."""
    global _PDF, _ENV
    import python_calamine  # noqa: F401

    if job.report_to:
        import xlsxwriter  # noqa: F401

        from .render import environment

        _ENV = environment(job.templates)
        _ENV.get_template("malekort.html.j2")
        _ENV.get_template("statusbrev.html.j2")
        _ENV.get_template("tiltaksplan.html.j2")
        if job.pdf:
            from .render import PdfWriter

            _PDF = PdfWriter(job.templates)


def _process(path_str: str) -> tuple[OfficeOutcome, Scorecard | None]:
    from .scoring import score
    from .workbook import read_office

    job = _JOB
    assert job is not None
    path = Path(path_str)
    try:
        office = read_office(path, job.catalogue)
        card = score(job.catalogue, office, job.month)
        outcome = OfficeOutcome(file=path_str, ok=True, card=card.to_dict(), warnings=office.warnings)
        if job.report_to:
            from .report import default_out_dir, slug, write_reports

            if job.out_dir is None:
                folder = default_out_dir(path, office, card)
            elif job.per_office_folders:
                folder = job.out_dir / f"{slug(office.name)}-{card.month.key}"
            else:
                folder = job.out_dir
            res = write_reports(job.catalogue, office, job.month, job.report_to, folder,  # type: ignore[arg-type]
                                made=job.made or date.today(), lang=job.lang, pdf=_PDF, templates=job.templates,
                                env=_ENV, card=card)
            outcome.files = [str(f) for f in res.files]
            outcome.pages = res.pages
        return outcome, (card if job.keep_cards else None)
    except NavkortError as exc:
        return OfficeOutcome(file=path_str, ok=False, problems=exc.problems), None
    except Exception as exc:  # noqa: BLE001 - one broken office must not stop the county
        return OfficeOutcome(file=path_str, ok=False, problems=[Problem(
            "usage", f"Uventet feil: {type(exc).__name__}: {exc}", file=path_str,
            hint="Kjør med --debug på denne arbeidsboken alene for detaljer.")]), None


def run_batch(paths: list[Path], job: Job, jobs: int | None = None,
              on_done: Callable[[OfficeOutcome], None] | None = None) -> list[tuple[OfficeOutcome, Scorecard | None]]:
    """Process every workbook, in parallel with `jobs` workers; results in the order of `paths`."""
    global _JOB
    _JOB = job
    _warm(job)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths) or 1))
    results: list[tuple[OfficeOutcome, Scorecard | None]] = []
    it: Iterator[tuple[OfficeOutcome, Scorecard | None]]
    pool = None
    if jobs == 1:
        it = map(_process, [str(p) for p in paths])
    else:
        import multiprocessing

        ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        pool = ctx.Pool(jobs)
        chunk = max(1, min(8, len(paths) // (jobs * 4) or 1))
        it = pool.imap(_process, [str(p) for p in paths], chunksize=chunk)
    try:
        for res in it:
            results.append(res)
            if on_done is not None:
                on_done(res[0])
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        _JOB = None
    return results


@dataclass
class Batch:
    """The outcome of `score_many`: scorecards of the offices that worked, and what failed and why."""

    cards: list[Scorecard]
    failed: list[tuple[str, list[Problem]]]
    skipped: list[str]


def score_many(paths: Iterable[Path | str], catalogue: Catalogue, month: int | str | None = None,
               jobs: int | None = None) -> Batch:
    """Score many office workbooks (files, folders or globs) in parallel; broken ones are reported, not raised."""
    workbooks, skipped = collect_workbooks(paths)
    results = run_batch(workbooks, Job(catalogue=catalogue, month=month, keep_cards=True), jobs)
    return Batch(cards=[card for outcome, card in results if outcome.ok and card is not None],
                 failed=[(o.file, o.problems) for o, _ in results if not o.ok], skipped=[str(s) for s in skipped])


def batch_summary(outcomes: list[OfficeOutcome]) -> dict[str, Any]:
    done = [o for o in outcomes if o.ok]
    totals = {k: 0 for k in ("green", "yellow", "red", "missing", "not_due", "info", "late")}
    for o in done:
        for k in totals:
            totals[k] += (o.card or {}).get("summary", {}).get(k, 0)
    return {"offices": len(outcomes), "done": len(done), "failed": len(outcomes) - len(done), **totals}
