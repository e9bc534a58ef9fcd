"""Norwegian for the words typer and click print themselves: «Bruk:», «Valg», «Mangler valget …».

Click hardcodes these in English. `install()` replaces them for this process only; the console
script calls it before parsing. If a future typer moves things, the CLI still works, in English.
"""

from __future__ import annotations

import re
import sys
from typing import Any

_WORDS = {
    "Options": "Valg", "Arguments": "Argumenter", "Commands": "Kommandoer", "required": "påkrevd",
    "default: {default}": "standard: {default}", "env var: {var}": "miljøvariabel: {var}",
    "Aborted!": "Avbrutt!", "Missing command.": "Mangler kommando.", "(dynamic)": "(dynamisk)",
    "No such command {name!r}.": "Ukjent kommando {name!r}.", "Show this message and exit.": "Vis denne hjelpen.",
}
_TYPES = {"int": "et heltall", "int range": "et heltall", "integer": "et heltall", "float": "et tall",
          "float range": "et tall", "boolean": "ja/nei", "path": "en sti", "choice": "et gyldig valg"}
_done = False


def _click_modules() -> tuple[Any, Any] | None:
    import importlib

    for base in ("typer._click", "click"):  # typer ≥ 0.26 vendors click
        try:
            return importlib.import_module(f"{base}.exceptions"), importlib.import_module(f"{base}.formatting")
        except ImportError:
            continue
    return None  # pragma: no cover


def _message(exc: Any, cx: Any) -> str:
    param = getattr(exc, "param", None)
    name = "/".join(getattr(param, "opts", []) or []) or getattr(param, "name", "") or ""
    if isinstance(exc, cx.MissingParameter):
        kind = {"argument": "argumentet", "option": "valget"}.get(getattr(exc, "param_type", "") or "", "")
        if not kind and param is not None:
            kind = "argumentet" if getattr(param, "param_type_name", "") == "argument" else "valget"
        shown = (getattr(param, "metavar", None) or name.upper()) if kind == "argumentet" else name
        return f"Mangler {kind} {shown}.".replace("  ", " ")
    if isinstance(exc, cx.NoSuchOption):
        maybe = getattr(exc, "possibilities", None)
        extra = f" Mente du {' eller '.join(sorted(maybe))}?" if maybe else ""
        return f"Ukjent valg «{exc.option_name}».{extra}"
    if isinstance(exc, cx.BadParameter):
        m = re.match(r"^(.*?) is not a valid (.+?)\.?$", str(exc.message))
        if m:
            kind = _TYPES.get(m.group(2), m.group(2))
            return f"Ugyldig verdi for {name or 'parameter'}: {m.group(1)} er ikke {kind}."
        m = re.match(r"^(.*?) is not in the range (.+?)\.?$", str(exc.message))
        if m:
            return f"Ugyldig verdi for {name or 'parameter'}: {m.group(1)} er utenfor {m.group(2)}."
        return f"Ugyldig verdi for {name or 'parameter'}: {exc.message}"
    if isinstance(exc, getattr(cx, "NoArgsIsHelpError", ())):
        return str(exc.format_message())  # type: ignore[union-attr]
    text = str(exc.format_message())
    if text.startswith("Got unexpected extra argument"):
        return "For mange argumenter: " + text.split("(", 1)[-1].rstrip(")") + "."
    text = re.sub(r"\(Did you mean one of: (.+?)\?\)", r"(Mente du en av: \1?)", text)
    return re.sub(r"Did you mean (.+?)\?", r"Mente du \1?", text)


def install() -> None:
    """Switch typer's own usage words and error messages to Norwegian (idempotent)."""
    global _done
    if _done:
        return
    mods = _click_modules()
    if mods is None:  # pragma: no cover
        return
    cx, fmt = mods
    try:
        import typer.core as tcore

        original = getattr(tcore, "_", None)
        if original is not None:
            tcore._ = lambda s: _WORDS.get(s, original(s))  # type: ignore[attr-defined,assignment]
        write_usage = fmt.HelpFormatter.write_usage

        def write_usage_nb(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
            write_usage(self, prog, args, "Bruk: " if prefix is None else prefix)

        fmt.HelpFormatter.write_usage = write_usage_nb
        ccore = sys.modules[fmt.__name__.rsplit(".", 1)[0] + ".core"]
        get_help_option = ccore.Command.get_help_option

        def get_help_option_nb(self: Any, ctx: Any) -> Any:
            opt = get_help_option(self, ctx)
            if opt is not None:
                opt.help = "Vis denne hjelpen."
            return opt

        ccore.Command.get_help_option = get_help_option_nb

        def show(self: Any, file: Any = None) -> None:
            out = file or sys.stderr
            ctx = getattr(self, "ctx", None)
            if ctx is not None and not isinstance(self, getattr(cx, "NoArgsIsHelpError", ())):
                out.write(ctx.get_usage() + "\n")
                out.write(f"Se «{ctx.command_path} --help».\n")
            out.write(f"Feil: {_message(self, cx)}\n")

        cx.UsageError.show = show
    except Exception:
        return
    _done = True
