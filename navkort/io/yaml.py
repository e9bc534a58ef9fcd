"""A strict YAML loader used for every YAML file navkort reads.

Safe loading only; YAML 1.2-style scalars (only true/false are booleans, so `NO`, `yes` and `off`
stay text, and no sexagesimal or octal surprises); duplicate keys, aliases and explicit tags are
errors. Every mapping key and sequence item keeps its line, so later validation can point back
at the file and line.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import NavkortError, Problem, os_reason
from .limits import MAX_YAML_BYTES, MAX_YAML_DEPTH

_TAG = "tag:yaml.org,2002:"
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema resolution of plain scalars."""


_Resolver.yaml_implicit_resolvers = {}
_Resolver.add_implicit_resolver(_TAG + "bool", _BOOL, list("tTfF"))
_Resolver.add_implicit_resolver(_TAG + "null", _NULL, ["~", "n", "N", ""])
_Resolver.add_implicit_resolver(_TAG + "int", _INT, list("-+0123456789"))
_Resolver.add_implicit_resolver(_TAG + "float", _FLOAT, list("-+.0123456789"))
_Resolver.add_implicit_resolver(_TAG + "float", _SPECIAL_FLOAT, list("-+."))

try:  # libyaml's parser is several times faster; the rules are ours either way
    _Parser: type = yaml.CParser  # type: ignore[attr-defined]

    class _Loader(yaml.CParser, _Resolver):  # type: ignore[misc,name-defined]
        def __init__(self, stream: str) -> None:
            yaml.CParser.__init__(self, stream)  # type: ignore[attr-defined]
            _Resolver.__init__(self)

except AttributeError:  # pragma: no cover - PyYAML built without libyaml

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _Resolver
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _Resolver.__init__(self)


_ALLOWED = {_TAG + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}


@dataclass
class YamlDoc:
    """Loaded YAML data plus the line of every key path, for pointing problems at lines."""

    file: str
    data: Any
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def line_of(self, path: tuple[Any, ...]) -> int | None:
        """The line of the longest known prefix of `path`."""
        p = tuple(path)
        while True:
            if p in self.lines:
                return self.lines[p]
            if not p:
                return None
            p = p[:-1]


def _scalar(node: yaml.ScalarNode) -> Any:
    tag, value = node.tag, node.value
    if tag == _TAG + "str":
        return value
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return value.lower() == "true"
    if tag == _TAG + "int":
        return int(value)
    if tag == _TAG + "float":
        low = value.lower()
        if low.endswith("inf"):
            return float("-inf") if low.startswith("-") else float("inf")
        if low.endswith("nan"):
            return float("nan")
        return float(value)
    return value  # pragma: no cover - rejected before


class _Walker:
    """Turns a composed YAML node tree into plain data, recording the line of every key path and
    every alias, tag and duplicate key as a problem."""

    def __init__(self, doc: YamlDoc, problems: list[Problem]) -> None:
        self.doc = doc
        self.file = doc.file
        self.problems = problems
        self.seen: set[int] = set()

    def walk(self, node: yaml.Node, path: tuple[Any, ...], used_at: int | None = None) -> Any:
        line = node.start_mark.line + 1
        if id(node) in self.seen:
            # A shared node is an alias; its own mark is the anchor, so report where it is used.
            self.problems.append(Problem("yaml-alias", "Alias (*navn) er ikke tillatt her.", file=self.file,
                                         line=used_at or line))
            return None
        self.seen.add(id(node))
        if node.tag not in _ALLOWED:
            self.problems.append(Problem("yaml-tag", f"Taggen «{node.tag.replace(_TAG, '!!')}» er ikke tillatt.",
                                         file=self.file, line=line))
            return None
        if isinstance(node, yaml.ScalarNode):
            try:
                return _scalar(node)
            except ValueError:  # an integer of thousands of digits, say
                self.problems.append(Problem("wrong-type", "Tallet er for langt til å være et tall i en katalog.",
                                             file=self.file, line=line))
                return None
        if isinstance(node, yaml.SequenceNode):
            out = []
            for i, item in enumerate(node.value):
                self.doc.lines[(*path, i)] = item.start_mark.line + 1
                out.append(self.walk(item, (*path, i), self.doc.lines[(*path, i)]))
            return out
        assert isinstance(node, yaml.MappingNode)
        return self.mapping(node, path)

    def mapping(self, node: yaml.MappingNode, path: tuple[Any, ...]) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for knode, vnode in node.value:
            kline = knode.start_mark.line + 1
            if knode.tag == _TAG + "merge" or (isinstance(knode, yaml.ScalarNode) and knode.value == "<<"):
                self.problems.append(Problem("yaml-alias", "Sammenslåing med << er ikke tillatt.", file=self.file,
                                             line=kline))
                continue
            key = self.walk(knode, path)
            try:
                hash(key)
            except TypeError:
                self.problems.append(Problem("wrong-type", "En nøkkel må være tekst.", file=self.file, line=kline))
                continue
            if key in first_line:
                self.problems.append(Problem(
                    "yaml-duplicate-key", f"Nøkkelen «{key}» står både på linje {first_line[key]} og linje {kline}.",
                    file=self.file, line=kline))
                continue
            first_line[key] = kline
            self.doc.lines[(*path, key)] = kline
            result[key] = self.walk(vnode, (*path, key), kline)
        return result


MAX_DEPTH = MAX_YAML_DEPTH


_DECIMAL_COMMA = re.compile(r"\b(?:green|yellow)\s*:\s*(-?\d+,\d+)\b")


def _too_deep(text: str) -> int | None:
    """The line where nesting (flow brackets or block indentation) goes past MAX_DEPTH, if it does.
    Checked before parsing, because the parser recurses once per level."""
    depth = 0
    quote = ""
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith("#") and (len(line) - len(stripped)) > 2 * MAX_DEPTH:
            return lineno
        for ch in line:
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "\"'":
                quote = ch
            elif ch == "#":
                break
            elif ch in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return lineno
            elif ch in "]}":
                depth = max(0, depth - 1)
        quote = "" if quote == "'" else quote
    return None


def load_yaml_text(text: str, file: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse `text`; return the document (or None if it cannot be read at all) and its problems."""
    problems: list[Problem] = []
    comma = _DECIMAL_COMMA.search(text)
    if comma is not None:  # `green: 80,5` is two things to YAML: say what was meant instead
        number = comma.group(1)
        return None, [Problem("wrong-type", f"Skriv {number.replace(',', '.')} (punktum) i YAML, ikke {number}.",
                              file=file, line=text.count("\n", 0, comma.start()) + 1)]
    deep = _too_deep(text)
    if deep is not None:
        return None, [Problem("yaml-too-deep", f"Filen er nøstet dypere enn {MAX_DEPTH} nivåer.", file=file,
                              line=deep)]
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        return None, [Problem("yaml-syntax", f"YAML-feil: {yaml_problem_text(exc.problem or '')}.", file=file,
                              line=line)]
    except yaml.YAMLError:
        return None, [Problem("yaml-syntax", "YAML-feil: filen kan ikke leses som YAML.", file=file)]
    except RecursionError:
        return None, [Problem("yaml-too-deep", "Filen er nøstet for dypt.", file=file, line=1)]
    doc = YamlDoc(file=file, data=None)
    if root is None:
        return doc, problems
    doc.lines[()] = root.start_mark.line + 1
    try:
        doc.data = _Walker(doc, problems).walk(root, ())
    except RecursionError:
        return None, [Problem("yaml-too-deep", "Filen er nøstet for dypt.", file=file, line=1)]
    return doc, problems


def load_yaml_file(path: Path | str) -> tuple[YamlDoc | None, list[Problem]]:
    """Read and parse a YAML file; a missing, odd, unreadable or oversized file raises NavkortError."""
    p = Path(path)
    name = str(path)
    try:
        st = p.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(st.st_mode):
            raise NavkortError(Problem("file-not-found", f"«{name}» er ikke en vanlig fil.", file=name))
        if st.st_size > MAX_YAML_BYTES:
            raise NavkortError(Problem("yaml-too-large", f"Filen er {st.st_size // 1024} KB; en katalog eller et "
                                       f"overlegg kan være høyst {MAX_YAML_BYTES // 1024} KB.", file=name))
        with p.open("rb") as fh:
            raw = fh.read(MAX_YAML_BYTES + 1)
    except FileNotFoundError:
        raise NavkortError(Problem("file-not-found", f"Finner ikke filen «{name}».", file=name)) from None
    except IsADirectoryError:
        raise NavkortError(Problem("file-not-found", f"«{name}» er en mappe, ikke en fil.", file=name)) from None
    except OSError as exc:
        raise NavkortError(Problem("file-not-found", f"Kan ikke lese «{name}»: {os_reason(exc)}.", file=name)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise NavkortError(
            Problem("yaml-syntax", "Filen er ikke UTF-8-tekst (lagre som UTF-8).", file=name, line=line)
        ) from None
    return load_yaml_text(text, name)


# PyYAML's own words are English: the problems people actually make, in Norwegian.
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "et kolon på feil sted (mangler det mellomrom etter «:», eller anførselstegn "
                                       "rundt en tekst med kolon?)"),
    ("could not find expected ':'", "mangler «:» etter en nøkkel"),
    ("found character '\\t'", "tabulator i innrykk; bruk mellomrom"),
    ("found a tab character", "tabulator i innrykk; bruk mellomrom"),
    ("expected <block end>", "innrykket stemmer ikke med linjene over"),
    ("did not find expected key", "innrykket stemmer ikke med linjene over"),
    ("did not find expected '-' indicator", "en listelinje mangler «-» eller har feil innrykk"),
    ("found unexpected end of stream", "filen slutter midt i en tekst eller liste (mangler et anførselstegn "
                                       "eller en parentes?)"),
    ("found undefined alias", "en ukjent referanse (*navn)"),
    ("found unhashable key", "en nøkkel som er en liste eller ordbok"),
    ("expected ',' or '}'", "mangler «,» eller «}» i {…}"),
    ("expected ',' or ']'", "mangler «,» eller «]» i […]"),
    ("found unknown escape character", "ukjent tegn etter «\\» i en tekst"),
    ("cannot start any token", "et tegn som ikke kan stå først her (f.eks. «@» eller «`»; "
                                                    "sett teksten i anførselstegn)"),
)


def yaml_problem_text(problem: str) -> str:
    """PyYAML's problem in Norwegian; an unknown one is named generally (never in English)."""
    low = problem.lower()
    return next((nb for en, nb in _YAML_PROBLEMS if en.lower() in low), "ugyldig YAML-syntaks")
