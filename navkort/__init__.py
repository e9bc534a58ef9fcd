"""navkort: the monthly målekort of NAV offices as a Python library and command line.

County scripts use this API; the CLI is a thin layer over it::

    from navkort import load_catalogue, read_office, score
    cat = load_catalogue("indicators.yaml", "fylke.yaml")
    card = score(cat, read_office("NAV Fjellbygd.xlsx", cat), "2026-10")
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = [
    "Catalogue", "Indicator", "Target", "Band", "load_catalogue", "validate_catalogue",
    "Problem", "NavkortError",
]

from .catalogue import Band, Catalogue, Indicator, Target, load_catalogue, validate_catalogue
from .errors import NavkortError, Problem
