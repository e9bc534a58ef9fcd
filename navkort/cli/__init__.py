"""The `navkort` command line: parses arguments, calls the library, prints. Nothing else.

Exit codes are decided in exits.py alone; see README «Avslutningskoder».
"""

from __future__ import annotations

import contextlib
import importlib
import signal
import sys
from typing import Any

# Which module registers which command. A run imports only the module of the command it runs (typer
# builds every registered command before it runs one: ~3 ms each); help and unknown words get all.
COMMAND_MODULES = {"validate": "main", "indicators": "main", "new": "main", "score": "month_end",
                   "report": "month_end", "import": "import_cmd", "chart": "chart_cmd"}

__all__ = ["app", "register", "run"]


def register(command: str | None = None) -> None:
    """Register the command `command` (every command when None or not a command)."""
    names = {COMMAND_MODULES[command]} if command in COMMAND_MODULES else set(COMMAND_MODULES.values())
    for name in sorted(names):
        importlib.import_module(f".{name}", __name__)


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole command line, as tests and scripts use it
        register()
        from .base import app

        return app
    raise AttributeError(name)


def _command(argv: list[str]) -> str | None:
    """The command word of a command line: the first word that is not an option (`--debug score …`)."""
    return next((a for a in argv[1:] if not a.startswith("-")), None)


def run() -> None:
    """Console-script entry point."""
    from .base import app
    from .click_nb import install

    register(_command(sys.argv))
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
