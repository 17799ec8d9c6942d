"""The report's judgement rules, one constant each, used by every page that applies them."""
from __future__ import annotations

SIGNIFICANCE_LEVEL = 0.05
"""A slope is called significant when its two-sided p-value is below this."""

LARGE_GAP_ORDERS = 2.0
"""Our extrapolation and the paper's are said to differ when they are more than this many orders of magnitude apart."""

BACKTEST_MIN_LATER_POINTS = 3
"""Fewer later results than this and a benchmark's projection is "not testable"."""

CHANCE_MARGIN_POINTS = 5.0
"""A result whose error is within this many percentage points of its benchmark's chance error (or beyond it)
is left out of every fit: there the error measures guessing, not what computation bought."""

SMALL_SAMPLE_POINTS = 10
"""Fits on fewer points than this carry a warning: a p-value from so few points rests on the robust
standard errors' large-sample approximation."""

R2_PRINTED_DECIMALS = 2
"""R² and shares of variance are compared with the paper's at its printed precision (two decimals: 0.29 = 29%)."""

YEARS_PRINTED_DECIMALS = 0
"""Years of algorithmic progress are compared with the paper's "three years" at its printed precision (whole years)."""

CURVE_MARGIN_ORDERS = 0.5
"""Fitted curves are drawn this many orders of magnitude beyond the sample's smallest and largest computation."""

CURVE_POINTS = 120
"""Points along each drawn fit curve."""


def backtest_verdict(n_later: int, median_orders: float, low_orders: float, high_orders: float) -> str:
    """The back-test's verdict: "not testable", "as projected" (0 within the spread), "cheaper" or "dearer than projected".

    `low_orders`/`high_orders` bound the spread of log10(actual / projected) over the later results
    (their interquartile range).
    """
    if n_later < BACKTEST_MIN_LATER_POINTS or median_orders != median_orders:
        return "not testable"
    if low_orders <= 0 <= high_orders:
        return "as projected"
    return "cheaper than projected" if median_orders < 0 else "dearer than projected"


LEAVE_ONE_OUT_MAX_FLATTENING = 0.5
"""A conclusion "more computation, lower error" survives a variant only if leaving out any one paper removes at
most this share of its slope (the leave-one-out slope keeps at least half of it, and the same sign)."""


def survives(slope: float, leave_one_out_slope: float) -> bool:
    """True if a negative slope stays negative and leaving out its most influential paper flattens it by at most
    LEAVE_ONE_OUT_MAX_FLATTENING of its size; False otherwise (and where either slope is undefined)."""
    if not (slope == slope and leave_one_out_slope == leave_one_out_slope) or slope >= 0:
        return False
    return leave_one_out_slope / slope >= 1 - LEAVE_ONE_OUT_MAX_FLATTENING
