"""Reproduction of the paper's extrapolation table from its authors' own points: the rule for "equal".

The paper prints 10^floor(log10 C). A cell is reproduced when our computation, fitted on the authors'
points with this project's code, has the same printed power of ten (or one of two where copies differ).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .paper import printed_exponents
from .samples import PAPER_POINTS


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
