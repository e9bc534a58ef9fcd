"""Numbers, months and dates the way Norwegians write them: `1 234,5`, `75,3 %`, `oktober 2026`."""

from __future__ import annotations

import math
from datetime import date

from ..model import Month, Unit
from ..rules.rounding import round_half_up
from .i18n import words

# Month names are the same words in bokmål and nynorsk.
MONTHS_NB = [
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
]
MONTHS_SHORT = ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"]


def format_number(x: float | None, decimals: int = 1, *, signed: bool = False) -> str:
    """`1234.5` → `1 234,5` (space as thousands separator, comma as decimal sign)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    x = round_half_up(x, decimals)
    if x == 0:
        x = 0.0  # no "-0,0"
    body = f"{abs(x):,.{decimals}f}".replace(",", " ").replace(".", ",")
    sign = "\u2212" if x < 0 else ("+" if signed and x > 0 else "")
    return sign + body


def format_plain(x: float) -> str:
    """A figure as typed, for messages: `0,655`, `65,5`, `1 234` (up to six decimals, none trailing)."""
    text = format_number(x, 6)
    return text.rstrip("0").rstrip(",") if "," in text else text


def unit_suffix(unit: Unit | str, one: bool = False, lang: str = "nb") -> str:
    """What follows a number of `unit`: ` %`, ` kr`, ` dager` (` dag` for exactly one), or nothing."""
    if unit == "percent":
        return " %"
    if unit == "kr":
        return " kr"
    if unit == "days":  # «1 dag», but «1,0 dager» and «2 dager»
        return " " + words(lang).ngettext("dag", "dager", 1 if one else 2)
    return ""


def format_value(x: float | None, unit: Unit | str, decimals: int = 1, *, signed: bool = False,
                 lang: str = "nb") -> str:
    """A value with its unit: `75,3 %`, `1 234 kr`, `12 dager` (nynorsk `12 dagar`)."""
    if x is None:
        return "–"
    text = format_number(x, decimals, signed=signed)
    return text + unit_suffix(unit, text == "1", lang)


def month_name(month: int, lang: str = "nb") -> str:
    """1 → `januar` (the same in nynorsk)."""
    return MONTHS_NB[month - 1]


def month_label(m: Month, lang: str = "nb") -> str:
    """Month(2026, 10) → `oktober 2026`."""
    return f"{month_name(m.month, lang)} {m.year}"


def format_date(d: date) -> str:
    """`22.11.2026`."""
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def date_text(v: object) -> str:
    """A date as `22.11.2026`; anything else (text a user typed in a date column) as it is."""
    if isinstance(v, date):
        return format_date(v)
    return "" if v is None else str(v)
