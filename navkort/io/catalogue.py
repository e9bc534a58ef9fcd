"""Loading the catalogue: YAML files → pydantic at the edge → the models, every problem with file
and line, overlays applied in order (overlay.py), validated results cached (cache.py)."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import NavkortError, Problem, errors_only
from ..model import Catalogue
from . import cache
from .files import default_catalogue_path
from .indicators import check_top, duplicate_ids, indicator_list
from .limits import MAX_YAML_BYTES

if TYPE_CHECKING:  # the YAML parser is imported only when a catalogue is validated, not when it is cached
    from .yaml import YamlDoc


def file_kind(doc: YamlDoc) -> str:
    """`catalogue`, `overlay` or `unknown`, by content."""
    if isinstance(doc.data, dict):
        if "indicators" in doc.data:
            return "catalogue"
        if {"thresholds", "disable", "add", "spc"} & set(doc.data):
            return "overlay"
    return "unknown"


CATALOGUE_KEYS = ("name", "description", "version", "indicators")


def _load_base(doc: YamlDoc) -> tuple[Catalogue | None, list[Problem]]:
    problems = check_top(doc, CATALOGUE_KEYS)
    problems += duplicate_ids(doc, "indicators")
    inds, probs = indicator_list(doc, "indicators", "nasjonal")
    problems += probs
    seen: set[str] = set()
    unique = []
    for ind in inds:
        if ind.id not in seen:
            seen.add(ind.id)
            unique.append(ind)
    name = doc.data.get("name") if isinstance(doc.data.get("name"), str) else ""
    return Catalogue(name=name or "", files=(doc.file,), indicators=tuple(unique)), problems


def validate_catalogue(paths: Sequence[Path | str]) -> tuple[Catalogue | None, list[Problem]]:
    """Load a catalogue and overlays in order; return the merged catalogue and every problem found.

    With no catalogue among `paths` (only overlays, or nothing), the shipped national one is used.
    Unreadable files raise NavkortError with exit code 2.
    """
    from .overlay import apply_overlay
    from .yaml import load_yaml_file

    docs: list[YamlDoc] = []
    problems: list[Problem] = []
    for p in paths:
        doc, probs = load_yaml_file(p)
        if doc is None:
            raise NavkortError(probs)
        problems += probs
        docs.append(doc)
    if not docs or file_kind(docs[0]) != "catalogue":
        doc, probs = load_yaml_file(default_catalogue_path())
        assert doc is not None
        doc.file = "indicators.yaml (nasjonal)"
        docs.insert(0, doc)
        problems += probs
    cat: Catalogue | None = None
    for n, doc in enumerate(docs):
        if not isinstance(doc.data, dict):
            problems.append(Problem("yaml-not-mapping", "Filen må være en YAML-ordbok.", file=doc.file,
                                    line=doc.line_of(())))
            continue
        kind = file_kind(doc)
        if n == 0:
            cat, probs = _load_base(doc)
        elif kind == "overlay" and cat is not None:
            cat, probs = apply_overlay(cat, doc)
        elif kind == "catalogue":
            probs = [Problem("not-a-catalogue", "Bare den første filen kan være en katalog; resten må være overlegg.",
                             file=doc.file, line=1, hint="Oppgi katalogen først, så overleggene i rekkefølge.")]
        else:
            probs = [Problem("not-a-catalogue", "Filen er verken en katalog eller et overlegg.", file=doc.file, line=1)]
        problems += probs
    return cat, problems


def load_catalogue(*paths: Path | str | Sequence[Path | str]) -> Catalogue:
    """Load and merge a catalogue and overlays; raise NavkortError listing every problem if invalid.

    A catalogue validated before (same files, same bytes, same navkort code) is read from a small
    cache instead of being validated again, which keeps `navkort score` quick to start.
    """
    flat: list[Path | str] = []
    for p in paths:
        if isinstance(p, (list, tuple)):
            flat.extend(p)
        else:
            flat.append(p)  # type: ignore[arg-type]
    where = _cache_file(flat)
    hit = cache.cached(where, Catalogue.from_dict)
    if hit is not None:
        return hit
    cat, problems = validate_catalogue(flat)
    errs = errors_only(problems)
    if errs or cat is None:
        raise NavkortError(errs or problems)
    cache.store(where, cat.to_dict())
    return cat


def _cache_file(paths: Sequence[Path | str]) -> Path | None:
    """Where the validated form of exactly these files would be cached, or None (no cache)."""
    parts: list[bytes] = []
    try:
        for p in [default_catalogue_path(), *paths]:
            if not stat.S_ISREG(os.stat(p).st_mode) or os.stat(p).st_size > MAX_YAML_BYTES:
                return None  # a FIFO would block here; let validation say what is wrong
            parts.append(str(p).encode() + b"\0" + Path(p).read_bytes())
    except OSError:
        return None  # let validation report the missing file
    return cache.cache_file("katalog", parts)
