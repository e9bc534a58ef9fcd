"""Messages a user reads are Norwegian all through: no English from the system, PyYAML or a library,
no raw exception text, no temporary file names, and a file named once per line."""

from __future__ import annotations

import errno
import re
import shutil

import pytest
from conftest import EXAMPLES

from navkort.errors import os_reason

FYLKE = EXAMPLES / "fylke.yaml"
ENGLISH = re.compile(r"\b(the|not allowed|no such|file exists|permission|denied|error|invalid|expected|found|"
                     r"could not|cannot|unexpected|directory|device|space left|did you mean)\b", re.IGNORECASE)


def _norwegian(text: str) -> None:
    hits = ENGLISH.findall(re.sub(r"\[[a-z-]+\]", "", text))  # the codes in brackets are identifiers
    assert not hits, (hits, text)
    assert ".tmp" not in text and "Traceback" not in text


@pytest.mark.parametrize("yaml_text", [
    "a: b: c\n", "a:\n\tb: 1\n", "a: [1, 2\n", "a: 'x\n", "a: @x\n", "a:\n  b: 1\n c: 2\n", "{a: 1\n",
    "thresholds:\n  - id: B.1\n    target: {direction: higher, green: 80,5, yellow: 70}\n", "a: *nope\n",
])
def test_yaml_mistakes_are_explained_in_norwegian(cli, tmp_path, yaml_text):
    f = tmp_path / "fylke.yaml"
    f.write_text(yaml_text)
    r = cli("validate", f)
    assert r.code in (1, 2), r  # not YAML at all: 2; YAML with a mistake in it: 1 (never 3, a bug)
    assert "fylke.yaml:" in r.out + r.err
    _norwegian(r.out + r.err)


def test_file_system_failures_are_explained_in_norwegian(cli, tmp_path):
    a_file = tmp_path / "fil"
    a_file.write_text("x")
    r = cli("report", EXAMPLES / "nav-sjoby.xlsx", FYLKE, "--to", "navleder", "--out", a_file / "under")
    assert r.code == 2 and "en del av stien er en fil" in r.err, r
    _norwegian(r.err)
    r = cli("report", EXAMPLES / "nav-sjoby.xlsx", FYLKE, "--to", "navleder", "--out", a_file)
    assert r.code == 2 and "«" + str(a_file) + "» er en fil som finnes fra før" in r.err, r
    _norwegian(r.err)
    r = cli("new", "--office", "NAV Test", "--year", "2026", "-o", a_file / "x.xlsx")
    assert r.code == 2, r
    _norwegian(r.err)


def test_a_broken_workbook_is_named_once_per_line(cli, tmp_path):
    folder = tmp_path / "fylke"
    folder.mkdir()
    shutil.copy(EXAMPLES / "nav-sjoby.xlsx", folder / "nav-sjoby.xlsx")
    data = (EXAMPLES / "nav-vindoy.xlsx").read_bytes()
    (folder / "nav-vindoy.xlsx").write_bytes(data[: len(data) // 2])  # cut off half way
    r = cli("score", folder, FYLKE, "--month", "2026-10", "--quiet")
    assert r.code == 1, r
    for line in (r.out + r.err).splitlines():
        assert line.count("nav-vindoy.xlsx") <= 1, line
    _norwegian(r.out + r.err)


@pytest.mark.parametrize("code", [errno.ENOENT, errno.EACCES, errno.ENOSPC, errno.EEXIST, errno.ENOTDIR,
                                  errno.EROFS, errno.EIO, errno.EXDEV])
def test_os_reasons_are_norwegian(code):
    text = os_reason(OSError(code, "English text from the system"))
    assert "English" not in text and text
    _norwegian(text)


def test_score_out_replaces_only_its_own_malekort(cli, tmp_path):
    out = tmp_path / "malekort.xlsx"
    assert cli("score", EXAMPLES / "nav-sjoby.xlsx", FYLKE, "--month", "2026-09", "--out", out).code == 0
    r = cli("score", EXAMPLES / "nav-sjoby.xlsx", FYLKE, "--month", "2026-10", "--out", out)
    assert r.code == 0 and "Målekortet er skrevet til" in r.out  # last month's målekort: replaced
    for other in (EXAMPLES / "nav-vindoy.xlsx", None):  # another office's workbook, or anyone's file
        target = tmp_path / "annen.xlsx"
        if other:
            shutil.copy(other, target)
        else:
            target.write_bytes(b"PK not ours")
        before = target.read_bytes()
        r = cli("score", EXAMPLES / "nav-sjoby.xlsx", FYLKE, "--out", target)
        assert r.code == 2 and "finnes fra før og er ikke et målekort navkort har laget" in r.err, r
        assert target.read_bytes() == before
        _norwegian(r.err)
