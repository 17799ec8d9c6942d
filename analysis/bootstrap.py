"""Bootstrap intervals that resample papers (clusters), seeded so that every build gives the same numbers.

Each draw resamples the sample's papers with replacement, keeps all of each drawn paper's points,
refits the model by least squares and solves it for each target error. Draws whose slope has the
wrong sign for extrapolation (not negative for the polynomial model, not positive for the exponential
one) give no finite requirement and count as "unbounded": intervals are percentiles over all draws,
with those draws at +infinity.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .models import error_to_y

DEFAULT_DRAWS = 2000
DEFAULT_SEED = 20200713  # arXiv v1 of the paper: 13 July 2020
LEVEL = 0.90


@dataclass(frozen=True)
class BootstrapResult:
    """Percentile intervals (90%) of the slope and of log10(GFLOP) required at each target error."""

    model: str
    draws: int
    seed: int
    slope_low: float
    slope_high: float
    required_log10_low: tuple[float, ...]
    required_log10_high: tuple[float, ...]
    share_unbounded: float


def bootstrap_fit(points: pd.DataFrame, model: str, targets_pct: list[float], draws: int = DEFAULT_DRAWS,
                  seed: int = DEFAULT_SEED) -> BootstrapResult:
    """Paper-resampling bootstrap of one model on `points` (columns paper_key, compute_gflop, error_pct)."""
    rng = np.random.default_rng(seed)
    x = np.log10(points["compute_gflop"].to_numpy(dtype="float64"))
    y = error_to_y(model, points["error_pct"])
    papers = points["paper_key"].to_numpy()
    unique = np.unique(papers)
    members = [np.flatnonzero(papers == p) for p in unique]
    y_targets = np.array([error_to_y(model, t) for t in targets_pct], dtype="float64")
    slopes = np.full(draws, np.nan)
    required = np.full((draws, len(targets_pct)), np.inf)
    for i in range(draws):
        chosen = rng.integers(0, len(unique), len(unique))
        index = np.concatenate([members[c] for c in chosen])
        xs, ys = x[index], y[index]
        if np.ptp(xs) == 0:
            continue
        slope, intercept = np.polyfit(xs, ys, 1)
        slopes[i] = slope
        usable = slope < 0 if model == "polynomial" else slope > 0
        if usable:
            required[i] = (y_targets - intercept) / slope
    low_q, high_q = 100 * (1 - LEVEL) / 2, 100 * (1 + LEVEL) / 2
    finite_slopes = slopes[np.isfinite(slopes)]
    return BootstrapResult(
        model=model, draws=draws, seed=seed,
        slope_low=float(np.percentile(finite_slopes, low_q)) if finite_slopes.size else float("nan"),
        slope_high=float(np.percentile(finite_slopes, high_q)) if finite_slopes.size else float("nan"),
        # "nearest": no interpolation between a finite draw and an unbounded (infinite) one
        required_log10_low=tuple(float(v) for v in np.percentile(required, low_q, axis=0, method="nearest")),
        required_log10_high=tuple(float(v) for v in np.percentile(required, high_q, axis=0, method="nearest")),
        share_unbounded=float(np.mean(~np.isfinite(required[:, 0]))) if len(targets_pct) else float("nan"),
    )
