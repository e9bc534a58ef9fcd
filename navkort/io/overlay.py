"""County overlays (`thresholds:`, `disable:`, `add:`) applied to a catalogue, with the line of
every problem and a record of every change."""

from __future__ import annotations

import difflib

from ..errors import Problem
from ..model import Catalogue, OverlayChange
from ..text.catalogue import describe_target, finding_message
from ..text.words import perspective_name
from ..rules.catalogue import check_indicator
from .indicators import check_top, duplicate_ids, indicator_list, pydantic_findings, yaml_problem
from .yaml import YamlDoc

OVERLAY_KEYS = ("name", "description", "thresholds", "disable", "add")


def apply_overlay(cat: Catalogue, doc: YamlDoc) -> tuple[Catalogue, list[Problem]]:
    problems = check_top(doc, OVERLAY_KEYS)
    inds = list(cat.indicators)
    index = {ind.id: i for i, ind in enumerate(inds)}
    changes = list(cat.changes)
    disabled = list(cat.disabled)
    file = doc.file

    for i, raw in enumerate(doc.data.get("thresholds") or []):
        if not isinstance(raw, dict):
            problems.append(yaml_problem(doc, "wrong-type", "hver linje under thresholds må ha id: og target:", ("thresholds", i)))
            continue
        extra = set(raw) - {"id", "target", "reason"}
        for key in sorted(extra, key=str):
            guess = difflib.get_close_matches(str(key), ["id", "target", "reason"], n=1)
            problems.append(yaml_problem(doc, "unknown-key", f"ukjent nøkkel «{key}»" + (f" – mente du «{guess[0]}»?" if guess else ""),
                                     ("thresholds", i, key), str(raw.get("id", ""))))
        ind_id = str(raw.get("id", ""))
        if ind_id not in index:
            problems.append(yaml_problem(doc, "overlay-unknown-indicator",
                                     f"indikatoren «{ind_id}» finnes ikke i katalogen", ("thresholds", i, "id"), ind_id))
            continue
        old = inds[index[ind_id]]
        if "target" not in raw:
            problems.append(yaml_problem(doc, "missing-key", "mangler påkrevd nøkkel «target»", ("thresholds", i), ind_id))
            continue
        from pydantic import ValidationError

        from .schema import TargetSpec

        try:
            target = TargetSpec.model_validate(raw.get("target")).to_model()
        except ValidationError as exc:
            for code, msg, path in pydantic_findings(exc):
                problems.append(yaml_problem(doc, code, msg, ("thresholds", i, "target") + tuple(path), ind_id))
            continue
        target = target.replace(provenance="fylke", set_by=file)
        new = old.replace(target=target, kind="indicator")
        findings = check_indicator(new)
        if findings:
            for f in findings:
                problems.append(yaml_problem(doc, f.code, finding_message(f), ("thresholds", i) + f.path, ind_id))
            continue
        inds[index[ind_id]] = new
        before = describe_target(old.target) if old.target else "ingen"
        changes.append(OverlayChange(file=file, action="threshold", id=ind_id,
                                     text=f"{ind_id} {old.name}: {before} → {describe_target(target)}"))

    for i, raw in enumerate(doc.data.get("disable") or []):
        ind_id = str(raw.get("id", "")) if isinstance(raw, dict) else str(raw)
        reason = raw.get("reason", "") if isinstance(raw, dict) else ""
        if ind_id not in index:
            problems.append(yaml_problem(doc, "overlay-unknown-indicator",
                                     f"kan ikke slå av «{ind_id}»: indikatoren finnes ikke", ("disable", i), ind_id))
            continue
        disabled.append(ind_id)
        changes.append(OverlayChange(file=file, action="disable", id=ind_id,
                                     text=f"{ind_id} {inds[index[ind_id]].name} slått av" + (f" ({reason})" if reason else "")))

    problems += duplicate_ids(doc, "add")
    added, probs = indicator_list(doc, "add", "fylke")
    problems += probs
    for ind in added:
        if ind.id in index:
            line = next((doc.line_of(("add", j, "id")) for j, r in enumerate(doc.data.get("add") or [])
                         if isinstance(r, dict) and str(r.get("id")) == ind.id), None)
            problems.append(Problem("overlay-add-exists", f"«{ind.id}» finnes fra før i katalogen.",
                                    file=file, line=line, indicator=ind.id))
            continue
        index[ind.id] = len(inds)
        inds.append(ind)
        changes.append(OverlayChange(file=file, action="add", id=ind.id,
                                     text=f"{ind.id} {ind.name} lagt til ({perspective_name(ind.perspective).lower()})"))
    kept = tuple(ind for ind in inds if ind.id not in disabled)
    return Catalogue(name=cat.name, files=cat.files + (file,), indicators=kept,
                     disabled=tuple(disabled), changes=tuple(changes)), problems


