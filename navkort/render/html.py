"""Jinja environment, filters, and HTML → PDF. Templates live in `templates/`; a county's own
folder (`--templates DIR`) is searched first, so it can replace any file (letterhead, logo, CSS).

Templates say navkort's own words with `_("bokmål text")` (Jinja's i18n extension); the
environment of a language carries that language's gettext catalogue (navkort.text.i18n)."""

from __future__ import annotations

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

    def _local_only(self, url: str, *args: Any, **kwargs: Any) -> Any:
        """Fetch local files and data: URLs only: rendering never makes a network request."""
        if not (url.startswith("file:") or url.startswith("data:")):
            raise ValueError(f"navkort henter ikke {url.split(':', 1)[0]}-adresser")
        return self.weasyprint.default_url_fetcher(url, *args, **kwargs)

    def pdf(self, html: str, base_url: Path | None = None) -> tuple[bytes, int]:
        """(PDF bytes, number of pages)."""
        # full_fonts: embed our 26 KB fonts whole instead of subsetting them for every document
        # (subsetting was a third of the time of a one-page PDF).
        doc = self.weasyprint.HTML(string=html, base_url=str(base_url or shipped_templates()),
                                   url_fetcher=self._local_only).render(
            stylesheets=[self.stylesheet], font_config=self.fonts, full_fonts=True, cache=self.cache)
        return doc.write_pdf(full_fonts=True), len(doc.pages)
