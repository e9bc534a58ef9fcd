"""A month end that nothing can hang, crash or overwrite: hostile workbooks are refused before the
reader allocates, a worker that dies or hangs is that office's failure, Ctrl-C and SIGTERM stop the
run at once with nothing half-written, and no office overwrites another."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES

from navkort import load_catalogue
from navkort.app import Job, run_batch

sys.path.insert(0, str(FIXTURES))
from hostile import write_hostile

NAVKORT = [sys.executable, "-c", "from navkort.cli import run; run()"]
CAT = load_catalogue(EXAMPLES / "fylke.yaml")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return write_hostile(tmp_path_factory.mktemp("hostile"))


def _run_measured(args: list[str], timeout: float = 30) -> tuple[int, str, float, int]:
    """(exit code, output, seconds, peak RSS in MB) of `navkort ARGS` in its own process."""
    code = ("import resource, sys\nfrom navkort.cli import run\nsys.argv = ['navkort'] + %r\n"
            "try:\n    run()\nfinally:\n"
            "    print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, file=sys.stderr)") % args
    start = time.monotonic()
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout,
                         env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"})
    took = time.monotonic() - start
    peak = int(next((ln.split()[1] for ln in res.stderr.splitlines() if ln.startswith("PEAK")), "0"))
    return res.returncode, res.stdout + res.stderr, took, peak


@pytest.mark.parametrize("name", ["far-cell-first.xlsx", "xfd-first.xlsx", "cells-without-r.xlsx",
                                  "rows-without-r.xlsx", "prefixed.xlsx", "million-rows.xlsx", "dimension.xlsx",
                                  "shared-string-fan-out.xlsx", "dtd-in-styles.xlsx"])
def test_hostile_workbook_is_refused_quickly_with_a_message(hostile, name):
    path, code = hostile[name]
    rc, out, took, peak = _run_measured(["validate", str(path)])
    assert rc == 1, out
    assert f"[{code}]" in out and name in out and "Traceback" not in out
    assert took < 5 and peak < 500, (took, peak)
    if code != "not-a-workbook":
        assert "«Måledata»" in out  # the sheet is named


def test_far_cell_names_the_cell(hostile):
    rc, out, _, _ = _run_measured(["validate", str(hostile["far-cell-first.xlsx"][0])])
    assert "ZZ1000000" in out


def _copy_examples(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for f in sorted(EXAMPLES.glob("nav-*.xlsx")):
        (folder / f.name).write_bytes(f.read_bytes())
        out.append(folder / f.name)
    return out


def test_a_worker_that_aborts_or_hangs_is_only_that_offices_failure(tmp_path, monkeypatch):
    import navkort.app.batch

    real = navkort.app.batch.score_office

    def evil(path, catalogue, month=None):
        if "sjoby" in str(path):
            os.abort()
        if "vindoy" in str(path):
            time.sleep(3600)
        return real(path, catalogue, month)

    monkeypatch.setattr(navkort.app.batch, "score_office", evil)
    monkeypatch.setenv("NAVKORT_OFFICE_TIMEOUT", "2")
    start = time.monotonic()
    outcomes = run_batch(_copy_examples(tmp_path / "fylke"), Job(catalogue=CAT, month="2026-10"), jobs=2)
    assert time.monotonic() - start < 20
    by = {Path(o.file).name: o for o in outcomes}
    assert by["nav-sjoby.xlsx"].problems[0].code == "worker-crashed"
    assert "SIGABRT" in by["nav-sjoby.xlsx"].problems[0].message
    assert by["nav-vindoy.xlsx"].problems[0].code == "office-timeout"
    assert sorted(n for n, o in by.items() if o.ok) == ["nav-bakkemo.xlsx", "nav-elvedal.xlsx",
                                                        "nav-fjellbygd.xlsx", "nav-midtre-skogli.xlsx"]


def test_workers_run_under_an_address_space_limit(tmp_path, monkeypatch):
    import navkort.app.batch

    real = navkort.app.batch.score_office

    def greedy(path, catalogue, month=None):
        if "elvedal" in str(path):
            b"x" * (2 * 1024 * 1024 * 1024)  # 2 GB in one piece
        return real(path, catalogue, month)

    monkeypatch.setattr(navkort.app.batch, "score_office", greedy)
    monkeypatch.setenv("NAVKORT_WORKER_MEMORY_MB", "1024")
    outcomes = run_batch(_copy_examples(tmp_path / "fylke"), Job(catalogue=CAT, month="2026-10"), jobs=2)
    by = {Path(o.file).name: o for o in outcomes}
    assert not by["nav-elvedal.xlsx"].ok and by["nav-elvedal.xlsx"].problems[0].code == "workbook-too-large"
    assert sum(o.ok for o in outcomes) == 5


def test_the_same_office_twice_is_refused_naming_both_files(cli, tmp_path):
    folder = tmp_path / "fylke"
    _copy_examples(folder)
    (folder / "nav-sjoby-kopi.xlsx").write_bytes((EXAMPLES / "nav-sjoby.xlsx").read_bytes())
    r = cli("report", folder, EXAMPLES / "fylke.yaml", "--to", "navleder", "--month", "2026-10", "--out",
            tmp_path / "ut", "--quiet")
    assert r.code == 1, r
    assert "[duplicate-office]" in r.out and "nav-sjoby-kopi.xlsx" in r.out
    assert str(folder / "nav-sjoby.xlsx") in r.out
    assert not (tmp_path / "ut" / "nav-sjoby-2026-10").exists()
    assert (tmp_path / "ut" / "nav-elvedal-2026-10").is_dir()


def test_offices_whose_names_clash_get_distinct_stable_folders(tmp_path):
    from navkort.io.new_workbook import build_workbook
    from navkort.model import Office

    folder = tmp_path / "fylke"
    folder.mkdir()
    series = {"B.1": {"teller": [30.0] * 10 + [None] * 2, "nevner": [40.0] * 10 + [None] * 2}}
    for name, number, file in (("NAV Ås", "3021", "a.xlsx"), ("NAV As", "", "b.xlsx")):
        (folder / file).write_bytes(build_workbook(CAT, Office(file="", name=name, year=2026, number=number,
                                                                series=series)))
    job = Job(catalogue=CAT, month="2026-10", report_to="navleder", out_dir=tmp_path / "ut",
              inputs=(folder / "a.xlsx", folder / "b.xlsx"))
    first = run_batch([folder / "a.xlsx", folder / "b.xlsx"], job, jobs=2)
    again = run_batch([folder / "b.xlsx", folder / "a.xlsx"], job, jobs=1)
    assert all(o.ok for o in first + again)
    names = sorted(p.name for p in (tmp_path / "ut").iterdir())
    assert len(names) == 2 and "nav-as-3021-2026-10" in names and all(n.startswith("nav-as-") for n in names)
    assert {Path(f).parent.name for o in first for f in o.files} == {Path(f).parent.name for o in again
                                                                     for f in o.files}
    assert any(w.code == "output-renamed" for o in first for w in o.warnings)


def _many_offices(folder: Path, n: int) -> None:
    from navkort.io.new_workbook import build_workbook
    from navkort.model import Office

    folder.mkdir(parents=True)
    series = {ind.id: {f: [10.0 + k for k in range(10)] + [None, None] for f in ind.fields}
              for ind in CAT.indicators}
    for i in range(n):
        office = Office(file="", name=f"NAV Prøve {i:02d}", year=2026, series=series)
        (folder / f"nav-prove-{i:02d}.xlsx").write_bytes(build_workbook(CAT, office))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_stops_a_pdf_run_at_once_leaving_nothing_half_written(tmp_path, sig):
    folder = tmp_path / "fylke"
    _many_offices(folder, 24)
    out = tmp_path / "ut"
    proc = subprocess.Popen([*NAVKORT, "report", str(folder), str(EXAMPLES / "fylke.yaml"), "--to", "navleder",
                             "--month", "2026-10", "--pdf", "--out", str(out), "--quiet", "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "NO_COLOR": "1"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.rglob("*.pdf")):
        time.sleep(0.05)
    assert list(out.rglob("*.pdf")), "the run should have started writing"
    proc.send_signal(sig)
    sent = time.monotonic()
    stdout, stderr = proc.communicate(timeout=10)
    assert time.monotonic() - sent < 2.5
    assert proc.returncode == 130, stderr
    assert "Avbrutt etter" in stderr and "av 24 kontor" in stderr
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    for pdf in out.rglob("*.pdf"):
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf
    for html in out.rglob("*.html"):
        assert html.read_text(encoding="utf-8").rstrip().endswith("</html>"), html


def test_a_rerun_after_sigkill_gives_complete_output(tmp_path):
    folder = tmp_path / "fylke"
    _many_offices(folder, 12)
    out = tmp_path / "ut"
    args = [*NAVKORT, "report", str(folder), str(EXAMPLES / "fylke.yaml"), "--to", "navleder", "--month",
            "2026-10", "--out", str(out), "--quiet", "--jobs", "2"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.rglob("*.html")):
        time.sleep(0.02)
    proc.kill()
    proc.wait(10)
    time.sleep(0.5)
    res = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert len(list(out.glob("nav-prove-*-2026-10"))) == 12
    for d in out.glob("nav-prove-*-2026-10"):
        names = sorted(p.name for p in d.iterdir())
        assert len(names) == 4 and not [n for n in names if n.endswith(".tmp")], names
