"""Use cases: score and report one office or many, and write the documents (see reports.py for one
office, batch.py for many, pool.py for the guarded worker processes)."""

from __future__ import annotations

from ..errors import Interrupted
from .batch import Batch, Job, OfficeOutcome, WriteTask, batch_summary, plan_folders, run_batch, score_many
from .pool import Lost, Pool
from .reports import (
    Renderer,
    ReportFiles,
    default_out_dir,
    score_office,
    write_malekort_xlsx,
    write_overview,
    write_reports,
)

__all__ = [
    "Batch", "Interrupted", "Job", "Lost", "OfficeOutcome", "Pool", "Renderer", "ReportFiles", "WriteTask",
    "batch_summary", "default_out_dir", "plan_folders", "run_batch", "score_many", "score_office",
    "write_malekort_xlsx", "write_overview", "write_reports",
]
