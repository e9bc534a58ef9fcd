"""The indicator catalogue: models, strict loading, checks and county overlays."""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from typing import TYPE_CHECKING

from .errors import NavkortError, Problem, errors_only

if TYPE_CHECKING:
    from .yamlstrict import YamlDoc

Perspective = Literal["bruker", "produksjon", "medarbeider", "økonomi"]
Owner = Literal["stat", "kommune", "felles"]
Measure = Literal["share", "value", "achievement", "deviation", "change"]
Direction = Literal["higher", "lower", "band"]
Unit = Literal["percent", "count", "kr", "days", "score"]
Frequency = Literal["monthly", "quarterly", "yearly"]
Provenance = Literal["nasjonal", "fylke", "lokal"]
YtdRule = Literal["ratio", "sum", "mean", "last"]
Basis = Literal["previous_month", "same_month_last_year"]

PERSPECTIVES: tuple[str, ...] = ("bruker", "produksjon", "medarbeider", "økonomi")
PERSPECTIVE_NAMES = {"bruker": "Brukerperspektivet", "produksjon": "Produksjonsperspektivet",
                     "medarbeider": "Medarbeiderperspektivet", "økonomi": "Økonomiperspektivet"}
MEASURES: tuple[str, ...] = ("share", "value", "achievement", "deviation", "change")

# The workbook fields each measure reads (Måledata's "Felt" column, lower-case).
FIELDS_BY_MEASURE: dict[str, tuple[str, ...]] = {
    "share": ("teller", "nevner", "andel"),
    "value": ("verdi",),
    "achievement": ("resultat", "plan"),
    "deviation": ("resultat", "plan"),
    "change": ("verdi",),
}
FIELD_LABELS = {"teller": "Teller", "nevner": "Nevner", "andel": "Andel (%)", "verdi": "Verdi",
                "resultat": "Resultat", "plan": "Plan"}

# The models inside navkort are plain frozen dataclasses: cheap to build, to pickle to worker
# processes, and free of pydantic's import cost on the scoring path. The YAML edge is validated
# with the pydantic models in schema.py (extra="forbid", strict), which convert to these.


@dataclass(frozen=True)
class Band:
    """Thresholds in force for some months: `green` makes green, `yellow` makes yellow (inclusive)."""

    green: float
    yellow: float
    months: tuple[int, ...] = tuple(range(1, 13))

    def to_dict(self) -> dict[str, Any]:
        return {"months": list(self.months), "green": self.green, "yellow": self.yellow}


@dataclass(frozen=True)
class Target:
    """The target of an indicator: a direction and thresholds, constant or by month."""

    direction: Direction
    green: float | None = None
    yellow: float | None = None
    schedule: tuple[Band, ...] | None = None
    assumed: bool = False
    provenance: Provenance = "nasjonal"
    set_by: str = ""

    def bands(self) -> tuple[Band, ...]:
        """The thresholds as bands covering months (one band for all months when not scheduled)."""
        if self.schedule:
            return tuple(self.schedule)
        if self.green is None or self.yellow is None:
            return ()
        return (Band(green=self.green, yellow=self.yellow),)

    def for_month(self, month: int) -> Band | None:
        """The band in force in `month` (1–12)."""
        for band in self.bands():
            if month in band.months:
                return band
        return None

    def replace(self, **changes: Any) -> "Target":
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["schedule"] = [b.to_dict() for b in self.schedule] if self.schedule else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Target":
        sched = d.get("schedule")
        return cls(**{**d, "schedule": tuple(Band(b["green"], b["yellow"], tuple(b["months"])) for b in sched)
                      if sched else None})


@dataclass(frozen=True)
class Indicator:
    """One indicator (styringsparameter) or key information (`kind: info`)."""

    id: str
    name: str
    perspective: Perspective
    owner: Owner
    measure: Measure
    short_name: str | None = None
    description: str = ""
    unit: Unit = "percent"
    kind: Literal["indicator", "info"] = "indicator"
    target: Target | None = None
    due_month: int | None = None
    lag_months: int = 0
    frequency: Frequency = "monthly"
    decimals: int = 1
    ytd: YtdRule | None = None
    basis: Basis | None = None
    source: str | None = None
    fetched_by: str | None = None
    entered_by: str | None = None
    note: str | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        return FIELDS_BY_MEASURE[self.measure]

    @property
    def ytd_rule(self) -> str:
        """How year to date is computed, with the measure's default."""
        if self.ytd:
            return self.ytd
        return {"share": "ratio", "value": "mean", "achievement": "ratio", "deviation": "ratio",
                "change": "sum"}[self.measure]

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def provenance(self) -> str:
        return self.target.provenance if self.target else "nasjonal"

    def replace(self, **changes: Any) -> "Indicator":
        return dataclasses.replace(self, **changes)

    def with_provenance(self, provenance: str, set_by: str) -> "Indicator":
        if self.target is None:
            return self
        return self.replace(target=self.target.replace(provenance=provenance, set_by=set_by))

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        d["target"] = self.target.to_dict() if self.target else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Indicator":
        return cls(**{**d, "target": Target.from_dict(d["target"]) if d.get("target") else None})


@dataclass(frozen=True)
class OverlayChange:
    """What one overlay did to one indicator, for the validate summary and reports."""

    file: str
    action: Literal["threshold", "disable", "add"]
    id: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Catalogue:
    """The merged catalogue: national indicators with overlays applied, in order."""

    name: str = ""
    files: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    disabled: tuple[str, ...] = ()
    changes: tuple[OverlayChange, ...] = ()

    def get(self, indicator_id: str) -> Indicator | None:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        return None

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "files": list(self.files), "indicators": [i.to_dict() for i in self.indicators],
                "disabled": list(self.disabled), "changes": [c.to_dict() for c in self.changes]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Catalogue":
        return cls(name=d["name"], files=tuple(d["files"]),
                   indicators=tuple(Indicator.from_dict(i) for i in d["indicators"]),
                   disabled=tuple(d["disabled"]), changes=tuple(OverlayChange(**c) for c in d["changes"]))


# ---------------------------------------------------------------------------------------------
# Location-independent checks, shared by YAML catalogues and the workbook's "Lokale mål" sheet.
# Each returns (code, message, key path inside the indicator).

Finding = tuple[str, str, tuple[Any, ...]]


def _fmt(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def check_indicator(ind: Indicator) -> list[Finding]:
    """Semantic checks pydantic's types cannot express."""
    out: list[Finding] = []
    if ind.kind == "info":
        if ind.target is not None:
            out.append(("info-with-target", "nøkkelinformasjon (kind: info) skal ikke ha målkrav", ("target",)))
    elif ind.target is None:
        out.append(("missing-target", "indikatoren mangler målkrav (target)", ()))
    if ind.due_month is not None and not 1 <= ind.due_month <= 12:
        out.append(("month-range", f"due_month er {ind.due_month}, men må være 1–12", ("due_month",)))
    if ind.measure == "change" and ind.basis is None:
        out.append(("measure-fields", "måltypen change trenger basis: previous_month eller same_month_last_year", ()))
    if ind.measure != "change" and ind.basis is not None:
        out.append(("measure-fields", "basis gjelder bare måltypen change", ("basis",)))
    if ind.measure in ("share", "achievement", "deviation", "change") and ind.unit != "percent":
        out.append(("measure-fields", f"måltypen {ind.measure} gir prosent; unit må være percent", ("unit",)))
    if ind.measure == "share" and ind.ytd in ("sum", "mean"):
        out.append(("measure-fields", "hittil i år for en andel er ratio (Σteller/Σnevner) eller last", ("ytd",)))
    t = ind.target
    if t is None:
        return out
    if t.schedule is not None and (t.green is not None or t.yellow is not None):
        out.append(("measure-fields", "bruk enten green/yellow eller schedule, ikke begge", ("target",)))
    if t.schedule is None and (t.green is None or t.yellow is None):
        missing = "green" if t.green is None else "yellow"
        out.append(("missing-key", f"target mangler {missing}", ("target",)))
        return out
    percent_bound = ind.unit == "percent" and ind.measure in ("share", "value")
    bands = t.bands()
    for bi, band in enumerate(bands):
        path: tuple[Any, ...] = ("target", "schedule", bi) if t.schedule else ("target",)
        g, y = band.green, band.yellow
        if t.direction == "higher" and not y <= g:
            out.append(("threshold-order",
                        f"høyere er bedre, så gul ({_fmt(y)}) må være lavere enn eller lik grønn ({_fmt(g)})",
                        path + ("yellow",)))
        elif t.direction == "lower" and not g <= y:
            out.append(("threshold-order",
                        f"lavere er bedre, så grønn ({_fmt(g)}) må være lavere enn eller lik gul ({_fmt(y)})",
                        path + ("green",)))
        elif t.direction == "band" and not 0 <= g <= y:
            out.append(("threshold-order",
                        f"for et bånd (±) må 0 ≤ grønn ({_fmt(g)}) ≤ gul ({_fmt(y)})", path + ("green",)))
        if percent_bound:
            for key, val in (("green", g), ("yellow", y)):
                if not 0 <= val <= 100:
                    out.append(("percent-range", f"{key} er {_fmt(val)} %, men en andel må være 0–100", path + (key,)))
        for m in band.months:
            if not 1 <= m <= 12:
                out.append(("month-range", f"måned {m} i tidsplanen finnes ikke (1–12)", path + ("months",)))
    if t.schedule:
        counts: dict[int, int] = {}
        for band in bands:
            for m in band.months:
                counts[m] = counts.get(m, 0) + 1
        missing_m = [m for m in range(1, 13) if m not in counts]
        repeated = sorted(m for m, c in counts.items() if c > 1 and 1 <= m <= 12)
        if missing_m:
            out.append(("schedule-gap", f"tidsplanen dekker ikke måned {_list(missing_m)}", ("target", "schedule")))
        if repeated:
            out.append(("schedule-overlap", f"måned {_list(repeated)} står i mer enn én linje i tidsplanen",
                        ("target", "schedule")))
    return out


def _list(ms: list[int]) -> str:
    return ", ".join(str(m) for m in ms)


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The field names valid at the mapping where a pydantic error with `loc` happened."""
    parent = [p for p in loc[:-1] if isinstance(p, str)]
    from .schema import BandSpec, IndicatorSpec, TargetSpec

    if parent[-1:] == ["schedule"]:
        return list(BandSpec.model_fields)
    if parent[-1:] == ["target"]:
        return list(TargetSpec.model_fields)
    return list(IndicatorSpec.model_fields)


def pydantic_findings(exc: Any) -> list[Finding]:
    """Turn pydantic's errors into our codes and Norwegian messages."""
    import difflib

    out: list[Finding] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        typ = err["type"]
        key = loc[-1] if loc else ""
        if typ == "extra_forbidden":
            allowed = _allowed_keys(loc)
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


def make_indicator_cached(raw: dict[str, Any]) -> tuple[Indicator | None, list[Finding]]:
    """make_indicator, remembering definitions that were valid before (local goals are read on every
    run; validating them imports pydantic, which would double the start-up time of `navkort score`)."""
    cache = _cache_dir()
    key = None
    if cache is not None:
        from . import __version__

        blob = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
        key = cache / f"lokal-{_Key(__version__ + blob).hexdigest()}.json"
        try:
            return Indicator.from_dict(json.loads(key.read_text(encoding="utf-8"))), []
        except (OSError, ValueError, KeyError, TypeError):
            pass
    ind, findings = make_indicator(raw)
    if ind is not None and not findings and key is not None:
        try:
            from .fileio import write_atomic

            write_atomic(key, json.dumps(ind.to_dict(), ensure_ascii=False))
        except (OSError, NavkortError):
            pass
    return ind, findings


def make_indicator(raw: Any) -> tuple[Indicator | None, list[Finding]]:
    """Validate one indicator mapping with pydantic and our checks."""
    if not isinstance(raw, dict):
        return None, [("wrong-type", "en indikator må være en ordbok (id:, name:, …)", ())]
    from pydantic import ValidationError

    from .schema import IndicatorSpec

    try:
        ind = IndicatorSpec.model_validate(raw).to_model()
    except ValidationError as exc:
        return None, pydantic_findings(exc)
    return ind, check_indicator(ind)


# ---------------------------------------------------------------------------------------------
# Files


def data_dir() -> Path:
    """Where the shipped catalogue and templates are: inside the installed package, or the checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    if (packaged / "indicators.yaml").is_file():
        return packaged
    return here.parent


def default_catalogue_path() -> Path:
    """The national catalogue shipped with navkort."""
    return data_dir() / "indicators.yaml"


def _problem(doc: YamlDoc, code: str, message: str, path: tuple[Any, ...], indicator: str = "") -> Problem:
    hint = ""
    if "\x00" in message:
        message, hint = message.split("\x00", 1)
    return Problem(code, message[:1].upper() + message[1:], file=doc.file, line=doc.line_of(path),
                   indicator=indicator, hint=hint)


def file_kind(doc: YamlDoc) -> str:
    """`catalogue`, `overlay` or `unknown`, by content."""
    if isinstance(doc.data, dict):
        if "indicators" in doc.data:
            return "catalogue"
        if {"thresholds", "disable", "add"} & set(doc.data):
            return "overlay"
    return "unknown"


CATALOGUE_KEYS = ("name", "description", "version", "indicators")
OVERLAY_KEYS = ("name", "description", "thresholds", "disable", "add")


def _check_top(doc: YamlDoc, allowed: Sequence[str]) -> list[Problem]:
    import difflib

    out = []
    for key in doc.data:
        if key not in allowed:
            guess = difflib.get_close_matches(str(key), allowed, n=1)
            msg = f"Ukjent nøkkel «{key}»" + (f" – mente du «{guess[0]}»?" if guess else "")
            out.append(Problem("unknown-key", msg, file=doc.file, line=doc.line_of((key,)),
                               hint="Gyldige nøkler her: " + ", ".join(allowed) + "."))
    return out


def _indicator_list(doc: YamlDoc, key: str, provenance: Provenance) -> tuple[list[Indicator], list[Problem]]:
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
            problems.append(_problem(doc, code, msg, (key, i) + tuple(path), ind_id))
        if ind is not None and not errors_only([p for p in problems if p.indicator == ind_id]):
            out.append(ind.with_provenance(provenance, doc.file))
    return out, problems


def _duplicate_ids(doc: YamlDoc, key: str, existing: Iterable[str] = ()) -> list[Problem]:
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


def _load_base(doc: YamlDoc) -> tuple[Catalogue | None, list[Problem]]:
    problems = _check_top(doc, CATALOGUE_KEYS)
    problems += _duplicate_ids(doc, "indicators")
    inds, probs = _indicator_list(doc, "indicators", "nasjonal")
    problems += probs
    seen: set[str] = set()
    unique = []
    for ind in inds:
        if ind.id not in seen:
            seen.add(ind.id)
            unique.append(ind)
    name = doc.data.get("name") if isinstance(doc.data.get("name"), str) else ""
    return Catalogue(name=name or "", files=(doc.file,), indicators=tuple(unique)), problems


def _describe_target(t: Target) -> str:
    if t.schedule:
        return "; ".join(f"mnd {_span(b.months)}: grønn {_fmt(b.green)}, gul {_fmt(b.yellow)}" for b in t.schedule)
    return f"grønn {_fmt(t.green or 0)}, gul {_fmt(t.yellow or 0)}"


def _span(months: tuple[int, ...]) -> str:
    ms = sorted(months)
    if ms and ms == list(range(ms[0], ms[-1] + 1)):
        return f"{ms[0]}–{ms[-1]}" if len(ms) > 1 else str(ms[0])
    return ",".join(str(m) for m in ms)


def _apply_overlay(cat: Catalogue, doc: YamlDoc) -> tuple[Catalogue, list[Problem]]:
    import difflib

    problems = _check_top(doc, OVERLAY_KEYS)
    inds = list(cat.indicators)
    index = {ind.id: i for i, ind in enumerate(inds)}
    changes = list(cat.changes)
    disabled = list(cat.disabled)
    file = doc.file

    for i, raw in enumerate(doc.data.get("thresholds") or []):
        if not isinstance(raw, dict):
            problems.append(_problem(doc, "wrong-type", "hver linje under thresholds må ha id: og target:", ("thresholds", i)))
            continue
        extra = set(raw) - {"id", "target", "reason"}
        for key in sorted(extra, key=str):
            guess = difflib.get_close_matches(str(key), ["id", "target", "reason"], n=1)
            problems.append(_problem(doc, "unknown-key", f"ukjent nøkkel «{key}»" + (f" – mente du «{guess[0]}»?" if guess else ""),
                                     ("thresholds", i, key), str(raw.get("id", ""))))
        ind_id = str(raw.get("id", ""))
        if ind_id not in index:
            problems.append(_problem(doc, "overlay-unknown-indicator",
                                     f"indikatoren «{ind_id}» finnes ikke i katalogen", ("thresholds", i, "id"), ind_id))
            continue
        old = inds[index[ind_id]]
        if "target" not in raw:
            problems.append(_problem(doc, "missing-key", "mangler påkrevd nøkkel «target»", ("thresholds", i), ind_id))
            continue
        from pydantic import ValidationError

        from .schema import TargetSpec

        try:
            target = TargetSpec.model_validate(raw.get("target")).to_model()
        except ValidationError as exc:
            for code, msg, path in pydantic_findings(exc):
                problems.append(_problem(doc, code, msg, ("thresholds", i, "target") + tuple(path), ind_id))
            continue
        target = target.replace(provenance="fylke", set_by=file)
        new = old.replace(target=target, kind="indicator")
        findings = check_indicator(new)
        if findings:
            for code, msg, path in findings:
                problems.append(_problem(doc, code, msg, ("thresholds", i) + tuple(path), ind_id))
            continue
        inds[index[ind_id]] = new
        before = _describe_target(old.target) if old.target else "ingen"
        changes.append(OverlayChange(file=file, action="threshold", id=ind_id,
                                     text=f"{ind_id} {old.name}: {before} → {_describe_target(target)}"))

    for i, raw in enumerate(doc.data.get("disable") or []):
        ind_id = str(raw.get("id", "")) if isinstance(raw, dict) else str(raw)
        reason = raw.get("reason", "") if isinstance(raw, dict) else ""
        if ind_id not in index:
            problems.append(_problem(doc, "overlay-unknown-indicator",
                                     f"kan ikke slå av «{ind_id}»: indikatoren finnes ikke", ("disable", i), ind_id))
            continue
        disabled.append(ind_id)
        changes.append(OverlayChange(file=file, action="disable", id=ind_id,
                                     text=f"{ind_id} {inds[index[ind_id]].name} slått av" + (f" ({reason})" if reason else "")))

    problems += _duplicate_ids(doc, "add")
    added, probs = _indicator_list(doc, "add", "fylke")
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
                                     text=f"{ind.id} {ind.name} lagt til ({PERSPECTIVE_NAMES[ind.perspective].lower()})"))
    kept = tuple(ind for ind in inds if ind.id not in disabled)
    return Catalogue(name=cat.name, files=cat.files + (file,), indicators=kept,
                     disabled=tuple(disabled), changes=tuple(changes)), problems


def validate_catalogue(paths: Sequence[Path | str]) -> tuple[Catalogue | None, list[Problem]]:
    """Load a catalogue and overlays in order; return the merged catalogue and every problem found.

    With no catalogue among `paths` (only overlays, or nothing), the shipped national one is used.
    Unreadable files raise NavkortError with exit code 2.
    """
    from .yamlstrict import load_yaml_file

    docs: list[YamlDoc] = []
    problems: list[Problem] = []
    for p in paths:
        doc, probs = load_yaml_file(p)
        if doc is None:
            raise NavkortError(probs, exit_code=2)
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
            problems.append(Problem("yaml-not-mapping", "Filen må være en YAML-ordbok.", file=doc.file, line=doc.line_of(())))
            continue
        kind = file_kind(doc)
        if n == 0:
            cat, probs = _load_base(doc)
        elif kind == "overlay" and cat is not None:
            cat, probs = _apply_overlay(cat, doc)
        elif kind == "catalogue":
            probs = [Problem("not-a-catalogue", "Bare den første filen kan være en katalog; resten må være overlegg.",
                             file=doc.file, line=1, hint="Oppgi katalogen først, så overleggene i rekkefølge.")]
        else:
            probs = [Problem("not-a-catalogue", "Filen er verken en katalog eller et overlegg.", file=doc.file, line=1)]
        problems += probs
    return cat, problems


def load_catalogue(*paths: Path | str) -> Catalogue:
    """Load and merge a catalogue and overlays; raise NavkortError listing every problem if invalid.

    A catalogue that validated before (same navkort version, same file names and bytes) is read from
    a small cache instead of being validated again, which keeps `navkort score` quick to start.
    Set NAVKORT_NO_CACHE=1 to turn that off, NAVKORT_CACHE_DIR to move it.
    """
    flat: list[Path | str] = []
    for p in paths:
        if isinstance(p, (list, tuple)):
            flat.extend(p)
        else:
            flat.append(p)
    cache = _cache_file(flat)
    if cache is not None:
        try:
            data = json.loads(cache.read_text(encoding="utf-8"))
            return Catalogue.from_dict(data)
        except (OSError, ValueError, KeyError, TypeError):
            pass
    cat, problems = validate_catalogue(flat)
    errs = errors_only(problems)
    if errs or cat is None:
        raise NavkortError(errs or problems, exit_code=1)
    if cache is not None:
        try:
            from .fileio import write_atomic

            write_atomic(cache, json.dumps(cat.to_dict(), ensure_ascii=False))
        except (OSError, NavkortError):
            pass  # a cache that cannot be written is no error
    return cat


def _cache_file(paths: Sequence[Path | str]) -> Path | None:
    """Where the validated form of exactly these files would be cached, or None (no cache)."""
    if os.environ.get("NAVKORT_NO_CACHE"):
        return None
    from . import __version__

    key = _Key(__version__)
    try:
        for p in [default_catalogue_path(), *paths]:
            key.update(b"\0" + str(p).encode() + b"\0" + Path(p).read_bytes())
    except OSError:
        return None  # let validation report the missing file
    return _cache_dir() / f"katalog-{key.hexdigest()}.json"  # type: ignore[operator]


class _Key:
    """A cache key from CRC-32 and Adler-32 over the same bytes plus their length (zlib is loaded
    anyway; hashlib's OpenSSL costs 3 ms at every start). Not a security boundary: a collision could
    only make navkort reuse a catalogue it validated before."""

    def __init__(self, text: str) -> None:
        import zlib

        self._zlib = zlib
        self.crc, self.adler, self.size = 0, 1, 0
        self.update(text.encode())

    def update(self, data: bytes) -> None:
        self.crc = self._zlib.crc32(data, self.crc)
        self.adler = self._zlib.adler32(data, self.adler)
        self.size += len(data)

    def hexdigest(self) -> str:
        return f"{self.crc:08x}{self.adler:08x}{self.size:x}"


def _cache_dir() -> Path | None:
    if os.environ.get("NAVKORT_NO_CACHE"):
        return None
    base = os.environ.get("NAVKORT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "navkort")
    return Path(base)
