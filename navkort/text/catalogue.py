"""Catalogue content in words: target and yellow-band texts, the validate summary, the rows of
`navkort indicators`, overlay change texts, and the messages of catalogue checks (bokmål: the
command line's language)."""

from __future__ import annotations

from typing import Any

from ..model import PERSPECTIVES, Band, Catalogue, Indicator, Target
from ..rules.catalogue import Finding
from .i18n import N_, words
from .numbers import MONTHS_SHORT, format_number, unit_suffix
from .words import perspective_name


def _n(x: float, ind: Indicator, lang: str) -> str:
    text = format_number(x, 0 if float(x).is_integer() else ind.decimals)
    return text + unit_suffix(ind.unit, text == "1", lang)


def _plain(x: float, ind: Indicator) -> str:
    return format_number(x, 0 if float(x).is_integer() else ind.decimals)


def band_text(ind: Indicator, band: Band, direction: str, lang: str = "nb") -> tuple[str, str]:
    """(green text, yellow text) for one band: `≥ 75 %`, `65–75 %`."""
    g, y = band.green, band.yellow
    if direction == "higher":
        return f"≥ {_n(g, ind, lang)}", f"{_plain(y, ind)}–{_n(g, ind, lang)}"
    if direction == "lower":
        return f"≤ {_n(g, ind, lang)}", f"{_plain(g, ind)}–{_n(y, ind, lang)}"
    return f"±{_n(g, ind, lang)}", f"±{_n(y, ind, lang)}"


def _months(ms: tuple[int, ...]) -> str:
    s = sorted(ms)
    return f"{MONTHS_SHORT[s[0] - 1]}–{MONTHS_SHORT[s[-1] - 1]}" if len(s) > 1 else MONTHS_SHORT[s[0] - 1]


KEY_INFORMATION = N_("nøkkelinformasjon")


def target_text(ind: Indicator, month: int | None = None, lang: str = "nb") -> tuple[str, str]:
    """(target, yellow band) as shown to people; with `month`, only the band in force then."""
    t = ind.target
    if t is None:
        return words(lang)(KEY_INFORMATION), "–"
    if month is not None:
        band = t.for_month(month)
        return band_text(ind, band, t.direction, lang) if band else ("–", "–")
    bands = t.bands()
    if len(bands) == 1:
        return band_text(ind, bands[0], t.direction, lang)
    texts = [(band_text(ind, b, t.direction, lang), _months(b.months)) for b in bands]
    return ("; ".join(f"{g} ({m})" for (g, _), m in texts), "; ".join(f"{y} ({m})" for (_, y), m in texts))


# ---------------------------------------------------------------------------------------------
# The command line's texts (bokmål)


def fmt(x: float) -> str:
    """A threshold as written in YAML, Norwegian style: 62.5 → 62,5."""
    return f"{x:g}".replace(".", ",")


def _span(months: tuple[int, ...]) -> str:
    ms = sorted(months)
    if ms and ms == list(range(ms[0], ms[-1] + 1)):
        return f"{ms[0]}–{ms[-1]}" if len(ms) > 1 else str(ms[0])
    return ",".join(str(m) for m in ms)


def describe_target(t: Target) -> str:
    """`grønn 75, gul 65`, or one part per schedule line, for the overlay summary."""
    if t.schedule:
        return "; ".join(f"mnd {_span(b.months)}: grønn {fmt(b.green)}, gul {fmt(b.yellow)}" for b in t.schedule)
    return f"grønn {fmt(t.green or 0)}, gul {fmt(t.yellow or 0)}"


FINDING_TEXTS = {
    "info-with-target": "nøkkelinformasjon (kind: info) skal ikke ha målkrav",
    "missing-target": "indikatoren mangler målkrav (target)",
    "due-month-range": "due_month er {month}, men må være 1–12",
    "change-needs-basis": "måltypen change trenger basis: previous_month eller same_month_last_year",
    "basis-only-change": "basis gjelder bare måltypen change",
    "measure-gives-percent": "måltypen {measure} gir prosent; unit må være percent",
    "ytd-rule-measure": "ytd: {rule} gir ingen mening for måltypen {measure}; bruk {allowed}",
    "schedule-or-thresholds": "bruk enten green/yellow eller schedule, ikke begge",
    "target-missing-key": "target mangler {key}",
    "order-higher": "høyere er bedre, så gul ({yellow}) må være lavere enn eller lik grønn ({green})",
    "order-lower": "lavere er bedre, så grønn ({green}) må være lavere enn eller lik gul ({yellow})",
    "order-band": "for et bånd (±) må 0 ≤ grønn ({green}) ≤ gul ({yellow})",
    "percent-range": "{key} er {value} %, men en andel må være 0–100",
    "schedule-month-range": "måned {month} i tidsplanen finnes ikke (1–12)",
    "schedule-gap": "tidsplanen dekker ikke måned {months}",
    "schedule-overlap": "måned {months} står i mer enn én linje i tidsplanen",
}


def finding_message(f: Finding) -> str:
    """A catalogue check's finding as the command line says it."""
    params: dict[str, Any] = {}
    for key, value in f.params.items():
        if isinstance(value, float):
            params[key] = fmt(value)
        elif isinstance(value, list) and key == "allowed":
            params[key] = " eller ".join(str(v) for v in value)
        elif isinstance(value, list):
            params[key] = ", ".join(str(v) for v in value)
        else:
            params[key] = value
    return FINDING_TEXTS[f.key].format(**params)


def catalogue_summary_lines(cat: Catalogue | None) -> list[str]:
    """The success summary of `navkort validate`: counts per perspective and what overlays changed."""
    if cat is None:
        return []
    lines = [f"Gyldig: {len(cat.indicators)} indikatorer fra {', '.join(cat.files)}."]
    for p in PERSPECTIVES:
        inds = [i for i in cat.indicators if i.perspective == p]
        info = sum(1 for i in inds if i.kind == "info")
        extra = f" (herav {info} nøkkelinformasjon)" if info else ""
        lines.append(f"  {perspective_name(p)}: {len(inds)}{extra}")
    by_file: dict[str, list[str]] = {}
    for ch in cat.changes:
        by_file.setdefault(ch.file, []).append(ch.text)
    for file, texts in by_file.items():
        lines.append(f"Overlegg {file} endret:")
        lines.extend(f"  - {t}" for t in texts)
    return lines


def catalogue_rows(cat: Catalogue) -> list[dict[str, Any]]:
    """One row per indicator for `navkort indicators` (table and --json)."""
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
    """`navkort indicators --json`."""
    return {"name": cat.name, "files": list(cat.files), "disabled": list(cat.disabled),
            "changes": [c.to_dict() for c in cat.changes], "indicators": catalogue_rows(cat)}


def catalogue_names(files: tuple[str, ...]) -> tuple[str, ...]:
    """File names without folders (the national catalogue keeps its «(nasjonal)» label)."""
    from pathlib import Path

    return tuple(Path(f).name if "(" not in f else f for f in files)
