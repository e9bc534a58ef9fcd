"""Shared fixtures: CLI runner, temporary files, the example county."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from navkort.cli import app
from navkort.cli.click_nb import install

install()  # the console script does this too: typer's own words in Norwegian

# The tests never touch the user's cache (~/.cache/navkort): one fresh folder for the whole run.
os.environ["NAVKORT_CACHE_DIR"] = tempfile.mkdtemp(prefix="navkort-test-cache-")
# The CLI's «today» (which months are over, the letters' date) is fixed, so the tests mean the same next year.
TODAY = "2026-11-23"
os.environ["NAVKORT_TODAY"] = TODAY

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "eksempelfylke"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class Run:
    def __init__(self, result):
        self.result = result
        self.code = result.exit_code
        self.out = result.stdout
        self.err = result.stderr

    def __repr__(self) -> str:
        return f"<exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}>"


@pytest.fixture
def cli(monkeypatch):
    """Run `navkort ARGS...` in-process; returns exit code, stdout and stderr separately."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str, input: str | None = None) -> Run:
        runner = CliRunner()
        return Run(runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False))

    return run


@pytest.fixture
def write(tmp_path):
    """Write dedented text to a file in tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return p

    return _write


@pytest.fixture
def county(tmp_path):
    """A copy of the example county (its six workbooks and fylke.yaml) that a test may change."""
    import shutil

    folder = tmp_path / "fylke"
    shutil.copytree(EXAMPLES, folder)
    return folder


@pytest.fixture
def two_office_county(tmp_path):
    """A small county folder as a user has it: two workbooks and fylke.yaml side by side."""
    import shutil

    folder = tmp_path / "fylke"
    folder.mkdir()
    for name in ("nav-sjoby.xlsx", "nav-fjellbygd.xlsx"):
        shutil.copy(EXAMPLES / name, folder / name)
    shutil.copy(EXAMPLES / "fylke.yaml", folder / "fylke.yaml")
    return folder


def tiny_png(rgb: bytes) -> bytes:
    """A 2×2 PNG of one colour (`rgb`, three bytes), made by hand: no imaging library needed."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + rgb * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
