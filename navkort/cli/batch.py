"""Month end for many offices from the command line: progress, per-office lines, summary, overview."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..app.batch import Job, OfficeOutcome, Outcomes, batch_summary, run_batch
from ..errors import shown
from ..io.files import Skipped
from ..model import Catalogue
from . import exits
from .output import RawJson, console, count, print_json, print_problems, problems_json

if TYPE_CHECKING:
    from rich.console import Console


def _line(o: OfficeOutcome) -> str:
    if o.ok and o.month:
        s = o.summary
        warn = f"; {count(len(o.warnings), 'advarsel', 'advarsler')}" if o.warnings else ""
        ready = f", ikke klar ennå {s['not_ready']}" if s.get("not_ready") else ""
        return (f"ok    {shown(o.file)}: {o.name} {o.month.key}: grønn {s['green']}, gul {s['yellow']}, "
                f"rød {s['red']}, mangler {s['missing']} (herav forsinket {s['late']}){ready}{warn}")
    first = o.problems[0].format() if o.problems else "ukjent feil"
    if o.problems and o.problems[0].file == shown(o.file):  # the file is named once, at the start of the line
        first = first[len(o.problems[0].file):].lstrip(" ›:")
    more = f" (+{len(o.problems) - 1} til)" if len(o.problems) > 1 else ""
    return f"FEIL  {shown(o.file)}: {first}{more}"


def _process(workbooks: list[Path], job: Job, jobs: int | None, quiet: bool, out: Console,
             err: Console) -> Outcomes:
    """Run the batch with a progress bar on a terminal (one line per office otherwise)."""
    progress: Any = None
    task = None
    if not quiet and sys.stderr.isatty() and len(workbooks) > 1:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        progress = Progress(TextColumn("[bold]Månedsslutt"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            TextColumn("{task.description}"), console=err, transient=True)
        progress.start()
        task = progress.add_task("", total=len(workbooks))

    def on_done(o: OfficeOutcome) -> None:
        if progress is not None:
            progress.update(task, advance=1, description=shown(Path(o.file).name))
            if not o.ok:
                progress.console.print(_line(o), markup=False, soft_wrap=True, style="red")
        else:
            out.print(_line(o), markup=False, soft_wrap=True, style=None if o.ok else "red")
            _warnings(o, out, quiet)

    try:
        outcomes = run_batch(workbooks, job, jobs, on_done)
    finally:
        if progress is not None:
            progress.stop()
    if progress is not None:  # the bar is gone: leave one line per office on the screen
        for o in outcomes:
            if o.ok:
                out.print(_line(o), markup=False, soft_wrap=True)
                _warnings(o, out, quiet)
    return outcomes


def _warnings(o: OfficeOutcome, out: Console, quiet: bool) -> None:
    """An office's warnings under its line (a figure that looks wrong must not pass unseen)."""
    if o.ok and o.warnings and not quiet:
        for w in o.warnings:
            out.print(f"      {w.format()}", style="yellow", markup=False, soft_wrap=True)


def run(workbooks: list[Path], skipped: list[Skipped], job: Job, *, jobs: int | None, quiet: bool, as_json: bool,
        catalogue: Catalogue) -> int:
    """Process all workbooks, print as we go, write the county overview (in `job.overview_dir`, for
    more than one office), return the exit code."""
    out = console(stderr=as_json)  # with --json, stdout is only the JSON
    # The workers send back what is printed and written here (never whole scorecards: see OfficeOutcome).
    job = replace(job, keep_cards=False, json=as_json,
                  overview_dir=job.overview_dir if len(workbooks) > 1 else None)
    for s in skipped:
        out.print(f"hopper over {shown(str(s.path))} ({s.reason})", markup=False, soft_wrap=True)
    outcomes = _process(workbooks, job, jobs, quiet, out, console(stderr=True))
    summary = batch_summary(outcomes)
    done = [o for o in outcomes if o.ok and o.month is not None]
    if as_json:
        print_json({"catalogue": list(catalogue.files),
                    "offices": RawJson([o.json or "null" for o in done]),
                    "failed": [{"file": shown(o.file), "problems": problems_json(o.problems)}
                               for o in outcomes if not o.ok],
                    "skipped": [shown(str(s.path)) for s in skipped], "summary": summary})
    if job.report_to:
        for o in outcomes:
            for k, v in o.pages.items():
                if k.endswith("-malekort.pdf") and v != 1:
                    out.print(f"Advarsel: målekortet {shown(k)} ble {v} sider, ikke én.", markup=False, soft_wrap=True)
        files = sum(len(o.files) for o in outcomes)
        if files and job.out_dir is not None:
            out.print(f"Dokumentene ({files} filer) er i {shown(str(job.out_dir))}", markup=False, soft_wrap=True)
    for f in outcomes.overview:
        out.print(f"Fylkesoversikt: {shown(f)}", markup=False, soft_wrap=True)
    out.print(f"Ferdig: {summary['done']} av {summary['offices']} kontor" +
              (f", {summary['failed']} feilet:" if summary["failed"] else "."), markup=False, soft_wrap=True)
    _failures([o for o in outcomes if not o.ok], out, as_json)
    code = exits.OK if summary["failed"] == 0 else exits.INVALID
    if any(p.code == "output-is-input" for o in outcomes for p in o.problems):
        code = exits.CANNOT_RUN
    if any(o.internal for o in outcomes):
        code = exits.BUG
    if outcomes.overview_problems:  # after everything else: the offices' outcome stands, and the worse code wins
        print_problems(outcomes.overview_problems, stderr=as_json)
        code = max(code, exits.for_problems(outcomes.overview_problems))
    return code


def _failures(failed: list[OfficeOutcome], out: Console, as_json: bool) -> None:
    """Every problem of the failed offices; one that many offices share (the same missing overlay)
    is said once, with the offices it applies to."""
    from collections import defaultdict

    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    single: list[OfficeOutcome] = []
    for o in failed:
        if len(o.problems) == 1 and o.problems[0].file == shown(o.file):
            p = o.problems[0]
            groups[(p.code, p.format()[len(p.file):].lstrip(" ›:"), p.hint)].append(shown(o.file))
        else:
            single.append(o)
    err = console(stderr=True) if as_json else out
    for (_code, text, hint), files in groups.items():
        if len(files) == 1:
            err.print(f"{files[0]} › {text}", style="red", markup=False, soft_wrap=True)
        else:
            err.print(f"{count(len(files), 'kontor', 'kontor')} ({', '.join(files)}): {text}", style="red",
                      markup=False, soft_wrap=True)
        if hint:
            err.print(f"    → {hint}", style="dim", markup=False, soft_wrap=True)
    for o in single:
        out.print(f"  {shown(o.file)}:", markup=False, soft_wrap=True)
        print_problems(o.problems, stderr=as_json)
