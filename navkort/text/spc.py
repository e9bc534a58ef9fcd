"""SPC in words and signs, per language: the variation of the latest month and whether the target
is reachable with the process as it is («Making Data Count»'s icons, as short Norwegian words)."""

from __future__ import annotations

from ..model import Spc
from .i18n import N_, words

VARIATION_WORDS = {
    "too_few": N_("for få måneder"),
    "common": N_("vanlig variasjon"),
    "improvement": N_("forbedring"),
    "concern": N_("bekymring"),
    "neutral_high": N_("uvanlig høyt"),
    "neutral_low": N_("uvanlig lavt"),
}
ASSURANCE_WORDS = {
    "none": "",
    "pass": N_("når målet hver gang"),
    "fail": N_("når aldri målet"),
    "hit_and_miss": N_("tilfeldig om målet nås"),
}
RULE_WORDS = {
    "outside": N_("utenfor kontrollgrensene"),
    "trend": N_("sju måneder på rad opp eller ned"),
    "two_of_three": N_("to av tre nær en kontrollgrense"),
    "shift": N_("sju måneder på rad på samme side av snittet"),
    "": "",
}
# Terminal and workbook signs (greyscale safe); the målekort draws its own icons (render/spc_icons.py).
VARIATION_SIGN = {"too_few": "", "common": "~", "improvement": "+", "concern": "!", "neutral_high": "↑",
                  "neutral_low": "↓"}
ASSURANCE_SIGN = {"none": "", "pass": "✓", "fail": "✗", "hit_and_miss": "?"}


def variation_word(spc: Spc | None, lang: str = "nb") -> str:
    return words(lang)(VARIATION_WORDS[spc.variation]) if spc is not None else ""


def assurance_word(spc: Spc | None, lang: str = "nb") -> str:
    if spc is None or spc.assurance == "none":
        return ""
    return words(lang)(ASSURANCE_WORDS[spc.assurance])


def rule_word(rule: str, lang: str = "nb") -> str:
    return words(lang)(RULE_WORDS[rule]) if rule else ""


def spc_text(spc: Spc | None, lang: str = "nb") -> str:
    """«bekymring; når aldri målet» — the variation, and the assurance when there is a target."""
    parts = [variation_word(spc, lang), assurance_word(spc, lang)]
    return "; ".join(p for p in parts if p)
