"""The office workbook's layout: sheet names, headers and labels, shared by writer and reader.

The reader finds everything by label (sheet name, header text, row id and field), never by a
fixed cell, so users may reorder rows, sort, and add their own columns and sheets.
"""

from __future__ import annotations

import re
import unicodedata

from ..model import OverlayRef

SHEET_HELP = "Slik fyller du ut"
SHEET_OFFICE = "Kontor"
SHEET_DATA = "Måledata"
SHEET_LAST_YEAR = "Fjorår"
SHEET_LOCAL = "Lokale mål"
SHEET_COMMENTS = "Kommentarer"
SHEET_ACTIONS = "Tiltaksplan"
SHEET_IMPORTLOG = "Importlogg"  # written by `navkort import`: where each imported figure came from
IMPORTLOG_HEADER = ("Tidspunkt", "Uttrekk", "SHA-256", "Rad", "Kobling", "Indikator", "Felt", "Måned", "Celle",
                    "Gammel verdi", "Ny verdi")
SHEETS = (SHEET_HELP, SHEET_OFFICE, SHEET_DATA, SHEET_LAST_YEAR, SHEET_LOCAL, SHEET_COMMENTS, SHEET_ACTIONS)
REQUIRED_SHEETS = (SHEET_OFFICE, SHEET_DATA)

# Kontor: label in column A, value in column B.
OFFICE_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "Kontor"),
    ("number", "Kontornummer"),
    ("county", "Fylke"),
    ("year", "År"),
    ("leader", "NAV-leder"),
    ("leader_title", "NAV-leders tittel"),
    ("case_officer", "Saksbehandler"),
    ("reference", "Vår referanse"),
    ("county_director", "Fylkesdirektør"),
    ("place", "Sted"),
    ("address", "Postadresse"),
    ("example", "Eksempeldata"),
    ("overlays", "Overlegg"),
)
MUNICIPALITY_HEADER = ("Kommune", "Rådmann / kommunedirektør", "Tittel", "Målform")
MALFORMS = ("bokmål", "nynorsk", "nøytral")

# Måledata / Fjorår: header row with these labels; months are any header parse_month() reads.
DATA_HEADER_ROW = 3  # 1-based row of the header in sheets navkort writes
COL_ID, COL_NAME, COL_FIELD, COL_ENTERED_BY = "ID", "Indikator", "Felt", "Legger inn"
COL_OWNER, COL_SOURCE, COL_FETCHED_BY = "Eier", "Kilde", "Henter ut"
LOCAL_ROWS = 10  # free rows at the bottom of Måledata for local goals

LOCAL_HEADER = ("ID", "Navn", "Perspektiv", "Eier", "Måltype", "Enhet", "Retning", "Grønn", "Gul",
                "Desimaler", "Beskrivelse")
LOCAL_KEYS = ("id", "name", "perspective", "owner", "measure", "unit", "direction", "green", "yellow",
              "decimals", "description")

COMMENT_HEADER = ("Indikator", "Måned", "Kommentar", "Skrevet av", "Kommune")
ACTION_HEADER = ("Nr", "Indikator", "Tiltak (hva skal gjøres)", "Ansvarlig", "Involveres", "Informeres",
                 "Start", "Slutt", "Risikovurdering (kan forbedringen gå ut over andre mål?)", "Status", "Effekt")
ACTION_KEYS = ("nr", "indicator", "what", "responsible", "involved", "informed", "start", "end", "risk",
               "status", "effect")
ACTION_STATUSES = ("Ikke startet", "Pågår", "Fullført", "Utsatt")

# Norwegian words in "Lokale mål" → catalogue codes.
MEASURE_WORDS = {"andel": "share", "verdi": "value", "måloppnåelse": "achievement", "avvik": "deviation",
                 "endring": "change"}
DIRECTION_WORDS = {"høyere": "higher", "lavere": "lower", "bånd": "band", "høgare": "higher",
                   "lågare": "lower"}
UNIT_WORDS = {"prosent": "percent", "%": "percent", "antall": "count", "kr": "kr", "kroner": "kr",
              "dager": "days", "poeng": "score"}
MEASURE_NB = {v: k for k, v in MEASURE_WORDS.items()}
DIRECTION_NB = {"higher": "høyere", "lower": "lavere", "band": "bånd"}
UNIT_NB = {"percent": "prosent", "count": "antall", "kr": "kr", "days": "dager", "score": "poeng"}

FIELD_WORDS = {"teller": "teller", "nevner": "nevner", "andel": "andel", "verdi": "verdi",
               "resultat": "resultat", "plan": "plan", "budsjett": "plan", "faktisk": "resultat"}


def norm(text: object) -> str:
    """Compare labels the way people mean them: NFC, case-folded, inner whitespace collapsed."""
    s = unicodedata.normalize("NFC", str(text)).casefold()
    return " ".join(s.split())


def field_key(label: object) -> str | None:
    """`Andel (%)`, ` teller `, `Verdi (dager)` → canonical field name, or None."""
    s = norm(label)
    if "(" in s:
        s = s.split("(", 1)[0].strip()
    return FIELD_WORDS.get(s)


def col_letter(col: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def cell_ref(row: int, col: int) -> str:
    """0-based (row, col) → `F14`."""
    return f"{col_letter(col)}{row + 1}"


def overlays_text(refs: tuple[OverlayRef, ...]) -> str:
    """«fylke.yaml (NAV Eksempelfylke), kontrollsum 1a2b3c4d5e6f» for «Kontor», «; » between overlays."""
    return "; ".join(f"{r.file}" + (f" ({r.name})" if r.name else "") + f", kontrollsum {r.digest}" for r in refs)


_OVERLAY_RE = re.compile(r"\s*(?P<file>[^;]+?\.ya?ml)(?:\s*\((?P<name>[^;]*)\))?\s*,\s*kontrollsum\s+"
                         r"(?P<digest>[0-9a-f]{12})\s*", re.IGNORECASE)


def parse_overlays(text: str) -> tuple[OverlayRef, ...] | None:
    """The overlays «Kontor» records, or None when the text is not in the form navkort writes."""
    refs = []
    for part in text.split(";"):
        if not part.strip():
            continue
        m = _OVERLAY_RE.fullmatch(part)
        if m is None:
            return None
        refs.append(OverlayRef(m["file"].strip(), (m["name"] or "").strip(), m["digest"].lower()))
    return tuple(refs)
