"""The models every layer shares: frozen dataclasses, no I/O, no words.

Catalogue → Indicator → Target → Band describe what is measured (catalogue.py); Office holds one
workbook's figures (office.py); Scorecard → Result → Period/Ytd is what scoring says about them
(scores.py). Reasons are codes with parameters (`Reason`); `navkort.text` turns them into bokmål or
nynorsk. Import from `navkort.model`, not from the modules inside it — except the import types
(`navkort.model.imports`: Mapping, Figure …), which only `navkort import` loads.
"""

from __future__ import annotations

from .catalogue import (
    FIELDS_BY_MEASURE,
    MAX_SHOWN_NAME,
    MEASURES,
    PERSPECTIVES,
    STATUSES,
    Band,
    Basis,
    Catalogue,
    Direction,
    Frequency,
    Indicator,
    Measure,
    OverlayChange,
    OverlayRef,
    Owner,
    Perspective,
    Provenance,
    Recipient,
    Status,
    Target,
    TrendDirection,
    Unit,
    YtdRule,
)
from .office import (
    Action,
    Comment,
    Municipality,
    Office,
    Series,
    Value,
)
from .scores import (
    NO_REASON,
    Month,
    ParamValue,
    Period,
    Previous,
    Reason,
    Result,
    Scorecard,
    Ytd,
)
from .spc import (
    MIN_POINTS,
    Assurance,
    Spc,
    SpcPoint,
    SpecialRule,
    Variation,
)

__all__ = [
    "FIELDS_BY_MEASURE",
    "MAX_SHOWN_NAME",
    "MEASURES",
    "MIN_POINTS",
    "NO_REASON",
    "PERSPECTIVES",
    "STATUSES",
    "Action",
    "Assurance",
    "Band",
    "Basis",
    "Catalogue",
    "Comment",
    "Direction",
    "Frequency",
    "Indicator",
    "Measure",
    "Month",
    "Municipality",
    "Office",
    "OverlayChange",
    "OverlayRef",
    "Owner",
    "ParamValue",
    "Period",
    "Perspective",
    "Previous",
    "Provenance",
    "Reason",
    "Recipient",
    "Result",
    "Scorecard",
    "Series",
    "Spc",
    "SpcPoint",
    "SpecialRule",
    "Status",
    "Target",
    "TrendDirection",
    "Unit",
    "Value",
    "Variation",
    "Ytd",
    "YtdRule",
]
