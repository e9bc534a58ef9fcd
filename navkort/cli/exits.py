"""Exit codes: decided here and nowhere else (README «Avslutningskoder»).

0 all well · 1 invalid input (or some offices failed) · 2 could not run: usage, missing file, not
YAML, PDF without WeasyPrint · 3 a bug in navkort (run with --debug) · 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import Problem

OK, INVALID, CANNOT_RUN, BUG, INTERRUPTED = 0, 1, 2, 3, 130

# Problems that mean navkort could not run at all, rather than that an input is invalid.
CANNOT_RUN_CODES = frozenset({"file-not-found", "usage", "bad-month", "pdf-missing", "docx-missing", "output-is-input",
                              "file-exists", "yaml-syntax", "output-is-directory", "template-error",
                              "from-other-office"})


def for_problems(problems: Iterable[Problem]) -> int:
    """The exit code of a command that stopped on these problems."""
    codes = {p.code for p in problems}
    if "internal-error" in codes:
        return BUG
    return CANNOT_RUN if codes & CANNOT_RUN_CODES else INVALID
