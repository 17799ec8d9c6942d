"""Back-test: fit on results up to the paper's cut-off, then ask what later results actually used.

For every result published on or after the cut-off with a known hardware burden, the fitted model
gives the burden its error "should" have needed; log10(actual / predicted) > 0 means the result was
dearer than projected, < 0 cheaper.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.stats.extrapolate import power10, required_log10_gflop
from analysis.stats.models import Fit


@dataclass(frozen=True)
class BacktestSummary:
    """Prediction errors of one fit on later results, in orders of magnitude (log10 actual/predicted).

    `median`, `quartile_low`, `quartile_high` and `iqr` (= quartile_high - quartile_low) describe the errors of the
    `n` later results with a finite prediction; `share_cheaper` is the share of them below zero. They describe
    the later results, they are not a confidence interval.
    """

    model: str
    n: int
    median: float
    iqr: float
    share_cheaper: float
    quartile_low: float
    quartile_high: float


def predictions(fit: Fit, later: pd.DataFrame) -> pd.DataFrame:
    """Later points with `predicted_gflop` and `log10_actual_over_predicted` added."""
    out = later.copy()
    predicted = np.array([required_log10_gflop(fit, e) for e in out["error_pct"]], dtype="float64")
    out["predicted_gflop"] = power10(predicted)
    out["log10_actual_over_predicted"] = np.log10(out["compute_gflop"].to_numpy(dtype="float64")) - predicted
    return out


def summarise(fit: Fit, later: pd.DataFrame) -> BacktestSummary:
    """Median and interquartile range of the prediction errors, and the share of later results cheaper than projected."""
    errors = predictions(fit, later)["log10_actual_over_predicted"].replace([np.inf, -np.inf], np.nan).dropna()
    if errors.empty:
        return BacktestSummary(fit.model, 0, float("nan"), float("nan"), float("nan"), float("nan"), float("nan"))
    q1, q3 = np.percentile(errors, [25, 75])
    return BacktestSummary(fit.model, len(errors), float(errors.median()), float(q3 - q1), float((errors < 0).mean()),
                           float(q1), float(q3))
