"""How often the report's 90% intervals contain the truth, measured by simulation from a known line.

A synthetic benchmark: log10(computation, GFLOP) uniform on [X_LOW, X_HIGH]; log10(error, percent) on the
line TRUE_INTERCEPT + TRUE_SLOPE * log10(GFLOP) plus normal noise whose standard deviation grows linearly
from NOISE_SD_LOW at X_LOW to NOISE_SD_HIGH at X_HIGH (heteroskedastic, as the robust errors assume).
Each simulated world is fitted with the report's own code (`models.fit_model`, `extrapolate.requirement`,
`bootstrap.bootstrap_fit`, `backtest.summarise`) and each interval is scored against the known truth:

- `slope`: the fit's 90% interval of the slope contains TRUE_SLOPE;
- `band`: the 90% confidence band of the fitted mean, at the middle of the data, contains the true error;
- `fieller`: the 90% interval of the computation needed for TARGET_ERROR_PCT contains the true
  log10(GFLOP) X_TARGET (two orders of magnitude beyond the data, as the report extrapolates); an unbounded
  interval claims no bound and counts as containing it (its share is in `unbounded`);
- `bootstrap_slope`, `bootstrap_required`: the bootstrap's 90% percentile intervals of the same two quantities;
- `backtest_median`, `backtest_quartiles`: the back-test's spread is not a confidence interval but a description
  of later results (median and interquartile range of log10(actual / predicted) over LATER_POINTS later results).
  Its check: one more later result from the same line falls below the median with probability 1/2 and between
  the quartiles with probability 4/10 (for 9 later results the quartiles are the 3rd and 7th of them, and a new
  exchangeable value falls between them with probability (7 - 3) / (9 + 1)), whatever the noise or the fit.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats.backtest import summarise
from analysis.stats.bootstrap import bootstrap_fit
from analysis.stats.extrapolate import requirement
from analysis.stats.models import CONFIDENCE, fit_model

TRUE_SLOPE = -0.08
"""Slope of the true line, log10(error %) per order of magnitude of GFLOP (ImageNet's is about this)."""
TRUE_INTERCEPT = 2.32
"""log10(error %) of the true line at 1 GFLOP: 40% error at 1e9 GFLOP, 13% at 1e15 GFLOP."""
X_LOW, X_HIGH = 9.0, 15.0
"""Range of log10(computation, GFLOP) of the simulated results."""
NOISE_SD_LOW, NOISE_SD_HIGH = 0.04, 0.12
"""Standard deviation of the noise in log10(error %) at X_LOW and at X_HIGH."""
X_TARGET = 17.0
"""log10(GFLOP) at which the true line reaches TARGET_ERROR_PCT: the extrapolation scored."""
TARGET_ERROR_PCT = float(10 ** (TRUE_INTERCEPT + TRUE_SLOPE * X_TARGET))
"""Error (percent) whose required computation is extrapolated."""
LATER_POINTS = 9
"""Results after the cut-off in each simulated back-test, drawn from the same line over the next LATER_SPAN orders."""
LATER_SPAN = 2.0
BACKTEST_NOMINAL = {"backtest_median": 0.5, "backtest_quartiles": 4 / 10}
"""Probability that a new later result falls below the median / between the quartiles of LATER_POINTS = 9 others."""
SIZES = (6, 13, 33)
"""Sample sizes the report's methods page shows (the report's regressions have 6 to 40 points)."""
DEFAULT_DRAWS = 400
DEFAULT_BOOTSTRAP_DRAWS = 200
DEFAULT_SEED = 17
INTERVALS = ("slope", "band", "fieller", "bootstrap_slope", "bootstrap_required", "backtest_median", "backtest_quartiles")


def noise_sd(log10_gflop: np.ndarray) -> np.ndarray:
    """Standard deviation of the noise in log10(error %) at log10(GFLOP) (linear in it, extended beyond X_HIGH)."""
    share = (np.asarray(log10_gflop, dtype="float64") - X_LOW) / (X_HIGH - X_LOW)
    return NOISE_SD_LOW + (NOISE_SD_HIGH - NOISE_SD_LOW) * share


def true_log10_error(log10_gflop: np.ndarray | float) -> np.ndarray:
    """log10(error %) of the true line."""
    return TRUE_INTERCEPT + TRUE_SLOPE * np.asarray(log10_gflop, dtype="float64")


def synthetic_points(rng: np.random.Generator, n: int, x_low: float = X_LOW, x_high: float = X_HIGH) -> pd.DataFrame:
    """`n` results from the true line: compute_gflop, error_pct, paper_key (one paper each)."""
    x = rng.uniform(x_low, x_high, n)
    y = true_log10_error(x) + rng.normal(0.0, 1.0, n) * noise_sd(x)
    return pd.DataFrame({"compute_gflop": 10.0**x, "error_pct": 10.0**y, "paper_key": [f"p{i}" for i in range(n)]})


def _inside(low: float, value: float, high: float) -> bool:
    return bool(low <= value <= high)


def world_outcomes(rng: np.random.Generator, n: int, bootstrap_draws: int) -> dict[str, tuple[bool, bool]] | None:
    """For one simulated world of `n` results: per interval, (contains the truth, is unbounded); None if no fit."""
    points = synthetic_points(rng, n)
    fit = fit_model(points, "polynomial")
    if fit is None:
        return None
    x_mid = (X_LOW + X_HIGH) / 2
    band_low, band_high = fit.band_error_pct(np.array([x_mid]))
    need = requirement(fit, TARGET_ERROR_PCT)
    fieller_unbounded = not (np.isfinite(need.log10_gflop_low) and np.isfinite(need.log10_gflop_high))
    boot = bootstrap_fit(points, "polynomial", [TARGET_ERROR_PCT], draws=bootstrap_draws,
                         seed=int(rng.integers(2**31)))
    later = synthetic_points(rng, LATER_POINTS + 1, X_HIGH, X_HIGH + LATER_SPAN)
    summary = summarise(fit, later.iloc[:LATER_POINTS])
    fresh = float(np.log10(later["compute_gflop"].iloc[-1])
                  - (np.log10(later["error_pct"].iloc[-1]) - fit.intercept) / fit.slope)
    true_error = float(10 ** true_log10_error(x_mid))
    return {
        "slope": (_inside(fit.slope_low, TRUE_SLOPE, fit.slope_high), False),
        "band": (_inside(band_low[0], true_error, band_high[0]), False),
        "fieller": (fieller_unbounded or _inside(need.log10_gflop_low, X_TARGET, need.log10_gflop_high),
                    fieller_unbounded),
        "bootstrap_slope": (_inside(boot.slope_low, TRUE_SLOPE, boot.slope_high), False),
        "bootstrap_required": (_inside(boot.required_log10_low[0], X_TARGET, boot.required_log10_high[0]),
                               not np.isfinite(boot.required_log10_high[0])),
        "backtest_median": (fresh < summary.median, False),
        "backtest_quartiles": (_inside(summary.quartile_low, fresh, summary.quartile_high), False),
    }


def interval_coverage(n: int, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
                      bootstrap_draws: int = DEFAULT_BOOTSTRAP_DRAWS) -> pd.DataFrame:
    """Measured coverage of every interval type over `draws` simulated worlds of `n` results each.

    Columns: interval, n, nominal (the probability the interval claims), covered (worlds in which it held),
    draws (worlds simulated), coverage (covered / draws), unbounded (share of worlds with an unbounded interval).
    """
    rng = np.random.default_rng([seed, n])
    outcomes = [o for o in (world_outcomes(rng, n, bootstrap_draws) for _ in range(draws)) if o is not None]
    rows = []
    for interval in INTERVALS:
        covered = sum(o[interval][0] for o in outcomes)
        rows.append({
            "interval": interval, "n": n, "nominal": BACKTEST_NOMINAL.get(interval, CONFIDENCE),
            "covered": int(covered), "draws": len(outcomes), "coverage": covered / len(outcomes),
            "unbounded": sum(o[interval][1] for o in outcomes) / len(outcomes),
        })
    return pd.DataFrame(rows)


def coverage_table(sizes: tuple[int, ...] = SIZES, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
                   bootstrap_draws: int = DEFAULT_BOOTSTRAP_DRAWS) -> pd.DataFrame:
    """`interval_coverage` at each sample size, one table (the methods page shows it)."""
    return pd.concat([interval_coverage(n, draws, seed, bootstrap_draws) for n in sizes], ignore_index=True)
