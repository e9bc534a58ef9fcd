"""The monthly documents: the one-page målekort, the status letter and the action plan.

Each document has a typed context (the dataclasses below); templates read only those fields.
Building contexts is pure (the date made is an argument); `write_reports` does the I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from .catalogue import PERSPECTIVES, Catalogue
from .numbers import MONTHS_SHORT, format_date, format_value, month_name
from .office import Action, Office
from .scoring import Month, Result, Scorecard, score
from .summary import PROVENANCE_MARK, target_text
from .texts import STATUS_SYMBOL, TEXTS, TREND_ARROW, status_word

Recipient = Literal["radmann", "fylkesdirektor", "navleder"]
RECIPIENT_ALIASES = {"rådmann": "radmann", "radmann": "radmann", "kommunedirektør": "radmann",
                     "fylkesdirektør": "fylkesdirektor", "fylkesdirektor": "fylkesdirektor",
                     "navleder": "navleder", "nav-leder": "navleder"}
RANK = {"red": 0, "yellow": 1, "green": 2}


def slug(text: str) -> str:
    """`NAV Midtre Skogli` → `nav-midtre-skogli`; æøå → ae, o, a for safe file names."""
    s = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "kontor"


# ---------------------------------------------------------------------------------------------
# Rows shared by the documents


@dataclass(frozen=True)
class Row:
    """One indicator as a reader sees it."""

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


def _clip(text: str, n: int) -> str:
    """At most `n` characters, so one very long local name cannot push the målekort onto two pages."""
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _spark(values: tuple[float | None, ...], width: float = 46, height: float = 11) -> tuple[tuple[str, ...], str]:
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


def make_row(r: Result, report: Month, lang: str = "nb") -> Row:
    ind = r.indicator
    status = "late" if r.late else r.period.status
    judged = r.period.month
    target, yellow = target_text(ind, judged.month if judged else None)
    if ind.target is None:
        target, yellow = "–", "–"  # key information: no target
    spark, last = _spark(r.trend)
    month = ""
    if judged is not None and judged != report:  # lagged or yearly: say which month the value is for
        month = MONTHS_SHORT[judged.month - 1] + (f" {judged.year}" if judged.year != report.year else "")
    return Row(
        id=ind.id, name=ind.name, short_name=_clip(ind.label, 48), perspective=ind.perspective, owner=ind.owner,
        mark=PROVENANCE_MARK[ind.provenance], status=status, status_word=status_word(r.period.status, r.late, lang),
        symbol=STATUS_SYMBOL[status],
        value=format_value(r.period.value, ind.unit, ind.decimals) if r.period.value is not None else "–",
        month=month, target=target, yellow=yellow,
        ytd=format_value(r.ytd.value, ind.unit, ind.decimals) if r.ytd.value is not None else "–",
        ytd_status=r.ytd.status, ytd_word=status_word(r.ytd.status, False, lang), ytd_symbol=STATUS_SYMBOL[r.ytd.status],
        ytd_months=r.ytd.months, spark=spark, spark_last=last, arrow=TREND_ARROW[r.trend_direction],
        entered_by=ind.entered_by or "")


# ---------------------------------------------------------------------------------------------
# The one-page målekort


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
    tx: dict[str, str]
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


def legend(lang: str) -> tuple[LegendItem, ...]:
    return tuple(LegendItem(s, STATUS_SYMBOL[s], status_word(s if s != "late" else "missing", s == "late", lang))
                 for s in ("green", "yellow", "red", "late", "missing", "not_due", "info"))


def malekort_context(card: Scorecard, office: Office, made: date, lang: str = "nb") -> MalekortContext:
    tx = TEXTS[lang]
    groups = card.by_perspective()
    quads = tuple(Quadrant(p, tx[f"perspective.{p}"], tuple(make_row(r, card.month, lang) for r in groups[p]))
                  for p in PERSPECTIVES)
    marks = {r.indicator.provenance for r in card.results}
    return MalekortContext(
        lang=lang, tx=tx, office=card.office, month=card.month.label(lang), made=format_date(made),
        quadrants=quads, legend=legend(lang), catalogue=tuple(Path(f).name if "(" not in f else f
                                                             for f in card.catalogue),
        has_county="fylke" in marks, has_local="lokal" in marks, counts=card.summary, example=office.example,
        title=f"{tx['malekort']} {card.office} – {card.month.label(lang)}")


# ---------------------------------------------------------------------------------------------
# The status letter


@dataclass(frozen=True)
class LetterItem:
    id: str
    name: str
    value: str
    target: str
    status: str
    status_word: str
    symbol: str
    ytd: str
    ytd_word: str
    owner: str


@dataclass(frozen=True)
class LetterSection:
    title: str
    goes_well: tuple[LetterItem, ...]
    challenges: tuple[LetterItem, ...]


@dataclass(frozen=True)
class ActionRow:
    nr: str
    indicator: str
    what: str
    responsible: str
    start: str
    end: str
    status: str


@dataclass(frozen=True)
class CommentRow:
    indicator: str
    text: str
    author: str


@dataclass(frozen=True)
class CompletenessRow:
    id: str
    name: str
    month: str
    state: str  # "forsinket" / "mangler"
    entered_by: str


@dataclass(frozen=True)
class LetterContext:
    """Context of statusbrev.html.j2."""

    lang: str
    tx: dict[str, str]
    recipient_kind: str
    internal: bool
    sender_office: str
    sender_leader: str
    sender_address: str
    recipient_name: str
    recipient_org: str
    place: str
    date: str
    subject: str
    counts_text: str
    changes: tuple[str, ...]
    priority_title: str
    priority_items: tuple[LetterItem, ...]
    sections: tuple[LetterSection, ...]
    actions: tuple[ActionRow, ...]
    comments: tuple[CommentRow, ...]
    completeness: tuple[CompletenessRow, ...]
    example: bool
    title: str


def _item(r: Result, lang: str) -> LetterItem:
    ind = r.indicator
    judged = r.period.month
    value = format_value(r.period.value, ind.unit, ind.decimals) if r.period.value is not None else "–"
    return LetterItem(id=ind.id, name=ind.label, value=value,
                      target=target_text(ind, judged.month if judged else None)[0], status=r.period.status,
                      status_word=status_word(r.period.status, r.late, lang), symbol=STATUS_SYMBOL[r.period.status],
                      ytd=format_value(r.ytd.value, ind.unit, ind.decimals) if r.ytd.value is not None else "–",
                      ytd_word=status_word(r.ytd.status, False, lang), owner=ind.owner)


def _date_text(v: Any) -> str:
    if isinstance(v, date):
        return format_date(v)
    return "" if v is None else str(v)


def _changes(card: Scorecard, previous: Scorecard | None, lang: str) -> tuple[str, ...]:
    tx = TEXTS[lang]
    if previous is None:
        return ()
    better, worse = [], []
    for r in card.results:
        p = previous.get(r.id)
        if p is None or r.period.status not in RANK or p.period.status not in RANK:
            continue
        a, b = RANK[p.period.status], RANK[r.period.status]
        text = f"{r.id} {r.indicator.label} ({status_word(p.period.status, False, lang)} → " \
               f"{status_word(r.period.status, False, lang)})"
        if b > a:
            better.append(text)
        elif b < a:
            worse.append(text)
    out = []
    if better:
        out.append(tx["letter.improved"].format(items="; ".join(better)))
    if worse:
        out.append(tx["letter.worse"].format(items="; ".join(worse)))
    return tuple(out) or (tx["letter.nochanges"],)


def letter_contexts(card: Scorecard, previous: Scorecard | None, office: Office, to: Recipient, made: date,
                    lang: str = "nb") -> list[tuple[str, LetterContext]]:
    """One (file suffix, context) per letter: one per municipality to rådmann, else one."""
    tx = TEXTS[lang]
    s = card.summary
    scored = s["green"] + s["yellow"] + s["red"] + s["missing"]
    rest = tx["letter.counts_rest"].format(missing=s["missing"]) if s["missing"] else ""
    counts_text = tx["letter.counts"].format(total=scored, green=s["green"], yellow=s["yellow"], red=s["red"],
                                             rest=rest)
    first_owner = {"radmann": "kommune", "fylkesdirektor": "stat", "navleder": None}[to]
    order = {"kommune": {"kommune": 0, "felles": 1, "stat": 2}, "stat": {"stat": 0, "felles": 1, "kommune": 2},
             None: {"stat": 0, "kommune": 0, "felles": 0}}[first_owner]
    groups = card.by_perspective()
    sections = []
    for p in PERSPECTIVES:
        rows = sorted(groups[p], key=lambda r: order[r.indicator.owner])  # stable: catalogue order within owner
        well = tuple(_item(r, lang) for r in rows if r.period.status == "green")
        chall = tuple(_item(r, lang) for r in rows if r.period.status == "red") + tuple(
            _item(r, lang) for r in rows if r.period.status == "yellow")
        if rows:
            sections.append(LetterSection(tx[f"perspective.{p}"], well, chall))
    priority_items: tuple[LetterItem, ...] = ()
    priority_title = ""
    if first_owner:
        priority_title = tx["letter.municipal_first" if first_owner == "kommune" else "letter.state_first"]
        priority_items = tuple(_item(r, lang) for r in card.results if r.indicator.owner == first_owner)
    actions = tuple(ActionRow(a.nr, a.indicator, a.what, a.responsible, _date_text(a.start), _date_text(a.end),
                              a.status) for a in office.actions if a.is_open)
    comments = tuple(CommentRow(c.indicator, c.text, c.author) for c in office.comments
                     if c.month in (card.month.month, None))
    completeness: tuple[CompletenessRow, ...] = ()
    if to == "navleder":
        completeness = tuple(
            CompletenessRow(r.id, r.indicator.label,
                            month_name(r.expected_month.month, lang) if r.expected_month else "",
                            status_word("missing", r.late, lang), r.indicator.entered_by or "")
            for r in card.results if r.late or r.period.status == "missing")
    subject = tx["letter.subject"].format(office=office.name, month=card.month.label(lang))
    common = dict(lang=lang, tx=tx, recipient_kind=to, internal=to == "navleder", sender_office=office.name,
                  sender_leader=office.leader, sender_address=office.address, place=office.place or office.name,
                  date=format_date(made), subject=subject, counts_text=counts_text,
                  changes=_changes(card, previous, lang), priority_title=priority_title,
                  priority_items=priority_items, sections=tuple(sections), actions=actions, comments=comments,
                  completeness=completeness, example=office.example, title=subject)
    out: list[tuple[str, LetterContext]] = []
    if to == "radmann":
        munis = office.municipalities or []
        for m in munis or [None]:
            name = f"{m.title} {m.radmann}".strip() if m else ""
            org = f"{m.name} kommune" if m else ""
            suffix = "radmann" + (f"-{slug(m.name)}" if m and len(munis) > 1 else "")
            out.append((suffix, LetterContext(recipient_name=name or "Rådmann", recipient_org=org, **common)))
    elif to == "fylkesdirektor":
        out.append(("fylkesdirektor", LetterContext(
            recipient_name=office.county_director or "Fylkesdirektør",
            recipient_org=f"NAV {office.county}".strip(), **common)))
    else:
        out.append(("navleder", LetterContext(recipient_name=office.leader or "NAV-leder",
                                              recipient_org=office.name, **common)))
    return out


# ---------------------------------------------------------------------------------------------
# The action plan


@dataclass(frozen=True)
class PlanRow:
    nr: str
    indicator: str
    indicator_name: str
    what: str
    responsible: str
    involved: str
    informed: str
    start: Any  # kept as written: a date or text
    end: Any
    risk: str
    status: str
    effect: str
    proposed: bool
    priority: int | None


@dataclass(frozen=True)
class Priority:
    rank: int
    id: str
    name: str
    why: str


@dataclass(frozen=True)
class PlanContext:
    """Context of tiltaksplan.html.j2 (and the rows of the .xlsx)."""

    lang: str
    tx: dict[str, str]
    office: str
    month: str
    made: str
    rows: tuple[PlanRow, ...]
    priorities: tuple[Priority, ...]
    example: bool
    title: str


def _distance(r: Result, value: float | None) -> float:
    """How far `value` is from green, in units of the yellow band's width (bigger is worse)."""
    t = r.indicator.target
    if value is None or t is None or r.period.green is None or r.period.yellow is None:
        return 0.0
    g, y = r.period.green, r.period.yellow
    span = abs(g - y) or 1.0
    if t.direction == "higher":
        return (g - value) / span
    if t.direction == "lower":
        return (value - g) / span
    return (abs(value) - g) / span


def priority_areas(card: Scorecard, limit: int = 3) -> list[tuple[Result, str]]:
    """At most `limit` weakest areas: year-to-date red first, then period-only red, then yellow;
    ties broken by distance from green (in yellow-band widths), then catalogue order."""
    ranked = []
    for i, r in enumerate(card.results):
        p, y = r.period.status, r.ytd.status
        if y == "red":
            ranked.append(((0, -_distance(r, r.ytd.value), i), r, "rød hittil i år"))
        elif p == "red":
            ranked.append(((1, -_distance(r, r.period.value), i), r, "rød denne måneden"))
        elif "yellow" in (p, y):
            d = max(_distance(r, r.period.value) if p == "yellow" else -9, _distance(r, r.ytd.value) if y == "yellow" else -9)
            ranked.append(((2, -d, i), r, "gul"))
    ranked.sort(key=lambda x: x[0])
    return [(r, why) for _, r, why in ranked[:limit]]


def plan_context(card: Scorecard, office: Office, made: date, lang: str = "nb") -> PlanContext:
    tx = TEXTS[lang]
    names = {r.id: r.indicator.label for r in card.results}
    prio = priority_areas(card)
    prio_rank = {r.id: i + 1 for i, (r, _) in enumerate(prio)}
    rows: list[PlanRow] = []
    for a in office.actions:
        rows.append(_plan_row(a, names, prio_rank))
    open_for = {a.indicator.strip() for a in office.actions if a.is_open}
    nrs = [int(a.nr) for a in office.actions if str(a.nr).strip().isdigit()]
    next_nr = max(nrs, default=0) + 1
    for r in card.results:
        red = r.period.status == "red" or r.ytd.status == "red"
        if red and r.id not in open_for:
            rows.append(PlanRow(nr=str(next_nr), indicator=r.id, indicator_name=r.indicator.label,
                                what=tx["plan.proposed"].format(id=r.id, name=r.indicator.label), responsible="",
                                involved="", informed="", start=None, end=None, risk="", status="Ikke startet",
                                effect="", proposed=True, priority=prio_rank.get(r.id)))
            next_nr += 1
    return PlanContext(lang=lang, tx=tx, office=office.name, month=card.month.label(lang), made=format_date(made),
                       rows=tuple(rows),
                       priorities=tuple(Priority(i + 1, r.id, r.indicator.label, why) for i, (r, why) in enumerate(prio)),
                       example=office.example, title=f"{tx['plan.title']} {office.name} – {card.month.label(lang)}")


def _plan_row(a: Action, names: dict[str, str], prio_rank: dict[str, int]) -> PlanRow:
    ind = a.indicator.strip()
    return PlanRow(nr=a.nr, indicator=a.indicator, indicator_name=names.get(ind, ""), what=a.what,
                   responsible=a.responsible, involved=a.involved, informed=a.informed, start=a.start, end=a.end,
                   risk=a.risk, status=a.status, effect=a.effect, proposed=False,
                   priority=prio_rank.get(ind) if a.is_open else None)


def plan_xlsx(ctx: PlanContext) -> bytes:
    """The action plan as a workbook the NAV-leder fills in (status dropdown; all text as strings)."""
    from .layout import ACTION_HEADER, ACTION_STATUSES
    from .xlsxout import StatusFormats, new_book, write_cell

    wb, buf = new_book(ctx.title)
    f = StatusFormats(wb)
    ws = wb.add_worksheet("Tiltaksplan")
    ws.write_string(0, 0, ctx.title, f.title)
    ws.write_string(1, 0, "Prioriterte områder: " + ("; ".join(f"{p.rank}. {p.id} {p.name} ({p.why})"
                                                                for p in ctx.priorities) or "ingen"), f.note)
    header = list(ACTION_HEADER) + ["Prioritet"]
    for c, h in enumerate(header):
        ws.write_string(3, c, h, f.head)
    for c, w in enumerate([5, 10, 44, 16, 16, 16, 11, 11, 36, 12, 24, 9]):
        ws.set_column(c, c, w)
    prio_fmt = wb.add_format({"border": 1, "bold": True, "bg_color": "#FFEB9C", "valign": "top"})
    for i, row in enumerate(ctx.rows):
        r = 4 + i
        vals = [row.nr, row.indicator, row.what, row.responsible, row.involved, row.informed, row.start, row.end,
                row.risk, row.status, row.effect, row.priority]
        for c, v in enumerate(vals):
            fmt = prio_fmt if (row.priority and c in (0, 1, 11)) else (f.wrap if c in (2, 8, 10) else f.plain)
            if c in (6, 7) and not isinstance(v, (date,)):
                ws.write_string(r, c, "" if v is None else str(v), fmt)
            elif isinstance(v, (int, float)) and not isinstance(v, bool) and c != 11:
                ws.write_string(r, c, str(v), fmt)  # user text that looks numeric stays as typed
            else:
                write_cell(ws, r, c, v, fmt, f.date)
    last = 4 + len(ctx.rows) + 30
    for r in range(4 + len(ctx.rows), last):
        for c in range(len(header)):
            ws.write_blank(r, c, None, f.plain)
    ws.data_validation(4, 9, last, 9, {"validate": "list", "source": list(ACTION_STATUSES),
                                       "error_title": "Ukjent status",
                                       "error_message": "Velg Ikke startet, Pågår, Fullført eller Utsatt."})
    ws.freeze_panes(4, 0)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    wb.close()
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Writing


@dataclass
class ReportFiles:
    """What `write_reports` wrote, for the CLI to print."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)


def default_out_dir(workbook: Path, office: Office, card: Scorecard) -> Path:
    return workbook.parent / f"{slug(office.name)}-{card.month.key}"


def write_reports(catalogue: Catalogue, office: Office, month: int | str | None, to: Recipient, out_dir: Path,
                  *, made: date, lang: str = "nb", pdf: Any = None, templates: Path | None = None,
                  env: Any = None, card: Scorecard | None = None) -> ReportFiles:
    """Score the office (unless `card` is given) and write the målekort, the letter(s) and the action
    plan into `out_dir`. `pdf` is a render.PdfWriter (or None for HTML only); `env` a Jinja environment.
    """
    from .fileio import write_atomic
    from .render import environment, render

    card = card or score(catalogue, office, month)
    previous = score(catalogue, office, card.month.month - 1) if card.month.month > 1 else None
    env = env or environment(templates)
    prefix = f"{slug(office.name)}-{card.month.key}"
    result = ReportFiles(out_dir)

    def emit(name: str, html: str) -> None:
        write_atomic(out_dir / f"{name}.html", html)
        result.files.append(out_dir / f"{name}.html")
        if pdf is not None:
            data, pages = pdf.pdf(html, templates)
            write_atomic(out_dir / f"{name}.pdf", data)
            result.files.append(out_dir / f"{name}.pdf")
            result.pages[f"{name}.pdf"] = pages

    emit(f"{prefix}-malekort", render(env, "malekort.html.j2", malekort_context(card, office, made, "nb")))
    for suffix, ctx in letter_contexts(card, previous, office, to, made, lang):
        emit(f"{prefix}-statusbrev-{suffix}", render(env, "statusbrev.html.j2", ctx))
    pctx = plan_context(card, office, made, "nb")
    write_atomic(out_dir / f"{prefix}-tiltaksplan.xlsx", plan_xlsx(pctx))
    result.files.append(out_dir / f"{prefix}-tiltaksplan.xlsx")
    emit(f"{prefix}-tiltaksplan", render(env, "tiltaksplan.html.j2", pctx))
    return result
