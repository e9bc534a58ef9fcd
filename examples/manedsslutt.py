"""Month end for the example county with navkort's Python API (no command line needed).

    python examples/manedsslutt.py [--month 2026-10] [--out ut]

What a county script typically does: load the national catalogue with the county overlay, score
every office workbook in the county folder in parallel, list the red indicators per office, and
write the county overview (fylkesoversikt.xlsx and .html).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from navkort import load_catalogue
from navkort.app import score_many, write_overview

COUNTY = Path(__file__).resolve().parent / "eksempelfylke"


def main() -> int:
    parser = argparse.ArgumentParser(description="Månedsslutt for Eksempelfylke")
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--out", type=Path, default=Path("ut"))
    args = parser.parse_args()

    catalogue = load_catalogue(COUNTY / "fylke.yaml")          # national catalogue + county overlay
    batch = score_many([COUNTY], catalogue, args.month)        # every *.xlsx in the folder, in parallel
    for card in batch.cards:
        red = [r.id for r in card.results if r.period.status == "red"]
        late = [r.id for r in card.results if r.late]
        print(f"{card.office:<20} {card.month.key}  røde: {', '.join(red) or '–'}"
              + (f"  forsinket: {len(late)}" if late else ""))
    for file, problems in batch.failed:
        print(f"FEIL {file}: {problems[0].message}")
    files = write_overview(args.out, batch.cards, catalogue,
                           [(f, p[0].format()) for f, p in batch.failed], date.today())
    print("Fylkesoversikt:", ", ".join(str(f) for f in files))
    return 1 if batch.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
