"""Make the example statistics extracts for November 2026 (fictitious figures for Eksempelfylke):

    python examples/make_extracts.py [MAPPE]   # default: examples/uttrekk

- datavarehus-2026-11.csv: a Datavarehus-style long extract of the state figures, as such systems
  export them: Windows-1252, `;`, decimal comma, Statistics Norway's «..» for a figure not available,
  a quoted remark with a line break. Sick leave (one month's lag) is October's.
- kommunale-tall-2026-11.xlsx: a wide sheet of the municipal figures with a title block above the
  header and no period column (the month is given with --month).

The figures follow each office's October figures (a little up or down), so the November reports
look like a month later. The files are byte-stable: running this again gives the same bytes.
"""

from __future__ import annotations

import io
import random
import sys
from datetime import datetime
from pathlib import Path

from navkort import load_catalogue, read_office
from navkort.io.files import write_atomic
from navkort.model import Catalogue, Office

HERE = Path(__file__).resolve().parent
COUNTY = HERE / "eksempelfylke"
STATE = ("B.1", "B.2", "B.4", "B.5", "B.6", "B.7", "B.8", "B.9", "B.10", "B.11", "B.13", "P.1.1", "P.1.2", "M.1",
         "Ø.1", "Ø.2", "F.1")
MUNICIPAL = (("B.3", "resultat", "KVP deltakere"), ("B.3", "plan", "KVP måltall"),
             ("Ø.3", "resultat", "Sosialhjelp regnskap"), ("Ø.3", "plan", "Sosialhjelp budsjett"),
             ("M.2", "teller", "Medarbeidersamtaler gjennomført"), ("M.2", "nevner", "Ansatte"),
             ("M.4", "teller", "Kompetanseprofil registrert"), ("M.4", "nevner", "Ansatte med krav om profil"))
CSV_COLUMNS = ("Enhetsnr", "Enhet", "Periode", "Indikator", "Teller", "Nevner", "Resultat", "Plan", "Verdi", "Merknad")


def _last(office: Office, ind_id: str, fld: str) -> float | None:
    """The office's latest figure for the field this year (October, or earlier for a late office)."""
    vals = [v for v in office.values(ind_id, fld) if v is not None]
    return vals[-1] if vals else None


def _nudge(x: float, rng: random.Random, whole: bool) -> float:
    y = x * (1 + rng.uniform(-0.04, 0.04))
    return float(round(y)) if whole else round(y, 1)


def _fields(cat: Catalogue, office: Office, ind_id: str, rng: random.Random) -> dict[str, float]:
    ind = cat.get(ind_id)
    assert ind is not None
    out: dict[str, float] = {}
    for fld in ind.fields:
        if fld == "andel":
            continue
        x = _last(office, ind_id, fld)
        if x is None and fld in ("teller", "nevner"):  # only the share was typed: make counts from it
            share = _last(office, ind_id, "andel") or 70.0
            x = 200.0 if fld == "nevner" else round(2 * share)
        if x is not None:
            out[fld] = x if fld in ("plan", "nevner") else _nudge(x, rng, whole=fld != "verdi")
    if "teller" in out and "nevner" in out:
        out["teller"] = min(out["teller"], out["nevner"])
    return out


def _number(x: float) -> str:
    text = f"{x:,.1f}" if not float(x).is_integer() else f"{int(x):,}"
    return text.replace(",", " ").replace(".", ",")


def datavarehus(cat: Catalogue, offices: list[Office]) -> bytes:
    lines = [";".join(CSV_COLUMNS)]
    for office in offices:
        rng = random.Random(f"dvh-{office.number}")
        for ind_id in STATE:
            ind = cat.get(ind_id)
            assert ind is not None
            period = "2026-10" if ind.lag_months else "2026-11"
            values = _fields(cat, office, ind_id, rng)
            cells = [values.get(f) for f in ("teller", "nevner", "resultat", "plan", "verdi")]
            row = [office.number, office.name, period, ind.name] + ["" if v is None else _number(v) for v in cells]
            remark = ""
            if office.name == "NAV Elvedal" and ind_id == "B.9":
                row[4] = ".."  # Statistics Norway's «not available»: no figure this month
                remark = '"Stillingstall ikke tilgjengelig:\nkilden er forsinket"'
            lines.append(";".join(row + [remark]))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def kommunale_tall(cat: Catalogue, offices: list[Office]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    wb.set_properties({"title": "Kommunale tall november 2026", "author": "Eksempelfylke", "created": datetime(2026, 12, 3)})
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet("Kommunale tall")
    ws.write_string(0, 0, "Kommunale tall til målekortet – november 2026", bold)
    ws.write_string(1, 0, "Kilde: kommunenes fagsystemer, samlet av NAV Eksempelfylke (fiktive tall)")
    heads = ["Kontornr", "Kontor"] + [h for _, _, h in MUNICIPAL]
    for c, h in enumerate(heads):
        ws.write_string(3, c, h, bold)
    for r, office in enumerate(offices, start=4):
        rng = random.Random(f"kom-{office.number}")
        ws.write_string(r, 0, office.number)
        ws.write_string(r, 1, office.name)
        cache: dict[str, dict[str, float]] = {}
        for c, (ind_id, fld, _) in enumerate(MUNICIPAL, start=2):
            values = cache.setdefault(ind_id, _fields(cat, office, ind_id, rng))
            if fld in values:
                ws.write_number(r, c, values[fld])
    ws.set_column(0, 1, 16)
    ws.set_column(2, len(heads) - 1, 20)
    wb.close()
    return buf.getvalue()


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else HERE / "uttrekk"
    cat = load_catalogue(COUNTY / "fylke.yaml")
    offices = sorted((read_office(p, cat) for p in sorted(COUNTY.glob("nav-*.xlsx"))), key=lambda o: o.number)
    files = {"datavarehus-2026-11.csv": datavarehus(cat, offices),
             "kommunale-tall-2026-11.xlsx": kommunale_tall(cat, offices)}
    for name, data in files.items():
        write_atomic(out / name, data)
        print(f"skrev {out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
