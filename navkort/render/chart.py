"""SPC drawn: the XmR chart of one indicator (SVG), and the two small badges beside the traffic light (HTML).

Our own SVG (no plotting library: matplotlib costs ~0.5 s to import and pygal ~80 ms and neither
draws these charts better than forty lines of SVG; see docs/spc.md). Every text is escaped; the
same SVG is inline in the HTML appendix, vector in the PDF, and a file from `navkort chart`."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..model import Indicator, Scorecard, Spc, SpcPoint
from ..text.i18n import words
from ..text.numbers import MONTHS_SHORT, format_value
from ..text.spc import assurance_word, rule_word, variation_word

INK = {"improvement": "#1F5FA8", "concern": "#C65A00", "neutral_high": "#6A3D9A", "neutral_low": "#6A3D9A",
       "common": "#595959", "too_few": "#595959"}
W, H, LEFT, RIGHT, TOP, BOTTOM = 640, 280, 64, 16, 34, 58


def _scale(lo: float, hi: float) -> tuple[float, float]:
    pad = (hi - lo) * 0.08 or max(abs(hi) * 0.1, 1.0)
    return lo - pad, hi + pad


def xmr_svg(ind: Indicator, spc: Spc, lang: str = "nb", title: str = "", standalone: bool = False) -> str:
    """The XmR chart: values, mean, process limits (dashed), target (green), special causes coloured.
    `standalone` adds the SVG namespace a file needs (HTML's inline SVG has no network reference)."""
    ns = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    tr = words(lang)
    pts = spc.points
    label = escape(title or f"{ind.id} {ind.label_in(lang)}")
    if not pts:
        few = escape(tr("For få måneder til kontrollgrenser (trenger minst 13)"))
        return (f'<svg{ns} width="{W}" height="60" viewBox="0 0 {W} 60" role="img">'
                f'<title>{label}: {few}</title><text x="8" y="24" font-size="13">{label}'
                f'</text><text x="8" y="46" font-size="12" fill="#595959">{few}</text></svg>')
    values = [p.value for p in pts] + [p.lower for p in pts] + [p.upper for p in pts]
    if spc.target is not None:
        values.append(spc.target)
    lo, hi = _scale(min(values), max(values))
    step = (W - LEFT - RIGHT) / max(len(pts) - 1, 1)

    def x(i: int) -> float:
        return LEFT + i * step

    def y(v: float) -> float:
        return TOP + (H - TOP - BOTTOM) * (1 - (v - lo) / (hi - lo))

    out = [f'<svg{ns} width="{W}" height="{H}" viewBox="0 0 {W} {H}" role="img" '
           'font-family="Navkort Sans, DejaVu Sans, Arial, sans-serif">'  # the PDF's own font first: embedded once
           f'<title>{label}: {escape(_summary(spc, lang))}</title>',
           f'<text x="{LEFT}" y="18" font-size="13" font-weight="bold">{label}</text>',
           f'<text x="{W - RIGHT}" y="18" font-size="11" text-anchor="end" fill="{INK[spc.variation]}">'
           f'{escape(_summary(spc, lang))}</text>']
    out += _lines(pts, x, y)
    goal = escape(tr("mål"))
    if spc.target is not None:
        out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y(spc.target):.1f}" y2="{y(spc.target):.1f}" '
                   f'stroke="#2E7D32" stroke-width="1.2" stroke-dasharray="2 3"/><text x="{LEFT + 4}" '
                   f'y="{y(spc.target) - 3:.1f}" font-size="10" fill="#2E7D32">'
                   f'{goal} {escape(format_value(spc.target, ind.unit, ind.decimals, lang=lang))}</text>')
    path = " ".join(f"{x(i):.1f},{y(p.value):.1f}" for i, p in enumerate(pts))
    out.append(f'<polyline points="{path}" fill="none" stroke="#333" stroke-width="1.4"/>')
    for i, p in enumerate(pts):
        tip = escape(f"{MONTHS_SHORT[p.month.month - 1]} {p.month.year}: "
                     f"{format_value(p.value, ind.unit, ind.decimals, lang=lang)}"
                     + (f" – {rule_word(p.rule, lang)}" if p.rule else ""))
        out.append(_marker(x(i), y(p.value), p, tip))
        if i % max(1, len(pts) // 12) == 0 or i == len(pts) - 1:
            out.append(f'<text x="{x(i):.1f}" y="{H - BOTTOM + 16}" font-size="10" text-anchor="middle">'
                       f"{MONTHS_SHORT[p.month.month - 1]}</text>")
            if p.month.month == 1 or i == 0:
                out.append(f'<text x="{x(i):.1f}" y="{H - BOTTOM + 29}" font-size="9" text-anchor="middle" '
                           f'fill="#595959">{p.month.year}</text>')
    for v in (pts[-1].lower, pts[-1].mean, pts[-1].upper):
        out.append(f'<text x="{LEFT - 4}" y="{y(v) + 3:.1f}" font-size="10" text-anchor="end">'
                   f"{escape(format_value(v, ind.unit, ind.decimals, lang=lang))}</text>")
    if pts[-1].rule:  # the point that matters gets its value written beside it
        out.append(_last_value(ind, pts[-1], x(len(pts) - 1), y(pts[-1].value), lang))
    out.append(_legend(lang))
    out.append("</svg>")
    return "".join(out)


def _lines(pts: tuple[SpcPoint, ...], x: object, y: object) -> list[str]:
    """Mean (solid) and limits (dashed), one segment per stretch with the same limits (a rebase)."""
    fx, fy = x, y
    assert callable(fx) and callable(fy)
    out: list[str] = []
    start = 0
    for i in range(1, len(pts) + 1):
        if i < len(pts) and (pts[i].mean, pts[i].lower, pts[i].upper) == (pts[start].mean, pts[start].lower,
                                                                          pts[start].upper):
            continue
        p = pts[start]
        x1, x2 = fx(start), fx(i - 1)
        for v, dash, colour in ((p.mean, "", "#1a1a1a"), (p.lower, "5 3", "#8a8a8a"), (p.upper, "5 3", "#8a8a8a")):
            out.append(f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{fy(v):.1f}" y2="{fy(v):.1f}" stroke="{colour}" '
                       f'stroke-width="1"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
        start = i
    return out


def _last_value(ind: Indicator, p: SpcPoint, cx: float, cy: float, lang: str) -> str:
    dy = 14 if p.side == "low" else -8
    return (f'<text x="{cx - 6:.1f}" y="{cy + dy:.1f}" font-size="10" text-anchor="end" fill="{INK[p.kind]}">'
            f"{escape(format_value(p.value, ind.unit, ind.decimals, lang=lang))}</text>")


def _marker(cx: float, cy: float, p: SpcPoint, tip: str) -> str:
    """A point: small and dark for common cause; a square for concern, a large circle for improvement,
    a diamond for unusual without a better side (shapes that differ in greyscale too)."""
    colour = INK[p.kind] if p.rule else "#333"
    if not p.rule or p.kind == "common":
        shape = f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2.4" fill="{colour}">'
        return f"{shape}<title>{tip}</title></circle>"
    if p.kind == "concern":
        return (f'<rect x="{cx - 3.8:.1f}" y="{cy - 3.8:.1f}" width="7.6" height="7.6" fill="{colour}">'
                f"<title>{tip}</title></rect>")
    if p.kind == "improvement":
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{colour}"><title>{tip}</title></circle>'
    return (f'<path d="M{cx:.1f} {cy - 4.5:.1f} L{cx + 4.5:.1f} {cy:.1f} L{cx:.1f} {cy + 4.5:.1f} '
            f'L{cx - 4.5:.1f} {cy:.1f} Z" fill="{colour}"><title>{tip}</title></path>')


def _legend(lang: str) -> str:
    """What the lines and marks mean, under the chart (a chart file must read on its own)."""
    tr = words(lang)
    mean, limits, goal = escape(tr("snitt")), escape(tr("kontrollgrenser")), escape(tr("mål"))
    concern, better = escape(tr("bekymring")), escape(tr("forbedring"))
    y0 = H - 10
    parts = [
        f'<line x1="{LEFT}" x2="{LEFT + 18}" y1="{y0 - 4}" y2="{y0 - 4}" stroke="#1a1a1a"/>'
        f'<text x="{LEFT + 22}" y="{y0}" font-size="10">{mean}</text>',
        f'<line x1="{LEFT + 70}" x2="{LEFT + 88}" y1="{y0 - 4}" y2="{y0 - 4}" stroke="#8a8a8a" stroke-dasharray="5 3"/>'
        f'<text x="{LEFT + 92}" y="{y0}" font-size="10">{limits}</text>',
        f'<line x1="{LEFT + 190}" x2="{LEFT + 208}" y1="{y0 - 4}" y2="{y0 - 4}" stroke="#2E7D32" '
        f'stroke-dasharray="2 3"/><text x="{LEFT + 212}" y="{y0}" font-size="10">{goal}</text>',
        f'<rect x="{LEFT + 250}" y="{y0 - 8}" width="7.6" height="7.6" fill="{INK["concern"]}"/>'
        f'<text x="{LEFT + 262}" y="{y0}" font-size="10">{concern}</text>',
        f'<circle cx="{LEFT + 340}" cy="{y0 - 4}" r="4" fill="{INK["improvement"]}"/>'
        f'<text x="{LEFT + 348}" y="{y0}" font-size="10">{better}</text>',
    ]
    return "".join(parts)


def _summary(spc: Spc, lang: str) -> str:
    return "; ".join(t for t in (variation_word(spc, lang), assurance_word(spc, lang)) if t)


@dataclass(frozen=True)
class AppendixContext:
    """Context of spc_vedlegg.html.j2: a chart per indicator that has enough months."""

    lang: str
    office: str
    month: str
    charts: tuple[str, ...]  # SVG markup made here (trusted)
    too_few: tuple[str, ...]  # «B.12 Utvidet oppfølging» for indicators without enough months
    example: bool
    title: str


def appendix_context(card: Scorecard, lang: str = "nb") -> AppendixContext:
    from markupsafe import Markup

    from ..text.numbers import month_label

    charts = tuple(Markup(xmr_svg(r.indicator, r.spc, lang)) for r in card.results
                   if r.spc is not None and r.spc.enough)
    few = tuple(f"{r.id} {r.indicator.label_in(lang)}" for r in card.results if r.spc is not None and not r.spc.enough)
    tr = words(lang)
    heading = tr("Kontrolldiagrammer")
    return AppendixContext(lang=lang, office=card.office, month=month_label(card.month, lang), charts=charts,
                           too_few=few, example=False, title=f"{heading} {card.office}")


_BADGE_SIGN = {"common": "~", "concern": "!", "improvement": "+", "neutral_high": "↑", "neutral_low": "↓"}


def variation_badge(spc: Spc | None, lang: str = "nb") -> str:
    """The målekort's variation icon as HTML (a ringed sign; PDF renders it far faster than SVG):
    «!» in a heavy ring for concern, «+» for improvement, an arrow for unusual, «~» for common cause."""
    if spc is None or not spc.enough:
        return ""
    word = escape(variation_word(spc, lang))
    return (f'<span class="spcv spc-{spc.variation}" title="{word}" aria-label="{word}">'
            f"{_BADGE_SIGN[spc.variation]}</span>")


def assurance_badge(spc: Spc | None, lang: str = "nb") -> str:
    """✓ (meets the target every time), ✗ (never) or ? (hit and miss) in a square, as HTML."""
    if spc is None or not spc.enough or spc.assurance == "none":
        return ""
    word = escape(assurance_word(spc, lang))
    sign = {"pass": "✓", "fail": "✗", "hit_and_miss": "?"}[spc.assurance]
    return f'<span class="spca spc-{spc.assurance}" title="{word}" aria-label="{word}">{sign}</span>'
