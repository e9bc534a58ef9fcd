"""Indicators at the YAML edge: pydantic validation plus the catalogue checks, turned into problems
with file and line. Shared by catalogues, overlays and the workbook's "Lokale mål" sheet."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import Problem, errors_only
from ..model import Indicator, Provenance
from ..rules.catalogue import check_indicator
from ..text.catalogue import finding_message
from . import cache

if TYPE_CHECKING:  # the YAML parser is imported only when a YAML file is read
    from .yaml import YamlDoc

# (problem code, message, key path inside the indicator). A message may carry its own hint after "\x00".
Found = tuple[str, str, tuple[Any, ...]]


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The field names valid at the mapping where a pydantic error with `loc` happened."""
    parent = [p for p in loc[:-1] if isinstance(p, str)]
    from .schema import BandSpec, IndicatorSpec, TargetSpec

    if parent[-1:] == ["schedule"]:
        return list(BandSpec.model_fields)
    if parent[-1:] == ["target"]:
        return list(TargetSpec.model_fields)
    return list(IndicatorSpec.model_fields)


def pydantic_findings(exc: Any, allowed_keys: Callable[[tuple[Any, ...]], list[str]] | None = None) -> list[Found]:
    """Turn pydantic's errors into our codes and Norwegian messages. `allowed_keys(loc)` lists the
    keys valid where an unknown key was found (default: the catalogue's)."""
    out: list[Found] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        typ = err["type"]
        key = loc[-1] if loc else ""
        if typ == "extra_forbidden":
            allowed = (allowed_keys or _allowed_keys)(loc)
            guess = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            msg = f"ukjent nøkkel «{key}»" + (f" – mente du «{guess[0]}»?" if guess else "")
            hint = "Gyldige nøkler her: " + ", ".join(allowed) + "."
            out.append(("unknown-key", msg + "\x00" + hint, loc))
        elif typ == "missing":
            out.append(("missing-key", f"mangler påkrevd nøkkel «{key}»", loc))
        elif typ == "literal_error":
            val = err.get("input")
            expected = err.get("ctx", {}).get("expected", "")
            if key == "perspective":
                out.append(("unknown-perspective", f"ukjent perspektiv «{val}»", loc))
            elif key == "measure":
                out.append(("unknown-measure", f"ukjent måltype «{val}»", loc))
            else:
                out.append(("unknown-value", f"«{val}» er ikke gyldig for {key}; bruk {expected}", loc))
        elif typ == "bool_type":
            out.append(("not-a-boolean", f"{key} må være true eller false, ikke «{err.get('input')}»", loc))
        elif typ in ("greater_than_equal", "less_than_equal"):
            out.append(("wrong-type", f"{key} er utenfor tillatt område ({err['msg']})", loc))
        elif typ == "value_error":
            out.append(("wrong-type", f"{key}: {str(err['msg']).removeprefix('Value error, ')}", loc))
        else:
            what = {"float_type": "et tall", "int_type": "et heltall", "string_type": "tekst",
                    "list_type": "en liste", "tuple_type": "en liste", "model_type": "en ordbok",
                    "dict_type": "en ordbok", "int_from_float": "et heltall"}.get(typ, "en annen type")
            out.append(("wrong-type", f"{key} må være {what}, fant «{err.get('input')}»", loc))
    return out


def make_indicator_cached(raw: dict[str, Any]) -> tuple[Indicator | None, list[Found]]:
    """make_indicator, remembering definitions that were valid before (local goals are read on every
    run; validating them imports pydantic, which would double the start-up time of `navkort score`)."""
    blob = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str).encode()
    where = cache.cache_file("lokal", [blob])
    hit = cache.cached(where, Indicator.from_dict)
    if hit is not None:
        return hit, []
    ind, findings = make_indicator(raw)
    if ind is not None and not findings:
        cache.store(where, ind.to_dict())
    return ind, findings


def make_indicator(raw: Any) -> tuple[Indicator | None, list[Found]]:
    """Validate one indicator mapping with pydantic and our checks."""
    if not isinstance(raw, dict):
        return None, [("wrong-type", "en indikator må være en ordbok (id:, name:, …)", ())]
    from pydantic import ValidationError

    from .schema import IndicatorSpec

    try:
        ind = IndicatorSpec.model_validate(raw).to_model()
    except ValidationError as exc:
        return None, pydantic_findings(exc)
    return ind, [(f.code, finding_message(f), f.path) for f in check_indicator(ind)]



def yaml_problem(doc: YamlDoc, code: str, message: str, path: tuple[Any, ...], indicator: str = "") -> Problem:
    hint = ""
    if "\x00" in message:
        message, hint = message.split("\x00", 1)
    return Problem(code, message[:1].upper() + message[1:], file=doc.file, line=doc.line_of(path),
                   indicator=indicator, hint=hint)


def check_top(doc: YamlDoc, allowed: Sequence[str]) -> list[Problem]:
    out = []
    for key in doc.data:
        if key not in allowed:
            guess = difflib.get_close_matches(str(key), allowed, n=1)
            msg = f"Ukjent nøkkel «{key}»" + (f" – mente du «{guess[0]}»?" if guess else "")
            out.append(Problem("unknown-key", msg, file=doc.file, line=doc.line_of((key,)),
                               hint="Gyldige nøkler her: " + ", ".join(allowed) + "."))
    return out


def indicator_list(doc: YamlDoc, key: str, provenance: Provenance) -> tuple[list[Indicator], list[Problem]]:
    problems: list[Problem] = []
    items = doc.data.get(key) or []
    if not isinstance(items, list):
        return [], [Problem("wrong-type", f"«{key}» må være en liste av indikatorer (- id: …).",
                            file=doc.file, line=doc.line_of((key,)))]
    out: list[Indicator] = []
    for i, raw in enumerate(items):
        ind_id = str(raw.get("id", "")) if isinstance(raw, dict) else ""
        ind, findings = make_indicator(raw)
        for code, msg, path in findings:
            problems.append(yaml_problem(doc, code, msg, (key, i) + tuple(path), ind_id))
        if ind is not None and not errors_only([p for p in problems if p.indicator == ind_id]):
            out.append(ind.with_provenance(provenance, doc.file))
            if not ind.name_nn:  # a nynorsk letter would carry this name in bokmål
                problems.append(Problem("name-nn-missing", f"{ind_id} har ikke navn på nynorsk (name_nn).",
                                        file=doc.file, line=doc.line_of((key, i, "name")), indicator=ind_id,
                                        severity="warning"))
    return out, problems


def duplicate_ids(doc: YamlDoc, key: str, existing: Iterable[str] = ()) -> list[Problem]:
    seen: dict[str, int | None] = {}
    out = []
    for i, raw in enumerate(doc.data.get(key) or []):
        if not isinstance(raw, dict) or "id" not in raw:
            continue
        ind_id = str(raw["id"])
        line = doc.line_of((key, i, "id"))
        if ind_id in seen:
            out.append(Problem("duplicate-id", f"Id-en «{ind_id}» er brukt før, på linje {seen[ind_id]}.",
                               file=doc.file, line=line, indicator=ind_id))
        else:
            seen[ind_id] = line
    return out


