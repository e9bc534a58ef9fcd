"""Write docs/feil.md from the error catalogue (navkort/errors.py) and the reason codes of scoring
(navkort/text/reasons.py). Run after adding a code: `python tools/make_error_docs.py`."""

from pathlib import Path

from navkort.errors import CODES
from navkort.text.i18n import words
from navkort.text.reasons import REASON_TEXTS

OUT = Path(__file__).resolve().parent.parent / "docs" / "feil.md"

lines = ["# Feilkoder", "",
         "Alle feil og advarsler navkort gir, med kode, tittel og hvordan du retter dem. Koden står i hakeparentes "
         "bak hver melding, f.eks. `[cell-not-a-number]`, og i `--json`-utdata (`code`).", "",
         "| kode | hva | slik retter du det |", "|---|---|---|"]
for code, (title, hint) in CODES.items():
    lines.append(f"| `{code}` | {title} | {hint} |")
lines += ["", "## Begrunnelser for status (`reason_code`)", "",
          "Hvorfor en indikator har den statusen den har, er en kode med parametere fra beregningen. "
          "`navkort score --json` gir `reason_code` og `params` ved siden av teksten (`reason`); dokumentene "
          "skriver teksten på bokmål eller nynorsk. `{month}` er månedens navn (med år når det ikke er "
          "arbeidsbokens år), `{month_year}` alltid med år, `{month_name}` uten år; i `params` står måneder "
          "som `ÅÅÅÅ-MM`.", "",
          "| kode | bokmål | nynorsk |", "|---|---|---|"]
for code, text in REASON_TEXTS.items():
    lines.append(f"| `{code}` | {text} | {words('nn')(text)} |")
lines += ["", "Generert av `python tools/make_error_docs.py`; en test sjekker at listene er komplette.", ""]
OUT.write_text("\n".join(lines), encoding="utf-8")
print(OUT)
