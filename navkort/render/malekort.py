"""The one-page målekort: its typed context (pure; the date made is an argument)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from ..model import MAX_SHOWN_NAME, PERSPECTIVES, Office, Scorecard
from ..text.catalogue import catalogue_names
from ..text.i18n import words
from ..text.numbers import format_date, month_label
from ..text.spc import assurance_word, variation_word
from ..text.words import LEGEND_ORDER, STATUS_SYMBOL, perspective_name, status_word
from .rows import BOLD, Row, make_row, shorten, text_width

# Type size and row spacing by how full the page is: (density, most lines), where a row whose value
# carries a month below it counts 1.5 lines. «normal» holds the full national catalogue plus five
# local goals with room to spare; «tight» (8.5 pt, the smallest type allowed) is for more than that.
DENSITIES = (("roomy", 25.0), ("normal", 31.0))
TYPE_PT = {"roomy": 9.5, "normal": 9.0, "tight": 8.5}  # the type size of each density (malekort.html.j2)

# Free text is cut to fit (docs/beslutninger.md 77), with «…» where it was cut and the whole text in the
# element's title; JSON, the xlsx målekort and the letter keep it whole. Widths are estimated from the
# embedded font's metrics (rows.text_width), in em of the text's own size.
MM_PER_PT = 25.4 / 72
PAGE_MM = 190.0  # the text width of the A4 page (_styles.css.j2)
CELL_PAD_MM = 2.4  # a table cell's padding, left and right
FIXED_MM = 2 * 6.4 + 16.3 + 11.8  # the two status cells, the trend line and the SPC icons (as laid out)
SMALL_PT, TH_PT = 8.5, 9.0  # the month under a value and the F/L mark; the column headings (both bold)
SAFETY_MM = 3.0
OFFICE_CHARS, OFFICE_EM = 60, 32.0  # the office in the heading (17 pt bold): at most two lines
H1_LINE_EM = 25.0  # one line of the 17 pt heading (about 163 mm beside «Laget …»), with room to spare
HEAD_LINES = 1.5  # what a heading on two lines counts, in table lines, when the density is chosen
CATALOGUE_CHARS, CATALOGUE_EM = 120, 55.0  # the catalogue files in the footer (8.5 pt): one line


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
    office: str  # whole (the heading's title); `office_shown` is what fits the heading
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
    office_shown: str = ""
    catalogue_shown: str = ""  # the catalogue files joined with « + », cut to one line
    type_pt: float = 9.5


def legend(lang: str, shown: frozenset[str] = frozenset()) -> tuple[LegendItem, ...]:
    """The legend in LEGEND_ORDER; «not ready» only when the card has it (a month not over)."""
    return tuple(LegendItem(s, STATUS_SYMBOL[s], status_word(s if s != "late" else "missing", s == "late", lang))
                 for s in LEGEND_ORDER if s != "not_ready" or s in shown)


def density(quads: tuple[Quadrant, ...], head: float = 0.0) -> str:
    """The roomiest density whose type size still puts all rows on one A4 page (`head`: the lines a
    heading on two lines adds)."""
    lines = head + sum(1.5 if r.month else 1.0 for q in quads for r in q.rows)
    return next((name for name, most in DENSITIES if lines <= most), "tight")


def _mm(text: str, pt: float, bold: bool = False) -> float:
    return text_width(text) * (BOLD if bold else 1.0) * pt * MM_PER_PT


def name_room(rows: list[Row], density: str, lang: str) -> float:
    """The em an indicator name may take on one line: the page width less what the other columns need
    at the density's type size (an ID of 20 characters or a long figure leaves less)."""
    tr, pt = words(lang), TYPE_PT[density]

    def col(texts: list[str], head: str, small: tuple[str, ...] = ()) -> float:
        return CELL_PAD_MM + max([_mm(t, pt) for t in texts] + [_mm(t, SMALL_PT, True) for t in small]
                                 + [_mm(head, TH_PT, True)])

    ids = col([r.id for r in rows if not r.mark], tr("Id"))
    ids = max([ids] + [CELL_PAD_MM + _mm(r.id, pt) + _mm(" " + r.mark, SMALL_PT, True) for r in rows if r.mark])
    others = (ids + col([r.value for r in rows], tr("Verdi"), tuple(r.month for r in rows))
              + col([r.target for r in rows], tr("Mål")) + col([r.ytd for r in rows], "HiÅ") + FIXED_MM)
    return max(6.0, (PAGE_MM - others - CELL_PAD_MM - SAFETY_MM) / (pt * MM_PER_PT))


def malekort_context(card: Scorecard, office: Office, made: date, lang: str = "nb") -> MalekortContext:
    tr = words(lang)
    groups = card.by_perspective()
    rows = {p: [make_row(r, card.month, lang) for r in groups[p]] for p in PERSPECTIVES}
    prefix = text_width(f"{tr('Målekort')} – ") * BOLD
    shown = shorten(card.office, OFFICE_CHARS, OFFICE_EM / BOLD)
    if max(map(text_width, shown.split() or [""])) * BOLD > H1_LINE_EM - prefix:  # a word too long to share a line
        shown = shorten(card.office, OFFICE_CHARS, (H1_LINE_EM - prefix) / BOLD)
    two_lines = prefix + text_width(shown) * BOLD > H1_LINE_EM
    dens = density(tuple(Quadrant(p, "", tuple(rows[p])) for p in PERSPECTIVES), HEAD_LINES if two_lines else 0.0)
    room = name_room([r for p in PERSPECTIVES for r in rows[p]], dens, lang)
    quads = tuple(Quadrant(p, perspective_name(p, lang), tuple(
        dataclasses.replace(row, short_name=shorten(res.indicator.label_in(lang), MAX_SHOWN_NAME, room))
        for row, res in zip(rows[p], groups[p]))) for p in PERSPECTIVES)
    marks = {r.indicator.provenance for r in card.results}
    month = month_label(card.month, lang)
    catalogue = catalogue_names(card.catalogue)
    return MalekortContext(
        lang=lang, office=card.office, month=month, made=format_date(made), quadrants=quads,
        legend=legend(lang, frozenset(r.period.status for r in card.results)),
        catalogue=catalogue, has_county="fylke" in marks, has_local="lokal" in marks,
        counts=card.summary, example=office.example, title=f"{tr('Målekort')} {card.office} – {month}",
        density=dens, spc_legend=spc_legend(card, lang), office_shown=shown,
        catalogue_shown=shorten(" + ".join(catalogue), CATALOGUE_CHARS, CATALOGUE_EM), type_pt=TYPE_PT[dens])


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
