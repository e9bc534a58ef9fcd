"""Writing office workbooks: `navkort new`, `--from` last year, and the example county.

Written with xlsxwriter: every text is written as a string cell (never a formula), number cells
have validation, label cells are locked, percent cells show `65,5 %` for a typed `65,5`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import NavkortError, Problem
from ..model import PERSPECTIVES, Catalogue, Indicator, Municipality, Office
from ..text.numbers import MONTHS_SHORT
from ..text.words import owner_name
from .files import write_atomic
from .layout import (
    ACTION_HEADER,
    ACTION_KEYS,
    ACTION_STATUSES,
    COL_ENTERED_BY,
    COL_FETCHED_BY,
    COL_FIELD,
    COL_ID,
    COL_NAME,
    COL_OWNER,
    COL_SOURCE,
    COMMENT_HEADER,
    DIRECTION_NB,
    LOCAL_HEADER,
    LOCAL_ROWS,
    MALFORMS,
    MEASURE_NB,
    MUNICIPALITY_HEADER,
    OFFICE_FIELDS,
    SHEET_ACTIONS,
    SHEET_COMMENTS,
    SHEET_DATA,
    SHEET_HELP,
    SHEET_LAST_YEAR,
    SHEET_LOCAL,
    SHEET_OFFICE,
    UNIT_NB,
    overlays_text,
)

FIXED_TIME = datetime(2026, 1, 1)
FIELD_LABELS = {"teller": "Teller", "nevner": "Nevner", "andel": "Andel (%)", "verdi": "Verdi",
                "resultat": "Resultat", "plan": "Plan"}  # document properties; keeps regenerated files byte-stable


@dataclass(frozen=True)
class Typed:
    """A cell value as a person typed it (text), or a number shown with Excel's percent format."""

    text: str | None = None
    percent_formatted: float | None = None  # 0.655 shown as 65,5 %


def _field_label(ind: Indicator, fld: str) -> str:
    label = FIELD_LABELS[fld]
    if fld in ("verdi", "resultat", "plan") and ind.unit != "percent":
        unit = {"kr": "kr", "days": "dager", "count": "antall", "score": "poeng"}[ind.unit]
        return f"{label} ({unit})"
    if fld == "verdi" and ind.measure == "change":  # the change is computed from counts
        return "Verdi (antall)"
    if fld == "verdi" and ind.unit == "percent":
        return "Verdi (%)"
    return label


HELP_TEXT = """\
Slik fyller du ut målekortet

Denne arbeidsboken er kontorets målekort for ett år. navkort leser den hver måned og lager
målekortet (én side), statusbrevet til rådmann og fylkesdirektør og tiltaksplanen.

Hvem fyller ut hva, og når
• Kontor: NAV fylke fyller ut kontorets navn, år, NAV-leder, fylkesdirektør og én rad per kommune
  med rådmann/kommunedirektør og målform (et interkommunalt kontor har flere kommuner).
  NAV-leders tittel og saksbehandler står under signaturen og i brevhodet; «Vår referanse» er
  saksnummeret i arkivet, og står i brevet bare når det er fylt ut.
• Måledata: én rad per indikator og felt, én kolonne per måned. Kolonnen «Legger inn» viser hvem
  som fører inn tallene: NAV fylke fører statlige tall, NAV-leder fører kommunale tall.
  Tallene føres inn når de er klare (noen den 5., noen den 10., sykefravær en måned etter).
• Fjorår: fjorårets tall, brukes for sammenligning og trend. Kopieres inn av «navkort new --from».
• Lokale mål: mål dere har avtalt i partnerskapet. Fyll inn id (f.eks. L.1), navn, perspektiv,
  måltype, enhet, retning og grensene for grønt og gult. Før tallene i de ledige radene nederst i
  «Måledata» med samme id.
• Kommentarer: NAV-leders vurdering per indikator og måned. Den står først i statusbrevet, slik den
  er skrevet. Skriv en kommune i kolonnen «Kommune» når kommentaren bare gjelder brevet til den.
• Tiltaksplan: tiltak for de 1–3 svakeste områdene: hva, ansvarlig, hvem som involveres og
  informeres, start og slutt, risikovurdering (kan forbedringen gå ut over andre mål?) og status.

Slik skriver du tall
• Skriv tall som vanlig: 65,5 eller 1 234. Andeler i prosent skrives som 65,5 (vises som 65,5 %).
• For andeler fører du helst teller og nevner; navkort regner ut andelen. Har du bare prosenten,
  før den i raden «Andel (%)».
• La cellen stå tom (eller skriv -) når tallet ikke finnes ennå. Ikke skriv «ca», «?» eller tekst.
• Formler er lov, men lagre filen i Excel eller LibreOffice så verdien er regnet ut.

Grå celler er låst (arket er beskyttet uten passord: Se gjennom › Opphev arkbeskyttelse).
"""


class _Formats:
    def __init__(self, wb: Any) -> None:
        f = wb.add_format
        self.title = f({"bold": True, "font_size": 14})
        self.note = f({"italic": True, "font_color": "#555555"})
        self.head = f({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "top",
                       "locked": True})
        self.label = f({"bg_color": "#F2F2F2", "border": 1, "locked": True, "valign": "top"})
        self.label_wrap = f({"bg_color": "#F2F2F2", "border": 1, "locked": True, "text_wrap": True, "valign": "top"})
        self.section = f({"bold": True, "bg_color": "#E2EFDA", "border": 1, "locked": True})
        self.input = f({"locked": False, "border": 1, "num_format": "#,##0.##"})
        self.input_pct = f({"locked": False, "border": 1, "num_format": '0.0" %"'})
        self.input_pctfmt = f({"locked": False, "border": 1, "num_format": "0.0%"})
        self.input_text = f({"locked": False, "border": 1, "text_wrap": True, "valign": "top"})
        self.input_date = f({"locked": False, "border": 1, "num_format": "dd.mm.yyyy"})
        self.wrap = f({"text_wrap": True, "valign": "top"})


def _protect(ws: Any) -> None:
    ws.protect("", {"sort": True, "autofilter": True, "format_columns": True, "format_rows": True,
                    "format_cells": True, "insert_rows": True, "select_locked_cells": True,
                    "select_unlocked_cells": True})


def _write_help(wb: Any, fmt: _Formats) -> None:
    ws = wb.add_worksheet(SHEET_HELP)
    ws.set_column(0, 0, 110, fmt.wrap)
    for r, line in enumerate(HELP_TEXT.splitlines()):
        ws.write_string(r, 0, line, fmt.title if r == 0 else None)


def _write_office_sheet(wb: Any, fmt: _Formats, office: Office) -> None:
    ws = wb.add_worksheet(SHEET_OFFICE)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 36)
    ws.set_column(2, 3, 20)
    ws.write_string(0, 0, "Kontoropplysninger", fmt.title)
    values = {"name": office.name, "number": office.number, "county": office.county, "year": office.year,
              "leader": office.leader, "leader_title": office.leader_title, "case_officer": office.case_officer,
              "reference": office.reference, "county_director": office.county_director, "place": office.place,
              "address": office.address, "example": "Ja – fiktivt kontor med fiktive tall" if office.example else "",
              "overlays": overlays_text(office.overlays)}
    r = 2
    for key, label in OFFICE_FIELDS:
        ws.write_string(r, 0, label, fmt.label)
        v = values[key]
        if isinstance(v, int) and v:
            ws.write_number(r, 1, v, fmt.input_text)
        else:
            ws.write_string(r, 1, str(v or ""), fmt.input_text)
        r += 1
    r += 1
    for c, h in enumerate(MUNICIPALITY_HEADER):
        ws.write_string(r, c, h, fmt.head)
    munis = list(office.municipalities)
    for i in range(max(len(munis), 1) + 4):
        m = munis[i] if i < len(munis) else None
        ws.write_string(r + 1 + i, 0, m.name if m else "", fmt.input_text)
        ws.write_string(r + 1 + i, 1, m.radmann if m else "", fmt.input_text)
        ws.write_string(r + 1 + i, 2, m.title if m else "", fmt.input_text)
        ws.write_string(r + 1 + i, 3, m.malform if m else "", fmt.input_text)
    ws.data_validation(r + 1, 3, r + max(len(munis), 1) + 4, 3, {
        "validate": "list", "source": list(MALFORMS), "ignore_blank": True, "error_title": "Ukjent målform",
        "error_message": "Velg bokmål, nynorsk eller nøytral."})
    _protect(ws)


def _data_rows(catalogue: Catalogue, local: Sequence[Indicator]) -> list[tuple[Indicator, str]]:
    return [(ind, fld) for ind in list(catalogue.indicators) + list(local) for fld in ind.fields]


def _write_data_sheet(wb: Any, fmt: _Formats, name: str, year: int, office_name: str, catalogue: Catalogue,
                      local: Sequence[Indicator], series: dict[str, dict[str, list[Any]]],
                      typed: dict[tuple[str, str, int], Typed]) -> None:
    ws = wb.add_worksheet(name)
    ws.write_string(0, 0, f"{name} {year} – {office_name}", fmt.title)
    ws.write_string(1, 0, "Én rad per indikator og felt, én kolonne per måned. Tomt eller - betyr at tallet ikke "
                          "finnes ennå. Prosent skrives som 65,5.", fmt.note)
    header = [COL_ID, COL_NAME, COL_FIELD, COL_ENTERED_BY] + MONTHS_SHORT + [COL_OWNER, COL_SOURCE, COL_FETCHED_BY]
    hr = 2
    for c, h in enumerate(header):
        ws.write_string(hr, c, h, fmt.head)
    widths = [8, 44, 14, 12] + [9] * 12 + [9, 26, 12]
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    r = hr + 1
    for ind, fld in _data_rows(catalogue, []):
        _write_data_row(ws, fmt, r, ind, fld, series, typed)
        r += 1
    ws.merge_range(r, 0, r, len(header) - 1, "Lokale mål – skriv id (som i arket «Lokale mål») og felt i de ledige "
                                              "radene under", fmt.section)
    r += 1
    local_rows = [(ind, fld) for ind in local for fld in ind.fields]
    for i in range(max(LOCAL_ROWS, len(local_rows) + 4)):
        if i < len(local_rows):
            _write_data_row(ws, fmt, r, local_rows[i][0], local_rows[i][1], series, typed, unlocked_labels=True)
        else:
            ws.write_string(r, 0, "", fmt.input_text)
            ws.write_string(r, 1, "", fmt.input_text)
            ws.write_string(r, 2, "", fmt.input_text)
            for m in range(12):
                ws.write_blank(r, 4 + m, None, fmt.input)
        r += 1
    ws.data_validation(hr + 1, 4, r - 1, 15, {
        "validate": "decimal", "criteria": "between", "minimum": -1e12, "maximum": 1e12,
        "ignore_blank": True, "error_title": "Ikke et tall",
        "error_message": "Skriv bare tallet, f.eks. 65,5 eller 1234. La cellen stå tom om tallet mangler.",
    })
    ws.data_validation(hr + 1, 2, r - 1, 2, {
        "validate": "list", "source": ["Teller", "Nevner", "Andel (%)", "Verdi", "Resultat", "Plan"],
        "ignore_blank": True, "show_error": False})
    ws.freeze_panes(hr + 1, 4)
    ws.autofilter(hr, 0, r - 1, len(header) - 1)
    _protect(ws)


def _write_data_row(ws: Any, fmt: _Formats, r: int, ind: Indicator, fld: str, series: dict[str, dict[str, list[Any]]],
                    typed: dict[tuple[str, str, int], Typed], unlocked_labels: bool = False) -> None:
    label_fmt = fmt.input_text if unlocked_labels else fmt.label
    ws.write_string(r, 0, ind.id, label_fmt)
    ws.write_string(r, 1, ind.name, fmt.label_wrap if not unlocked_labels else fmt.input_text)
    ws.write_string(r, 2, _field_label(ind, fld), label_fmt)
    ws.write_string(r, 3, ind.entered_by or "", fmt.label)
    percent = fld == "andel" or (fld == "verdi" and ind.unit == "percent" and ind.measure != "change")
    cell_fmt = fmt.input_pct if percent else fmt.input
    values = series.get(ind.id, {}).get(fld) or [None] * 12
    for m in range(12):
        t = typed.get((ind.id, fld, m + 1))
        if t is not None and t.text is not None:
            ws.write_string(r, 4 + m, t.text, cell_fmt)
        elif t is not None and t.percent_formatted is not None:
            ws.write_number(r, 4 + m, t.percent_formatted, fmt.input_pctfmt)
        elif values[m] is not None:
            ws.write_number(r, 4 + m, values[m], cell_fmt)
        else:
            ws.write_blank(r, 4 + m, None, cell_fmt)
    ws.write_string(r, 16, owner_name(ind.owner), fmt.label)
    ws.write_string(r, 17, ind.source or "", fmt.label)
    ws.write_string(r, 18, ind.fetched_by or "", fmt.label)


def _write_local_sheet(wb: Any, fmt: _Formats, local: Sequence[Indicator]) -> None:
    ws = wb.add_worksheet(SHEET_LOCAL)
    ws.write_string(0, 0, "Lokale mål avtalt i partnerskapet", fmt.title)
    ws.write_string(1, 0, "Id må være unik (f.eks. L.1). Måltype: andel, verdi, måloppnåelse, avvik. Retning: "
                          "høyere, lavere eller bånd. Grensene er inkluderende.", fmt.note)
    for c, h in enumerate(LOCAL_HEADER):
        ws.write_string(2, c, h, fmt.head)
    for c, w in enumerate([8, 36, 14, 10, 14, 10, 10, 8, 8, 10, 50]):
        ws.set_column(c, c, w)
    rows = len(local) + 8
    for i in range(rows):
        r = 3 + i
        ind = local[i] if i < len(local) else None
        vals: list[Any] = [""] * len(LOCAL_HEADER)
        if ind is not None:
            band = ind.target.bands()[0] if ind.target and ind.target.bands() else None
            vals = [ind.id, ind.name, ind.perspective, ind.owner, MEASURE_NB[ind.measure], UNIT_NB[ind.unit],
                    DIRECTION_NB[ind.target.direction] if ind.target else "",
                    band.green if band else "", band.yellow if band else "", ind.decimals, ind.description]
        for c, v in enumerate(vals):
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                ws.write_number(r, c, v, fmt.input)
            else:
                ws.write_string(r, c, str(v), fmt.input_text)
    last = 3 + rows - 1
    for c, options in ((2, list(PERSPECTIVES)), (3, ["stat", "kommune", "felles"]),
                       (4, list(MEASURE_NB.values())), (5, list(UNIT_NB.values())), (6, list(DIRECTION_NB.values()))):
        ws.data_validation(3, c, last, c, {"validate": "list", "source": options, "ignore_blank": True})
    ws.data_validation(3, 7, last, 8, {"validate": "decimal", "criteria": "between", "minimum": -1e9,
                                       "maximum": 1e9, "ignore_blank": True, "error_title": "Ikke et tall",
                                       "error_message": "Skriv grensen som et tall, f.eks. 14 eller 75,5."})
    ws.freeze_panes(3, 2)
    _protect(ws)


def _write_text_table(wb: Any, fmt: _Formats, name: str, title: str, header: tuple[str, ...], widths: list[int],
                      rows: list[list[Any]], extra_rows: int = 20) -> Any:
    ws = wb.add_worksheet(name)
    ws.write_string(0, 0, title, fmt.title)
    for c, h in enumerate(header):
        ws.write_string(2, c, h, fmt.head)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    for i in range(len(rows) + extra_rows):
        row = rows[i] if i < len(rows) else [""] * len(header)
        for c, v in enumerate(row):
            if isinstance(v, (date, datetime)):
                ws.write_datetime(3 + i, c, datetime(v.year, v.month, v.day), fmt.input_date)
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                ws.write_number(3 + i, c, v, fmt.input)
            else:
                ws.write_string(3 + i, c, "" if v is None else str(v), fmt.input_text)
    ws.freeze_panes(3, 0)
    _protect(ws)
    return ws


def build_workbook(catalogue: Catalogue, office: Office, *,
                   typed: dict[tuple[str, str, int], Typed] | None = None,
                   typed_last_year: dict[tuple[str, str, int], Typed] | None = None) -> bytes:
    """The office workbook as .xlsx bytes, with whatever figures, comments and actions `office` has."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                                   "strings_to_urls": False})
    wb.set_properties({"title": f"Målekort {office.year} – {office.name}", "author": "navkort",
                       "comments": "Eksempeldata (fiktivt)" if office.example else "Laget med navkort new",
                       "created": FIXED_TIME})
    fmt = _Formats(wb)
    _write_help(wb, fmt)
    _write_office_sheet(wb, fmt, office)
    _write_data_sheet(wb, fmt, SHEET_DATA, office.year, office.name, catalogue, office.local_indicators,
                      office.series, typed or {})
    _write_data_sheet(wb, fmt, SHEET_LAST_YEAR, office.year - 1, office.name, catalogue, office.local_indicators,
                      office.last_year, typed_last_year or {})
    _write_local_sheet(wb, fmt, office.local_indicators)
    _write_text_table(wb, fmt, SHEET_COMMENTS, "Kommentarer fra NAV-leder (kommer med i statusbrevet)",
                      COMMENT_HEADER, [10, 12, 90, 18, 18],
                      [[c.indicator, MONTHS_SHORT[c.month - 1] if c.month else "", c.text, c.author, c.municipality]
                       for c in office.comments])
    ws = _write_text_table(wb, fmt, SHEET_ACTIONS, "Tiltaksplan", ACTION_HEADER,
                           [5, 10, 40, 16, 16, 16, 11, 11, 36, 12, 24],
                           [[getattr(a, k) for k in ACTION_KEYS] for a in office.actions])
    last = 3 + len(office.actions) + 20 - 1
    ws.data_validation(3, 9, last, 9, {"validate": "list", "source": list(ACTION_STATUSES), "ignore_blank": True,
                                       "error_title": "Ukjent status",
                                       "error_message": "Velg Ikke startet, Pågår, Fullført eller Utsatt."})
    ws.data_validation(3, 6, last, 7, {"validate": "date", "criteria": "between",
                                       "minimum": datetime(2000, 1, 1), "maximum": datetime(2100, 12, 31),
                                       "ignore_blank": True, "error_title": "Ikke en dato",
                                       "error_message": "Skriv datoen som dd.mm.åååå."})
    wb.close()
    return buf.getvalue()


def new_office(catalogue: Catalogue, *, name: str, year: int, municipalities: list[str] | None = None,
               previous: Office | None = None, other_office: bool = False) -> Office:
    """A blank office for `year`; with `previous` (last year's office) its figures go to Fjorår and
    its Kontor details, local goals and open actions carry forward."""
    county = catalogue.overlays[-1].name.removeprefix("NAV ").strip() if catalogue.overlays else ""
    office = Office(file="", name=name, year=year, county=county, overlays=catalogue.overlays)
    if previous is not None and not other_office and previous.name.strip().casefold() != name.strip().casefold():
        raise NavkortError(Problem(
            "from-other-office", f"«{previous.file}» er arbeidsboken til «{previous.name}», ikke «{name}»; tallene "
            "ville blitt et annet kontors «Fjorår».", file=previous.file,
            hint="Bruk fjorårets arbeidsbok for samme kontor, eller --from-other-office om det er meningen "
                 "(f.eks. etter en sammenslåing)."))
    if previous is not None:
        office = office.replace(
            number=previous.number, county=previous.county or county, leader=previous.leader,
            county_director=previous.county_director, place=previous.place, address=previous.address,
            municipalities=previous.municipalities,
            last_year={k: {f: list(v) for f, v in fields.items()} for k, fields in previous.series.items()},
            local_indicators=previous.local_indicators, actions=tuple(a for a in previous.actions if a.is_open))
    if municipalities:
        known = {m.name: m for m in office.municipalities}
        office = office.replace(municipalities=tuple(known.get(n) or Municipality(name=n) for n in municipalities))
    return office


def write_new_workbook(path: Path | str, catalogue: Catalogue, office: Office, *, force: bool = False) -> None:
    """Write a workbook for `office` to `path`, refusing to overwrite unless `force`."""
    path = Path(path)
    if path.exists() and not force:
        raise NavkortError(Problem("file-exists", f"«{path}» finnes fra før; navkort skriver ikke over den.",
                                   file=str(path)))
    if path.suffix.lower() != ".xlsx":
        raise NavkortError(Problem("usage", f"«{path}» må slutte på .xlsx.", file=str(path)))
    write_atomic(path, build_workbook(catalogue, office))
