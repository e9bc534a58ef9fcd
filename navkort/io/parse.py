"""Numbers and months as people type them in workbooks: `65,5`, `1 234`, `−3`, `okt`, a date."""

from __future__ import annotations

import re
from datetime import date, datetime

from ..text.numbers import MONTHS_NB, MONTHS_SHORT

_SPACES = "\u00a0\u202f\u2009\u2007\u200a "
_MINUS = "\u2212\u2013"  # true minus; en dash is how Word "corrects" a minus


class NumberError(ValueError):
    """Text that is not a number; `code` is the problem code, `args[0]` the Norwegian reason."""

    def __init__(self, reason: str, code: str = "cell-not-a-number") -> None:
        super().__init__(reason)
        self.code = code


_PLAIN = re.compile(r"^-?\d+(?:[.,]\d+)?$")
_GROUPED = re.compile(r"^-?\d{1,3}(?: \d{3})+(?:,\d+)?$")
_AMBIGUOUS = re.compile(r"^-?[1-9]\d{0,2}[.,]\d{3}$")


def parse_number(text: str) -> tuple[float, bool]:
    """Parse typed text such as `65,5`, `65,5 %`, `1 234` or `−3`; return (value, had_percent_sign).

    Raises NumberError for anything that would need a guess (`1,234`, `1.234,5`, `ca 40`).
    """
    s = text.strip()
    for ch in _SPACES:
        s = s.replace(ch, " ")
    for ch in _MINUS:
        s = s.replace(ch, "-")
    percent = s.endswith("%")
    if percent:
        s = s[:-1].rstrip()
    s = s.strip()
    if s.startswith("+"):
        s = s[1:]
    if not s:
        raise NumberError("bare et prosenttegn")
    if _GROUPED.match(s):
        return float(s.replace(" ", "").replace(",", ".")), percent
    if any(ch.isalpha() for ch in s):
        raise NumberError("tekst, ikke et tall")
    if " " in s:
        raise NumberError("mellomrom på feil sted")
    if "," in s and "." in s:
        raise NumberError("både punktum og komma", code="cell-ambiguous-number")
    if _AMBIGUOUS.match(s):
        raise NumberError("kan være tusenskille eller desimaltegn", code="cell-ambiguous-number")
    if _PLAIN.match(s):
        return float(s.replace(",", ".")), percent
    raise NumberError("ikke et tall")


_MONTH_WORDS: dict[str, int] = {}
for _i, (_long, _short) in enumerate(zip(MONTHS_NB, MONTHS_SHORT), start=1):
    _MONTH_WORDS[_long] = _i
    _MONTH_WORDS[_short] = _i
    _MONTH_WORDS[_long[:3]] = _i
_MONTH_WORDS.update({"may": 5, "oct": 10, "dec": 12, "des.": 12, "sept": 9})


def parse_month(value: object) -> int | None:
    """A month header or cell as people write it: `jan`, `Januar`, `Jan.`, `10`, a date. None if not."""
    if isinstance(value, (datetime, date)):
        return value.month
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() and 1 <= value <= 12 else None
    if not isinstance(value, str):
        return None
    s = value.strip().lower().rstrip(".").strip()
    if not s:
        return None
    if s in _MONTH_WORDS:
        return _MONTH_WORDS[s]
    m = re.match(r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?$", s)
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(2))
    m = re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{2,4})$", s)
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(2))
    if s.isdigit() and 1 <= int(s) <= 12:
        return int(s)
    word = s.split()[0].rstrip(".") if s.split() else s
    return _MONTH_WORDS.get(word)
