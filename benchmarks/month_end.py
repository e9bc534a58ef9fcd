"""Benchmark a national month end (not a test; nothing here asserts a time).

    python benchmarks/month_end.py                 # 250 offices, each measurement 3 times, medians
    python benchmarks/month_end.py --offices 10 --repeat 1 --skip-pdf   # the smoke run CI does

Generates a national set of office workbooks (the full catalogue with the example overlay, ten months
of figures, last year, comments and actions) into a temporary folder, then times:

  A  reading all workbooks with openpyxl read_only=True in one process (the floor of any openpyxl tool)
  B  `navkort score DIR --json` over all of them (whole process, parallel)
  C  `navkort report DIR --to fylkesdirektør` over all, HTML only, plus the county overview
  D  the same with --pdf; reported per PDF document (wall time / documents), and warm in one process
  E  `navkort score one.xlsx` as a whole process
  F  `python -c "import typer, pydantic, yaml, rich"`: the import floor of our own stack
  G  `navkort import` of one month (November) for all offices from one long Datavarehus CSV
  H  openpyxl load_workbook + save of the same workbooks in one process (the save an import needs)

and prints every measurement against its target (issue 16) with ✓ or ✗, and the peak memory
(RSS) of the largest navkort process of D (a worker).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples"))

from make_examples import _local_goals, _series  # type: ignore[import-not-found]  # noqa: E402
from make_extracts import datavarehus  # type: ignore[import-not-found]  # noqa: E402
from timing import median_seconds  # noqa: E402

from navkort import load_catalogue  # noqa: E402
from navkort.io.new_workbook import build_workbook  # noqa: E402
from navkort.model import Action, Comment, Municipality, Office  # noqa: E402

# The console script a user runs (falls back to `python -m navkort` when it is not next to python).
_SCRIPT = Path(sys.executable).with_name("navkort")
NAVKORT = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "navkort"]


def generate(folder: Path, n: int) -> list[Office]:
    cat = load_catalogue(ROOT / "examples" / "eksempelfylke" / "fylke.yaml")
    offices = []
    for i in range(n):
        rng = random.Random(i)
        name = f"NAV Kontor {i + 1:03d}"
        munis = [Municipality(f"Kommune {i + 1:03d}", f"Rådmann {i + 1:03d}")]
        if i % 7 == 0:
            munis.append(Municipality(f"Nabokommune {i + 1:03d}", f"Kommunedirektør {i + 1:03d}", "kommunedirektør"))
        office = Office(file="", name=name, year=2026, number=str(5001 + i), county="Benchmarkfylke",
                        leader=f"Leder {i + 1:03d}",
                        county_director="Fylkesdirektør Test", place=f"Sted {i + 1:03d}",
                        municipalities=tuple(munis))
        if i % 5 == 0:
            office = office.replace(local_indicators=tuple(_local_goals()))
        quality = rng.uniform(-0.6, 1.2)
        size = rng.randint(60, 220)
        last_year = _series(cat, office.local_indicators, 12, quality + 0.2, rng, size)  # last year first: rng order
        series = _series(cat, office.local_indicators, 10, quality, rng, size)
        office = office.replace(
            last_year=last_year, series=series,
            comments=tuple(Comment(ind.id, 10, f"Kommentar om {ind.id} for oktober.", office.leader)
                           for ind in cat.indicators[:3]),
            actions=tuple(Action(str(k + 1), ind.id, f"Tiltak for {ind.id}", "Teamleder", "Veiledere", "NAV-leder",
                                 date(2026, 8, 1), date(2026, 12, 31), "Lav", "Pågår", "")
                          for k, ind in enumerate(cat.indicators[3:5])))
        (folder / f"nav-kontor-{i + 1:03d}.xlsx").write_bytes(build_workbook(cat, office))
        offices.append(office)
    return offices


def save_all_openpyxl(paths: list[Path], out: Path) -> None:
    import openpyxl

    for p in paths:
        openpyxl.load_workbook(p).save(out / p.name)


def import_all(folder: Path, work: Path, extract: Path, repeat: int) -> float:
    """G: a fresh copy of the workbooks each time (the copying is not timed)."""
    mapping = ROOT / "examples" / "uttrekk" / "datavarehus.yaml"
    overlay = ROOT / "examples" / "eksempelfylke" / "fylke.yaml"
    times = []
    for _ in range(repeat):
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(folder, work)
        t0 = time.perf_counter()
        subprocess.run(NAVKORT + ["import", str(extract), "--mapping", str(mapping), "--month", "2026-11",
                                  str(overlay), str(work)], capture_output=True, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def read_all_openpyxl(paths: list[Path]) -> None:
    import openpyxl

    for p in paths:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for _row in ws.iter_rows(values_only=True):
                pass
        wb.close()


def peak_rss_mb(cmd: list[str]) -> float:
    """Run `cmd`; the peak RSS in MB of the largest process it started (itself or a worker)."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 1024


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def run(cmd: list[str], **kw) -> None:
    res = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if res.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd)} failed ({res.returncode}):\n{res.stdout[-2000:]}\n{res.stderr[-2000:]}")


def warm_pdf_per_document(folder: Path, rounds: int = 4) -> dict[str, float]:
    """Seconds per PDF in one warm process (fonts and stylesheet made once), per document type."""
    from navkort import read_office, score
    from navkort.render.html import PdfWriter, environment, render
    from navkort.render.letter import letter_contexts
    from navkort.render.malekort import malekort_context
    from navkort.render.plan import plan_context

    cat = load_catalogue(ROOT / "examples" / "eksempelfylke" / "fylke.yaml")
    env, pdf = environment(), PdfWriter()
    office = read_office(sorted(folder.glob("*.xlsx"))[0], cat)
    card = score(cat, office, "2026-10")
    docs = {
        "målekort": render(env, "malekort.html.j2", malekort_context(card, office, date.today())),
        "statusbrev": render(env, "statusbrev.html.j2",
                             letter_contexts(card, None, office, "fylkesdirektor", date.today())[0][1]),
        "tiltaksplan": render(env, "tiltaksplan.html.j2", plan_context(card, office, date.today())),
    }
    pdf.pdf(docs["målekort"])  # warm-up: fonts and stylesheet
    out = {}
    for name, html in docs.items():
        t0 = time.perf_counter()
        for _ in range(rounds):
            pdf.pdf(html)
        out[name] = (time.perf_counter() - t0) / rounds
    out["snitt"] = sum(out.values()) / len(out)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--offices", type=int, default=250)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-pdf", action="store_true", help="skip D (the PDF run)")
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="navkort-bench-"))
    folder = args.keep or tmp / "kontor"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.perf_counter()
        offices = generate(folder, args.offices)
        paths = sorted(folder.glob("*.xlsx"))
        extract = tmp / "datavarehus-2026-11.csv"
        extract.write_bytes(datavarehus(load_catalogue(ROOT / "examples" / "eksempelfylke" / "fylke.yaml"), offices))
        print(f"Generated {len(paths)} workbooks in {time.perf_counter() - t0:.1f} s ({folder}); "
              f"{os.cpu_count()} cores; Python {sys.version.split()[0]}")
        overlay = str(ROOT / "examples" / "eksempelfylke" / "fylke.yaml")
        one = str(paths[0])
        out = tmp / "ut"

        a = median_seconds(lambda: read_all_openpyxl(paths), args.repeat)

        def score_all() -> None:
            with open(tmp / "score.json", "w") as fh:
                subprocess.run(NAVKORT + ["score", str(folder), overlay, "--month", "2026-10", "--json", "--quiet",
                                          "--out", str(out / "score")], stdout=fh, stderr=subprocess.DEVNULL, check=False)
        b = median_seconds(score_all, args.repeat)

        def report_all(pdf: bool) -> None:
            shutil.rmtree(out / "report", ignore_errors=True)
            run(NAVKORT + ["report", str(folder), overlay, "--to", "fylkesdirektør", "--month", "2026-10",
                           "--quiet", "--out", str(out / "report")] + (["--pdf"] if pdf else []))
        c = median_seconds(lambda: report_all(False), args.repeat)
        d = n_pdf = d_warm = rss = None
        if not args.skip_pdf:
            d = median_seconds(lambda: report_all(True), max(1, args.repeat))
            n_pdf = len(list((out / "report").rglob("*.pdf")))
            d_warm = warm_pdf_per_document(folder)
            shutil.rmtree(out / "report", ignore_errors=True)
            rss = peak_rss_mb(NAVKORT + ["report", str(folder), overlay, "--to", "fylkesdirektør", "--month",
                                         "2026-10", "--quiet", "--pdf", "--out", str(out / "report")])
        run(NAVKORT + ["score", one, overlay, "--month", "2026-10"])  # first run validates and caches the catalogue
        e = median_seconds(lambda: run(NAVKORT + ["score", one, overlay, "--month", "2026-10"]), max(7, args.repeat))
        ej = median_seconds(lambda: run(NAVKORT + ["score", one, overlay, "--month", "2026-10", "--json"]), max(7, args.repeat))
        f = median_seconds(lambda: run([sys.executable, "-c", "import typer, pydantic, yaml, rich"]), max(7, args.repeat))
        g = import_all(folder, tmp / "import", extract, args.repeat)
        (tmp / "saved").mkdir(exist_ok=True)
        h = median_seconds(lambda: save_all_openpyxl(paths, tmp / "saved"), args.repeat)

        n = len(paths)
        print()
        print("| measurement | median | per office | ratio | target |")
        print("|---|---:|---:|---:|---|")
        print(f"| A openpyxl read_only, all {n} | {a:.2f} s | {a / n * 1000:.1f} ms | | |")
        print(f"| B navkort score --json, all | {b:.2f} s | {b / n * 1000:.1f} ms | B/A = {b / a:.2f} | "
              f"B/A ≤ 0.15 {mark(b / a <= 0.15)} |")
        print(f"| C navkort report (HTML) + overview | {c:.2f} s | {c / n * 1000:.1f} ms | C/A = {c / a:.2f} | "
              + (f"C ≤ 1.5 s {mark(c <= 1.5)}, " if n == 250 else "C ≤ 1.5 s: only with 250 offices, ")
              + f"C/A ≤ 0.25 {mark(c / a <= 0.25)} |")
        if d is not None and n_pdf and d_warm is not None:
            warm = ", ".join(f"{k} {v:.3f}" for k, v in d_warm.items())
            docs_ok = all(v <= 0.10 for k, v in d_warm.items() if k != "snitt")
            print(f"| D navkort report --pdf ({n_pdf} PDFs) | {d:.2f} s | {d / n * 1000:.1f} ms | "
                  f"{d / n_pdf:.3f} s/PDF wall; warm in one process (s/PDF): {warm} | each ≤ 0.10 s warm "
                  f"{mark(docs_ok)}; 750 PDFs ≤ 30 s wall {mark(d / n_pdf * 750 <= 30)} (from s/PDF) |")
        if rss is not None:
            print(f"| D peak RSS of the largest navkort process | {rss:.0f} MB | | | ≤ 300 MB {mark(rss <= 300)} |")
        print(f"| E navkort score one office, table (process) | {e:.3f} s | | E/F = {e / f:.2f} | "
              f"≤ 1.2 {mark(e / f <= 1.2)} |")
        print(f"| E' navkort score one office, --json (process) | {ej:.3f} s | | E'/F = {ej / f:.2f} | "
              f"≤ 1.2 {mark(ej / f <= 1.2)} |")
        print(f"| F import typer, pydantic, yaml, rich | {f:.3f} s | | | |")
        print(f"| G navkort import, one month, all {n} | {g:.2f} s | {g / n * 1000:.1f} ms | G/H = {g / h:.2f} | "
              f"≤ 0.5 {mark(g / h <= 0.5)} (XML patched in place) |")
        print(f"| H openpyxl load + save, all {n} | {h:.2f} s | {h / n * 1000:.1f} ms | | |")
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
