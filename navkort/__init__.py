"""navkort: the monthly målekort of NAV offices as a Python library and command line.

County scripts use this API; the CLI is a thin layer over it::

    from navkort import load_catalogue, read_office, score
    cat = load_catalogue("indicators.yaml", "fylke.yaml")
    card = score(cat, read_office("nav-fjellbygd.xlsx", cat), "2026-10")
    print(card.summary)
"""

from __future__ import annotations

__version__ = "0.1.0"

from .catalogue import Band, Catalogue, Indicator, Target, load_catalogue, validate_catalogue
from .errors import NavkortError, Problem
from .office import Action, Comment, Municipality, Office
from .scoring import Month, Period, Result, Scorecard, Ytd, score
from .workbook import read_office, validate_office

__all__ = [
    "Action", "Band", "Catalogue", "Comment", "Indicator", "Month", "Municipality", "NavkortError", "Office",
    "Period", "Problem", "Result", "Scorecard", "Target", "Ytd", "load_catalogue", "read_office", "score",
    "validate_catalogue", "validate_office",
]
