"""Reproduction of the paper's extrapolation table: the scale on which a fitted cell is set beside a printed one.

The paper prints 10^floor(log10 C). Every fitted cell is placed on one scale (`scale_step`):
- "same power": it prints as the paper's power of ten (or one of two where copies differ): reproduced;
- "inside the interval": another power, but the printed value lies inside the fit's 90% interval: consistent;
- "outside the interval": neither;
and its signed distance from the printed value is always given (`orders_from_paper`, 0 to 1 = same printed power).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data.paper import printed_exponents
from analysis.stats.rules import FAILS, FRAGILE, HOLDS, UNJUDGED
from analysis.stats.samples import PAPER_POINTS


def printed_power(required_gflop: float) -> float:
    """The power of ten the paper would print for a computation: floor(log10 C); NaN if not finite."""
    if required_gflop is None or not np.isfinite(required_gflop) or required_gflop <= 0:
        return float("nan")
    return float(np.floor(np.log10(required_gflop)))


def equal_at_printed_power(benchmark_id: str, model: str, level: str, required_gflop: float) -> bool:
    """True when `required_gflop` prints as (one of) the paper's exponent(s) for this cell."""
    exponents = printed_exponents(benchmark_id, model, level)
    power = printed_power(required_gflop)
    return bool(exponents) and np.isfinite(power) and int(power) in exponents


SAME_POWER, INSIDE_INTERVAL, OUTSIDE_INTERVAL, NOT_COMPUTABLE = (
    "same power", "inside the interval", "outside the interval", "not computable")
SCALE_STEPS = (SAME_POWER, INSIDE_INTERVAL, OUTSIDE_INTERVAL, NOT_COMPUTABLE)
"""The steps of the scale, from closest to the paper to not comparable."""


def orders_from_paper(required_gflop: float, paper_required_gflop: float) -> float:
    """log10(ours) minus the printed exponent (orders of magnitude): 0 to 1 means the same printed power; NaN if either is missing."""
    if not (_positive(required_gflop) and _positive(paper_required_gflop)):
        return float("nan")
    return float(np.log10(required_gflop) - np.log10(paper_required_gflop))


def within_interval(paper_required_gflop: float, low_gflop: float, high_gflop: float) -> bool:
    """True when the printed value lies in [low, high]; an unbounded interval (NaN bounds) contains every value."""
    if not _positive(paper_required_gflop):
        return False
    if low_gflop != low_gflop or high_gflop != high_gflop:
        return True
    return bool(low_gflop <= paper_required_gflop <= high_gflop)


def scale_step(same_power: bool, orders: float, within: bool) -> str:
    """The cell's step on the scale: same power, inside the interval, outside it, or not computable (no fitted value)."""
    if orders != orders:
        return NOT_COMPUTABLE
    if same_power:
        return SAME_POWER
    return INSIDE_INTERVAL if within else OUTSIDE_INTERVAL


def _positive(value) -> bool:
    return value is not None and value == value and bool(np.isfinite(value)) and value > 0


def reproduction_table(keys: pd.DataFrame) -> pd.DataFrame:
    """Every printed cell of the paper beside the same cell fitted on the authors' points.

    Columns: benchmark, model, error_level, error_pct, paper_exponent (the printed exponent, or the first of two),
    paper_exponent_alternative, required_gflop (ours on the authors' points), printed_power, reproduced.
    """
    rows = []
    cells = keys[(keys["sample"] == PAPER_POINTS) & keys["paper_required_gflop"].notna()]
    for _, row in cells.iterrows():
        exponents = printed_exponents(row["benchmark"], row["model"], row["error_level"])
        rows.append({
            "benchmark": row["benchmark"], "model": row["model"], "error_level": row["error_level"],
            "error_pct": row["error_pct"], "paper_exponent": exponents[0],
            "paper_exponent_alternative": exponents[1] if len(exponents) > 1 else np.nan,
            "required_gflop": row["required_gflop"], "printed_power": printed_power(row["required_gflop"]),
            "reproduced": equal_at_printed_power(row["benchmark"], row["model"], row["error_level"], row["required_gflop"]),
        })
    return pd.DataFrame(rows, columns=["benchmark", "model", "error_level", "error_pct", "paper_exponent",
                                       "paper_exponent_alternative", "required_gflop", "printed_power", "reproduced"])


def scale_status(step: str) -> str:
    """A printed cell's part in a claim (`analysis.stats.rules.claim_status`): the same power holds, inside the interval is
    fragile, outside fails, not computable cannot tell."""
    return {SAME_POWER: HOLDS, INSIDE_INTERVAL: FRAGILE, OUTSIDE_INTERVAL: FAILS}.get(step, UNJUDGED)
