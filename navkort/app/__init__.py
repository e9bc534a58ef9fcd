"""Use cases: score and report one office or many, and write the documents (see reports.py for one
office, batch.py for many, pool.py for the guarded worker processes).

The names below are loaded when first used, so that scoring one office does not import the process
pool (multiprocessing) it does not need."""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "Batch": "batch", "Job": "batch", "OfficeOutcome": "batch", "WriteTask": "batch", "batch_summary": "batch",
    "plan_folders": "batch", "refuse_duplicates": "batch", "run_batch": "batch", "score_many": "batch",
    "Lost": "pool", "Pool": "pool",
    "ImportReport": "importing", "OfficeImport": "importing", "import_extracts": "importing",
    "Renderer": "reports", "ReportFiles": "reports", "score_office": "reports",
    "write_malekort_xlsx": "reports", "write_overview": "reports", "write_overview_file": "reports",
    "write_reports": "reports",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(name)
