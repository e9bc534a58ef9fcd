"""The national catalogue, the strict YAML loader, overlays and `navkort validate` for catalogues."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES, ROOT

from navkort.errors import NavkortError
from navkort.io.catalogue import load_catalogue, validate_catalogue
from navkort.io.files import default_catalogue_path
from navkort.io.yaml import load_yaml_text

# Written from the seed's slides 21–25 ("Gult område" column), not from indicators.yaml.
# id: (measure, direction, green, yellow)
SEED = {
    "B.1": ("share", "higher", 75, 65),
    "B.2": ("share", "higher", 75, 70),
    "B.4": ("deviation", "band", 2, 5),
    "B.5": ("share", "higher", 70, 65),
    "B.6": ("share", "higher", 75, 68),
    "B.8": ("share", "higher", 80, 75),
    "B.9": ("share", "higher", 35, 25),
    "B.10": ("share", "higher", 80, 60),
    "B.11": ("share", "higher", 65, 60),
    "B.12": ("share", "higher", 75, 50),
    "B.13": ("change", "higher", 5, 0),
    "P.1.1": ("share", "higher", 100, 80),
    "P.1.2": ("share", "higher", 100, 80),
    "M.1": ("value", "lower", 6, 7),
    "M.2": ("share", "higher", 100, 80),
    "M.3": ("value", "higher", 22, 20),
    "Ø.1": ("deviation", "lower", 2, 5),
    "Ø.2": ("deviation", "band", 2, 5),
}
ASSUMED = {"B.3", "Ø.3"}


@pytest.fixture(scope="module")
def national():
    return load_catalogue()


def test_catalogue_has_every_seed_indicator(national):
    expected = [f"B.{i}" for i in range(1, 14)] + ["P.1.1", "P.1.2", "M.1", "M.2", "M.3", "M.4", "Ø.1", "Ø.2", "Ø.3"]
    assert national.ids == expected


@pytest.mark.parametrize("ind_id", sorted(SEED))
def test_seed_thresholds(national, ind_id):
    measure, direction, green, yellow = SEED[ind_id]
    ind = national.get(ind_id)
    assert ind.measure == measure
    assert ind.target.direction == direction
    band = ind.target.for_month(3)
    assert (band.green, band.yellow) == (green, yellow)
    assert ind.target.provenance == "nasjonal"
    assert not ind.target.assumed


def test_b7_changes_by_half_year(national):
    t = national.get("B.7").target
    assert [(m, t.for_month(m).green, t.for_month(m).yellow) for m in (1, 6, 7, 12)] == [
        (1, 60, 55), (6, 60, 55), (7, 70, 65), (12, 70, 65)]


def test_special_constructs(national):
    assert national.get("M.2").due_month == 6
    assert national.get("M.1").lag_months == 1
    assert national.get("M.3").frequency == "yearly"
    assert national.get("M.4").kind == "info" and national.get("M.4").target is None
    assert national.get("B.13").basis == "previous_month"
    for ind_id in ASSUMED:
        assert national.get(ind_id).target.assumed
    assert national.get("Ø.3").owner == "kommune"
    # roles, never a person's first name
    for ind in national.indicators:
        assert ind.entered_by in ("NAV fylke", "NAV-leder"), ind.id
        assert ind.fetched_by in ("NAV fylke", "NAV-leder"), ind.id


def test_shipped_catalogue_is_packaged():
    assert default_catalogue_path().is_file()


# ------------------------------------------------------------------------------------------- YAML


def test_norway_problem_stays_text():
    doc, problems = load_yaml_text("a: NO\nb: yes\nc: off\nd: true\ne: 1:20\nf: 010\n", "x.yaml")
    assert problems == []
    assert doc.data == {"a": "NO", "b": "yes", "c": "off", "d": True, "e": "1:20", "f": 10}


def test_duplicate_key_names_both_lines():
    doc, problems = load_yaml_text("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert [(p.code, p.line) for p in problems] == [("yaml-duplicate-key", 3)]
    assert "linje 1" in problems[0].message and "linje 3" in problems[0].message


def test_alias_and_python_tag_rejected():
    _, problems = load_yaml_text("a: &x 1\nb: *x\nc: !!python/object:os.system x\n", "x.yaml")
    assert [(p.code, p.line) for p in problems] == [("yaml-alias", 2), ("yaml-tag", 3)]


# ------------------------------------------------------------------------------- broken catalogues

HEAD = """\
name: Test
indicators:
"""
GOOD = """\
  - id: B.1
    name: Dialogmøte
    perspective: bruker
    owner: stat
    measure: share
    target: {direction: higher, green: 75, yellow: 65}
"""

BROKEN = [
    # (id, catalogue body after HEAD, [(code, line, indicator)])
    ("unknown-key", GOOD + "    taget: 3\n", [("unknown-key", 9, "B.1")]),
    ("unknown-key-in-target", GOOD.replace("yellow: 65}", "yelow: 65}"),
     [("unknown-key", 8, "B.1")]),
    ("duplicate-id", GOOD + GOOD, [("duplicate-id", 9, "B.1")]),
    ("higher-order", GOOD.replace("green: 75, yellow: 65", "green: 65, yellow: 75"),
     [("threshold-order", 8, "B.1")]),
    ("lower-order", GOOD.replace("higher, green: 75, yellow: 65", "lower, green: 7, yellow: 6"),
     [("threshold-order", 8, "B.1")]),
    ("band-order", GOOD.replace("measure: share", "measure: deviation").replace(
        "higher, green: 75, yellow: 65", "band, green: 5, yellow: 2"), [("threshold-order", 8, "B.1")]),
    ("band-negative", GOOD.replace("measure: share", "measure: deviation").replace(
        "higher, green: 75, yellow: 65", "band, green: -2, yellow: 5"), [("threshold-order", 8, "B.1")]),
    ("schedule-gap", GOOD.replace("    target: {direction: higher, green: 75, yellow: 65}\n",
                                  "    target:\n      direction: higher\n      schedule:\n"
                                  "        - {months: 1-6, green: 60, yellow: 55}\n"
                                  "        - {months: 8-12, green: 70, yellow: 65}\n"),
     [("schedule-gap", 10, "B.1")]),
    ("schedule-overlap", GOOD.replace("    target: {direction: higher, green: 75, yellow: 65}\n",
                                      "    target:\n      direction: higher\n      schedule:\n"
                                      "        - {months: 1-7, green: 60, yellow: 55}\n"
                                      "        - {months: 7-12, green: 70, yellow: 65}\n"),
     [("schedule-overlap", 10, "B.1")]),
    ("percent-range", GOOD.replace("green: 75", "green: 175"), [("percent-range", 8, "B.1")]),
    ("unknown-perspective", GOOD.replace("perspective: bruker", "perspective: brukar"),
     [("unknown-perspective", 5, "B.1")]),
    ("unknown-measure", GOOD.replace("measure: share", "measure: ratio"), [("unknown-measure", 7, "B.1")]),
    ("due-month", GOOD + "    due_month: 13\n", [("month-range", 9, "B.1")]),
    ("yes-as-boolean", GOOD.replace("yellow: 65}", "yellow: 65, assumed: yes}"), [("not-a-boolean", 8, "B.1")]),
    ("missing-target", GOOD.replace("    target: {direction: higher, green: 75, yellow: 65}\n", ""),
     [("missing-target", 3, "B.1")]),
    ("info-with-target", GOOD + "    kind: info\n", [("info-with-target", 8, "B.1")]),
    ("owner-NO", GOOD.replace("owner: stat", "owner: NO"), [("unknown-value", 6, "B.1")]),
    ("text-number", GOOD.replace("green: 75", "green: '75'"), [("wrong-type", 8, "B.1")]),
    # year-to-date rules scoring would ignore are refused, never accepted and ignored
    ("share-ytd-mean", GOOD + "    ytd: mean\n", [("measure-fields", 9, "B.1")]),
    ("achievement-ytd-sum", GOOD.replace("measure: share", "measure: achievement") + "    ytd: sum\n",
     [("measure-fields", 9, "B.1")]),
    ("change-ytd-ratio", GOOD.replace("measure: share", "measure: change") + "    basis: previous_month\n"
     "    ytd: ratio\n", [("measure-fields", 10, "B.1")]),
    ("value-ytd-ratio", GOOD.replace("measure: share", "measure: value") + "    ytd: ratio\n",
     [("measure-fields", 9, "B.1")]),
]


@pytest.mark.parametrize("name,body,expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_catalogue(write, name, body, expected):
    path = write("katalog.yaml", HEAD + body)
    _, problems = validate_catalogue([path])
    assert [(p.code, p.line, p.indicator) for p in problems if p.code != "name-nn-missing"] == expected
    assert all(p.file == str(path) for p in problems)


def test_several_errors_in_one_file_are_all_reported(write, cli):
    body = (GOOD.replace("perspective: bruker", "perspective: brukar")
            + GOOD.replace("B.1", "B.2").replace("green: 75", "green: 55")
            + GOOD.replace("B.1", "B.3").replace("measure: share", "measure: ratio") + "    tagret: 1\n")
    path = write("katalog.yaml", HEAD + body)
    r = cli("validate", path)
    assert r.code == 1
    lines = [ln for ln in r.out.splitlines() if ln.startswith(str(path))]
    assert lines == [
        f"{path}:5: B.1: Ukjent perspektiv «brukar» [unknown-perspective]",
        f"{path}:14: B.2: Høyere er bedre, så gul (65) må være lavere enn eller lik grønn (55) [threshold-order]",
        f"{path}:19: B.3: Ukjent måltype «ratio» [unknown-measure]",
        f"{path}:21: B.3: Ukjent nøkkel «tagret» – mente du «target»? [unknown-key]",
    ]
    assert "Ugyldig: 4 feil." in r.out


BROKEN_OVERLAYS = [
    ("overlay-missing-indicator", "thresholds:\n  - id: B.99\n    target: {direction: higher, green: 1, yellow: 0}\n",
     [("overlay-unknown-indicator", 2, "B.99")]),
    ("overlay-disable-missing", "disable:\n  - X.1\n", [("overlay-unknown-indicator", 2, "X.1")]),
    ("overlay-bad-order", "thresholds:\n  - id: M.1\n    target: {direction: lower, green: 7, yellow: 6}\n",
     [("threshold-order", 3, "M.1")]),
    ("overlay-add-existing", "add:\n  - id: B.1\n    name: x\n    perspective: bruker\n    owner: stat\n"
     "    measure: share\n    target: {direction: higher, green: 75, yellow: 65}\n", [("overlay-add-exists", 2, "B.1")]),
    ("overlay-unknown-key", "thresholds:\n  - id: M.1\n    targte: {direction: lower, green: 5, yellow: 6}\n",
     [("unknown-key", 3, "M.1"), ("missing-key", 2, "M.1")]),
    ("overlay-duplicate-key", "thresholds: []\nthresholds: []\n", [("yaml-duplicate-key", 2, "")]),
]


@pytest.mark.parametrize("name,body,expected", BROKEN_OVERLAYS, ids=[b[0] for b in BROKEN_OVERLAYS])
def test_broken_overlay(write, name, body, expected):
    path = write("fylke.yaml", body)
    _, problems = validate_catalogue([default_catalogue_path(), path])
    assert [(p.code, p.line, p.indicator) for p in problems if p.code != "name-nn-missing"] == expected
    assert all(p.file == str(path) for p in problems)


def test_overlay_merges_and_records_provenance():
    cat = load_catalogue(ROOT / "indicators.yaml", EXAMPLES / "fylke.yaml")
    assert cat.get("B.2").target.provenance == "fylke"
    assert cat.get("B.2").target.for_month(1).green == 80
    assert cat.get("B.2").target.set_by.endswith("fylke.yaml")
    assert cat.get("B.1").target.provenance == "nasjonal"
    assert cat.get("B.12") is None and "B.12" in cat.disabled
    assert cat.get("F.1").target.provenance == "fylke"


def test_overlays_apply_in_order(write):
    a = write("a.yaml", "thresholds:\n  - id: B.1\n    target: {direction: higher, green: 80, yellow: 70}\n")
    b = write("b.yaml", "thresholds:\n  - id: B.1\n    target: {direction: higher, green: 90, yellow: 85}\n")
    cat = load_catalogue(a, b)
    assert cat.get("B.1").target.for_month(1).green == 90
    assert cat.get("B.1").target.set_by == str(b)


def test_load_catalogue_raises_with_every_problem(write):
    path = write("k.yaml", HEAD + GOOD.replace("bruker", "x") + GOOD.replace("B.1", "B.2").replace("share", "y"))
    with pytest.raises(NavkortError) as exc:
        load_catalogue(path)
    assert [p.code for p in exc.value.problems] == ["unknown-perspective", "unknown-measure"]


# ------------------------------------------------------------------------------------------- CLI


def test_validate_without_arguments_uses_shipped_catalogue(cli):
    r = cli("validate")
    assert r.code == 0, r
    assert "Gyldig: 22 indikatorer" in r.out
    assert "Brukerperspektivet: 13" in r.out


def test_validate_names_what_overlay_changed(cli):
    r = cli("validate", ROOT / "indicators.yaml", EXAMPLES / "fylke.yaml")
    assert r.code == 0, r
    assert "endret:" in r.out
    assert "B.2 Oppfølging av ordinære arbeidssøkere siste tre måneder: grønn 75, gul 70 → grønn 80, gul 72" in r.out
    assert "B.12" in r.out and "slått av" in r.out
    assert "F.1 Unge under 30 med aktivitetsplan lagt til" in r.out


def test_validate_missing_file_exits_2(cli, tmp_path):
    r = cli("validate", tmp_path / "finnes-ikke.yaml")
    assert r.code == 2
    assert "Finner ikke filen" in r.err
    assert "Traceback" not in r.err + r.out


def test_validate_not_yaml_exits_2(cli, write):
    r = cli("validate", write("x.yaml", "indicators: [\n  - id: 1\n"))
    assert r.code == 2
    assert "[yaml-syntax]" in r.err


def test_validate_json(cli, write):
    path = write("k.yaml", HEAD + GOOD.replace("bruker", "x"))
    r = cli("validate", path, "--json")
    assert r.code == 1
    data = json.loads(r.out)
    assert data["valid"] is False
    assert [(p["code"], p["line"], p["indicator"]) for p in data["problems"]] == [("unknown-perspective", 5, "B.1")]


def test_indicators_marks_county_thresholds(cli):
    r = cli("indicators", EXAMPLES / "fylke.yaml", "--json")
    assert r.code == 0, r
    rows = {row["id"]: row for row in json.loads(r.out)["indicators"]}
    assert rows["B.2"]["provenance"] == "fylke" and rows["M.1"]["provenance"] == "fylke"
    assert rows["F.1"]["provenance"] == "fylke"
    assert rows["B.1"]["provenance"] == "nasjonal"
    assert rows["B.1"]["target"] == "≥ 75 %" and rows["B.1"]["yellow"] == "65–75 %"
    assert rows["M.1"]["target"] == "≤ 5,5 %" and rows["M.1"]["yellow"] == "5,5–6,5 %"
    assert "B.12" not in rows
    table = cli("indicators", EXAMPLES / "fylke.yaml")
    assert table.code == 0
    b2 = next(ln for ln in table.out.splitlines() if "│ B.2 " in ln)
    assert "fylke" in b2


# ------------------------------------------------------------------------------------------- cache


def test_cache_returns_the_same_catalogue_and_notices_edits(tmp_path, monkeypatch, write):
    monkeypatch.setenv("NAVKORT_CACHE_DIR", str(tmp_path / "cache"))
    overlay = write("fylke.yaml", "thresholds:\n  - id: B.1\n    target: {direction: higher, green: 80, yellow: 70}\n")
    first = load_catalogue(overlay)
    assert list((tmp_path / "cache").glob("katalog-*.json"))
    assert load_catalogue(overlay) == first
    # the same file name with new content is validated again, never served stale
    overlay.write_text("thresholds:\n  - id: B.1\n    target: {direction: higher, green: 60, yellow: 70}\n")
    with pytest.raises(NavkortError) as exc:
        load_catalogue(overlay)
    assert exc.value.problems[0].code == "threshold-order"


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("NAVKORT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NAVKORT_NO_CACHE", "1")
    load_catalogue()
    assert not (tmp_path / "cache").exists()


def test_cached_catalogue_loads_without_pydantic(tmp_path):
    import subprocess
    import sys

    env = {"NAVKORT_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    code = "import sys, navkort; navkort.load_catalogue(); print('pydantic' in sys.modules)"
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env).stdout.strip()
            for _ in range(2)]
    assert runs == ["True", "False"]


def test_changing_a_catalogue_rule_in_the_source_invalidates_the_cache(tmp_path):
    """A catalogue validated by an older navkort is validated again once the code has a new rule."""
    import shutil
    import subprocess
    import sys

    from conftest import ROOT

    src = tmp_path / "src"
    shutil.copytree(ROOT / "navkort", src / "navkort", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "indicators.yaml", src / "indicators.yaml")
    overlay = tmp_path / "fylke.yaml"
    overlay.write_text("thresholds:\n  - id: B.1\n    target: {direction: higher, green: 80, yellow: 70}\n")
    env = {"NAVKORT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"}
    code = ("import navkort\ntry:\n    navkort.load_catalogue(%r); print('valid')\n"
            "except navkort.NavkortError as e:\n    print(e.problems[0].code)") % str(overlay)

    def run() -> str:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                              cwd=tmp_path).stdout.strip()

    assert run() == "valid"
    assert len(list((tmp_path / "cache").glob("katalog-*.json"))) == 1
    # A new rule in rules/catalogue.py: no green threshold above 79 for a share.
    rules = src / "navkort" / "rules" / "catalogue.py"
    text = rules.read_text(encoding="utf-8")
    new_rule = ('    if ind.measure == "share" and (t.green or 0) > 79:\n'
                '        out.append(Finding("percent-range", "percent-range", {"key": "green", "value": t.green},'
                ' ("target", "green")))\n')
    anchor = '    percent_bound = ind.unit == "percent"'
    assert anchor in text
    rules.write_text(text.replace(anchor, new_rule + anchor), encoding="utf-8")
    assert run() == "percent-range"


def test_code_fingerprint_follows_every_source_file(tmp_path):
    import shutil

    from conftest import ROOT

    from navkort.io.cache import code_fingerprint

    pkg = tmp_path / "navkort"
    shutil.copytree(ROOT / "navkort", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_fingerprint(pkg)
    assert code_fingerprint(pkg) == before
    (pkg / "rules" / "scoring.py").write_text((pkg / "rules" / "scoring.py").read_text() + "\n# changed\n")
    assert code_fingerprint(pkg) != before


def test_a_decimal_comma_in_yaml_says_what_to_write(cli, write):
    for body in ("thresholds:\n  - id: B.1\n    target: {direction: higher, green: 80,5, yellow: 70}\n",
                 "thresholds:\n  - id: B.1\n    target:\n      direction: higher\n      green: 80,5\n      yellow: 70\n"):
        path = write("fylke.yaml", body)
        r = cli("validate", path)
        assert r.code == 1 and "Skriv 80.5 (punktum) i YAML, ikke 80,5." in r.err


def test_no_english_in_usage_errors(cli):
    r = cli("scor")
    assert r.code == 2 and "Mente du 'score'?" in r.err and "Did you mean" not in r.err
