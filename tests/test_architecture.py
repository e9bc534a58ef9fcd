"""The shape of the code (issue: layered package): small modules, short functions, one-way imports."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# Functions allowed to be longer, and why (docs/arkitektur.md repeats this list).
LONG_FUNCTIONS: dict[str, str] = {
    # typer commands: most of their lines are the declarations of their options and help texts
    "navkort/cli/month_end.py:report": "option declarations",
    "navkort/cli/month_end.py:score": "option declarations",
    "navkort/cli/main.py:validate": "option declarations",
    "navkort/cli/main.py:new": "option declarations",
}


def _modules() -> list:
    return sorted(p for p in (ROOT / "navkort").rglob("*.py") if "__pycache__" not in p.parts)


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_is_over_60_lines():
    long = {}
    for p in _modules():
        rel = str(p.relative_to(ROOT))
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                start = min([node.lineno] + [d.lineno for d in node.decorator_list])
                n = node.end_lineno - start + 1
                if n > MAX_FUNCTION_LINES and f"{rel}:{node.name}" not in LONG_FUNCTIONS:
                    long[f"{rel}:{node.name}"] = n
    assert long == {}


LINT_IMPORTS = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")


@pytest.mark.skipif(LINT_IMPORTS is None, reason="import-linter not installed")
def test_imports_go_one_way():
    res = subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
