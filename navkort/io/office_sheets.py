"""The sheets of an office workbook, one reader each: Kontor, Måledata/Fjorår, Lokale mål,
Kommentarer and Tiltaksplan. Rows and columns are found by their labels, never by fixed cells."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from ..errors import Problem
from ..model import MAX_SHOWN_NAME, Action, Comment, Indicator, Municipality, Series
from ..text.numbers import format_plain as _nb
from .cells import Cells, find_header, text_of
from .indicators import make_indicator_cached
from .layout import (
    ACTION_HEADER,
    ACTION_KEYS,
    COL_FIELD,
    COL_ID,
    COMMENT_HEADER,
    DIRECTION_WORDS,
    LOCAL_HEADER,
    LOCAL_KEYS,
    MALFORMS,
    MEASURE_WORDS,
    MUNICIPALITY_HEADER,
    OFFICE_FIELDS,
    UNIT_WORDS,
    cell_ref,
    field_key,
    norm,
)
from .parse import parse_month
from .sheets import Sheet


def read_kontor(sheet: Sheet, cells: Cells, office: dict[str, Any]) -> list[Municipality]:
    labels = {norm(label): key for key, label in OFFICE_FIELDS}
    munis: list[Municipality] = []
    in_table = False
    for r, row in enumerate(sheet.rows):
        first = norm(row[0]) if row and row[0] not in (None, "") else ""
        if first == norm(MUNICIPALITY_HEADER[0]):
            in_table = True
            continue
        if in_table:
            name = text_of(row[0]) if row else ""
            if not name:
                continue
            radmann = text_of(row[1]) if len(row) > 1 else ""
            title = (text_of(row[2]) if len(row) > 2 else "") or "rådmann"
            munis.append(Municipality(name=name, radmann=radmann, title=title, malform=_malform(sheet, cells, r, row)))
            if not radmann:
                cells.problem("kontor-no-radmann", f"Kommunen «{name}» har ingen rådmann/kommunedirektør.",
                              sheet, r, 1, severity="warning")
            continue
        if first in labels:
            office[labels[first]] = (row[1] if len(row) > 1 else None, r)
    return munis


def _malform(sheet: Sheet, cells: Cells, r: int, row: list[Any]) -> str:
    """«Målform» of a municipality: bokmål (also when empty, as in workbooks made before the column),
    nynorsk or nøytral; anything else is a warning and reads as bokmål."""
    text = (text_of(row[3]) if len(row) > 3 else "").casefold()
    aliases = {"": "bokmål", "nb": "bokmål", "bokmal": "bokmål", "nn": "nynorsk", "noytral": "nøytral"}
    value = aliases.get(text, text)
    if value not in MALFORMS:
        cells.problem("kontor-malform", f"Forstår ikke målformen «{text_of(row[3])}»; brevet skrives på bokmål.",
                      sheet, r, 3, severity="warning")
        return "bokmål"
    return value


def parse_year(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)) and float(v).is_integer() and 2000 <= v <= 2100:
        return int(v)
    if isinstance(v, str) and v.strip().isdigit() and 2000 <= int(v.strip()) <= 2100:
        return int(v.strip())
    return None


def month_columns(sheet: Sheet, cells: Cells, hr: int, skip: tuple[int, ...]) -> dict[int, int]:
    """Column → month (1–12) from the header row; a missing month is a problem."""
    month_cols: dict[int, int] = {}
    for c, v in enumerate(sheet.rows[hr]):
        if c in skip:
            continue
        m = parse_month(v) if not (isinstance(v, (int, float)) and not isinstance(v, bool)) else None
        if m is not None and m not in month_cols.values():
            month_cols[c] = m
    if len(month_cols) < 12:
        missing = sorted(set(range(1, 13)) - set(month_cols.values()))
        cells.problems.append(Problem("header-missing", f"Arket «{sheet.name}» mangler kolonne for måned "
                                      f"{', '.join(str(m) for m in missing)}.", file=cells.file, sheet=sheet.name,
                                      cell=cell_ref(hr, 0)))
    return month_cols


def read_series(sheet: Sheet, cells: Cells, indicators: dict[str, Indicator], disabled: set[str],
                *, check_rows: bool) -> Series:
    """Måledata/Fjorår: rows by (id, field), month columns by header."""
    found = find_header(sheet, [COL_ID, COL_FIELD])
    if found is None:
        cells.problems.append(Problem("header-missing", f"Finner ikke overskriftsraden (med «{COL_ID}» og "
                                      f"«{COL_FIELD}») i arket «{sheet.name}».", file=cells.file, sheet=sheet.name))
        return {}
    hr, labels = found
    id_col, field_col = labels[norm(COL_ID)], labels[norm(COL_FIELD)]
    month_cols = month_columns(sheet, cells, hr, (id_col, field_col))
    series: Series = {}
    seen: dict[tuple[str, str], int] = {}
    reported_unknown: set[str] = set()
    by_norm = {norm(i): i for i in indicators}
    off = {norm(d) for d in disabled}
    for r in range(hr + 1, len(sheet.rows)):
        raw_id_text = text_of(sheet.get(r, id_col))
        if not raw_id_text:
            continue
        ind_id = by_norm.get(norm(raw_id_text))
        fld = field_key(sheet.get(r, field_col))
        if ind_id is None:
            has_figures = any(sheet.get(r, c) not in (None, "") for c in month_cols)
            key = norm(raw_id_text)
            if check_rows and has_figures and key not in off and key not in reported_unknown:
                reported_unknown.add(key)
                cells.problem("row-unknown", f"Raden har tall for «{raw_id_text}», som ikke finnes i katalogen "
                              "eller «Lokale mål»; tallene blir ikke med.", sheet, r, id_col, raw_id_text,
                              severity="warning")
            continue
        ind = indicators[ind_id]
        if fld is None or fld not in ind.fields:
            if check_rows:
                cells.problem("row-unknown", f"Feltet «{text_of(sheet.get(r, field_col))}» passer ikke for {ind_id} "
                              f"(bruk {', '.join(ind.fields)}).", sheet, r, field_col, ind_id)
            continue
        if (ind_id, fld) in seen:
            cells.problem("row-duplicate", f"{ind_id} {fld} står også på rad {seen[(ind_id, fld)] + 1}.",
                          sheet, r, id_col, ind_id)
            continue
        seen[(ind_id, fld)] = r
        # a change is computed from counts: its «Verdi» is a count even though the result is a percent
        percent = fld == "andel" or (fld == "verdi" and ind.unit == "percent" and ind.measure != "change")
        series.setdefault(ind_id, {})[fld] = _row_values(sheet, cells, r, month_cols, percent, ind_id)
    if check_rows:
        _check_rows_present(sheet, cells, indicators, set(seen))
        check_plausible(sheet, cells, series, seen, month_cols)
    return series


def _col_of(month_cols: dict[int, int], month: int) -> int:
    return next(c for c, m in month_cols.items() if m == month)


def check_plausible(sheet: Sheet, cells: Cells, series: Series, seen: dict[tuple[str, str], int],
                    month_cols: dict[int, int]) -> None:
    """Warnings, naming the cell, for figures that are numbers but hardly what was meant: a share
    typed as a fraction, more in the numerator than the denominator, and a value more than ten times
    the office's own median for that row. `validate --strict` makes them errors."""
    for (ind_id, fld), r in seen.items():
        vals = series.get(ind_id, {}).get(fld) or []
        present = [(m, v) for m, v in enumerate(vals, start=1) if v is not None]
        if fld == "andel":
            for m, v in present:
                others = [w for k, w in present if k != m]
                if 0 < abs(v) < 1 and all(w >= 1 for w in others):  # alone, or the others are whole percents
                    cells.problem("figure-implausible", f"Andelen {_nb(v)} ser ut som en brøk; mente du "
                                  f"{_nb(v * 100)}? (Skriv andeler i prosent.)", sheet, r, _col_of(month_cols, m),
                                  ind_id, severity="warning")
                elif v > 100:
                    cells.problem("figure-implausible", f"Andelen {_nb(v)} % er over 100 %; sjekk tallet (og om "
                                  "cellen er formatert som prosent).", sheet, r, _col_of(month_cols, m), ind_id,
                                  severity="warning")
        positive = sorted(abs(v) for _, v in present if v)
        median = positive[len(positive) // 2] if len(positive) >= 3 else 0.0
        for m, v in present:
            if median >= 1 and abs(v) > 10 * median:
                cells.problem("figure-implausible", f"{_nb(v)} er over ti ganger det vanlige for raden "
                              f"({_nb(median)}); "
                              "sjekk tallet.", sheet, r, _col_of(month_cols, m), ind_id, severity="warning")
    for (ind_id, fld), r in seen.items():
        if fld != "teller" or (ind_id, "nevner") not in seen:
            continue
        teller, nevner = series[ind_id]["teller"], series[ind_id]["nevner"]
        for m, (t, n) in enumerate(zip(teller, nevner), start=1):
            if t is not None and n is not None and t > n:
                cells.problem("figure-implausible", f"Telleren ({_nb(t)}) er større enn nevneren ({_nb(n)}).", sheet, r,
                              _col_of(month_cols, m), ind_id, severity="warning")


def _row_values(sheet: Sheet, cells: Cells, r: int, month_cols: dict[int, int], percent: bool,
                ind_id: str) -> list[float | None]:
    values: list[float | None] = [None] * 12
    # A plain finite number needs none of Cells.number's checks when the sheet has no formula without
    # a value, no error value and (for a non-zero number in a percent row) no percent-styled cell: take
    # it as it is (the common case, most of the cells read). Anything else goes through Cells.number.
    # The styles are looked at exactly when Cells.number would look at them.
    plain = not sheet.formula_no_value and not sheet.error_cells
    row = sheet.rows[r] if r < len(sheet.rows) else []
    for c, m in month_cols.items():
        v = row[c] if c < len(row) else None
        if plain and (v is None or (type(v) is float and math.isfinite(v) and (
                not percent or v == 0 or not sheet.any_percent_formatted()))):
            values[m - 1] = v
        else:
            values[m - 1] = cells.number(sheet, r, c, percent=percent, indicator=ind_id)
    return values


def _check_rows_present(sheet: Sheet, cells: Cells, indicators: dict[str, Indicator],
                        seen: set[tuple[str, str]]) -> None:
    """A warning for each indicator whose rows are missing: it shows without figures."""
    for ind_id, ind in indicators.items():
        have = {f for (i, f) in seen if i == ind_id}
        if ind.measure == "share":
            ok = {"teller", "nevner"} <= have or "andel" in have
            wanted = "teller og nevner (eller andel)"
        else:
            ok = set(ind.fields) <= have
            wanted = " og ".join(f for f in ind.fields if f not in have)
        if not ok:
            cells.problems.append(Problem(
                "row-missing", f"Mangler rad for {ind_id} {wanted}; indikatoren vises uten tall.",
                file=cells.file, sheet=sheet.name, indicator=ind_id, severity="warning"))


def read_local(sheet: Sheet, cells: Cells) -> list[Indicator]:
    found = find_header(sheet, ["ID", "Navn"])
    if found is None:
        return []
    hr, labels = found
    cols = {key: labels.get(norm(label)) for key, label in zip(LOCAL_KEYS, LOCAL_HEADER)}
    out: list[Indicator] = []
    for r in range(hr + 1, len(sheet.rows)):
        ind_id = text_of(sheet.get(r, cols["id"])) if cols["id"] is not None else ""
        if not ind_id:
            continue
        raw: dict[str, Any] = {}
        for key, c in cols.items():
            if c is None:
                continue
            v = sheet.get(r, c)
            if v in (None, ""):
                continue
            raw[key] = v
        data: dict[str, Any] = {"id": ind_id, "name": text_of(raw.get("name")), "owner": "kommune"}
        if len(data["name"]) > MAX_SHOWN_NAME and cols["name"] is not None:
            cells.problem("text-shortened", f"Navnet er {len(data['name'])} tegn; målekortet har plass til "
                          f"{MAX_SHOWN_NAME - 1} og viser resten som «…». Hele navnet står i brevet, JSON og "
                          "arbeidsbøkene.", sheet, r, cols["name"], ind_id, severity="warning")
        for key in ("perspective", "owner", "description"):
            if key in raw:
                data[key] = norm(raw[key]) if key != "description" else text_of(raw[key])
        if "measure" in raw:
            data["measure"] = MEASURE_WORDS.get(norm(raw["measure"]), norm(raw["measure"]))
        if "unit" in raw:
            data["unit"] = UNIT_WORDS.get(norm(raw["unit"]), norm(raw["unit"]))
        target: dict[str, Any] = {}
        if "direction" in raw:
            target["direction"] = DIRECTION_WORDS.get(norm(raw["direction"]), norm(raw["direction"]))
        for key in ("green", "yellow"):
            if key in raw:
                x = cells.number(sheet, r, cols[key], percent=False, indicator=ind_id)  # type: ignore[arg-type]
                if x is not None:
                    target[key] = x
        if target:
            data["target"] = target
        if "decimals" in raw:
            d = raw["decimals"]
            if isinstance(d, str) and d.strip().isdigit():  # «0» typed as text: as forgiving as other cells
                d = int(d.strip())
            data["decimals"] = int(d) if isinstance(d, float) and d.is_integer() else d
        ind, findings = make_indicator_cached(data)
        for code, msg, path in findings:
            named: str | None = next((p for p in reversed(path) if isinstance(p, str) and p in cols), None)
            key = named if named not in ("target", None) else \
                next((p for p in path if p in ("green", "yellow", "direction")), "id")
            c = cols.get(key) if cols.get(key) is not None else cols["id"]
            cells.problem(code, msg[:1].upper() + msg[1:], sheet, r, c or 0, ind_id)
        if ind is not None and not findings:
            out.append(ind.with_provenance("lokal", cells.file))
    return out


def municipality_key(name: str) -> str:
    """«Nordvik», «nordvik kommune», «Nordvik  herad» → the same key (spaces and case as people mean them)."""
    key = norm(name)
    for tail in (" kommune", " herad"):
        if key.endswith(tail) and len(key) > len(tail):
            key = key[: -len(tail)].strip()
    return key


def read_comments(sheet: Sheet, cells: Cells, known: set[str], municipalities: dict[str, str]) -> list[Comment]:
    """«Kommentarer». `municipalities`: municipality_key → the name in «Kontor»; a comment for one of them
    carries that name, one for an unknown municipality the name as typed (and a warning)."""
    found = find_header(sheet, COMMENT_HEADER[:3])
    if found is None:
        return []
    hr, labels = found
    ci, cm, ct = (labels[norm(h)] for h in COMMENT_HEADER[:3])
    ca = labels.get(norm(COMMENT_HEADER[3]))
    ck = labels.get(norm(COMMENT_HEADER[4]))  # «Kommune»: absent in workbooks made before it
    out = []
    for r in range(hr + 1, len(sheet.rows)):
        text = text_of(sheet.get(r, ct))
        if not text:
            continue
        ind = text_of(sheet.get(r, ci))
        raw_month = sheet.get(r, cm)
        month = parse_month(raw_month)
        if month is None and raw_month not in (None, ""):
            cells.problem("month-unreadable", f"Forstår ikke måneden «{text_of(raw_month)}».", sheet, r, cm, ind,
                          severity="warning")
        if ind and norm(ind) not in known:
            cells.problem("reference-unknown", f"Kommentaren gjelder «{ind}», som ikke er en kjent indikator.",
                          sheet, r, ci, ind, severity="warning")
        typed = text_of(sheet.get(r, ck)) if ck is not None else ""
        muni = municipalities.get(municipality_key(typed), typed) if typed else ""
        if ck is not None and typed and municipality_key(typed) not in municipalities:
            cells.problem("comment-municipality-unknown", f"Kommentaren gjelder kommunen «{typed}», som ikke står i "
                          "arket «Kontor»; den kommer ikke med i noe brev til rådmann, bare i brevene til "
                          "fylkesdirektør og NAV-leder.", sheet, r, ck, ind, severity="warning")
        out.append(Comment(indicator=ind, month=month, text=str(sheet.get(r, ct)).strip(),
                           author=text_of(sheet.get(r, ca)) if ca is not None else "", municipality=muni))
    return out


def read_actions(sheet: Sheet, cells: Cells, known: set[str]) -> list[Action]:
    found = find_header(sheet, ACTION_HEADER[1:3])
    if found is None:
        return []
    hr, labels = found
    cols = {key: labels.get(norm(h)) for key, h in zip(ACTION_KEYS, ACTION_HEADER)}
    out = []
    for r in range(hr + 1, len(sheet.rows)):
        vals: dict[str, Any] = {}
        for key, c in cols.items():
            v = sheet.get(r, c) if c is not None else None
            if key in ("start", "end"):
                vals[key] = (v.date() if isinstance(v, datetime) else v) if isinstance(v, (date, datetime)) \
                    else (text_of(v) or None)
            else:
                vals[key] = v if isinstance(v, str) else text_of(v)
        if not (str(vals.get("what") or "").strip() or str(vals.get("indicator") or "").strip()):
            continue
        ind = str(vals.get("indicator") or "").strip()
        if ind and norm(ind) not in known:
            cells.problem("reference-unknown", f"Tiltaket gjelder «{ind}», som ikke er en kjent indikator.",
                          sheet, r, cols["indicator"] or 0, ind, severity="warning")
        out.append(Action(**vals))
    return out
