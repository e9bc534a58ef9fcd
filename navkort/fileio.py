"""Atomic writes: a reader never sees half a file, and a failed write leaves the old file intact."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import NavkortError, Problem


def write_atomic(path: Path | str, data: bytes | str) -> None:
    """Write `data` to `path` via a temporary file in the same folder and an atomic rename."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise NavkortError(Problem("file-not-found", f"Kan ikke skrive i mappen «{path.parent}»: {exc.strerror}.",
                                   file=str(path)), exit_code=2) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def same_file(a: Path | str, b: Path | str) -> bool:
    """Whether two paths name the same file (resolving links and case where the OS does)."""
    try:
        return Path(a).resolve() == Path(b).resolve() or (Path(a).exists() and Path(b).exists()
                                                          and os.path.samefile(a, b))
    except OSError:
        return False
