"""`navkort chart`: the XmR chart of one indicator of one office, as an SVG file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import NavkortError, Problem
from .base import MonthOption, OtherOverlaysOption, app, handle_errors, split_inputs, today, with_recorded_overlays


@app.command()
@handle_errors
def chart(
    files: Annotated[list[Path], typer.Argument(
        metavar="ARBEIDSBOK", help="Kontorets arbeidsbok (.xlsx), og eventuelt overlegg (.yaml).", show_default=False)],
    indicator: Annotated[str, typer.Option("--indicator", "-i", metavar="ID", help="Indikatoren, f.eks. B.1.",
                                           show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FIL.svg", help="Hvor diagrammet skrives (.svg).",
                                      show_default=False)],
    month: MonthOption = None,
    lang: Annotated[str, typer.Option("--lang", metavar="nb|nn", help="Språk i diagrammet.")] = "nb",
    other_overlays: OtherOverlaysOption = False,
) -> None:
    """Tegn kontrolldiagrammet (XmR, SPC) for én indikator: verdiene måned for måned, snittet,
    kontrollgrensene, målet og punktene som er mer enn vanlig variasjon.

    Avslutningskode 0 = skrevet, 1 = ugyldig arbeidsbok, 2 = feil bruk.
    """
    from ..app.reports import score_office
    from ..io.catalogue import load_catalogue
    from ..io.files import write_atomic
    from ..render.chart import xmr_svg

    yaml_files, inputs = split_inputs(files)
    if len(inputs) != 1 or not inputs[0].is_file():
        raise NavkortError(Problem("usage", "Oppgi én arbeidsbok.", hint="navkort chart nav-x.xlsx --indicator B.1 "
                                                                        "--out b1.svg"))
    if out.suffix.lower() != ".svg":
        raise NavkortError(Problem("usage", f"«{out}» må slutte på .svg.", file=str(out)))
    if lang not in ("nb", "nn"):
        raise NavkortError(Problem("usage", f"Ukjent språk «{lang}».", hint="Bruk --lang nb eller --lang nn."))
    cat = load_catalogue(*with_recorded_overlays(yaml_files, inputs, other_overlays))
    _, card = score_office(inputs[0], cat, month, today(), other_overlays)
    res = card.get(indicator.strip())
    if res is None:
        raise NavkortError(Problem("usage", f"Fant ikke indikatoren «{indicator}» i katalogen eller «Lokale mål».",
                                   hint="Se id-ene med navkort indicators."))
    if res.spc is None:
        raise NavkortError(Problem("usage", f"{res.id} har ikke kontrolldiagram (nøkkelinformasjon, eller kvartals- "
                                   "og årstall).", hint="Velg en indikator med månedlige tall og målkrav."))
    svg = xmr_svg(res.indicator, res.spc, lang, f"{card.office}: {res.id} {res.indicator.label}", standalone=True)
    write_atomic(out, '<?xml version="1.0" encoding="UTF-8"?>\n' + svg)
    from .output import console

    console().print(f"Kontrolldiagrammet for {res.id} er skrevet til {out}.", markup=False, soft_wrap=True)
    raise typer.Exit(0)


