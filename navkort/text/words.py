"""Words and signs for statuses, perspectives, owners and provenance, per language.

Colours and symbols carry no language; the words come from the gettext catalogues (i18n.py).
"""

from __future__ import annotations

from .i18n import N_, words

STATUS_SYMBOL = {"green": "●", "yellow": "▲", "red": "■", "missing": "○", "not_due": "·", "not_ready": "◌",
                 "info": "i", "late": "…"}
STATUS_FILL = {"green": "#C6EFCE", "yellow": "#FFEB9C", "red": "#FFC7CE", "missing": "#EDEDED",
               "not_due": "#F2F2F2", "not_ready": "#F2F2F2", "info": "#DDEBF7", "late": "#E4DFEC"}
STATUS_INK = {"green": "#006100", "yellow": "#7A5C00", "red": "#9C0006", "missing": "#595959",
              "not_due": "#595959", "not_ready": "#595959", "info": "#1F4E79", "late": "#5B3A87"}
TREND_ARROW: dict[str | None, str] = {"up": "↑", "down": "↓", "flat": "→", None: ""}
PROVENANCE_MARK = {"nasjonal": "", "fylke": "F", "lokal": "L"}

STATUS_WORDS = {"green": N_("grønn"), "yellow": N_("gul"), "red": N_("rød"), "missing": N_("mangler"),
                "not_due": N_("ikke vurdert"),
                "not_ready": N_("ikke klar ennå"), "info": N_("info"), "late": N_("forsinket")}
PERSPECTIVE_NAMES = {"bruker": N_("Brukerperspektivet"), "produksjon": N_("Produksjonsperspektivet"),
                     "medarbeider": N_("Medarbeiderperspektivet"), "økonomi": N_("Økonomiperspektivet")}
OWNER_NAMES = {"stat": N_("statlig"), "kommune": N_("kommunal"), "felles": N_("felles")}
PRIORITY_WHY = {"red-ytd": N_("rød hittil i år"), "red-period": N_("rød denne måneden"), "yellow": N_("gul"),
                "spc-concern": N_("bekymring: endret mer enn vanlig variasjon"),
                "spc-fail": N_("når aldri målet slik prosessen går nå")}
DATA_STATE_WORDS = {"present": N_("på plass"), "late": N_("forsinket"), "missing": N_("mangler"),
                    "not_ready": N_("ikke klar ennå")}
# One legend everywhere (målekort, letter, overview, workbooks): the statuses in this order.
LEGEND_ORDER = ("green", "yellow", "red", "late", "missing", "not_due", "not_ready", "info")


def status_word(status: str, late: bool = False, lang: str = "nb") -> str:
    """`grønn`, `forsinket` …; a late figure is called late whatever its status."""
    return words(lang)(STATUS_WORDS["late" if late else status])


def perspective_name(perspective: str, lang: str = "nb") -> str:
    return words(lang)(PERSPECTIVE_NAMES[perspective])


def owner_name(owner: str, lang: str = "nb") -> str:
    return words(lang)(OWNER_NAMES[owner])


def priority_why(code: str, lang: str = "nb") -> str:
    return words(lang)(PRIORITY_WHY[code])


def data_state_word(state: str, lang: str = "nb") -> str:
    return words(lang)(DATA_STATE_WORDS[state])
