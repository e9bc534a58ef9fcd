"""The one-page målekort: its typed context (pure; the date made is an argument)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import PERSPECTIVES, Office, Scorecard
from ..text.catalogue import catalogue_names
from ..text.i18n import words
from ..text.numbers import format_date, month_label
from ..text.spc import assurance_word, variation_word
from ..text.words import LEGEND_ORDER, STATUS_SYMBOL, perspective_name, status_word
from .rows import Row, make_row

# Type size and row spacing by how full the page is: (density, most lines), where a row whose value
# carries a month below it counts 1.5 lines. «normal» holds the full national catalogue plus five
# local goals with room to spare; «tight» (8.5 pt, the smallest type allowed) is for more than that.
DENSITIES = (("roomy", 25.0), ("normal", 31.0))


@dataclass(frozen=True)
class Quadrant:
    key: str
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class LegendItem:
    status: str
    symbol: str
    word: str


@dataclass(frozen=True)
class MalekortContext:
    """Context of malekort.html.j2."""

    lang: str
    office: str
    month: str  # "oktober 2026"
    made: str  # "22.11.2026"
    quadrants: tuple[Quadrant, ...]
    legend: tuple[LegendItem, ...]
    catalogue: tuple[str, ...]
    has_county: bool
    has_local: bool
    counts: dict[str, int]
    example: bool
    title: str
    density: str  # "roomy" | "normal" | "tight": type size and row spacing, so the card fills one page
    spc_legend: tuple[tuple[str, str], ...] = ()  # (icon markup, words) for the SPC icons the card shows


def legend(lang: str, shown: frozenset[str] = frozenset()) -> tuple[LegendItem, ...]:
    """The legend in LEGEND_ORDER; «not ready» only when the card has it (a month not over)."""
    return tuple(LegendItem(s, STATUS_SYMBOL[s], status_word(s if s != "late" else "missing", s == "late", lang))
                 for s in LEGEND_ORDER if s != "not_ready" or s in shown)


def density(quads: tuple[Quadrant, ...]) -> str:
    """The roomiest density whose type size still puts all rows on one A4 page."""
    lines = sum(1.5 if r.month else 1.0 for q in quads for r in q.rows)
    return next((name for name, most in DENSITIES if lines <= most), "tight")


def malekort_context(card: Scorecard, office: Office, made: date, lang: str = "nb") -> MalekortContext:
    tr = words(lang)
    groups = card.by_perspective()
    quads = tuple(Quadrant(p, perspective_name(p, lang), tuple(make_row(r, card.month, lang) for r in groups[p]))
                  for p in PERSPECTIVES)
    marks = {r.indicator.provenance for r in card.results}
    month = month_label(card.month, lang)
    return MalekortContext(
        lang=lang, office=card.office, month=month, made=format_date(made), quadrants=quads,
        legend=legend(lang, frozenset(r.period.status for r in card.results)),
        catalogue=catalogue_names(card.catalogue), has_county="fylke" in marks, has_local="lokal" in marks,
        counts=card.summary, example=office.example, title=f"{tr('Målekort')} {card.office} – {month}",
        density=density(quads), spc_legend=spc_legend(card, lang))


def spc_legend(card: Scorecard, lang: str) -> tuple[tuple[str, str], ...]:
    """One legend entry per SPC icon that appears on the card, in a fixed order."""
    from markupsafe import Markup

    from .chart import assurance_badge, variation_badge

    seen: dict[str, tuple[str, str]] = {}
    for r in card.results:
        if r.spc is None or not r.spc.enough:
            continue
        seen.setdefault(f"v-{r.spc.variation}", (Markup(variation_badge(r.spc, lang)), variation_word(r.spc, lang)))
        if r.spc.assurance != "none":
            seen.setdefault(f"a-{r.spc.assurance}", (Markup(assurance_badge(r.spc, lang)), assurance_word(r.spc, lang)))
    order = ["v-common", "v-improvement", "v-concern", "v-neutral_high", "v-neutral_low", "a-pass", "a-fail",
             "a-hit_and_miss"]
    return tuple(seen[k] for k in order if k in seen)
