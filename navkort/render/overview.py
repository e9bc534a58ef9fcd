"""The county overview (fylkesoversikt): offices × indicators, year to date, and who owes which figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..errors import shown
from ..model import PERSPECTIVES, Catalogue, Month, Result, Scorecard
from ..rules.rounding import round_half_up
from ..text.catalogue import catalogue_names
from ..text.i18n import words
from ..text.numbers import format_date, format_value, month_label
from ..text.spc import ASSURANCE_SIGN, VARIATION_SIGN, spc_text
from ..text.words import LEGEND_ORDER, STATUS_SYMBOL, data_state_word, perspective_name, status_word

SORT_RANK = {"red": 0, "late": 1, "yellow": 2, "missing": 3, "not_due": 4, "not_ready": 5, "info": 6, "green": 7}
STATE_SYMBOL = {"present": "✓", "late": "…", "missing": "○", "not_ready": "◌"}


@dataclass(frozen=True)
class Column:
    id: str
    name: str
    perspective: str
    entered_by: str
    unit: str = "percent"
    decimals: int = 1


@dataclass(frozen=True)
class Cell:
    status: str  # css status (green … late)
    symbol: str
    text: str  # value as shown, or the word
    word: str
    sort: str
    value: float | None = None  # the number itself (None: no figure, `text` is the word)


@dataclass(frozen=True)
class OfficeRow:
    office: str
    file: str
    month: str
    counts: dict[str, int]  # green, yellow, red, missing among the month's cells
    ytd_counts: dict[str, int]  # the same among the year-to-date cells
    period: tuple[Cell, ...]
    ytd: tuple[Cell, ...]
    completeness: tuple[Cell, ...]
    owes: dict[str, int]  # entered_by -> number of figures missing or late
    spc: tuple[Cell, ...] = ()  # the variation (and assurance) of each indicator's latest month


@dataclass(frozen=True)
class Group:
    title: str
    span: int
    who: str = ""  # completeness groups: who enters these figures


@dataclass(frozen=True)
class OverviewContext:
    """Context of fylkesoversikt.html.j2 (and the sheets of fylkesoversikt.xlsx)."""

    lang: str
    title: str
    month: str
    made: str
    catalogue: tuple[str, ...]
    columns: tuple[Column, ...]
    groups: tuple[Group, ...]
    completeness_columns: tuple[Column, ...]
    completeness_groups: tuple[Group, ...]
    rows: tuple[OfficeRow, ...]
    failed: tuple[tuple[str, str], ...]
    example: bool
    months_differ: bool  # offices scored for different months: only then is a month column shown
    legend: tuple[tuple[str, str, str], ...]  # (css status, symbol, word) for every status
    state_legend: tuple[tuple[str, str, str], ...]  # the same for the completeness states


def cell_counts(cells: list[Cell]) -> dict[str, int]:
    """How many of the cells are green, yellow, red and missing (late ones included): the counts a
    reader sees beside exactly these cells."""
    statuses = [c.status for c in cells if c.symbol]
    return {"green": statuses.count("green"), "yellow": statuses.count("yellow"), "red": statuses.count("red"),
            "missing": statuses.count("missing") + statuses.count("late")}


def data_state(r: Result) -> str:
    """Whether the month's figure is present, late or missing."""
    if r.late:
        return "late"
    if r.period.status == "not_ready":
        return "not_ready"
    if r.period.value is None and r.period.status != "not_due":
        return "missing"
    return "present"


def _cell(status: str, late: bool, value: float | None, r: Result, lang: str) -> Cell:
    key = "late" if late else status
    ind = r.indicator
    word = status_word(status, late, lang)
    text = format_value(value, ind.unit, ind.decimals, lang=lang) if value is not None else word
    rank = SORT_RANK[key]
    clipped = max(-49_999.0, min(49_999.0, value)) if value is not None else -50_000.0
    shown_value = round_half_up(value, ind.decimals) if value is not None else None  # the number as it reads
    return Cell(key, STATUS_SYMBOL[key], text, word, f"{rank * 100_000 + clipped:.3f}", shown_value)


_BLANK = Cell("missing", "", "", "", "999999")


def _state_cell(state: str, lang: str) -> Cell:
    css = {"present": "green", "late": "late", "missing": "missing", "not_ready": "not_ready"}[state]
    word = data_state_word(state, lang)
    return Cell(css, STATE_SYMBOL[state], "" if state == "present" else word, word,
                {"late": "0", "missing": "1", "not_ready": "2", "present": "3"}[state])


@dataclass(frozen=True)
class Columns:
    """The overview's columns for a catalogue and language: the same for every office."""

    lang: str
    columns: tuple[Column, ...]
    groups: tuple[Group, ...]
    completeness_columns: tuple[Column, ...]
    completeness_groups: tuple[Group, ...]
    who: tuple[str, ...]  # who enters figures, NAV fylke first


def overview_columns(catalogue: Catalogue, lang: str = "nb") -> Columns:
    tr = words(lang)
    columns = tuple(Column(i.id, i.label, i.perspective, i.entered_by or "", i.unit, i.decimals)
                    for p in PERSPECTIVES for i in catalogue.indicators if i.perspective == p)
    groups = tuple(Group(perspective_name(p, lang), sum(1 for c in columns if c.perspective == p))
                   for p in PERSPECTIVES if any(c.perspective == p for c in columns))
    who = sorted({c.entered_by for c in columns}, key=lambda w: (w != "NAV fylke", w))
    comp_cols = tuple(c for w in who for c in columns if c.entered_by == w)
    comp_groups = tuple(Group(tr("{who} legger inn", who=w or tr("ukjent")),
                              sum(1 for c in columns if c.entered_by == w), w or tr("ukjent")) for w in who)
    return Columns(lang, columns, groups, comp_cols, comp_groups, tuple(who))


def office_row(card: Scorecard, cols: Columns) -> OfficeRow:
    """One office's row (made in the worker that scored it: the parent then needs no scorecard)."""
    lang = cols.lang
    by_id = {r.id: r for r in card.results}
    period: list[Cell] = []
    ytd: list[Cell] = []
    for col in cols.columns:
        r = by_id.get(col.id)
        period.append(_cell(r.period.status, r.late, r.period.value, r, lang) if r else _BLANK)
        ytd.append(_cell(r.ytd.status, False, r.ytd.value, r, lang) if r else _BLANK)
    owes = dict.fromkeys(cols.who, 0)
    comp: list[Cell] = []
    for col in cols.completeness_columns:
        r = by_id.get(col.id)
        state = data_state(r) if r else "missing"
        if state in ("late", "missing"):  # a figure not ready yet is owed by nobody
            owes[col.entered_by] += 1
        comp.append(_state_cell(state, lang))
    spc = tuple(_spc_cell(by_id.get(col.id), lang) for col in cols.columns)
    return OfficeRow(card.office, shown(card.file), month_label(card.month, lang), cell_counts(period),
                     cell_counts(ytd), tuple(period), tuple(ytd), tuple(comp), owes, spc)


_SPC_RANK = {"concern": 0, "neutral_high": 1, "neutral_low": 1, "common": 2, "improvement": 3, "too_few": 4}
_SPC_CSS = {"concern": "red", "improvement": "green", "neutral_high": "info", "neutral_low": "info",
            "common": "not_due", "too_few": "missing"}


def _spc_cell(r: Result | None, lang: str) -> Cell:
    """The variation sign (and assurance letter), sortable with concerns first."""
    spc = r.spc if r is not None and r.period.value is not None else None  # no figure: no SPC about an earlier month
    if spc is None:
        return Cell("missing", "", "", "", "9")
    symbol = VARIATION_SIGN[spc.variation] + ASSURANCE_SIGN[spc.assurance]
    return Cell(_SPC_CSS[spc.variation], symbol, spc_text(spc, lang), spc_text(spc, lang),
                f"{_SPC_RANK[spc.variation]}{'0' if spc.assurance == 'fail' else '1'}")


def overview_context(cards: list[Scorecard], catalogue: Catalogue, failed: list[tuple[str, str]],
                     made: date, lang: str = "nb") -> OverviewContext:
    """Offices × indicators for the month and the year to date, and who owes which figures."""
    cols = overview_columns(catalogue, lang)
    return overview_from_rows([office_row(card, cols) for card in cards], [c.month for c in cards], cols, catalogue,
                              failed, made)


def overview_from_rows(rows: list[OfficeRow], months: list[Month], cols: Columns, catalogue: Catalogue,
                       failed: list[tuple[str, str]], made: date) -> OverviewContext:
    """The overview of offices whose rows (and months, in the same order) are made already."""
    lang = cols.lang
    tr = words(lang)
    month = month_label(max(months), lang) if months else ""
    return OverviewContext(lang=lang, title=tr("Fylkesoversikt – {month}", month=month), month=month,
                           made=format_date(made), catalogue=catalogue_names(catalogue.files), columns=cols.columns,
                           groups=cols.groups, completeness_columns=cols.completeness_columns,
                           completeness_groups=cols.completeness_groups, rows=tuple(rows),
                           failed=tuple(failed), example=False, months_differ=len(set(months)) > 1,
                           legend=tuple((s, STATUS_SYMBOL[s], status_word(s, s == "late", lang)) for s in LEGEND_ORDER),
                           state_legend=tuple((s, STATE_SYMBOL[s], data_state_word(s, lang)) for s in STATE_SYMBOL))
