"""Docs and start-up hygiene: every command documented, every error code listed, lean imports."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys

import pytest
from conftest import EXAMPLES, ROOT

from navkort.cli import app
from navkort.errors import CODES

COMMANDS = ["validate", "indicators", "new", "score", "report", "import", "chart"]


def test_every_command_is_registered_and_in_the_readme():
    names = sorted(c.name or c.callback.__name__ for c in app.registered_commands)
    assert names == sorted(COMMANDS)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"navkort {name}" in readme, name


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_norwegian_help(cli, name):
    r = cli(name, "--help")
    assert r.code == 0
    assert "Usage" in r.out or "Bruk" in r.out
    assert len(r.out) > 200


def test_every_error_code_is_documented():
    from navkort.text.reasons import REASON_TEXTS

    doc = (ROOT / "docs" / "feil.md").read_text(encoding="utf-8")
    missing = [code for code in [*CODES, *REASON_TEXTS] if f"`{code}`" not in doc]
    assert missing == [], "run python tools/make_error_docs.py"


def test_readme_first_screen_has_the_two_commands():
    first = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:20])
    assert "pip install" in first and "navkort report examples/eksempelfylke" in first
    assert 'pip install ".[test]"' in first and "pytest" in first


def test_scoring_imports_nothing_heavy():
    code = ("import sys; from navkort.cli import run; sys.argv=['navkort','score',%r,'--month','2026-10','--json'];\n"
            "try:\n run()\nexcept SystemExit: pass\n"
            "heavy=[m for m in ('weasyprint','jinja2','openpyxl','xlsxwriter','numpy','pydantic') if m in sys.modules]\n"
            "print('HEAVY', heavy, file=sys.stderr)") % str(EXAMPLES / "nav-fjellbygd.xlsx")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    line = [ln for ln in res.stderr.splitlines() if ln.startswith("HEAVY")][-1]
    heavy = eval(line.split(" ", 1)[1])
    # pydantic only when the catalogue is validated for the first time (then cached)
    assert [m for m in heavy if m != "pydantic"] == []


def test_templates_use_only_documented_context_fields():
    """Every `ctx.x` a shipped template reads is a field of one of the typed contexts."""
    from navkort.render import chart, letter, malekort, overview, plan

    contexts = [malekort.MalekortContext, letter.LetterContext, plan.PlanContext, overview.OverviewContext,
                chart.AppendixContext]
    fields = {f.name for c in contexts for f in dataclasses.fields(c)}
    for tpl in (ROOT / "templates").glob("*.j2"):
        used = set(re.findall(r"ctx\.([a-z_]+)", tpl.read_text(encoding="utf-8")))
        assert used <= fields, (tpl.name, used - fields)
    import zipfile

    for tpl in (ROOT / "templates").glob("*.docx"):  # the Word templates
        with zipfile.ZipFile(tpl) as z:
            xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))
        used = set(re.findall(r"ctx\.([a-z_]+)", re.sub(r"<[^>]+>", "", xml)))
        assert used and used <= fields, (tpl.name, used - fields)


def test_the_letter_and_plan_fields_are_documented_for_template_makers():
    """docs/maler.md names every field a county's letter or plan template can use."""
    from navkort.render import letter, plan

    doc = (ROOT / "docs" / "maler.md").read_text(encoding="utf-8")
    for c in (letter.LetterContext, letter.LetterItem, letter.LetterSection, letter.ActionRow, letter.CommentRow,
              letter.CompletenessRow, plan.PlanContext, plan.PlanRow, plan.Priority):
        for f in dataclasses.fields(c):
            assert f"`{f.name}`" in doc, (c.__name__, f.name)


def test_usage_errors_are_norwegian(cli, tmp_path):
    r = cli("new", "--year", "2026", "-o", tmp_path / "x.xlsx")
    assert r.code == 2
    assert "Feil: Mangler valget --office." in r.err and "Bruk: navkort new [VALG]" in r.err
    r = cli("score", EXAMPLES / "nav-fjellbygd.xlsx", "--mnth", "2026-10")
    assert r.code == 2 and "Ukjent valg «--mnth». Mente du --month?" in r.err
    r = cli("new", "--office", "X", "--year", "abc", "-o", tmp_path / "x.xlsx")
    assert r.code == 2 and "'abc' er ikke et heltall" in r.err
    assert "Vis denne hjelpen." in cli("score", "--help").out


def test_messages_without_a_place_have_no_empty_prefix(cli, tmp_path):
    (tmp_path / "tom").mkdir()
    r = cli("report", tmp_path / "tom", "--to", "rådmann")
    assert r.code == 2 and "Fant ingen arbeidsbøker (.xlsx) i «" in r.err
    assert not [ln for ln in r.err.splitlines() if ln.startswith(":")]
    r = cli("report", EXAMPLES, "--to", "ordfører")
    assert r.err.startswith("Ukjent mottaker «ordfører».")
