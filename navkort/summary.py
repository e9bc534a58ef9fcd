"""Human descriptions of catalogue content: target text, yellow band, tables and JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .catalogue import PERSPECTIVE_NAMES, PERSPECTIVES, Band, Catalogue, Indicator
from .numbers import MONTHS_SHORT, format_number

UNIT_SUFFIX = {"percent": " %", "kr": " kr", "days": " dager", "count": "", "score": ""}
OWNER_NAMES = {"stat": "statlig", "kommune": "kommunal", "felles": "felles"}
PROVENANCE_MARK = {"nasjonal": "", "fylke": "F", "lokal": "L"}


def _n(x: float, ind: Indicator) -> str:
    return format_number(x, 0 if float(x).is_integer() else ind.decimals) + UNIT_SUFFIX[ind.unit]


def band_text(ind: Indicator, band: Band, direction: str) -> tuple[str, str]:
    """(green text, yellow text) for one band: `≥ 75 %`, `65–75 %`."""
    g, y = band.green, band.yellow
    if direction == "higher":
        return f"≥ {_n(g, ind)}", f"{format_number(y, 0 if float(y).is_integer() else ind.decimals)}–{_n(g, ind)}"
    if direction == "lower":
        return f"≤ {_n(g, ind)}", f"{format_number(g, 0 if float(g).is_integer() else ind.decimals)}–{_n(y, ind)}"
    return f"±{_n(g, ind)}", f"±{_n(y, ind)}"


def _months(ms: tuple[int, ...]) -> str:
    s = sorted(ms)
    return f"{MONTHS_SHORT[s[0] - 1]}–{MONTHS_SHORT[s[-1] - 1]}" if len(s) > 1 else MONTHS_SHORT[s[0] - 1]


def target_text(ind: Indicator, month: int | None = None) -> tuple[str, str]:
    """(target, yellow band) as shown to people; with `month`, only the band in force then."""
    t = ind.target
    if t is None:
        return "nøkkelinformasjon", "–"
    if month is not None:
        band = t.for_month(month)
        return band_text(ind, band, t.direction) if band else ("–", "–")
    bands = t.bands()
    if len(bands) == 1:
        return band_text(ind, bands[0], t.direction)
    texts = [(band_text(ind, b, t.direction), _months(b.months)) for b in bands]
    return ("; ".join(f"{g} ({m})" for (g, _), m in texts), "; ".join(f"{y} ({m})" for (_, y), m in texts))


def catalogue_summary_lines(cat: Catalogue | None) -> list[str]:
    """The success summary of `navkort validate`: counts per perspective and what overlays changed."""
    if cat is None:
        return []
    lines = [f"Gyldig: {len(cat.indicators)} indikatorer fra {', '.join(cat.files)}."]
    for p in PERSPECTIVES:
        inds = [i for i in cat.indicators if i.perspective == p]
        info = sum(1 for i in inds if i.kind == "info")
        extra = f" (herav {info} nøkkelinformasjon)" if info else ""
        lines.append(f"  {PERSPECTIVE_NAMES[p]}: {len(inds)}{extra}")
    by_file: dict[str, list[str]] = {}
    for ch in cat.changes:
        by_file.setdefault(ch.file, []).append(ch.text)
    for file, texts in by_file.items():
        lines.append(f"Overlegg {file} endret:")
        lines.extend(f"  - {t}" for t in texts)
    return lines


def catalogue_rows(cat: Catalogue) -> list[dict[str, Any]]:
    rows = []
    for ind in cat.indicators:
        target, yellow = target_text(ind)
        rows.append({
            "id": ind.id, "name": ind.name, "perspective": ind.perspective, "owner": ind.owner,
            "measure": ind.measure, "unit": ind.unit, "kind": ind.kind,
            "target": target, "yellow": yellow, "lag_months": ind.lag_months,
            "due_month": ind.due_month, "frequency": ind.frequency,
            "provenance": ind.provenance, "set_by": ind.target.set_by if ind.target else "",
            "assumed": bool(ind.target and ind.target.assumed),
            "direction": ind.target.direction if ind.target else None,
            "thresholds": [b.to_dict() for b in ind.target.bands()] if ind.target else [],
            "entered_by": ind.entered_by, "source": ind.source,
        })
    return rows


def catalogue_json(cat: Catalogue) -> dict[str, Any]:
    return {"name": cat.name, "files": list(cat.files), "disabled": list(cat.disabled),
            "changes": [c.to_dict() for c in cat.changes], "indicators": catalogue_rows(cat)}


def catalogue_table(cat: Catalogue, width: int = 120):  # -> rich.table.Table
    """`navkort indicators` as a rich table; perspective and owner are dropped on narrow terminals."""
    from rich.table import Table

    narrow = width < 110
    table = Table(title=f"{cat.name or 'Katalog'} ({' + '.join(cat.files)})", title_justify="left")
    cols = [("Id", {"no_wrap": True}), ("Navn", {"min_width": 14})]
    if not narrow:
        cols += [("Perspektiv", {}), ("Eier", {})]
    cols += [("Målkrav", {}), ("Gult område", {}), ("Forsinkelse" if not narrow else "Fors.", {"no_wrap": True}),
             ("Opphav", {})]
    for col, kw in cols:
        table.add_column(col, overflow="fold", **kw)
    for row in catalogue_rows(cat):
        prov = row["provenance"] + ((" (antatt)" if not narrow else "*") if row["assumed"] else "")
        if row["provenance"] == "fylke" and not narrow:
            prov = f"fylke ({Path(row['set_by']).name})"
        lag = f"{row['lag_months']} mnd" if row["lag_months"] else "–"
        cells = [row["id"], row["name"] if not narrow else cat.get(row["id"]).label]  # type: ignore[union-attr]
        if not narrow:
            cells += [row["perspective"], OWNER_NAMES[row["owner"]]]
        cells += [row["target"], row["yellow"], lag, prov]
        table.add_row(*cells)
    notes = []
    if cat.disabled:
        notes.append("Slått av: " + ", ".join(cat.disabled))
    if narrow:
        notes.append("* = antatt grense (kilden gir ingen)")
    table.caption = ". ".join(notes) or None
    return table
