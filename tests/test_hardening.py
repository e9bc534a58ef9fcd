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
FYLKE = EXAMPLES / "fylke.yaml"
CAT = load_catalogue(FYLKE)


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


HOSTILE = ["far-cell-first.xlsx", "xfd-first.xlsx", "cells-without-r.xlsx", "rows-without-r.xlsx",
           "prefixed.xlsx", "million-rows.xlsx", "shared-string-fan-out.xlsx", "dtd-in-styles.xlsx",
           "rows-bare.xlsx", "single-quoted-far.xlsx", "lowercase-far.xlsx", "remapped-by-comment.xlsx",
           "small-fan-out.xlsx", "slow-tags.xlsx"]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_workbook_is_refused_quickly_with_a_message(hostile, name):
    path, code = hostile[name]
    rc, out, took, peak = _run_measured(["validate", str(path)])
    assert rc == 1, out
    assert name in out and "Traceback" not in out and "Uventet feil" not in out
    assert took < 5 and peak < 500, (took, peak)
    if code:
        assert f"[{code}]" in out
    if code not in ("not-a-workbook", ""):
        assert "«Måledata»" in out  # the sheet is named


@pytest.mark.parametrize("name", ["extlst.xlsx", "formatted-far.xlsx"])
def test_odd_but_ordinary_workbooks_are_still_read(tmp_path, name):
    from hostile import legit_workbooks

    p = tmp_path / name
    p.write_bytes(legit_workbooks()[name])
    rc, out, took, peak = _run_measured(["validate", str(p)])
    assert rc == 0, out
    assert took < 5 and peak < 500


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

    def evil(path, catalogue, month=None, today=None, other=False):
        if "sjoby" in str(path):
            os.abort()
        if "vindoy" in str(path):
            time.sleep(3600)
        return real(path, catalogue, month, today, other)

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

    def greedy(path, catalogue, month=None, today=None, other=False):
        if "elvedal" in str(path):
            b"x" * (2 * 1024 * 1024 * 1024)  # 2 GB in one piece
        return real(path, catalogue, month, today, other)

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
                            env={**os.environ, "NO_COLOR": "1"},
                            # as a shell script's background job: SIGINT ignored when navkort starts
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
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


def _cmdline(proc: Path) -> bytes:
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""


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
    # the workers die with their parent: nothing is left running with this run's arguments
    left = [p for p in Path("/proc").glob("[0-9]*") if str(out).encode() in _cmdline(p)]
    assert left == []
    res = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert len(list(out.glob("nav-prove-*-2026-10"))) == 12
    for d in out.glob("nav-prove-*-2026-10"):
        names = sorted(p.name for p in d.iterdir())
        assert len(names) == 4 and not [n for n in names if n.endswith(".tmp")], names


# ------------------------------------------------------------------ exit codes for missing things

COMMANDS_ON_A_FILE = [
    ("validate", ["{p}"]),
    ("indicators", ["{p}"]),
    ("score", ["{p}"]),
    ("score", ["{p}", "--json"]),
    ("report", ["{p}", "--to", "navleder"]),
    ("new", ["--office", "NAV X", "--year", "2026", "--from", "{p}", "-o", "{out}"]),
]


@pytest.mark.parametrize(("command", "args"), COMMANDS_ON_A_FILE)
@pytest.mark.parametrize("kind", ["missing", "directory", "fifo"])
def test_every_command_on_a_missing_or_odd_file_says_so(cli, tmp_path, command, args, kind):
    p = tmp_path / "nav-borte.xlsx" if command != "indicators" else tmp_path / "fylke.yaml"
    if kind == "directory":
        p.mkdir()
        (p / "tom.txt").write_text("x")
    elif kind == "fifo":
        os.mkfifo(p)
    r = cli(command, *[a.format(p=p, out=tmp_path / "ny.xlsx") for a in args])
    assert r.code in (1, 2), r
    text = r.out + r.err
    assert "Traceback" not in text and "Uventet feil" not in text
    if kind == "missing":
        assert r.code == 2, r
        assert "Finner ikke" in text and (p.name in text)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read every file")
def test_unreadable_file_is_a_clear_message(cli, tmp_path):
    p = tmp_path / "nav-lukket.xlsx"
    p.write_bytes((EXAMPLES / "nav-sjoby.xlsx").read_bytes())
    p.chmod(0)
    r = cli("score", p)
    assert r.code == 2 and "tilgang" in r.err


def test_odd_things_in_a_folder_are_skipped_with_the_reason(tmp_path):
    folder = tmp_path / "fylke"
    _copy_examples(folder)
    os.mkfifo(folder / "fifo.xlsx")
    (folder / "mappe.xlsx").mkdir()
    (folder / "brutt.xlsx").symlink_to(folder / "finnes-ikke.xlsx")
    (folder / "sirkel.xlsx").symlink_to(folder / "sirkel.xlsx")
    odd = os.fsencode(str(folder)) + b"/nav-\xff.xlsx"
    with open(odd, "wb") as fh:
        fh.write((EXAMPLES / "nav-sjoby.xlsx").read_bytes())
    start = time.monotonic()
    res = subprocess.run([*NAVKORT, "score", str(folder), str(EXAMPLES / "fylke.yaml"), "--month", "2026-10",
                          "--quiet", "--out", str(tmp_path / "ut")], capture_output=True, timeout=60,
                         env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"})
    out = res.stdout.decode("utf-8", "replace") + res.stderr.decode("utf-8", "replace")
    assert time.monotonic() - start < 30
    assert "Traceback" not in out, out
    assert "fifo.xlsx (ikke en vanlig fil, men en FIFO" in out and "mappe.xlsx (mappe)" in out
    assert "brutt.xlsx (brutt eller sirkulær lenke)" in out and "sirkel.xlsx (brutt eller sirkulær lenke)" in out
    assert "[duplicate-office]" in out  # the copy with the odd name is NAV Sjøby again
    assert res.returncode == 1


# ------------------------------------------------------------------ writing


def test_new_files_follow_the_umask_and_replaced_files_keep_their_mode(tmp_path):
    from navkort.io.files import _umask, write_atomic

    old = os.umask(0o027)
    _umask.cache_clear()  # navkort reads the umask once per process
    try:
        write_atomic(tmp_path / "ny.html", "x")
        assert (tmp_path / "ny.html").stat().st_mode & 0o777 == 0o640
        (tmp_path / "gammel.html").write_text("gammel")
        (tmp_path / "gammel.html").chmod(0o604)
        write_atomic(tmp_path / "gammel.html", "ny")
        assert (tmp_path / "gammel.html").stat().st_mode & 0o777 == 0o604
        assert (tmp_path / "gammel.html").read_text() == "ny"
    finally:
        os.umask(old)
        _umask.cache_clear()


def test_a_full_disk_leaves_the_old_file_and_says_so(cli, tmp_path, monkeypatch):
    import errno

    import navkort.io.files

    out = tmp_path / "malekort.xlsx"
    assert cli("score", EXAMPLES / "nav-sjoby.xlsx", FYLKE, "--month", "2026-09", "--out", out).code == 0
    old = out.read_bytes()  # last month's målekort, which this run replaces

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(navkort.io.files.os, "fsync", full)
    r = cli("score", EXAMPLES / "nav-sjoby.xlsx", FYLKE, "--month", "2026-10", "--out", out)
    assert r.code == 1 and "[disk-full]" in r.err and "ble ikke skrevet: disken er full" in r.err
    assert out.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["malekort.xlsx"]


def test_out_that_is_a_folder_or_a_file_the_wrong_way_round(cli, tmp_path):
    folder = tmp_path / "mappe.xlsx"
    folder.mkdir()
    r = cli("score", EXAMPLES / "nav-sjoby.xlsx", FYLKE, "--out", folder)
    assert r.code == 2 and "[output-is-directory]" in r.err
    a_file = tmp_path / "ut"
    a_file.write_text("x")
    r = cli("report", EXAMPLES, FYLKE, "--to", "navleder", "--out", a_file)
    assert r.code == 2 and "er en fil som finnes fra før, men her trengs en mappe" in r.err


def test_outputs_never_replace_an_input(cli, tmp_path):
    folder = tmp_path / "fylke"
    wbs = _copy_examples(folder)
    link = tmp_path / "lenke.xlsx"
    link.symlink_to(wbs[0])
    before = {p: p.read_bytes() for p in wbs}
    for target in (wbs[0], link):
        r = cli("score", wbs[0], FYLKE, "--out", target)
        assert r.code == 2 and "[output-is-input]" in r.err, r
    # A single office whose document name is the name of an input workbook in the --out folder.
    sneaky = folder / "nav-sjoby-2026-10-tiltaksplan.xlsx"
    sneaky.write_bytes(wbs[-2].read_bytes())
    r = cli("report", sneaky, FYLKE, "--to", "navleder", "--month", "2026-10", "--out", folder)
    assert r.code == 2 and "[output-is-input]" in r.out + r.err, r
    assert sneaky.read_bytes() == wbs[-2].read_bytes()
    assert {p: p.read_bytes() for p in wbs} == before


# ------------------------------------------------------------------ numbers and texts


def test_numbers_that_are_not_numbers_are_cell_errors(tmp_path):
    sys.path.insert(0, str(FIXTURES))
    from make_fixtures import DATA_SHEET, base_workbook, patch, set_cell

    from navkort import validate_office

    for token in (b"1e309", b"inf", b"NaN"):
        data = patch(base_workbook(), DATA_SHEET, lambda x, t=token: set_cell(x, "G4", b"<v>" + t + b"</v>"))
        p = tmp_path / f"{token.decode()}.xlsx"
        p.write_bytes(data)
        problems, _ = validate_office(p, load_catalogue())
        bad = [(q.code, q.cell) for q in problems if q.severity == "error"]
        assert bad == [("cell-not-a-number", "G4")], (token, problems)


def test_a_long_local_goal_name_is_shortened_visibly_with_a_warning(tmp_path):
    from navkort.io.new_workbook import build_workbook
    from navkort.io.office import read_office
    from navkort.model import Indicator, Office, Target

    name = "Et svært langt lokalt mål om saksbehandlingstid for økonomisk sosialhjelp i partnerskapet"
    local = (Indicator(id="L.1", name=name, perspective="bruker", owner="kommune", measure="value", unit="days",
                       target=Target(direction="lower", green=14, yellow=21)),)
    p = tmp_path / "lang.xlsx"
    p.write_bytes(build_workbook(CAT, Office(file="", name="NAV Lang", year=2026, local_indicators=local,
                                             series={"L.1": {"verdi": [12.0] * 10 + [None] * 2}})))
    office = read_office(p, CAT)
    warning = next(w for w in office.warnings if w.code == "text-shortened")
    assert warning.sheet == "Lokale mål" and warning.cell == "B4"
    assert office.local_indicators[0].name == name  # kept in full
    from datetime import date

    from navkort.app import write_reports

    res = write_reports(CAT, office, "2026-10", "navleder", tmp_path / "ut", made=date(2026, 11, 5))
    html = next(f for f in res.files if f.name.endswith("-malekort.html")).read_text(encoding="utf-8")
    assert name[:40] in html and "…" in html


def test_deep_or_huge_yaml_is_a_catalogue_error_with_a_line(cli, tmp_path):
    deep = tmp_path / "dyp.yaml"
    deep.write_text("indicators: " + "[" * 5000 + "]" * 5000 + "\n")
    r = cli("validate", deep)
    assert r.code == 1 and "[yaml-too-deep]" in r.err and "dyp.yaml:1" in r.err
    block = tmp_path / "blokk.yaml"
    block.write_text("indicators:\n" + "".join("  " * (i + 1) + "a:\n" for i in range(200)))
    r = cli("validate", block)
    assert r.code == 1 and "[yaml-too-deep]" in r.err and "blokk.yaml:" in r.err
    big = tmp_path / "stor.yaml"
    big.write_text("# " + "x" * (2 * 1024 * 1024) + "\n")
    start = time.monotonic()
    r = cli("validate", big)
    assert r.code == 1 and "[yaml-too-large]" in r.err and time.monotonic() - start < 2


def test_review_findings_stay_fixed(cli, tmp_path):
    # validate on a FIFO named like a catalogue never blocks
    fifo = tmp_path / "fylke.yaml"
    os.mkfifo(fifo)
    r = cli("validate", fifo)
    assert r.code == 2 and "ikke en vanlig fil" in r.err
    # an integer of 5000 digits is a catalogue error with a line, not a bug
    big = tmp_path / "tall.yaml"
    big.write_text("thresholds:\n  - id: B.1\n    target: {direction: higher, green: " + "9" * 5000 + ", yellow: 1}\n")
    r = cli("validate", big)
    assert r.code == 1 and "Tallet er for langt" in r.out and "tall.yaml:3" in r.out
    # --out below a file, and the same workbook reached twice (folder + absolute path, and a link)
    a_file = tmp_path / "fil"
    a_file.write_text("x")
    r = cli("report", EXAMPLES / "nav-sjoby.xlsx", FYLKE, "--to", "navleder", "--out", a_file / "under")
    assert r.code == 2, r
    folder = tmp_path / "fylke"
    _copy_examples(folder)
    (folder / "lenke.xlsx").symlink_to(folder / "nav-sjoby.xlsx")
    r = cli("score", folder, folder / "nav-sjoby.xlsx", FYLKE, "--month", "2026-10", "--quiet")
    assert r.code == 0 and "[duplicate-office]" not in r.out, r
    assert r.out.count("NAV Sjøby") == 1


def test_a_very_long_office_name_still_gives_file_names_the_system_allows(tmp_path):
    from datetime import date

    from navkort import read_office
    from navkort.app.reports import Renderer, write_reports
    from navkort.io.files import slug
    from navkort.model import Municipality

    cat = load_catalogue(EXAMPLES / "fylke.yaml")
    office = read_office(EXAMPLES / "nav-midtre-skogli.xlsx", cat)
    office = office.replace(name="NAV " + "Øvre og nedre dalføre med tilgrensende fjellbygder " * 6,
                            municipalities=(Municipality("Skogli " + "og omegn " * 40, "Ingrid Lie"),
                                            Municipality("Nordvik", "Hans Vik")))
    res = write_reports(cat, office, "2026-10", "radmann", tmp_path, made=date(2026, 11, 5), renderer=Renderer())
    assert res.files and all(len(p.name.encode()) <= 255 and p.is_file() for p in res.files)
    assert slug(office.name).startswith("nav-ovre-og-nedre-dalfore") and len(slug(office.name)) <= 60
    assert not slug(office.name).endswith("-")


@pytest.mark.parametrize("syncfs", [True, False])
def test_an_offices_files_are_written_with_one_flush_and_a_full_disk_changes_none(tmp_path, monkeypatch, syncfs):
    """write_all_atomic: every file replaced, modes kept, no temporary left; when the flush to disk fails
    (a full disk), not one of the old files is touched and the error says so."""
    import errno

    import navkort.io.files as files
    from navkort.errors import NavkortError

    a, b = tmp_path / "a.html", tmp_path / "b.pdf"
    a.write_text("gammel a")
    a.chmod(0o640)
    b.write_bytes(b"gammel b")
    if not syncfs:
        monkeypatch.setattr(files, "_syncfs", lambda fd: False)  # elsewhere than Linux: one fsync per file
    files.write_all_atomic([(a, "ny a"), (b, b"ny b"), (tmp_path / "ny" / "c.xlsx", b"c")])
    assert a.read_text() == "ny a" and b.read_bytes() == b"ny b" and (tmp_path / "ny" / "c.xlsx").read_bytes() == b"c"
    assert oct(a.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.pdf", "ny"]

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "_syncfs", lambda fd: False)
    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(NavkortError) as err:
        files.write_all_atomic([(a, "nyere a"), (b, b"nyere b")])
    assert err.value.problems[0].code == "disk-full"
    assert a.read_text() == "ny a" and b.read_bytes() == b"ny b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.pdf", "ny"]


def test_an_overview_that_would_replace_an_input_writes_neither_file(cli, tmp_path):
    folder = tmp_path / "fylke"
    wbs = _copy_examples(folder)
    named = folder / "fylkesoversikt.xlsx"  # an office workbook someone saved under the overview's name
    named.write_bytes(wbs[0].read_bytes())
    r = cli("score", named, wbs[1], FYLKE, "--month", "2026-10", "--out", folder)
    assert r.code == 2 and "[output-is-input]" in r.out + r.err, r
    assert named.read_bytes() == wbs[0].read_bytes()
    assert not (folder / "fylkesoversikt.html").exists()


def test_an_overview_worker_that_dies_is_said_and_fails_the_run(cli, tmp_path, monkeypatch):
    import navkort.app.reports

    monkeypatch.setattr(navkort.app.reports, "write_overview_file", lambda *a, **k: os.abort())
    _copy_examples(tmp_path / "fylke")
    r = cli("report", tmp_path / "fylke", FYLKE, "--to", "navleder", "--month", "2026-10", "--out", tmp_path / "ut",
            "--quiet")
    assert r.code == 1, r  # as when an office's worker dies
    assert "Fylkesoversikten stoppet uventet (SIGABRT (avbrutt)) og ble ikke skrevet" in r.out + r.err, r
    assert "Traceback" not in r.out + r.err
    assert len(list((tmp_path / "ut").glob("*/*-malekort.html"))) == 6  # the offices' documents are written


def test_offices_kept_by_a_worker_that_died_are_read_again_unless_changed(tmp_path, monkeypatch):
    """A worker keeps the offices it read for their writing step. When it dies, the offices it kept are
    read again by its replacement, and give the same documents, unless the workbook changed since
    it was read: then that office fails with «workbook-changed», never a document from other figures."""
    from datetime import date

    import navkort.app.batch

    wbs = _copy_examples(tmp_path / "fylke")
    common = dict(catalogue=CAT, month="2026-10", report_to="navleder", made=date(2026, 11, 5), inputs=tuple(wbs))
    normal = run_batch(wbs, navkort.app.batch.Job(**common, out_dir=tmp_path / "normal"), jobs=1)
    assert all(o.ok for o in normal)

    real_write, real_plan = navkort.app.batch.write_reports, navkort.app.batch.plan_folders

    def dies_on_bakkemo(catalogue, office, *args, **kw):
        if office.name == "NAV Bakkemo":
            os.abort()
        return real_write(catalogue, office, *args, **kw)

    def saved_meanwhile(outcomes, job):  # between reading and writing: someone saves Vindøy
        (tmp_path / "fylke" / "nav-vindoy.xlsx").write_bytes((EXAMPLES / "nav-sjoby.xlsx").read_bytes())
        return real_plan(outcomes, job)

    monkeypatch.setattr(navkort.app.batch, "write_reports", dies_on_bakkemo)
    monkeypatch.setattr(navkort.app.batch, "plan_folders", saved_meanwhile)
    out = run_batch(wbs, navkort.app.batch.Job(**common, out_dir=tmp_path / "ut"), jobs=1)  # one worker read all
    by = {Path(o.file).name: o for o in out}
    assert by["nav-bakkemo.xlsx"].problems[0].code == "worker-crashed"
    assert [p.code for p in by["nav-vindoy.xlsx"].problems] == ["workbook-changed"]
    assert not list((tmp_path / "ut").glob("nav-vindoy-*/*"))
    again = [n for n, o in by.items() if o.ok]
    assert again == ["nav-elvedal.xlsx", "nav-fjellbygd.xlsx", "nav-midtre-skogli.xlsx", "nav-sjoby.xlsx"]
    for name in again:
        folder = f"{name[:-5]}-2026-10"
        docs = sorted(p.name for p in (tmp_path / "normal" / folder).iterdir())
        assert docs == sorted(p.name for p in (tmp_path / "ut" / folder).iterdir())
        for doc in docs:
            if doc.endswith(".html"):
                assert (tmp_path / "ut" / folder / doc).read_text() == (tmp_path / "normal" / folder / doc).read_text()


def test_an_office_whose_documents_fail_is_listed_as_failed_in_the_overview(cli, tmp_path):
    _copy_examples(tmp_path / "fylke")
    out = tmp_path / "ut"
    out.mkdir()
    (out / "nav-bakkemo-2026-10").write_text("en fil der mappen skulle vært")
    r = cli("report", tmp_path / "fylke", FYLKE, "--to", "navleder", "--month", "2026-10", "--out", out, "--quiet")
    assert r.code == 1 and "Ferdig: 5 av 6 kontor, 1 feilet" in r.out, r
    html = (out / "fylkesoversikt.html").read_text()
    assert "5 kontor" in html and "Feilet (1)" in html and "nav-bakkemo.xlsx" in html
    import openpyxl

    wb = openpyxl.load_workbook(out / "fylkesoversikt.xlsx")
    assert "Feilet" in wb.sheetnames
    assert "NAV Bakkemo" not in [c.value for c in wb["Måned"]["A"]]
