"""The report's judgement rules, one constant each, used by every page that applies them."""
from __future__ import annotations

SIGNIFICANCE_LEVEL = 0.05
"""A slope is called significant when its two-sided p-value is below this."""

LARGE_GAP_ORDERS = 2.0
"""Our extrapolation and the paper's are said to differ when they are more than this many orders of magnitude apart."""

BACKTEST_MIN_FIT_POINTS = 8
"""A back-test verdict needs a fit on at least this many points: with fewer, the fitted line itself is too uncertain to test."""

BACKTEST_MIN_LATER_POINTS = 5
"""A back-test verdict needs at least this many later results: with fewer, a median and quartiles describe almost nothing."""

BACKTEST_MAX_IQR_ORDERS = 2.0
"""A back-test whose later results straddle the projection and spread over more than this many orders of magnitude
(interquartile range) "cannot tell" rather than "as projected"."""

BEYOND_DATA_MARK_ORDERS = 1.0
"""An extrapolated requirement more than this many orders of magnitude beyond its sample's largest hardware burden is marked:
its cost prices the fitted curve far from any observation."""

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


TOO_FEW, CANNOT_TELL, AS_PROJECTED, CHEAPER, DEARER = (
    "too few to judge", "cannot tell", "as projected", "cheaper than projected", "dearer than projected")
BACKTEST_VERDICTS = (CHEAPER, AS_PROJECTED, DEARER, CANNOT_TELL, TOO_FEW)
"""The back-test verdicts, in the order pages list them."""


def backtest_verdict(n_fit: int, n_later: int, median_orders: float, low_orders: float, high_orders: float) -> str:
    """The back-test's verdict on a fit of `n_fit` points scored on `n_later` later results.

    `low_orders`/`high_orders` bound the spread of log10(actual / projected) over the later results (their quartiles).
    "too few to judge" below BACKTEST_MIN_FIT_POINTS or BACKTEST_MIN_LATER_POINTS; where 0 lies between the quartiles,
    "as projected" if they lie at most BACKTEST_MAX_IQR_ORDERS apart and "cannot tell" if further (the later results
    scatter too widely to say the projection held); where both quartiles lie on one side of 0, "cheaper" or "dearer
    than projected" by the sign of the median, however wide the spread.
    """
    if n_fit < BACKTEST_MIN_FIT_POINTS or n_later < BACKTEST_MIN_LATER_POINTS or median_orders != median_orders:
        return TOO_FEW
    if low_orders <= 0 <= high_orders:
        return AS_PROJECTED if high_orders - low_orders <= BACKTEST_MAX_IQR_ORDERS else CANNOT_TELL
    return CHEAPER if median_orders < 0 else DEARER


LEAVE_ONE_OUT_MAX_FLATTENING = 0.5
"""A conclusion "more computation, lower error" survives a variant only if leaving out any one paper removes at
most this share of its slope (the leave-one-out slope keeps at least half of it, and the same sign)."""


def survives(slope: float, leave_one_out_slope: float) -> bool:
    """True if a negative slope stays negative and leaving out its most influential paper flattens it by at most
    LEAVE_ONE_OUT_MAX_FLATTENING of its size; False otherwise (and where either slope is undefined)."""
    if not (slope == slope and leave_one_out_slope == leave_one_out_slope) or slope >= 0:
        return False
    return leave_one_out_slope / slope >= 1 - LEAVE_ONE_OUT_MAX_FLATTENING


HOLDS, FRAGILE, FAILS, UNJUDGED = "holds", "fragile", "fails", "cannot tell"
CLAIM_STATUSES = (HOLDS, FRAGILE, FAILS, UNJUDGED)
"""How a claim of the paper fares, from the statuses of its parts (benchmarks or printed cells)."""


def claim_status(part_statuses) -> str:
    """A claim's status from its parts' ("holds", "fragile", "fails" or "cannot tell" each): it holds only where every
    judged part holds, fails only where every judged part fails, is fragile in between, and cannot tell with no judged part."""
    judged = [s for s in part_statuses if s != UNJUDGED]
    if not judged:
        return UNJUDGED
    if all(s == HOLDS for s in judged):
        return HOLDS
    if all(s == FAILS for s in judged):
        return FAILS
    return FRAGILE


def survival_status(n_survive: int, n_variants: int) -> str:
    """"More computation, lower error" on one benchmark: holds if it survives every variant (`survives`), fails if
    none, fragile otherwise; cannot tell without a fitted variant."""
    if n_variants == 0:
        return UNJUDGED
    return HOLDS if n_survive == n_variants else FAILS if n_survive == 0 else FRAGILE


def backtest_status(verdict: str) -> str:
    """A projection on one benchmark: holds "as projected", fails when later results were cheaper or dearer,
    cannot tell when the back-test cannot judge."""
    return {AS_PROJECTED: HOLDS, CHEAPER: FAILS, DEARER: FAILS}.get(verdict, UNJUDGED)


CLAIM_TOLERANCE_POINTS = 0.5
"""A claimed error level stated as a whole percentage ("roughly 5%") is reached by a result within half a point of it,
the rounding of the level as stated."""

CLAIM_MET, CLAIM_MISSED, CLAIM_NOT_DUE, CLAIM_UNDATED = "met", "missed", "not yet due", "no date to judge"


def claim_verdict(predicted_error_pct: float, due_year: float, best_error_by_due_pct: float, data_end_year: int) -> str:
    """The verdict on a dated claim "error X% by year Y": "met" if a result published by the end of Y reached X
    (within CLAIM_TOLERANCE_POINTS); "missed" if not and the data run past Y; "not yet due" if not and they do not;
    "no date to judge" for a claim without a year. `best_error_by_due_pct` is the best error published by the end of Y
    (or by the end of the data, if earlier); `data_end_year` the year of the latest result in the data."""
    if due_year != due_year or due_year is None:
        return CLAIM_UNDATED
    if best_error_by_due_pct == best_error_by_due_pct and best_error_by_due_pct <= predicted_error_pct + CLAIM_TOLERANCE_POINTS:
        return CLAIM_MET
    return CLAIM_MISSED if data_end_year > due_year else CLAIM_NOT_DUE
