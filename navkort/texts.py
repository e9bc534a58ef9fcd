"""Fixed user-facing text as data: one dictionary per language (bokmål `nb`, nynorsk `nn`).

Templates and writers look words up here; nothing user-facing is duplicated per language.
"""

from __future__ import annotations

from .numbers import MONTHS_NB

STATUS_SYMBOL = {"green": "●", "yellow": "▲", "red": "■", "missing": "○", "not_due": "·", "info": "i", "late": "…"}
STATUS_FILL = {"green": "#C6EFCE", "yellow": "#FFEB9C", "red": "#FFC7CE", "missing": "#EDEDED",
               "not_due": "#F2F2F2", "info": "#DDEBF7", "late": "#E4DFEC"}
STATUS_INK = {"green": "#006100", "yellow": "#7A5C00", "red": "#9C0006", "missing": "#595959",
              "not_due": "#595959", "info": "#1F4E79", "late": "#5B3A87"}
TREND_ARROW = {"up": "↑", "down": "↓", "flat": "→", None: ""}

TEXTS: dict[str, dict[str, str]] = {
    "nb": {
        "status.green": "grønn", "status.yellow": "gul", "status.red": "rød", "status.missing": "mangler",
        "status.not_due": "ikke vurdert", "status.info": "info", "status.late": "forsinket",
        "perspective.bruker": "Brukerperspektivet", "perspective.produksjon": "Produksjonsperspektivet",
        "perspective.medarbeider": "Medarbeiderperspektivet", "perspective.økonomi": "Økonomiperspektivet",
        "owner.stat": "statlig", "owner.kommune": "kommunal", "owner.felles": "felles",
        "prov.fylke": "fylkesmål", "prov.lokal": "lokalt mål", "prov.nasjonal": "nasjonalt mål",
        "col.id": "Id", "col.name": "Indikator", "col.month": "Måned", "col.value": "Verdi", "col.target": "Mål",
        "col.yellow": "Gult område", "col.status": "Status", "col.ytd": "Hittil i år", "col.ytd_status": "Status HiÅ",
        "col.ytd_months": "Mnd HiÅ", "col.trend": "Trend", "col.provenance": "Opphav", "col.reason": "Merknad",
        "malekort": "Målekort", "made": "Laget", "office": "Kontor", "month": "Måned", "catalogue": "Katalog",
        "legend": "Forklaring", "letter.subject": "Statusrapport for {office} – {month}",
        "letter.attachments": "Vedlegg: målekort, tiltaksplan",
        "letter.greeting": "Til {title} {name}",
        "letter.summary": "Kort oppsummert",
        "letter.counts": "Av {total} styringsparametere er {green} grønne, {yellow} gule og {red} røde{rest}.",
        "letter.counts_rest": ", og {missing} mangler tall",
        "letter.changes": "Endring fra forrige måned",
        "letter.nochanges": "Ingen indikatorer har skiftet farge siden forrige måned.",
        "letter.improved": "Bedre: {items}.", "letter.worse": "Dårligere: {items}.",
        "letter.goes_well": "Det går bra", "letter.challenges": "Utfordringer",
        "letter.none_well": "Ingen grønne indikatorer denne måneden.",
        "letter.none_challenges": "Ingen røde eller gule indikatorer denne måneden.",
        "letter.actions": "Tiltak som pågår", "letter.no_actions": "Ingen åpne tiltak i tiltaksplanen.",
        "letter.comments": "Kommentarer fra NAV-leder", "letter.no_comments": "Ingen kommentarer for måneden.",
        "letter.completeness": "Datakomplett­het: tall som mangler eller er forsinket",
        "letter.all_complete": "Alle tall for måneden er på plass.",
        "letter.municipal_first": "Kommunale mål", "letter.state_first": "Statlige mål",
        "letter.other_goals": "Øvrige mål", "letter.regards": "Med vennlig hilsen",
        "letter.internal": "Intern versjon for NAV-leder",
        "letter.responsible": "ansvarlig", "letter.period": "periode", "letter.status": "status",
        "letter.entered_by": "legges inn av", "letter.ytd": "hittil i år",
        "letter.copy": "Kopi", "letter.to_county": "Fylkesdirektør {name}",
        "letter.for_municipality": "for {municipality} kommune",
        "plan.title": "Tiltaksplan", "plan.proposed": "Foreslått: lag tiltak for {id} {name} (rød)",
        "plan.priority": "Prioritert",
        "example": "Eksempeldata – fiktivt kontor med fiktive tall",
        "malekort.note": "HiÅ = hittil i år. Verdien vurderes avrundet slik den vises; grensene er inkluderende. "
                         "Liten måned under verdien = tallet gjelder en tidligere måned (forsinkelse).",
        "letter.sender": "Avsender", "letter.recipient": "Mottaker", "letter.date": "Dato",
        "letter.indicator": "Indikator", "letter.value": "Verdi", "letter.target": "Mål",
        "letter.action": "Tiltak", "letter.start": "Start", "letter.end": "Slutt", "letter.missing_state": "Tilstand",
        "letter.month": "Måned", "plan.priorities": "Prioriterte områder (høyst tre)", "plan.none": "Ingen",
        "plan.proposed_mark": "forslag",
    },
    "nn": {
        "status.green": "grøn", "status.yellow": "gul", "status.red": "raud", "status.missing": "manglar",
        "status.not_due": "ikkje vurdert", "status.info": "info", "status.late": "forseinka",
        "perspective.bruker": "Brukarperspektivet", "perspective.produksjon": "Produksjonsperspektivet",
        "perspective.medarbeider": "Medarbeidarperspektivet", "perspective.økonomi": "Økonomiperspektivet",
        "owner.stat": "statleg", "owner.kommune": "kommunal", "owner.felles": "felles",
        "prov.fylke": "fylkesmål", "prov.lokal": "lokalt mål", "prov.nasjonal": "nasjonalt mål",
        "col.id": "Id", "col.name": "Indikator", "col.month": "Månad", "col.value": "Verdi", "col.target": "Mål",
        "col.yellow": "Gult område", "col.status": "Status", "col.ytd": "Hittil i år", "col.ytd_status": "Status HiÅ",
        "col.ytd_months": "Mnd HiÅ", "col.trend": "Trend", "col.provenance": "Opphav", "col.reason": "Merknad",
        "malekort": "Målekort", "made": "Laga", "office": "Kontor", "month": "Månad", "catalogue": "Katalog",
        "legend": "Forklaring", "letter.subject": "Statusrapport for {office} – {month}",
        "letter.attachments": "Vedlegg: målekort, tiltaksplan",
        "letter.greeting": "Til {title} {name}",
        "letter.summary": "Kort oppsummert",
        "letter.counts": "Av {total} styringsparametrar er {green} grøne, {yellow} gule og {red} raude{rest}.",
        "letter.counts_rest": ", og {missing} manglar tal",
        "letter.changes": "Endring frå førre månad",
        "letter.nochanges": "Ingen indikatorar har skifta farge sidan førre månad.",
        "letter.improved": "Betre: {items}.", "letter.worse": "Dårlegare: {items}.",
        "letter.goes_well": "Det går bra", "letter.challenges": "Utfordringar",
        "letter.none_well": "Ingen grøne indikatorar denne månaden.",
        "letter.none_challenges": "Ingen raude eller gule indikatorar denne månaden.",
        "letter.actions": "Tiltak som går føre seg", "letter.no_actions": "Ingen opne tiltak i tiltaksplanen.",
        "letter.comments": "Kommentarar frå NAV-leiar", "letter.no_comments": "Ingen kommentarar for månaden.",
        "letter.completeness": "Datakomplett­heit: tal som manglar eller er forseinka",
        "letter.all_complete": "Alle tal for månaden er på plass.",
        "letter.municipal_first": "Kommunale mål", "letter.state_first": "Statlege mål",
        "letter.other_goals": "Andre mål", "letter.regards": "Med venleg helsing",
        "letter.internal": "Intern versjon for NAV-leiar",
        "letter.responsible": "ansvarleg", "letter.period": "periode", "letter.status": "status",
        "letter.entered_by": "vert lagt inn av", "letter.ytd": "hittil i år",
        "letter.copy": "Kopi", "letter.to_county": "Fylkesdirektør {name}",
        "letter.for_municipality": "for {municipality} kommune",
        "plan.title": "Tiltaksplan", "plan.proposed": "Føreslått: lag tiltak for {id} {name} (raud)",
        "plan.priority": "Prioritert",
        "example": "Eksempeldata – fiktivt kontor med fiktive tal",
        "malekort.note": "HiÅ = hittil i år. Verdien vert vurdert avrunda slik han vert vist; grensene er inkluderande. "
                         "Liten månad under verdien = talet gjeld ein tidlegare månad (forseinking).",
        "letter.sender": "Avsendar", "letter.recipient": "Mottakar", "letter.date": "Dato",
        "letter.indicator": "Indikator", "letter.value": "Verdi", "letter.target": "Mål",
        "letter.action": "Tiltak", "letter.start": "Start", "letter.end": "Slutt", "letter.missing_state": "Tilstand",
        "letter.month": "Månad", "plan.priorities": "Prioriterte område (høgst tre)", "plan.none": "Ingen",
        "plan.proposed_mark": "forslag",
    },
}

assert set(TEXTS["nb"]) == set(TEXTS["nn"]), "bokmål and nynorsk must have the same keys"

MONTHS = {"nb": MONTHS_NB, "nn": MONTHS_NB}


def t(lang: str, key: str, **kw: object) -> str:
    """Look up fixed text; raises KeyError for an unknown key so a typo fails a test."""
    text = TEXTS[lang][key]
    return text.format(**kw) if kw else text


def status_word(status: str, late: bool = False, lang: str = "nb") -> str:
    return t(lang, "status.late") if late else t(lang, f"status.{status}")
