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
from typing import TYPE_CHECKING, Any

from ..errors import Interrupted, NavkortError, Problem, shown
from ..io.files import Inputs, collect_workbooks, slug
from ..model import Catalogue, Month, Office, Recipient, Scorecard
from .pool import Lost, Pool
from .reports import OVERVIEW_FILES, Renderer, refuse_overview, score_office, write_reports

if TYPE_CHECKING:
    from ..render.overview import Columns, OfficeRow


@dataclass
class OfficeOutcome:
    """What happened to one workbook: its scorecard and files, or why it failed. `internal` marks a
    bug in navkort (exit code 3), as opposed to a problem with the workbook.

    A worker sends back only what the parent asked for in the `Job`: the office's name, number, month
    and status counts always; the whole scorecard (`card`) only with `keep_cards`; the county
    overview's row and the office's JSON text when the run makes them. Unpacking scorecards cost the
    parent more than its whole share of a county run. For the writing step the worker keeps office
    and scorecard itself, and the parent gives that office's writing to the same worker (`worker`)."""

    file: str
    ok: bool
    card: Scorecard | None = None
    files: list[str] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    internal: bool = False
    name: str = ""  # the office's name and kontornummer as in «Kontor»
    number: str = ""
    month: Month | None = None  # the month it was scored for
    summary: dict[str, int] = field(default_factory=dict)  # Scorecard.summary
    row: OfficeRow | None = None  # with Job.overview_dir
    json: str | None = None  # the office's JSON object (scorecard and warnings), with Job.json
    worker: int | None = None  # the pid of the worker that read it and keeps it for the writing step
    digest: bytes = b""  # of the workbook as read: another worker reading it again must find it unchanged


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
    keep_cards: bool = True  # send each scorecard back (the library's score_many); the CLI asks only for
    overview_dir: Path | None = None  # write the county overview here (each office's row is made by its worker)
    json: bool = False  # each office's JSON text


@dataclass(frozen=True)
class OverviewTask:
    """One file of the county overview, from the offices' rows: the two files are written at once, by
    two workers, last in the run (the parent used to write them one after the other)."""

    file: str
    rows: tuple[OfficeRow, ...]
    months: tuple[Month, ...]
    failed: tuple[tuple[str, str], ...]


class Outcomes(list[OfficeOutcome]):
    """run_batch's outcomes in input order, and the county overview's files (or why it failed)."""

    def __init__(self, outcomes: Iterable[OfficeOutcome] = ()) -> None:
        super().__init__(outcomes)
        self.overview: list[str] = []
        self.overview_problems: list[Problem] = []


@dataclass(frozen=True)
class WriteTask:
    file: str
    folder: Path
    digest: bytes = b""  # OfficeOutcome.digest


class Worker:
    """Reads and scores a workbook (a path), or writes one office's documents (a WriteTask)."""

    def __init__(self, job: Job) -> None:
        import python_calamine  # noqa: F401 - imported once, before the first office

        self.job = job
        self.inputs = Inputs(job.inputs)  # resolved once per worker, not once per document
        self.renderer: Renderer | None = None
        self.columns: Columns | None = None  # the county overview's columns, made once
        self.kept: dict[str, tuple[Office, Scorecard]] = {}  # read here, to be written here
        if job.report_to:
            import xlsxwriter  # noqa: F401

            self.renderer = Renderer(job.templates, pdf=job.pdf, docx=job.docx)
            self.renderer.warm(job.lang)

    def __call__(self, task: str | WriteTask | OverviewTask) -> OfficeOutcome:
        file = task if isinstance(task, str) else task.file
        try:
            if isinstance(task, OverviewTask):
                return self._overview(task)
            return self._read(task) if isinstance(task, str) else self._write(task)
        except NavkortError as exc:
            return OfficeOutcome(file=file, ok=False, problems=exc.problems)
        except MemoryError:
            return OfficeOutcome(file=file, ok=False, problems=[Problem(
                "workbook-too-large", "Arbeidsboken trengte mer minne enn navkort tillater.", file=file)])
        except Exception as exc:
            hint = ("Dette er en feil i navkort, ikke i arbeidsbøkene. Send meldingen til den som drifter navkort."
                    if isinstance(task, OverviewTask) else "Dette er en feil i navkort, ikke i arbeidsboken. Kjør med "
                    "--debug på denne arbeidsboken alene for detaljer.")
            return OfficeOutcome(file=file, ok=False, internal=True, problems=[Problem(
                "internal-error", f"Uventet feil: {type(exc).__name__}: {exc}", file=file, hint=hint)])

    def _read(self, path: str) -> OfficeOutcome:
        job = self.job
        digest = _digest(path) if job.report_to else b""  # before reading: what was read is at most this
        office, card = score_office(path, job.catalogue, job.month, job.made, job.other_overlays)
        out = OfficeOutcome(file=path, ok=True, card=card if job.keep_cards else None, warnings=list(office.warnings),
                            name=office.name, number=office.number, month=card.month, summary=card.summary)
        if job.overview_dir is not None:
            from ..render.overview import office_row, overview_columns

            self.columns = self.columns or overview_columns(job.catalogue)
            out.row = office_row(card, self.columns)
        if job.json:
            import json

            from ..render.json import scorecard_json

            out.json = json.dumps({**scorecard_json(card, with_file=True),
                                   "warnings": [w.to_dict() for w in office.warnings]}, ensure_ascii=False)
        if job.report_to:
            self.kept[path] = office, card
            out.worker, out.digest = os.getpid(), digest
        return out

    def _write(self, task: WriteTask) -> OfficeOutcome:
        job = self.job
        assert job.report_to is not None and self.renderer is not None
        if task.file in self.kept:
            office, card = self.kept.pop(task.file)
        else:  # the worker that read it is gone (a workbook that crashed or hung it): read it again, unchanged
            if not task.digest or _digest(task.file) != task.digest:
                raise NavkortError(Problem("workbook-changed", "Arbeidsboken ble endret mens navkort kjørte, så "
                                           "dokumentene ble ikke laget.", file=task.file,
                                           hint="Kjør navkort report på nytt når ingen lagrer i arbeidsbøkene."))
            office, card = score_office(task.file, job.catalogue, job.month, job.made, job.other_overlays)
        res = write_reports(job.catalogue, office, job.month, job.report_to, task.folder,
                            made=job.made or date.today(), lang=job.lang, renderer=self.renderer, card=card,
                            inputs=self.inputs, spc_appendix=job.spc_appendix)
        return OfficeOutcome(file=task.file, ok=True, files=[str(f) for f in res.files], pages=res.pages)

    def _overview(self, task: OverviewTask) -> OfficeOutcome:
        from ..render.overview import overview_columns, overview_from_rows
        from .reports import write_overview_file

        job = self.job
        self.columns = self.columns or overview_columns(job.catalogue)
        ctx = overview_from_rows(list(task.rows), list(task.months), self.columns, job.catalogue, list(task.failed),
                                 job.made or date.today())
        return OfficeOutcome(file=task.file, ok=True, files=[str(write_overview_file(Path(task.file), ctx,
                                                                                     job.templates))])


def _digest(path: str) -> bytes:
    """The workbook's checksum; b"" when it cannot be read (reading it says why; it never matches)."""
    import hashlib

    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "blake2b").digest()
    except OSError:
        return b""


def _make_worker(job: Job) -> Worker:
    return Worker(job)


def _lost(file: str, lost: Lost) -> OfficeOutcome:
    if lost.why == "timeout":
        problem = Problem("office-timeout", f"Kontoret tok for lang tid ({lost.detail}) og ble stoppet.", file=file)
    else:
        problem = Problem("worker-crashed", f"Lesingen av arbeidsboken stoppet uventet ({lost.detail}).", file=file)
    return OfficeOutcome(file=file, ok=False, problems=[problem])


def refuse_duplicates(outcomes: list[OfficeOutcome]) -> None:
    """Two workbooks for the same office (same name, or same kontornummer) both fail, each naming
    the other: which one is right is the user's call, not navkort's."""
    ok = [(o, o.name.casefold()) for o in outcomes if o.ok and o.month is not None]
    twins = [(o, other) for o, name in ok for other, other_name in ok
             if other is not o and (name == other_name or bool(o.number and o.number == other.number))]
    for o, other in twins:
        o.ok = False
        o.problems.append(Problem("duplicate-office", f"«{o.name}» står også i {shown(other.file)}; to "
                                  "arbeidsbøker for samme kontor ville gitt to målekort og skrevet over hverandre.",
                                  file=o.file))


def plan_folders(outcomes: list[OfficeOutcome], job: Job) -> dict[int, Path]:
    """Output folder per index of a readable office. Two workbooks of the same office both fail
    (naming each other); different offices whose names make the same folder get distinct, stable
    names (with the kontornummer, or a short code from the exact name) and a warning saying so."""
    refuse_duplicates(outcomes)
    ok = {i: o for i, o in enumerate(outcomes) if o.ok and o.month is not None}
    folders: dict[int, Path] = {}
    for i, o in ok.items():
        if o.ok:
            folders[i] = _folder(o, job, slug(o.name))
    by_folder: dict[Path, list[int]] = {}
    for i, folder in folders.items():
        by_folder.setdefault(folder, []).append(i)
    for folder, clash in by_folder.items():
        if len(clash) < 2:
            continue
        for i in clash:
            o = outcomes[i]
            code = o.number or f"{zlib.crc32(o.name.encode()):08x}"[:6]
            folders[i] = _folder(o, job, f"{slug(o.name)}-{slug(code)}")
            others = ", ".join(f"«{outcomes[j].name}»" for j in clash if j != i)
            outcomes[i].warnings.append(Problem(
                "output-renamed", f"Dokumentene til «{o.name}» ligger i {folders[i].name}, fordi {others} "
                f"ville fått samme mappenavn ({folder.name}).", file=outcomes[i].file, severity="warning"))
    return folders


def _folder(o: OfficeOutcome, job: Job, name: str) -> Path:
    assert o.month is not None
    if job.out_dir is None:
        return Path(o.file).parent / f"{name}-{o.month.key}"
    if job.per_office_folders:
        return job.out_dir / f"{name}-{o.month.key}"
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
              on_done: Callable[[OfficeOutcome], None] | None = None) -> Outcomes:
    """Process every workbook with `jobs` worker processes; results (and `on_done` calls) in the
    order of `paths`, and the county overview when `job.overview_dir` is set. Raises Interrupted (with
    how far it got) on Ctrl-C or SIGTERM."""
    names = [str(p) for p in paths]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(names) or 1))
    if job.report_to:  # a missing template folder, a broken template or no WeasyPrint: say so once, up front
        Renderer(job.templates, pdf=job.pdf, docx=job.docx).warm(job.lang)
    outcomes = Outcomes(OfficeOutcome(file=n, ok=False) for n in names)
    report = _InOrder(outcomes, on_done)
    try:
        with Pool(_make_worker, (job,), jobs) as pool:  # the same workers read, then write
            _read_and_write(pool, names, outcomes, job, report)
    except KeyboardInterrupt:
        raise Interrupted(report.next, len(names)) from None
    except Interrupted:
        raise Interrupted(report.next, len(names)) from None
    return outcomes


def _read_and_write(pool: Pool[Any, OfficeOutcome], names: list[str], outcomes: Outcomes, job: Job,
                    report: _InOrder) -> None:
    for index, res in pool.run(names):
        outcomes[index] = _lost(names[index], res) if isinstance(res, Lost) else res
    if job.report_to:
        _write_all(pool, outcomes, job, report)
    else:
        refuse_duplicates(outcomes)
        for index in range(len(outcomes)):
            report.done(index)
    # Last, from the offices that got through: one whose documents could not be written is listed as failed.
    overview = _overview_tasks(outcomes, job)
    _collect_overview(dict(pool.run(overview)), overview, outcomes)


def _overview_tasks(outcomes: Outcomes, job: Job) -> list[OverviewTask]:
    """The overview's two files (written at once by two workers), from the offices done."""
    done = [(o.row, o.month) for o in outcomes if o.ok and o.row is not None and o.month is not None]
    if job.overview_dir is None or not done:
        return []
    try:
        refuse_overview(job.overview_dir, job.inputs)
    except NavkortError as exc:
        outcomes.overview_problems.extend(exc.problems)
        return []
    failed = tuple((shown(o.file), o.problems[0].format() if o.problems else "") for o in outcomes if not o.ok)
    rows, months = tuple(r for r, _ in done), tuple(m for _, m in done)
    return [OverviewTask(str(job.overview_dir / name), rows, months, failed) for name in OVERVIEW_FILES]


def _collect_overview(got: dict[int, OfficeOutcome | Lost], tasks: list[OverviewTask], outcomes: Outcomes) -> None:
    """The overview's files in OVERVIEW_FILES order, or why they were not written."""
    for k, task in enumerate(tasks):
        res = got[k]
        if isinstance(res, Lost):
            what = "tok for lang tid" if res.why == "timeout" else "stoppet uventet"
            res = OfficeOutcome(file=task.file, ok=False, problems=[Problem(
                "overview-failed", f"Fylkesoversikten {what} ({res.detail}) og ble ikke skrevet.", file=task.file)])
        if res.ok:
            outcomes.overview.extend(res.files)
        else:
            outcomes.overview_problems.extend(res.problems)


def _write_all(pool: Pool[Any, OfficeOutcome], outcomes: Outcomes, job: Job, report: _InOrder) -> None:
    folders = plan_folders(outcomes, job)
    for i in range(len(outcomes)):
        if i not in folders:
            report.done(i)  # failed while reading, or the same office twice
    order = sorted(folders)
    tasks = [WriteTask(outcomes[i].file, folders[i], outcomes[i].digest) for i in order]
    affinity = [outcomes[i].worker for i in order]  # written by the worker that read it (and kept it)
    for k, res in pool.run(tasks, affinity):
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
    done = [o for o in outcomes if o.ok and o.month is not None]
    totals = dict.fromkeys(("green", "yellow", "red", "missing", "not_due", "not_ready", "info", "late"), 0)
    for o in done:
        for k in totals:
            totals[k] += o.summary.get(k, 0)
    return {"offices": len(outcomes), "done": len(done), "failed": len(outcomes) - len(done), **totals}
