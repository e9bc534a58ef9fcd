"""A small disk cache of validated catalogues and local goals, keyed on everything that can change
the result: the files' names and bytes *and navkort's own source code*, so a new or changed rule is
never skipped because an older navkort validated the same file.

Set NAVKORT_NO_CACHE=1 to turn it off, NAVKORT_CACHE_DIR to move it (the tests do).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import NavkortError

PACKAGE_DIR = Path(__file__).resolve().parent.parent
T = TypeVar("T")


class Key:
    """A cache key from CRC-32 and Adler-32 over the same bytes plus their length (zlib is loaded
    anyway; hashlib's OpenSSL costs 3 ms at every start). Not a security boundary: a collision could
    only make navkort reuse a catalogue it validated before."""

    def __init__(self, text: str = "") -> None:
        self.crc, self.adler, self.size = 0, 1, 0
        self.update(text.encode())

    def update(self, data: bytes) -> Key:
        self.crc = zlib.crc32(data, self.crc)
        self.adler = zlib.adler32(data, self.adler)
        self.size += len(data)
        return self

    def hexdigest(self) -> str:
        return f"{self.crc:08x}{self.adler:08x}{self.size:x}"


def code_fingerprint(package_dir: Path = PACKAGE_DIR) -> str:
    """A hash of every Python file and compiled message catalogue of the package (about 0.5 ms): any
    change to the code or its words gives a new key."""
    key = Key()
    for path in sorted([*package_dir.rglob("*.py"), *package_dir.rglob("*.mo")]):
        try:
            key.update(str(path.relative_to(package_dir)).encode() + b"\0" + path.read_bytes())
        except OSError:
            continue
    return key.hexdigest()


@functools.lru_cache(maxsize=1)
def _fingerprint() -> str:
    return code_fingerprint()


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    if os.environ.get("NAVKORT_NO_CACHE"):
        return None
    base = os.environ.get("NAVKORT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "navkort")
    return Path(base)


def cache_file(kind: str, parts: list[bytes]) -> Path | None:
    """Where the entry for `parts` (file names, bytes, definitions) would be, or None (no cache)."""
    folder = cache_dir()
    if folder is None:
        return None
    key = Key(_fingerprint())
    for part in parts:
        key.update(b"\0" + part)
    return folder / f"{kind}-{key.hexdigest()}.json"


def cached(path: Path | None, load: Callable[[dict[str, Any]], T]) -> T | None:
    """The cached value at `path`, or None when absent or unreadable (then it is simply rebuilt)."""
    if path is None:
        return None
    try:
        return load(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(path: Path | None, data: dict[str, Any]) -> None:
    """Remember `data` at `path`; a cache that cannot be written is no error."""
    if path is None:
        return
    from .files import write_atomic

    with contextlib.suppress(OSError, NavkortError):
        write_atomic(path, json.dumps(data, ensure_ascii=False))
