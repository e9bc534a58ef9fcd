"""Write docs/feil.md from the error catalogue in navkort/errors.py (run after adding a code)."""

from pathlib import Path

from navkort.errors import CODES

OUT = Path(__file__).resolve().parent.parent / "docs" / "feil.md"

lines = ["# Feilkoder", "",
         "Alle feil og advarsler navkort gir, med kode, tittel og hvordan du retter dem. Koden står i hakeparentes "
         "bak hver melding, f.eks. `[cell-not-a-number]`, og i `--json`-utdata (`code`).", "",
         "| kode | hva | slik retter du det |", "|---|---|---|"]
for code, (title, hint) in CODES.items():
    lines.append(f"| `{code}` | {title} | {hint} |")
lines += ["", "Generert av `python tools/make_error_docs.py`; en test sjekker at listen er komplett.", ""]
OUT.write_text("\n".join(lines), encoding="utf-8")
print(OUT)
