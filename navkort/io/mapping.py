"""kobling.yaml: which columns of a statistics extract feed which workbook fields. Strict like the
catalogue (unknown keys with «mente du», wrong types, unknown indicators and fields, all with line)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from ..errors import NavkortError, Problem, errors_only
from ..model import FIELDS_BY_MEASURE, Catalogue
from ..model.imports import IndicatorMap, Mapping
from .indicators import pydantic_findings, yaml_problem

MAPPING_KEYS = ("name", "layout", "sheet", "separator", "encoding", "dash", "office", "period",
                "indicator_column", "values")
ALL_FIELDS = ("teller", "nevner", "andel", "verdi", "resultat", "plan")


def is_mapping(data: Any) -> bool:
    """A kobling.yaml, by content (the catalogue and overlays have other top-level keys)."""
    return isinstance(data, dict) and "values" in data and ("layout" in data or "office" in data)


def _specs() -> Any:
    """The pydantic models, built on first use (pydantic is imported only when a mapping is read)."""
    from pydantic import BaseModel, ConfigDict, Field

    class _Strict(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    class OfficeSpec(_Strict):
        column: str = Field(min_length=1)
        by: Literal["number", "name"] = "number"

    class PeriodSpec(_Strict):
        column: str = Field(min_length=1)

    class MappingSpec(_Strict):
        name: str = ""
        layout: Literal["long", "wide"]
        sheet: str | None = None
        separator: Literal[";", ",", "\t", "|"] | None = None
        encoding: Literal["auto", "utf-8", "windows-1252"] = "auto"
        dash: Literal["zero", "empty"]
        office: OfficeSpec
        period: PeriodSpec | None = None
        indicator_column: str | None = None
        values: dict[str, dict[str, str]]

    return MappingSpec, OfficeSpec, PeriodSpec


def _allowed(loc: tuple[Any, ...]) -> list[str]:
    if loc[:1] == ("office",):
        return ["column", "by"]
    if loc[:1] == ("period",):
        return ["column"]
    if loc[:1] == ("values",):
        return ["match", *ALL_FIELDS]
    return list(MAPPING_KEYS)


def mapping_from_doc(doc: Any, catalogue: Catalogue) -> tuple[Mapping | None, list[Problem]]:
    """Validate a loaded kobling.yaml against the catalogue: every problem with its line."""
    from pydantic import ValidationError

    MappingSpec, _, _ = _specs()
    if not isinstance(doc.data, dict):
        return None, [Problem("yaml-not-mapping", "Koblingen må være en YAML-ordbok.", file=doc.file, line=1)]
    try:
        spec = MappingSpec.model_validate(doc.data)
    except ValidationError as exc:
        return None, [yaml_problem(doc, code, msg, path) for code, msg, path in pydantic_findings(exc, _allowed)]
    problems: list[Problem] = []
    if spec.layout == "long" and not spec.indicator_column:
        problems.append(yaml_problem(doc, "missing-key", "lang form (layout: long) krever indicator_column: "
                                     "kolonnen som sier hvilken indikator raden gjelder", ("layout",)))
    indicators = []
    matches: dict[str, str] = {}
    for ind_id, fields in spec.values.items():
        match = (fields.get("match") or ind_id).strip().casefold()
        if spec.layout == "long" and match in matches:
            problems.append(yaml_problem(doc, "mapping-duplicate-match", f"{ind_id} og {matches[match]} har samme "
                                         f"match («{fields.get('match') or ind_id}»); radene kan ikke skilles",
                                         ("values", ind_id), ind_id))
        matches.setdefault(match, ind_id)
        ind_map, probs = _indicator(doc, catalogue, spec.layout, ind_id, fields)
        problems += probs
        if ind_map is not None:
            indicators.append(ind_map)
    if not spec.values:
        problems.append(yaml_problem(doc, "missing-key", "values: er tom; koblingen fyller ingen tall", ("values",)))
    if errors_only(problems):
        return None, problems
    return Mapping(file=doc.file, name=spec.name, layout=spec.layout, dash=spec.dash, office_column=spec.office.column,
                   office_by=spec.office.by, indicators=tuple(indicators),
                   period_column=spec.period.column if spec.period else None,
                   indicator_column=spec.indicator_column, sheet=spec.sheet, separator=spec.separator,
                   encoding=spec.encoding), problems


def _indicator(doc: Any, catalogue: Catalogue, layout: str, ind_id: str,
               fields: dict[str, str]) -> tuple[IndicatorMap | None, list[Problem]]:
    import difflib

    ind = catalogue.get(ind_id)
    where = ("values", ind_id)
    if ind is None:
        guess = difflib.get_close_matches(ind_id, catalogue.ids, n=1)
        msg = f"indikatoren «{ind_id}» finnes ikke i katalogen" + (f" – mente du «{guess[0]}»?" if guess else "")
        return None, [yaml_problem(doc, "mapping-unknown-indicator", msg + "\x00Bruk en id fra `navkort indicators`"
                                   " (med overlegget, om indikatoren kommer derfra).", where, ind_id)]
    problems = []
    columns = []
    for fld, column in fields.items():
        if fld == "match":
            if layout != "long":
                problems.append(yaml_problem(doc, "unknown-key", "match: brukes bare i lang form (layout: long)",
                                             where + (fld,), ind_id))
            continue
        if fld not in FIELDS_BY_MEASURE[ind.measure]:
            problems.append(yaml_problem(
                doc, "mapping-unknown-field", f"{ind_id} har ikke feltet «{fld}»; bruk "
                + ", ".join(FIELDS_BY_MEASURE[ind.measure]), where + (fld,), ind_id))
            continue
        if not column.strip():
            problems.append(yaml_problem(doc, "missing-key", f"kolonnenavnet for {ind_id} {fld} er tomt",
                                         where + (fld,), ind_id))
            continue
        columns.append((fld, column.strip()))
    if not columns and not problems:
        problems.append(yaml_problem(doc, "missing-key", f"{ind_id} har ingen felt (f.eks. teller: Kolonne)",
                                     where, ind_id))
    return IndicatorMap(id=ind_id, match=(fields.get("match") or ind_id).strip(), columns=tuple(columns)), problems


def load_mapping(path: Path | str, catalogue: Catalogue) -> Mapping:
    """Read and validate kobling.yaml; raise NavkortError with every problem."""
    from .yaml import load_yaml_file

    doc, problems = load_yaml_file(path)
    if doc is None:
        raise NavkortError(problems)
    mapping, more = mapping_from_doc(doc, catalogue)
    problems += more
    if mapping is None or errors_only(problems):
        raise NavkortError(errors_only(problems) or problems)
    return mapping


def validate_mappings(paths: list[Path], catalogue: Catalogue | None) -> list[Problem]:
    """Every problem of the kobling.yaml files in `paths` (checked against `catalogue`)."""
    from .yaml import load_yaml_file

    problems: list[Problem] = []
    for path in paths:
        doc, probs = load_yaml_file(path)
        problems += probs
        if doc is not None and catalogue is not None:
            problems += mapping_from_doc(doc, catalogue)[1]
    return problems


def split_mappings(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """(kobling.yaml files, the other YAML files), by content; unreadable files go with the others
    (the catalogue's validation says what is wrong with them)."""
    from .yaml import load_yaml_file

    mappings: list[Path] = []
    others: list[Path] = []
    for path in paths:
        try:
            doc, _ = load_yaml_file(path)
        except NavkortError:
            doc = None
        (mappings if doc is not None and is_mapping(doc.data) else others).append(path)
    return mappings, others
