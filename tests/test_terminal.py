"""What a user sees in an 80-column terminal: the lag marker and the target stay, words are never
cut, and a county run names its output folder once."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLES

from navkort import load_catalogue

FYLKE = EXAMPLES / "fylke.yaml"


@pytest.fixture
def narrow(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")


def test_score_at_80_columns_keeps_month_and_target(cli, narrow):
    r = cli("score", EXAMPLES / "nav-vindoy.xlsx", FYLKE, "--month", "2026-10")
    assert r.code == 0, r
    lines = r.out.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    header = next(line for line in lines if line.startswith("Id "))
    assert "Måned" in header and "Mål" in header
    m1 = next(line for line in lines if line.startswith("M.1 "))
    assert " sep " in m1 and "≤ 5,5 %" in m1  # sick leave, one month's lag: September, target shown


def test_summary_lines_wrap_between_words(cli, narrow):
    r = cli("score", EXAMPLES / "nav-vindoy.xlsx", FYLKE, "--month", "2026-10")
    summary = r.out[r.out.index("Sammendrag:"):]
    first = summary.split("\n  ")[0]
    assert len(first.splitlines()) > 1  # it did need wrapping at 80 columns
    expected = ("Sammendrag: 2 grønne, 2 gule, 0 røde, 17 mangler (herav 17 forsinket), 0 ikke vurdert, "
                "1 nøkkelinformasjon.")
    assert " ".join(first.split()) == expected  # every line break fell between two words


@pytest.mark.parametrize("columns", ["80", "100", "120", "160"])
def test_indicators_never_break_a_word(cli, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    r = cli("indicators", FYLKE)
    assert r.code == 0, r
    assert "…" not in r.out
    assert all(len(line) <= int(columns) for line in r.out.splitlines())
    tokens = set(re.findall(r"[\wæøåÆØÅ.–-]+", r.out))
    cat = load_catalogue(FYLKE)
    for ind in cat.indicators:
        shown = ind.label if int(columns) < 140 else ind.name
        for word in shown.split():
            assert word.strip("()") in tokens or not re.fullmatch(r"[\wæøåÆØÅ.–-]+", word), (ind.id, word)


def test_a_county_run_names_its_output_folder_once(cli, tmp_path):
    out = tmp_path / "ut"
    r = cli("report", EXAMPLES, FYLKE, "--to", "navleder", "--month", "2026-10", "--out", out)
    assert r.code == 0, r
    assert r.out.count(f"er i {out}") == 1
    assert "filer fra" not in r.out
