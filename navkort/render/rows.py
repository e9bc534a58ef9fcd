"""One indicator as a reader sees it: the row shared by the målekort and the terminal."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup

from ..model import MAX_SHOWN_NAME, Month, Result
from ..text.catalogue import target_text
from ..text.numbers import MONTHS_SHORT, format_value
from ..text.spc import spc_text
from ..text.words import PROVENANCE_MARK, STATUS_SYMBOL, TREND_ARROW, status_word
from .chart import assurance_badge, variation_badge


@dataclass(frozen=True)
class Row:
    """One indicator of the målekort."""

    id: str
    name: str
    short_name: str
    perspective: str
    owner: str
    mark: str  # "" national, "F" county, "L" local
    status: str  # green|yellow|red|missing|not_due|info|late
    status_word: str
    symbol: str
    value: str
    month: str  # the month judged when it is not the report month, else ""
    target: str
    yellow: str
    ytd: str
    ytd_status: str
    ytd_word: str
    ytd_symbol: str
    ytd_months: int
    spark: tuple[str, ...]  # polyline point lists for the trend sparkline
    spark_last: str  # "x,y" of the latest point, or ""
    arrow: str
    entered_by: str
    spc_icons: str = ""  # the variation and assurance icons (SVG, made by render/chart.py: trusted markup)
    spc_words: str = ""


# Estimated advance widths in em of Navkort Sans (DejaVu Sans Condensed, the font the PDF embeds),
# rounded up from its metrics so an estimate is never narrower than the regular face; bold is about
# 12 % wider (BOLD). A character the font lacks comes from a fallback font: counted as 1 em.
_WIDTHS = ((0.3, " \u00a0ijlìíîïIJÌÍÎÏ'.,|·‘’"), (0.4, "ftr()[]/\\-‐‑:;!"),
           (0.9, "mwMWÆæŒœ%@©®—…¼½¾■"), (0.75, "#+<=>^~±×÷≤≥−&←↑→↓✓✔✖▲◆○●"))
_WIDTH = {c: w for w, chars in _WIDTHS for c in chars} | dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060", 0.0)
BOLD = 1.12
ELLIPSIS = "…"


def char_width(c: str) -> float:
    """Estimated width in em of one character (see _WIDTHS)."""
    if c in _WIDTH:
        return _WIDTH[c]
    if unicodedata.combining(c):
        return 0.0
    if ord(c) > 0x24F and not 0x2000 <= ord(c) <= 0x206F:
        return 1.0  # another script or a symbol: the fallback font's width is unknown
    return 0.72 if c.isupper() else 0.58


@lru_cache(maxsize=8192)
def text_width(text: str) -> float:
    """Estimated width in em of `text` set on one line (regular weight)."""
    return sum(char_width(c) for c in text)


@lru_cache(maxsize=8192)  # the same names on every office's målekort
def shorten(text: str, chars: int, em: float) -> str:
    """`text` on one line of at most `chars` characters and `em` estimated width: whole when it fits,
    else cut after the last whole word that fits, with «…» where the rest was (a word longer than half
    the room is cut inside). Whitespace runs become one space. Only for free text (names), never for
    numbers, status words or IDs."""
    text = " ".join(text.split())
    if len(text) <= chars and text_width(text) <= em:
        return text
    room, used, n = em - char_width(ELLIPSIS), 0.0, 0
    while n < min(len(text), chars - 1) and used + char_width(text[n]) <= room:
        used += char_width(text[n])
        n += 1
    head = text[:n]
    words = head if text[n : n + 1] == " " else head[: max(head.rfind(" "), 0)]
    words = words.rstrip(" ,.;:–-(/")
    return (words if words and len(words) * 2 >= len(head) else head.rstrip()) + ELLIPSIS


def spark(values: tuple[float | None, ...], width: float = 46, height: float = 11) -> tuple[tuple[str, ...], str]:
    """Polyline point lists (one per run of months with figures) and the latest point."""
    present = [v for v in values if v is not None]
    if not present:
        return (), ""
    lo, hi = min(present), max(present)
    span = (hi - lo) or 1.0
    step = width / (len(values) - 1)
    segments: list[list[str]] = [[]]
    last = ""
    for i, v in enumerate(values):
        if v is None:
            if segments[-1]:
                segments.append([])
            continue
        x, y = 1 + i * step, 1 + (height - 2) * (1 - (v - lo) / span) if hi != lo else height / 2
        segments[-1].append(f"{x:.1f},{y:.1f}")
        last = f"{x:.1f},{y:.1f}"
    return tuple(" ".join(s) for s in segments if len(s) >= 1), last


def judged_month(r: Result, report: Month) -> str:
    """`sep.` (or `des. 2025`) when the value is for another month than the report month, else ""
    (Norwegian abbreviations end in a full stop, except «mai», which is not shortened)."""
    judged = r.period.month
    if judged is None or judged == report:
        return ""
    short = MONTHS_SHORT[judged.month - 1]
    return short + ("" if short == "mai" else ".") + (f" {judged.year}" if judged.year != report.year else "")


def value_text(x: float | None, r: Result, lang: str) -> str:
    ind = r.indicator
    return format_value(x, ind.unit, ind.decimals, lang=lang) if x is not None else "–"


NAME_EM = 22.0  # room for a name when the caller does not say (the roomy målekort with days units)


def make_row(r: Result, report: Month, lang: str = "nb", name_em: float = NAME_EM) -> Row:
    """The row of `r`; its short name cut to `name_em` estimated em (malekort.name_room) and at most
    MAX_SHOWN_NAME characters, so it stays on one line (the full name is `name`)."""
    ind = r.indicator
    status = "late" if r.late else r.period.status
    judged = r.period.month
    target, yellow = target_text(ind, judged.month if judged else None, lang)
    if ind.target is None:
        target, yellow = "–", "–"  # key information: no target
    points, last = spark(r.trend)
    spc = r.spc if r.period.value is not None else None  # no figure this month: SPC would be about an earlier one
    return Row(
        id=ind.id, name=ind.name_in(lang), short_name=shorten(ind.label_in(lang), MAX_SHOWN_NAME, name_em),
        perspective=ind.perspective, owner=ind.owner,
        mark=PROVENANCE_MARK[ind.provenance], status=status, status_word=status_word(r.period.status, r.late, lang),
        symbol=STATUS_SYMBOL[status], value=value_text(r.period.value, r, lang), month=judged_month(r, report),
        target=target, yellow=yellow, ytd=value_text(r.ytd.value, r, lang), ytd_status=r.ytd.status,
        ytd_word=status_word(r.ytd.status, False, lang), ytd_symbol=STATUS_SYMBOL[r.ytd.status],
        ytd_months=r.ytd.months, spark=points, spark_last=last, arrow=TREND_ARROW[r.trend_direction],
        entered_by=ind.entered_by or "",
        spc_icons=Markup(variation_badge(spc, lang) + assurance_badge(spc, lang)), spc_words=spc_text(spc, lang))
