"""The documented JSON of `navkort score --json` (README): one scorecard as plain data. Each reason
is given as its code and parameters (docs/feil.md lists the codes) beside the bokmål text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import shown
from ..model import Reason, Result, Scorecard, Spc

if TYPE_CHECKING:
    from ..model.imports import ImportSource
from ..text.reasons import reason_params_json, reason_text


def _num(x: float | None) -> float | None:
    return None if x is None else float(x)


def _reason(reason: Reason, year: int) -> dict[str, Any]:
    return {"reason": reason_text(reason, "nb", year), "reason_code": reason.code or None,
            "params": reason_params_json(reason)}


def sources_json(r: Result, sources: tuple[ImportSource, ...]) -> list[dict[str, Any]]:
    """Where the period's figures came from, when `navkort import` wrote them («Importlogg»)."""
    m = r.period.month
    if m is None:
        return []
    return [{"field": s.field, "extract": s.extract, "sha256": s.sha256, "row": s.row, "imported": s.time}
            for s in sources if s.indicator == r.id and s.month == m.month]


def spc_json(spc: Spc | None) -> dict[str, Any] | None:
    """The XmR result: the latest point's variation and the assurance (codes, words in `text`), the
    centre and limits of the latest segment, how many months, and the points a rule flags."""
    if spc is None:
        return None
    from ..text.spc import spc_text

    return {"variation": spc.variation, "assurance": spc.assurance, "text": spc_text(spc),
            "mean": _num(spc.mean), "lower": _num(spc.lower), "upper": _num(spc.upper), "target": _num(spc.target),
            "months": len(spc.points),
            "flagged": [{"month": p.month.key, "value": p.value, "rule": p.rule, "kind": p.kind}
                        for p in spc.points if p.rule]}  # every point is in `navkort chart`; here the signals


def result_json(r: Result, year: int, sources: tuple[ImportSource, ...] = ()) -> dict[str, Any]:
    ind = r.indicator
    return {
        "id": ind.id, "name": ind.name, "short_name": ind.label, "perspective": ind.perspective,
        "owner": ind.owner, "provenance": ind.provenance, "unit": ind.unit, "decimals": ind.decimals,
        "entered_by": ind.entered_by,
        "direction": ind.target.direction if ind.target else None,
        "period": {"month": r.period.month.key if r.period.month else None, "value": _num(r.period.value),
                   "status": r.period.status, "green": _num(r.period.green), "yellow": _num(r.period.yellow),
                   **_reason(r.period.reason, year)},
        "ytd": {"months": r.ytd.months, "value": _num(r.ytd.value), "status": r.ytd.status,
                **_reason(r.ytd.reason, year)},
        "trend": [_num(v) for v in r.trend],
        "trend_months": list(r.trend_months),
        "trend_direction": r.trend_direction,
        "late": r.late,
        "sources": sources_json(r, sources),
        "spc": spc_json(r.spc),
    }


def scorecard_json(card: Scorecard, *, with_file: bool = False) -> dict[str, Any]:
    """One office's scorecard as the README documents it (`file` added for multi-office output)."""
    out: dict[str, Any] = {
        "office": card.office,
        "year": card.year,
        "month": card.month.key,
        "catalogue": list(card.catalogue),
        "indicators": [result_json(r, card.year, card.sources) for r in card.results],
        "summary": card.summary,
    }
    if with_file:
        out["file"] = shown(card.file)
    return out
