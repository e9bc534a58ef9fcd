"""The `navkort` command line: parses arguments, calls the library, prints. Nothing else.

Exit codes are decided in exits.py alone; see README «Avslutningskoder».
"""

from __future__ import annotations

import contextlib
import signal
import sys
from typing import Any

from . import chart_cmd as _chart_cmd  # noqa: F401 - registers chart
from . import import_cmd as _import_cmd  # noqa: F401 - registers import
from . import main as _main  # noqa: F401 - registers validate, indicators, new
from . import month_end as _month_end  # noqa: F401 - registers score, report
from .base import app

__all__ = ["app", "run"]


def run() -> None:
    """Console-script entry point."""
    from .click_nb import install

    install()
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 must never stop the output
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    # Ctrl-C (even when started from a script that ignores SIGINT) and SIGTERM stop the work and clean up.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        app()
    except BrokenPipeError:  # `navkort ... | head`
        sys.stderr.close()


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
