"""Keep the gettext catalogues in step with the code, in one command:

    python tools/i18n.py            # extract → navkort.pot, update nb.po and nn.po, compile .mo

The message ids are the bokmål text, so nb.po translates each message to itself (filled in here);
nn.po is translated by hand (or by a language worker in any .po editor). Messages still without a
nynorsk translation are listed, and the tests fail until they have one.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "navkort" / "text" / "locale"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "tr": None}
METHOD_MAP = [("navkort/**.py", "python"), ("templates/**.j2", "jinja2")]
OPTIONS = {"templates/**.j2": {"extensions": "jinja2.ext.i18n"}}


def extract() -> Catalog:
    """Every message in the code and templates, with where it is used."""
    pot = Catalog(project="navkort", domain="navkort", charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), METHOD_MAP, OPTIONS, KEYWORDS, strip_comment_tags=True):
        if "_old_" in filename:
            continue
        pot.add(message, locations=[(filename, lineno)], auto_comments=comments, context=context)
    return pot


def load(lang: str) -> Catalog:
    path = LOCALE / lang / "LC_MESSAGES" / "navkort.po"
    if path.is_file():
        with path.open("rb") as fh:
            return read_po(fh, locale=lang)
    return Catalog(locale=lang, domain="navkort", project="navkort", fuzzy=False)


def save(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=False, omit_header=False, include_previous=False)


def compile_mo(catalog: Catalog, path: Path) -> None:
    with path.open("wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)


def _translated(s: object) -> bool:
    if isinstance(s, (tuple, list)):
        return bool(s) and all(s)
    return bool(s)


def main() -> int:
    pot = extract()
    save(pot, LOCALE / "navkort.pot")
    missing: list[str] = []
    for lang in ("nb", "nn"):
        po = load(lang)
        po.update(copy.deepcopy(pot), no_fuzzy_matching=True)
        po.obsolete.clear()
        for msg in po:
            if not msg.id:
                continue
            if lang == "nb" and not _translated(msg.string):
                msg.string = msg.id  # the message id is the bokmål text (a pair for plural forms)
            if not _translated(msg.string):
                missing.append(f"{lang}: {msg.id!r}")
        po.fuzzy = False
        save(po, LOCALE / lang / "LC_MESSAGES" / "navkort.po")
        compile_mo(po, LOCALE / lang / "LC_MESSAGES" / "navkort.mo")
    for line in missing:
        print("mangler oversettelse:", line)
    print(f"{len(pot)} meldinger; {len(missing)} uten oversettelse")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
