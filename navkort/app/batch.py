"""Many offices at once: read and score every workbook in a guarded process pool (pool.py), decide
every office's output folder with all offices known (two workbooks for the same office are refused,
two offices whose names make the same folder name get distinct, stable ones), then write the
documents in the pool. Results come back in input order, whatever the number of jobs.

Everything a worker needs travels in a `Job`; each worker process builds its own `Worker` (Jinja
environments, the PDF writer) in the pool's initializer. One broken workbook is reported and the
rest go on; a bug is reported as a bug (`internal`), never as the user's error.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import Interrupted, NavkortError, Problem, shown
from ..io.files import Inputs, collect_workbooks, slug
from ..model import Catalogue, Office, Recipient, Scorecard
from .pool import Lost, Pool
from .reports import Renderer, score_office, write_reports


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
    office: Office | None = None  # kept between reading and writing; dropped before it is returned


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to process the offices of this run."""

    catalogue: Catalogue
    month: Any
    report_to: Recipient | None = None
    out_dir: Path | None = None
    per_office_folders: bool = True
    made: date | None = None  # the date of the run: the letters' date, and which months are over
    lang: str | None = "nb"  # None: letters to each municipality in its målform, the rest in bokmål
    pdf: bool = False
    docx: bool = False  # the letters and the action plan as Word documents too
    templates: Path | None = None
    inputs: tuple[Path, ...] = ()  # every input workbook: never written over
    other_overlays: bool = False  # overlays other than a workbook's own are a warning, not an error
    spc_appendix: bool = False  # an appendix with an XmR chart per indicator


@dataclass(frozen=True)
class WriteTask:
    office: Office
    card: Scorecard
    folder: Path


class Worker:
    """Reads and scores a workbook (a path), or writes one office's documents (a WriteTask)."""

    def __init__(self, job: Job) -> None:
        import python_calamine  # noqa: F401 - imported once, before the first office

        self.job = job
        self.inputs = Inputs(job.inputs)  # resolved once per worker, not once per document
        self.renderer: Renderer | None = None
        if job.report_to:
            import xlsxwriter  # noqa: F401

            self.renderer = Renderer(job.templates, pdf=job.pdf, docx=job.docx)
            self.renderer.warm(job.lang)

    def __call__(self, task: str | WriteTask) -> OfficeOutcome:
        file = task if isinstance(task, str) else task.card.file
        try:
            return self._read(task) if isinstance(task, str) else self._write(task)
        except NavkortError as exc:
            return OfficeOutcome(file=file, ok=False, problems=exc.problems)
        except MemoryError:
            return OfficeOutcome(file=file, ok=False, problems=[Problem(
                "workbook-too-large", "Arbeidsboken trengte mer minne enn navkort tillater.", file=file)])
        except Exception as exc:
            return OfficeOutcome(file=file, ok=False, internal=True, problems=[Problem(
                "internal-error", f"Uventet feil: {type(exc).__name__}: {exc}", file=file,
                hint="Dette er en feil i navkort, ikke i arbeidsboken. Kjør med --debug på denne arbeidsboken "
                     "alene for detaljer.")])

    def _read(self, path: str) -> OfficeOutcome:
        office, card = score_office(path, self.job.catalogue, self.job.month, self.job.made, self.job.other_overlays)
        if not self.job.report_to:  # only its name and number are needed (same office twice?): send less back
            office = office.replace(series={}, last_year={}, local_indicators=(), comments=(), actions=())
        return OfficeOutcome(file=path, ok=True, card=card, warnings=list(office.warnings), office=office)

    def _write(self, task: WriteTask) -> OfficeOutcome:
        job = self.job
        assert job.report_to is not None and self.renderer is not None
        res = write_reports(job.catalogue, task.office, job.month, job.report_to, task.folder,
                            made=job.made or date.today(), lang=job.lang, renderer=self.renderer, card=task.card,
                            inputs=self.inputs, spc_appendix=job.spc_appendix)
        return OfficeOutcome(file=task.card.file, ok=True, files=[str(f) for f in res.files], pages=res.pages)


def _make_worker(job: Job) -> Worker:
    return Worker(job)


def _lost(file: str, lost: Lost) -> OfficeOutcome:
    if lost.why == "timeout":
        problem = Problem("office-timeout", f"Kontoret tok for lang tid ({lost.detail}) og ble stoppet.", file=file)
    else:
        problem = Problem("worker-crashed", f"Lesingen av arbeidsboken stoppet uventet ({lost.detail}).", file=file)
    return OfficeOutcome(file=file, ok=False, problems=[problem])


def _same_office(a: Office, b: Office) -> bool:
    return (a.name.casefold() == b.name.casefold()) or bool(a.number and a.number == b.number)


def refuse_duplicates(outcomes: list[OfficeOutcome]) -> None:
    """Two workbooks for the same office (same name, or same kontornummer) both fail, each naming
    the other: which one is right is the user's call, not navkort's."""
    ok = [o for o in outcomes if o.ok and o.office is not None]
    twins = [(o, other) for o in ok for other in ok if other is not o and _same_office(o.office, other.office)]  # type: ignore[arg-type]
    for o, other in twins:
        o.ok = False
        o.problems.append(Problem("duplicate-office", f"«{o.office.name}» står også i {shown(other.file)}; to "  # type: ignore[union-attr]
                                  "arbeidsbøker for samme kontor ville gitt to målekort og skrevet over hverandre.",
                                  file=o.file))


def plan_folders(outcomes: list[OfficeOutcome], job: Job) -> dict[int, Path]:
    """Output folder per index of a readable office. Two workbooks of the same office both fail
    (naming each other); different offices whose names make the same folder get distinct, stable
    names (with the kontornummer, or a short code from the exact name) and a warning saying so."""
    refuse_duplicates(outcomes)
    ok = {i: o for i, o in enumerate(outcomes) if o.ok and o.office is not None and o.card is not None}
    folders: dict[int, Path] = {}
    for i, o in ok.items():
        if o.ok:
            folders[i] = _folder(o, job, slug(o.office.name))  # type: ignore[union-attr]
    by_folder: dict[Path, list[int]] = {}
    for i, folder in folders.items():
        by_folder.setdefault(folder, []).append(i)
    for folder, clash in by_folder.items():
        if len(clash) < 2:
            continue
        for i in clash:
            office = outcomes[i].office
            assert office is not None
            code = office.number or f"{zlib.crc32(office.name.encode()):08x}"[:6]
            folders[i] = _folder(outcomes[i], job, f"{slug(office.name)}-{slug(code)}")
            others = ", ".join(f"«{outcomes[j].office.name}»" for j in clash if j != i)  # type: ignore[union-attr]
            outcomes[i].warnings.append(Problem(
                "output-renamed", f"Dokumentene til «{office.name}» ligger i {folders[i].name}, fordi {others} "
                f"ville fått samme mappenavn ({folder.name}).", file=outcomes[i].file, severity="warning"))
    return folders


def _folder(o: OfficeOutcome, job: Job, name: str) -> Path:
    assert o.card is not None
    if job.out_dir is None:
        return Path(o.file).parent / f"{name}-{o.card.month.key}"
    if job.per_office_folders:
        return job.out_dir / f"{name}-{o.card.month.key}"
    return job.out_dir


class _InOrder:
    """Hands finished offices to `on_done` in input order, as soon as all earlier ones are done."""

    def __init__(self, outcomes: list[OfficeOutcome], on_done: Callable[[OfficeOutcome], None] | None) -> None:
        self.outcomes, self.on_done = outcomes, on_done
        self.ready: set[int] = set()
        self.next = 0

    def done(self, index: int) -> None:
        self.ready.add(index)
        while self.next in self.ready:
            if self.on_done is not None:
                self.on_done(self.outcomes[self.next])
            self.next += 1


def run_batch(paths: Sequence[Path], job: Job, jobs: int | None = None,
              on_done: Callable[[OfficeOutcome], None] | None = None) -> list[OfficeOutcome]:
    """Process every workbook with `jobs` worker processes; results (and `on_done` calls) in the
    order of `paths`. Raises Interrupted (with how far it got) on Ctrl-C or SIGTERM."""
    names = [str(p) for p in paths]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(names) or 1))
    if job.report_to:  # a missing template folder, a broken template or no WeasyPrint: say so once, up front
        Renderer(job.templates, pdf=job.pdf, docx=job.docx).warm(job.lang)
    outcomes: list[OfficeOutcome] = [OfficeOutcome(file=n, ok=False) for n in names]
    report = _InOrder(outcomes, on_done)
    try:
        with Pool(_make_worker, (job,), jobs) as pool:  # the same workers read, then write
            _read_and_write(pool, names, outcomes, job, report)
    except KeyboardInterrupt:
        raise Interrupted(report.next, len(names)) from None
    except Interrupted:
        raise Interrupted(report.next, len(names)) from None
    for o in outcomes:
        o.office = None
    return outcomes


def _read_and_write(pool: Pool[Any, OfficeOutcome], names: list[str], outcomes: list[OfficeOutcome], job: Job,
                    report: _InOrder) -> None:
    for index, res in pool.run(names):
        outcomes[index] = _lost(names[index], res) if isinstance(res, Lost) else res
    if job.report_to:
        _write_all(pool, outcomes, job, report)
    else:
        refuse_duplicates(outcomes)
        for index in range(len(outcomes)):
            report.done(index)


def _write_all(pool: Pool[Any, OfficeOutcome], outcomes: list[OfficeOutcome], job: Job, report: _InOrder) -> None:
    folders = plan_folders(outcomes, job)
    for i in range(len(outcomes)):
        if i not in folders:
            report.done(i)  # failed while reading, or the same office twice
    order = sorted(folders)
    tasks = [WriteTask(outcomes[i].office, outcomes[i].card, folders[i]) for i in order]  # type: ignore[arg-type]
    for k, res in pool.run(tasks):
        o = outcomes[order[k]]
        if isinstance(res, Lost):
            res = _lost(o.file, res)
        o.ok, o.internal = res.ok, res.internal
        o.files, o.pages, o.problems = res.files, res.pages, o.problems + res.problems
        report.done(order[k])


@dataclass
class Batch:
    """The outcome of `score_many`: scorecards of the offices that worked, and what failed and why."""

    cards: list[Scorecard]
    failed: list[tuple[str, list[Problem]]]
    skipped: list[str]


def score_many(paths: Iterable[Path | str], catalogue: Catalogue, month: Any = None,
               jobs: int | None = None, today: date | None = None) -> Batch:
    """Score many office workbooks (files, folders or globs) in parallel; broken ones are reported, not
    raised. `today` as in `score`."""
    workbooks, skipped = collect_workbooks(paths)
    results = run_batch(workbooks, Job(catalogue=catalogue, month=month, made=today), jobs)
    return Batch(cards=[o.card for o in results if o.ok and o.card is not None],
                 failed=[(o.file, o.problems) for o in results if not o.ok],
                 skipped=[str(s.path) for s in skipped])


def batch_summary(outcomes: list[OfficeOutcome]) -> dict[str, int]:
    """Counts over the whole run: offices, done, failed and every status."""
    done = [o for o in outcomes if o.ok and o.card is not None]
    totals = dict.fromkeys(("green", "yellow", "red", "missing", "not_due", "not_ready", "info", "late"), 0)
    for o in done:
        assert o.card is not None
        summary = o.card.summary
        for k in totals:
            totals[k] += summary.get(k, 0)
    return {"offices": len(outcomes), "done": len(done), "failed": len(outcomes) - len(done), **totals}
