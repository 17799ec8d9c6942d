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
from scipy import stats

from analysis.stats.models import CONFIDENCE, error_to_y, improves_with_compute

DEFAULT_DRAWS = 2000
DEFAULT_SEED = 20200713  # arXiv v1 of the paper: 13 July 2020


@dataclass(frozen=True)
class BootstrapResult:
    """Percentile intervals (CONFIDENCE level, 90%) of the slope and of log10(GFLOP) required at each target error."""

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
    """Paper-resampling bootstrap of one model on `points` (columns paper_key, compute_gflop, error_pct).

    Slopes are in the model's y per order of magnitude of GFLOP; requirements in log10(GFLOP).
    """
    rng = np.random.default_rng(seed)
    x = np.log10(points["compute_gflop"].to_numpy(dtype="float64"))
    y = error_to_y(model, points["error_pct"])
    unique, paper_of_point = np.unique(points["paper_key"].to_numpy(), return_inverse=True)
    y_targets = np.array([error_to_y(model, t) for t in targets_pct], dtype="float64")
    chosen = rng.integers(0, len(unique), (draws, len(unique)))
    slopes, intercepts = resampled_lines(x, y, paper_weights(chosen, len(unique))[:, paper_of_point])
    usable = improves_with_compute(model, slopes)
    with np.errstate(divide="ignore", invalid="ignore"):
        solved = (y_targets[None, :] - intercepts[:, None]) / slopes[:, None]
    required = np.where(usable[:, None], solved, np.inf)
    low_q, high_q = expanded_percentiles(len(unique))
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


def expanded_percentiles(papers: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Percentiles (0-100) of the draws that bound the interval: the expanded percentile interval.

    A percentile bootstrap with few clusters is too narrow: its spread is about sqrt((k - 2) / k) of the
    sampling spread for k papers and a line, and it uses normal rather than t tails. Following Hesterberg (2015,
    "What teachers should know about the bootstrap", The American Statistician 69(4), Sec. 3.4) the tail
    probability is widened to Phi(-sqrt(k / (k - 2)) x t_quantile(k)), which tends to the plain
    (1 -/+ confidence) / 2 as k grows. `analysis.stats.coverage` measures the result.
    """
    degrees = max(papers - 2, 1)
    tail = float(stats.norm.cdf(-np.sqrt(papers / degrees) * stats.t.ppf(0.5 + confidence / 2, degrees)))
    return 100 * tail, 100 * (1 - tail)


def paper_weights(chosen: np.ndarray, papers: int) -> np.ndarray:
    """How many times each paper is drawn (draws x papers) from the drawn paper indices (draws x papers drawn)."""
    counts = np.zeros((chosen.shape[0], papers))
    np.add.at(counts, (np.arange(chosen.shape[0])[:, None], chosen), 1.0)
    return counts


def resampled_lines(x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Least-squares slope and intercept of y on x for each row of `weights` (copies of each point in one draw).

    A draw whose points all share one x has no slope: NaN slope and intercept.
    """
    total = weights.sum(axis=1)
    mean_x = weights @ x / total
    mean_y = weights @ y / total
    dx = x[None, :] - mean_x[:, None]
    sxx = (weights * dx**2).sum(axis=1)
    sxy = (weights * dx * (y[None, :] - mean_y[:, None])).sum(axis=1)
    drawn = weights > 0
    spread = np.where(drawn, x, -np.inf).max(axis=1) - np.where(drawn, x, np.inf).min(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        slopes = np.where(spread > 0, sxy / sxx, np.nan)
    return slopes, mean_y - slopes * mean_x
