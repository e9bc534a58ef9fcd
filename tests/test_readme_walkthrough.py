"""The README's month-end walk-through, line by line, from a copy of the checkout's examples."""

from __future__ import annotations

import re
import shlex
import shutil

from conftest import ROOT


def _commands() -> list[list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- walkthrough:[^>]*-->\s*```sh\n(.*?)```", readme, re.S)
    assert block, "the README has no walk-through block"
    return [shlex.split(line) for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_month_end_runs_and_the_second_import_changes_nothing(cli, tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples", tmp_path / "examples", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(tmp_path)
    commands = _commands()
    assert commands[0][:2] == ["cp", "-r"] and commands[-1][:2] == ["navkort", "import"]
    for i, words in enumerate(commands):
        if words[0] == "cp":
            shutil.copytree(words[2], words[3])
            continue
        assert words[0] == "navkort"
        if i == len(commands) - 1:  # the last import: no workbook may change
            before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (tmp_path / "mitt-fylke").glob("*.xlsx")}
        r = cli(*words[1:])
        assert r.code == 0, (words, r)
    assert "Ingen endringer" in r.out
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (tmp_path / "mitt-fylke").glob("*.xlsx")} == before
    malekort = (tmp_path / "mitt-fylke" / "rapporter" / "nav-sjoby-2026-11" / "nav-sjoby-2026-11-malekort.html")
    html = malekort.read_text(encoding="utf-8")
    assert "november 2026" in html and "s-green" in html  # November's statuses, from the imported figures
