"""Why a status is what it is, in words: reason codes from scoring (navkort.model.Reason) rendered
per language. The list of codes is documented in docs/feil.md."""

from __future__ import annotations

from ..model import Month, Reason
from .i18n import N_, words
from .numbers import month_label, month_name

# Placeholders: {month} is the month's name, with its year when that is not the office's year;
# {month_year} always has the year; {month_name} never has it.
REASON_TEXTS: dict[str, str] = {
    "no-figures": N_("ingen tall for {month}"),
    "zero-denominator": N_("nevner er 0 i {month}"),
    "missing-denominator": N_("mangler nevner for {month}"),
    "missing-numerator": N_("mangler teller for {month}"),
    "missing-plan": N_("mangler plan for {month}"),
    "missing-result": N_("mangler resultat for {month}"),
    "zero-plan": N_("plan er 0 i {month}"),
    "no-basis-previous-month": N_("ingen tall for forrige måned ({month})"),
    "no-basis-last-year": N_("ingen tall for samme måned i fjor ({month})"),
    "zero-basis-previous-month": N_("forrige måned ({month}) er 0"),
    "zero-basis-last-year": N_("samme måned i fjor ({month}) er 0"),
    "info": N_("nøkkelinformasjon uten målkrav"),
    "not-due": N_("vurderes fra {month_name}"),
    "not-ready": N_("tall for {month} er ikke klare ennå"),
    "late": N_("ingen tall for {month} ennå (forsinket)"),
    "never-entered": N_("ingen tall registrert"),
    "latest-from": N_("siste tall er fra {month_year}"),
    "lagged": N_("tall for {month} ({lag} md. forsinkelse)"),
    "ytd-no-months": N_("ingen måneder ennå i år"),
    "ytd-last": N_("siste tall ({month_name})"),
    "ytd-partial-share": N_("bare måneder med teller og nevner er med ({used} av {total})"),
    "ytd-share-needs-counts": N_("hittil i år krever teller og nevner; bare andel er ført"),
    "ytd-zero-denominator": N_("nevner er 0 hittil i år"),
    "ytd-zero-plan": N_("plan er 0 hittil i år"),
    "ytd-vs-last-year": N_("mot samme måneder i fjor"),
    "ytd-zero-basis": N_("fjorårets tall er 0"),
    "ytd-no-basis": N_("ingen fjorårstall å sammenligne med"),
    "ytd-no-figures": N_("ingen tall hittil i år"),
}


def reason_text(reason: Reason, lang: str = "nb", year: int | None = None) -> str:
    """The reason in words; `year` is the office's year (months in it are shown without the year)."""
    if not reason.code:
        return ""
    params: dict[str, object] = {}
    for key, value in reason.params.items():
        if isinstance(value, Month):
            params[key] = month_name(value.month, lang) if value.year == year else month_label(value, lang)
            params[f"{key}_year"] = month_label(value, lang)
            params[f"{key}_name"] = month_name(value.month, lang)
        else:
            params[key] = value
    return words(lang)(REASON_TEXTS[reason.code], **params)


def reason_params_json(reason: Reason) -> dict[str, object]:
    """The parameters as JSON values (months as `ÅÅÅÅ-MM`)."""
    return {k: (v.key if isinstance(v, Month) else v) for k, v in reason.params.items()}
