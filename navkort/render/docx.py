"""Word documents from Word templates (docxtpl): the status letter and the action plan, for a
NAV-leder to edit before signing. Imported only when `--docx` is asked for.

The templates are `statusbrev.docx` and `tiltaksplan.docx`, looked up in the county's own template
folder (`--templates`) first, then the shipped ones (tools/make_docx_templates.py makes those).
They read the same context objects as the HTML templates (`ctx.…`, docs/maler.md) and translate
navkort's own words with `_()`. Workbook text is escaped, and characters XML cannot hold (control
characters a workbook may carry) are dropped, so no input can break the document or add markup.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from ..errors import NavkortError, Problem
from ..io.files import shipped_templates
from ..text.i18n import words
from ..text.numbers import date_text

# XML 1.0 cannot hold these; docxtpl would also turn \a and \f into new paragraphs and page breaks.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
TEMPLATES = ("statusbrev.docx", "tiltaksplan.docx")


class _Obj(dict[str, Any]):
    """A context object the template reads as `ctx.field` (Jinja falls back to items)."""


def clean(value: Any) -> Any:
    """The context as plain data with text XML can hold: dataclasses become objects, tuples lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _Obj({f.name: clean(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, str):
        return _NOT_XML.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    return value


def _properties(document: Any, ctx: Any) -> None:
    """Title, author (the office), subject and language: for the archive, the spelling checker and
    screen readers. The language is the document's default (nb-NO or nn-NO)."""
    office = getattr(ctx, "sender_office", "") or getattr(ctx, "office", "")
    props = document.core_properties
    props.title = clean(ctx.title)[:255]  # Word's limit for these properties (a very long office name)
    props.author = props.last_modified_by = clean(office)[:255]
    props.subject = clean(getattr(ctx, "subject", ctx.title))[:255]
    props.language = "nn-NO" if ctx.lang == "nn" else "nb-NO"
    from docx.oxml.ns import qn

    lang = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if lang is not None:
        lang.set(qn("w:val"), props.language)
        lang.set(qn("w:eastAsia"), props.language)


class DocxWriter:
    """Finds the Word templates once and renders documents from them."""

    def __init__(self, user_dir: Path | None = None) -> None:
        try:
            import docxtpl
            import jinja2
        except ImportError:
            raise NavkortError(Problem("docx-missing", "Word-dokumenter krever docxtpl, som ikke er installert.")) \
                from None
        self.docxtpl = docxtpl
        self.jinja2 = jinja2
        self.paths: dict[str, Path] = {}
        for name in TEMPLATES:
            for base in ([user_dir] if user_dir else []) + [shipped_templates()]:
                if (base / name).is_file():
                    self.paths[name] = base / name
                    break
            else:
                raise NavkortError(Problem("file-not-found", f"Fant ikke Word-malen «{name}».",
                                           file=str(shipped_templates() / name)))
        self._envs: dict[str, Any] = {}

    def _env(self, lang: str) -> Any:
        if lang not in self._envs:
            env = self.jinja2.Environment(autoescape=True, undefined=self.jinja2.StrictUndefined)
            tr = words(lang)
            env.globals["_"] = lambda msgid: tr(msgid)
            env.filters["fmtdate"] = date_text
            self._envs[lang] = env
        return self._envs[lang]

    def render(self, name: str, ctx: Any) -> bytes:
        """The Word document `name` (statusbrev.docx or tiltaksplan.docx) filled in from `ctx`."""
        path = self.paths[name]
        try:
            doc = self.docxtpl.DocxTemplate(str(path))
            doc.render({"ctx": clean(ctx)}, self._env(ctx.lang), autoescape=True)
        except self.jinja2.TemplateError as exc:
            raise NavkortError(Problem("template-error", f"Feil i Word-malen «{path.name}»: {exc.message or exc}.",
                                       file=str(path))) from None
        except Exception as exc:  # the template's own expressions ({{ ctx.month + 1 }}), or XML it broke
            raise NavkortError(Problem("template-error", f"Word-malen «{path.name}» kan ikke fylles ut: "
                                       f"{type(exc).__name__}: {exc}.", file=str(path))) from None
        _properties(doc.docx, ctx)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    def warm(self) -> None:
        """Open each template once: a broken one is found before any office is read."""
        for path in self.paths.values():
            if not zipfile.is_zipfile(path):  # a renamed .doc, a text file: say so in words
                raise NavkortError(Problem("template-error", f"Word-malen «{path.name}» er ikke et Word-dokument "
                                           "(.docx).", file=str(path),
                                           hint="Åpne den i Word og lagre den som Word-dokument (.docx).")) from None
            try:
                self.docxtpl.DocxTemplate(str(path)).get_undeclared_template_variables(self._env("nb"))
            except self.jinja2.TemplateError as exc:
                raise NavkortError(Problem("template-error", f"Feil i Word-malen «{path.name}»: "
                                           f"{exc.message or exc}.", file=str(path))) from None
            except Exception as exc:  # any other failure here means the template is unusable
                raise NavkortError(Problem("template-error", f"Word-malen «{path.name}» kan ikke brukes "
                                           f"({type(exc).__name__}).", file=str(path))) from None
