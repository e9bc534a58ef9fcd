"""Rounding the way a reader rounds: the one number rule scoring and formatting share."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def round_half_up(x: float, decimals: int) -> float:
    """Round the way a reader rounds (74,95 → 75,0), not banker's rounding, ignoring float noise
    (100·7495/10000 may be 74.94999999999999; it is 74,95 and shows as 75,0)."""
    if not math.isfinite(x):
        return x
    cleaned = round(x, 9)
    if not math.isfinite(cleaned) or abs(cleaned) >= 1e15:
        return cleaned  # beyond float precision there are no decimals to round
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(cleaned)).quantize(step, rounding=ROUND_HALF_UP))
