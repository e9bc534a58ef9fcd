"""navkort: the monthly målekort of NAV offices as a Python library and command line.

County scripts use this API; the CLI is a thin layer over it::

    from navkort import load_catalogue, read_office, score
    cat = load_catalogue("indicators.yaml", "fylke.yaml")
    card = score(cat, read_office("nav-fjellbygd.xlsx", cat), "2026-10")
    print(card.summary)

    report = import_extracts(["uttrekk.csv"], load_mapping("kobling.yaml", cat), ["nav-fjellbygd.xlsx"],
                             catalogue=cat)
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import NavkortError, Problem
from .io.catalogue import load_catalogue, validate_catalogue
from .io.office import read_office, validate_office
from .model import (
    Action,
    Band,
    Catalogue,
    Comment,
    Indicator,
    Month,
    Municipality,
    Office,
    Period,
    Reason,
    Result,
    Scorecard,
    Target,
    Ytd,
)
from .rules.scoring import score

__all__ = [
    "Action", "Band", "Catalogue", "Comment", "Indicator", "Month", "Municipality", "NavkortError", "Office",
    "Period", "Problem", "Reason", "Result", "Scorecard", "Target", "Ytd", "import_extracts", "load_catalogue",
    "load_mapping", "read_office", "score", "score_many", "validate_catalogue", "validate_office",
]


def __getattr__(name: str) -> object:
    # score_many lives in the app layer (process pool, multiprocessing): load it only when asked for.
    if name == "score_many":
        from .app.batch import score_many

        return score_many
    if name == "import_extracts":
        from .app.importing import import_extracts

        return import_extracts
    if name == "load_mapping":
        from .io.mapping import load_mapping

        return load_mapping
    raise AttributeError(name)
