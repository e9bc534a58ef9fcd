"""gettext for navkort's own words: one catalogue per language (`nb` bokmål, `nn` nynorsk).

The message ids are the bokmål text itself, so a template reads as Norwegian and a language worker
translating to nynorsk sees bokmål beside each line in any ordinary .po editor. The catalogues are
`navkort/text/locale/{nb,nn}/LC_MESSAGES/navkort.po`, compiled to `.mo` by `python tools/i18n.py`
(Babel); a test fails when a message lacks a translation or a `.mo` is older than its `.po`.
Documents follow the chosen language; the command line always speaks bokmål.
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path
from typing import Literal

Lang = Literal["nb", "nn"]
LANGS: tuple[Lang, ...] = ("nb", "nn")
DOMAIN = "navkort"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def N_(msgid: str) -> str:
    """Mark text for translation where it is defined; it is translated where it is shown."""
    return msgid


class Words:
    """The translator of one language: `tr("Målekort")`, `tr.ngettext("dag", "dager", n)`."""

    def __init__(self, lang: str, catalogue: gettext.NullTranslations) -> None:
        self.lang = lang
        self.catalogue = catalogue

    def __call__(self, msgid: str, **params: object) -> str:
        text = self.catalogue.gettext(msgid)
        return text.format(**params) if params else text

    def gettext(self, msgid: str, **params: object) -> str:
        return self(msgid, **params)

    def ngettext(self, singular: str, plural: str, n: int, **params: object) -> str:
        """The singular or plural form for `n`; `{n}` and other `{params}` are filled in."""
        return self.catalogue.ngettext(singular, plural, n).format(n=n, **params)


@functools.cache
def words(lang: str = "nb") -> Words:
    """The translator for `lang` (read once per process)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as fh:
        return Words(lang, gettext.GNUTranslations(fh))
