"""Profile a county's `navkort report` in one process (not a test; for docs/ytelse.md).

    python benchmarks/profile_report.py FOLDER [--offices 250] [--pdf] [--top 25]

Runs what each worker of `navkort report FOLDER --to fylkesdirektør` does (read and score every
workbook, then write every office's documents) in this process under cProfile, so the time of
every function is seen (the CLI spreads the same work over worker processes). Prints the phases'
wall times and the functions with the most time of their own and in total. cProfile slows Python
code more than C code: use the shares, not the seconds. FOLDER: workbooks from
`python benchmarks/month_end.py --keep FOLDER`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from navkort import load_catalogue  # noqa: E402
from navkort.app.batch import Job, Worker, WriteTask  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--offices", type=int, default=250)
    ap.add_argument("--pdf", action="store_true")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    paths = sorted(args.folder.glob("*.xlsx"))[: args.offices]
    cat = load_catalogue(ROOT / "examples" / "eksempelfylke" / "fylke.yaml")
    out = Path(tempfile.mkdtemp(prefix="navkort-profile-"))
    job = Job(catalogue=cat, month="2026-10", report_to="fylkesdirektor", out_dir=out, made=date(2026, 11, 23),
              pdf=args.pdf, inputs=tuple(paths))
    worker = Worker(job)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    read = [worker(str(p)) for p in paths]
    t1 = time.perf_counter()
    written = [worker(WriteTask(o.file, out / f"{Path(o.file).stem}-2026-10", o.digest)) for o in read if o.ok]
    prof.disable()
    t2 = time.perf_counter()
    failed = [o for o in read + written if not o.ok]
    print(f"{len(paths)} offices: read + score {t1 - t0:.2f} s, write {t2 - t1:.2f} s (under cProfile); "
          f"{len(failed)} failed")
    for sort in ("tottime", "cumulative"):
        text = io.StringIO()
        pstats.Stats(prof, stream=text).strip_dirs().sort_stats(sort).print_stats(args.top)
        print(f"\n## by {sort}\n")
        print("\n".join(line for line in text.getvalue().splitlines() if line.strip())[:20000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
