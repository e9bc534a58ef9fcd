"""Jinja environment, filters, and HTML → PDF. Templates live in `templates/`; a county's own
folder (`--templates DIR`) is searched first, so it can replace any file (letterhead, logo, CSS).

Templates say navkort's own words with `_("bokmål text")` (Jinja's i18n extension); the
environment of a language carries that language's gettext catalogue (navkort.text.i18n)."""

from __future__ import annotations

import hashlib
import os
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import NavkortError, Problem
from ..io.files import shipped_templates
from ..text.i18n import words
from ..text.numbers import date_text

if TYPE_CHECKING:
    import jinja2


def environment(user_dir: Path | None = None, lang: str = "nb") -> jinja2.Environment:
    """Autoescaped, StrictUndefined environment in `lang`; `user_dir` first, then the shipped templates."""
    import jinja2

    loaders: list[Any] = []
    if user_dir is not None:
        if not user_dir.is_dir():
            raise NavkortError(Problem("file-not-found", f"Malmappen «{user_dir}» finnes ikke.", file=str(user_dir)))
        loaders.append(jinja2.FileSystemLoader(str(user_dir)))
    loaders.append(jinja2.FileSystemLoader(str(shipped_templates())))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(words(lang).catalogue, newstyle=True)  # type: ignore[attr-defined]
    env.filters["fmtdate"] = date_text
    env.filters["nbsp"] = _nbsp
    return env


def _nbsp(s: Any) -> Any:
    """Keep "75,3 %" and "1 234 kr" on one line."""
    from markupsafe import Markup, escape

    return Markup(str(escape(s)).replace(" ", "&nbsp;"))


def render(env: jinja2.Environment, template: str, ctx: Any) -> str:
    """Render `template` with the typed context object `ctx` (templates read `ctx.field`)."""
    import jinja2

    try:
        return env.get_template(template).render(ctx=ctx)
    except jinja2.TemplateNotFound as exc:
        raise NavkortError(Problem("file-not-found", f"Finner ikke malen «{exc.name}».", file=str(exc.name))) from None
    except jinja2.TemplateSyntaxError as exc:
        raise NavkortError(Problem("template-error", f"Feil i malen: {exc.message}",
                                   file=str(exc.filename or exc.name), line=exc.lineno)) from None
    except jinja2.UndefinedError as exc:  # a county template reading a field the context does not have
        raise NavkortError(Problem("template-error", f"Malen «{template}» bruker noe som ikke finnes: {exc.message}.",
                                   file=template)) from None


# Every PDF is PDF/A-2u (docs/beslutninger.md 80): the Noark 5 archives take PDF/A-1 and PDF/A-2, not -3;
# «u» keeps all text as Unicode (searchable, copyable). Title, author (the office), subject and language
# come from the <head> of base.html.j2.
PDF_VARIANT = "pdf/a-2u"
# Tagged PDF (a structure tree for screen readers; WeasyPrint's pdf_tags) is on: public bodies must publish
# accessible documents (forskrift om universell utforming av IKT). It costs about 7 % per document (2–14 %
# measured); NAVKORT_PDF_TAGS=0 turns it off where only speed matters.
TAGS_SETTING = "NAVKORT_PDF_TAGS"


class PdfWriter:
    """WeasyPrint with one shared font configuration and stylesheet, so each document after the
    first costs little. Imported only when PDF is asked for."""

    def __init__(self, user_dir: Path | None = None) -> None:
        try:
            import weasyprint
            from weasyprint.text.fonts import FontConfiguration
        except ImportError:
            raise NavkortError(Problem("pdf-missing", "PDF krever WeasyPrint, som ikke er installert.")) from None
        except OSError:  # missing Pango/Cairo system libraries
            raise NavkortError(Problem("pdf-missing", "WeasyPrint mangler systembiblioteker (Pango).",
                                       hint="Installer Pango (f.eks. apt-get install libpango-1.0-0 "
                                            "libpangoft2-1.0-0).")) from None
        self.weasyprint = weasyprint
        self.fonts = FontConfiguration()
        font_dir = None
        for base in ([user_dir] if user_dir else []) + [shipped_templates()]:
            if (base / "fonts" / "NavkortSans-Regular.ttf").is_file():
                font_dir = base / "fonts"
                break
        css = ""
        if font_dir is not None:
            for weight, name in (("normal", "Regular"), ("bold", "Bold")):
                css += (f"@font-face {{ font-family: 'Navkort Sans'; font-weight: {weight}; "
                        f"src: url('{(font_dir / f'NavkortSans-{name}.ttf').as_uri()}'); }}\n")
        css += "body { font-family: 'Navkort Sans', sans-serif; }\n"
        self.stylesheet = weasyprint.CSS(string=css, font_config=self.fonts)
        self.cache: dict[str, Any] = {}
        self.fetcher = self._fetcher()
        self.tagged = os.environ.get(TAGS_SETTING, "").strip().lower() not in ("0", "nei", "no", "false")
        # full_fonts: embed our 26 KB fonts whole instead of subsetting them for every document (subsetting
        # was a third of the time of a one-page PDF, and is still 17–19 ms per document; PDF/A allows whole fonts).
        self.options: dict[str, Any] = {"full_fonts": True, "pdf_variant": PDF_VARIANT, "pdf_tags": self.tagged}
        self._constant_streams: dict[bytes, bytes] = {}  # font programs, ICC profile: raw digest → compressed

    def _local_only(self, url: str, *args: Any, **kwargs: Any) -> Any:
        """Fetch local files and data: URLs only: rendering never makes a network request."""
        if not (url.startswith("file:") or url.startswith("data:")):
            raise ValueError(f"navkort henter ikke {url.split(':', 1)[0]}-adresser")
        return self.weasyprint.default_url_fetcher(url, *args, **kwargs)

    def _fetcher(self) -> Any:
        """Local files and data: URLs only (a county's logo), never the network. WeasyPrint 70 wants a
        URLFetcher object (a plain function broke every PDF with an image); older ones a function."""
        try:
            from weasyprint.urls import URLFetcher
        except ImportError:  # WeasyPrint before 70
            return self._local_only
        if not hasattr(URLFetcher, "fetch"):
            return self._local_only
        return URLFetcher(allowed_protocols=("file", "data"))

    def pdf(self, html: str, base_url: Path | None = None) -> tuple[bytes, int]:
        """(PDF/A bytes, number of pages)."""
        doc = self.weasyprint.HTML(string=html, base_url=str(base_url or shipped_templates()),
                                   url_fetcher=self.fetcher).render(
            stylesheets=[self.stylesheet], font_config=self.fonts, cache=self.cache, **self.options)
        return doc.write_pdf(finisher=self.finish, **self.options), len(doc.pages)

    def finish(self, document: Any, pdf: Any) -> None:
        """WeasyPrint finisher: the language in the XMP metadata too, then every stream compressed once.
        Both reach into pydyf's objects; should a future pydyf change them, the PDF is written as
        WeasyPrint writes it (slower, without dc:language) rather than not at all."""
        try:
            _xmp_language(pdf, document.metadata.lang)
            self.compress_once(document, pdf)
        except (AttributeError, TypeError, KeyError):  # pragma: no cover - only with an unknown pydyf
            pass

    def compress_once(self, _document: Any, pdf: Any) -> None:
        """Compress every stream now, exactly as pydyf would (zlib level 9).

        PDF/A needs a file identifier, and pydyf makes it by serialising every object a second
        time, compressing each stream again: that was most of what PDF/A cost. Compressed here,
        a stream is only copied the second time. The font programs and the ICC profile are the same
        in every document, so they are compressed once per writer. As a finisher on its own, the PDF
        is byte for byte the one WeasyPrint writes without it (tests/test_pdfa.py)."""
        pydyf = _pydyf()
        for obj in pdf.objects:
            if not isinstance(obj, pydyf.Stream) or not obj.compress:
                continue
            raw = _stream_content(pydyf, obj)
            if raw is None:  # a pydyf we do not know: leave the stream to pydyf (slower, same PDF)
                continue
            # Font programs (FontFile2 has Length1, FontFile3 /OpenType) and ICC profiles (N) are the same
            # in every document.
            constant = "Length1" in obj.extra or obj.extra.get("Subtype") == "/OpenType" or "N" in obj.extra
            key = hashlib.sha256(raw).digest() if constant else None
            packed = self._constant_streams.get(key) if key else None
            if packed is None:
                packed = zlib.compress(raw, 9)
                if key:
                    self._constant_streams[key] = packed
            obj.stream = [packed]
            obj.extra["Filter"] = "/FlateDecode"
            obj.compress = False


_DC = "http://purl.org/dc/elements/1.1/"


def _pydyf() -> Any:
    """pydyf, WeasyPrint's PDF writer (imported only when PDF is asked for)."""
    import pydyf  # type: ignore[import-untyped]

    return pydyf


def _xmp_language(pdf: Any, lang: str | None) -> None:
    """Add dc:language to the XMP metadata WeasyPrint wrote: the catalog's /Lang is what readers use,
    the XMP is what an archive reads (WeasyPrint writes title, author and subject there, not the language)."""
    from markupsafe import escape

    if not lang:
        return
    pydyf = _pydyf()
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.extra.get("Type") == "/Metadata":
            raw = _stream_content(pydyf, obj)
            if raw is None or b"</rdf:RDF>" not in raw or b"<dc:language>" in raw:
                return
            described = (f'<rdf:Description rdf:about="" xmlns:dc="{_DC}"><dc:language><rdf:Bag>'
                         f"<rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language></rdf:Description></rdf:RDF>").encode()
            obj.stream = [raw.replace(b"</rdf:RDF>", described, 1)]
            return


def _stream_content(pydyf: Any, stream: Any) -> bytes | None:
    """The uncompressed content of a pydyf Stream, through the public `data` of an uncompressed copy
    without a dictionary of its own (`<</Length n>>`, `stream`, the content, `endstream`)."""
    data: bytes = pydyf.Stream(stream.stream).data
    head, sep, rest = data.partition(b"\nstream\n")
    if not sep or not head.startswith(b"<<") or b"\n" in head or not rest.endswith(b"\nendstream"):
        return None
    return rest[: -len(b"\nendstream")]
