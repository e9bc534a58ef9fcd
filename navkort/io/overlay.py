"""County overlays (`thresholds:`, `disable:`, `add:`) applied to a catalogue, with the line of
every problem and a record of every change."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from ..model import Catalogue, Indicator, OverlayChange, OverlayRef
from ..rules.catalogue import check_indicator
from ..text.catalogue import describe_target, finding_message
from ..text.words import perspective_name
from .indicators import check_top, duplicate_ids, indicator_list, pydantic_findings, yaml_problem

if TYPE_CHECKING:
    from .yaml import YamlDoc

OVERLAY_KEYS = ("name", "description", "thresholds", "disable", "add", "spc")
THRESHOLD_KEYS = ["id", "target", "reason"]


@dataclass
class _Merge:
    """The catalogue being changed by one overlay, and what it has found so far."""

    doc: YamlDoc
    inds: list[Indicator]
    changes: list[OverlayChange]
    disabled: list[str]
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.index = {ind.id: i for i, ind in enumerate(self.inds)}

    def problem(self, code: str, message: str, path: tuple[Any, ...], indicator: str = "") -> None:
        self.problems.append(yaml_problem(self.doc, code, message, path, indicator))

    def change(self, action: Any, ind_id: str, text: str) -> None:
        self.changes.append(OverlayChange(file=self.doc.file, action=action, id=ind_id, text=text))


def apply_overlay(cat: Catalogue, doc: YamlDoc) -> tuple[Catalogue, list[Problem]]:
    """`cat` with the overlay in `doc` applied, and every problem the overlay has."""
    merge = _Merge(doc, list(cat.indicators), list(cat.changes), list(cat.disabled), check_top(doc, OVERLAY_KEYS))
    for i, raw in enumerate(doc.data.get("thresholds") or []):
        _threshold(merge, i, raw)
    for i, raw in enumerate(doc.data.get("disable") or []):
        _disable(merge, i, raw)
    _add(merge)
    for i, raw in enumerate(doc.data.get("spc") or []):
        _spc(merge, i, raw)
    kept = tuple(ind for ind in merge.inds if ind.id not in merge.disabled)
    ref = OverlayRef(file=Path(doc.file).name, name=str(doc.data.get("name") or ""), digest=overlay_digest(doc.data))
    return Catalogue(name=cat.name, files=cat.files + (doc.file,), indicators=kept, disabled=tuple(merge.disabled),
                     changes=tuple(merge.changes), overlays=cat.overlays + (ref,)), merge.problems


def overlay_digest(data: Any) -> str:
    """Checksum of an overlay's content: the same thresholds give the same sum whatever the comments."""
    import hashlib
    import json

    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _threshold(merge: _Merge, i: int, raw: Any) -> None:
    """One line under `thresholds:`: a new target for an existing indicator."""
    if not isinstance(raw, dict):
        merge.problem("wrong-type", "hver linje under thresholds må ha id: og target:", ("thresholds", i))
        return
    ind_id = str(raw.get("id", ""))
    for key in sorted(set(raw) - set(THRESHOLD_KEYS), key=str):
        guess = difflib.get_close_matches(str(key), THRESHOLD_KEYS, n=1)
        merge.problem("unknown-key", f"ukjent nøkkel «{key}»" + (f" – mente du «{guess[0]}»?" if guess else ""),
                      ("thresholds", i, key), ind_id)
    if ind_id not in merge.index:
        merge.problem("overlay-unknown-indicator", f"indikatoren «{ind_id}» finnes ikke i katalogen",
                      ("thresholds", i, "id"), ind_id)
        return
    if "target" not in raw:
        merge.problem("missing-key", "mangler påkrevd nøkkel «target»", ("thresholds", i), ind_id)
        return
    from pydantic import ValidationError

    from .schema import TargetSpec

    try:
        target = TargetSpec.model_validate(raw.get("target")).to_model()
    except ValidationError as exc:
        for code, msg, path in pydantic_findings(exc):
            merge.problem(code, msg, ("thresholds", i, "target", *path), ind_id)
        return
    old = merge.inds[merge.index[ind_id]]
    target = target.replace(provenance="fylke", set_by=merge.doc.file)
    new = old.replace(target=target, kind="indicator")
    findings = check_indicator(new)
    for f in findings:
        merge.problem(f.code, finding_message(f), ("thresholds", i, *f.path), ind_id)
    if findings:
        return
    merge.inds[merge.index[ind_id]] = new
    before = describe_target(old.target) if old.target else "ingen"
    merge.change("threshold", ind_id, f"{ind_id} {old.name}: {before} → {describe_target(target)}")


def _spc(merge: _Merge, i: int, raw: Any) -> None:
    """One line under `spc:`: `{id: B.1, rebase: [2026-03]}` (a process change the county marks) or a
    baseline after which the limits are fixed."""
    from pydantic import ValidationError

    from .indicators import pydantic_findings
    from .schema import SpcSpec

    ind_id = str(raw.get("id", "")) if isinstance(raw, dict) else ""
    if ind_id not in merge.index:
        merge.problem("overlay-unknown-indicator", f"indikatoren «{ind_id}» finnes ikke i katalogen",
                      ("spc", i, "id"), ind_id)
        return
    try:
        spec = SpcSpec.model_validate({k: v for k, v in raw.items() if k != "id"})
    except ValidationError as exc:
        for code, msg, path in pydantic_findings(exc, lambda loc: ["id", "baseline_months", "rebase"]):
            merge.problem(code, msg, ("spc", i, *path), ind_id)
        return
    old = merge.inds[merge.index[ind_id]]
    merge.inds[merge.index[ind_id]] = old.replace(spc_baseline=spec.baseline_months or old.spc_baseline,
                                                  spc_rebase=tuple(spec.rebase) or old.spc_rebase)
    said = ([f"SPC-grenser beregnes på nytt fra {', '.join(spec.rebase)}"] if spec.rebase else []) + (
        [f"SPC-grenser låst etter {spec.baseline_months} måneder"] if spec.baseline_months else [])
    if said:
        merge.change("threshold", ind_id, f"{ind_id} {old.name}: " + "; ".join(said))


def _disable(merge: _Merge, i: int, raw: Any) -> None:
    """One line under `disable:`: an indicator the county does not use."""
    ind_id = str(raw.get("id", "")) if isinstance(raw, dict) else str(raw)
    reason = raw.get("reason", "") if isinstance(raw, dict) else ""
    if ind_id not in merge.index:
        merge.problem("overlay-unknown-indicator", f"kan ikke slå av «{ind_id}»: indikatoren finnes ikke",
                      ("disable", i), ind_id)
        return
    merge.disabled.append(ind_id)
    name = merge.inds[merge.index[ind_id]].name
    merge.change("disable", ind_id, f"{ind_id} {name} slått av" + (f" ({reason})" if reason else ""))


def _add(merge: _Merge) -> None:
    """The indicators under `add:`: the county's own, with new ids."""
    doc = merge.doc
    merge.problems += duplicate_ids(doc, "add")
    added, probs = indicator_list(doc, "add", "fylke")
    merge.problems += probs
    for ind in added:
        if ind.id in merge.index:
            line = next((doc.line_of(("add", j, "id")) for j, r in enumerate(doc.data.get("add") or [])
                         if isinstance(r, dict) and str(r.get("id")) == ind.id), None)
            merge.problems.append(Problem("overlay-add-exists", f"«{ind.id}» finnes fra før i katalogen.",
                                          file=doc.file, line=line, indicator=ind.id))
            continue
        merge.index[ind.id] = len(merge.inds)
        merge.inds.append(ind)
        merge.change("add", ind.id, f"{ind.id} {ind.name} lagt til ({perspective_name(ind.perspective).lower()})")
