"""Statistics that set the report's numbers beside later work: unit conversions, ratio intervals, pooled trends.

- Algorithmic progress in one unit set: Y years of progress worth a tenfold increase in computation mean the
  computation needed for a fixed performance falls tenfold every Y years, so it halves every 12 Y log10(2) months.
- `fieller_interval`: the confidence interval of a ratio of two coefficients b / g (Fieller 1954), which, unlike the
  delta method, is unbounded when g cannot be told from zero.
- `pooled_frontier_growth`: the growth of the frontier (records of computation) with one slope shared by every
  benchmark and a level of its own for each.
- `points_per_tenfold`: percentage points of error a tenfold increase in computation removes at a given error, on
  the polynomial model log10(error) = a + b log10(C).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import statsmodels.api as sm

from analysis.stats.models import CONFIDENCE
from analysis.stats.trends import FRONTIER_MIN_RECORDS, FrontierGrowth, decimal_year, frontier_records

LOG10_2 = math.log10(2)


def halving_months(years_per_tenfold: float) -> float:
    """Months for the computation needed for a fixed performance to halve, from years per tenfold; NaN unless positive."""
    if not np.isfinite(years_per_tenfold) or years_per_tenfold <= 0:
        return float("nan")
    return float(12 * years_per_tenfold * LOG10_2)


def years_per_tenfold(halving_months_value: float) -> float:
    """Years per tenfold from a halving time in months (the inverse of `halving_months`); NaN unless positive."""
    if not np.isfinite(halving_months_value) or halving_months_value <= 0:
        return float("nan")
    return float(halving_months_value / (12 * LOG10_2))


def growth_per_year(doubling_months: float) -> float:
    """Factor per year (× per year) of a quantity that doubles every `doubling_months` months."""
    if not np.isfinite(doubling_months) or doubling_months <= 0:
        return float("nan")
    return float(2 ** (12 / doubling_months))


def fieller_interval(b: float, g: float, covariance, t_critical: float) -> tuple[float, float]:
    """Fieller's interval for b / g at the level of `t_critical`: the values r with (b - r g)^2 <= t^2 var(b - r g).

    `covariance` is ((var b, cov), (cov, var g)). Returns (NaN, NaN) where the interval is unbounded (g is not
    distinguishable from zero at that level) or the inputs are not finite.
    """
    (vb, cbg), (_, vg) = covariance
    values = (b, g, vb, cbg, vg, t_critical)
    if not all(np.isfinite(v) for v in values):
        return float("nan"), float("nan")
    t2 = t_critical ** 2
    a = g * g - t2 * vg
    half_b = b * g - t2 * cbg
    c = b * b - t2 * vb
    disc = half_b * half_b - a * c
    if a <= 0 or disc < 0:
        return float("nan"), float("nan")
    root = math.sqrt(disc)
    return float((half_b - root) / a), float((half_b + root) / a)


def pooled_frontier_growth(points_by_benchmark: dict[str, pd.DataFrame], column: str = "hardware_burden_gflop",
                           confidence: float = CONFIDENCE) -> FrontierGrowth | None:
    """OLS of log10(`column`) of every benchmark's records on publication year, one slope shared by all benchmarks and
    an intercept per benchmark; a Student-t interval (n - k - 1 degrees of freedom, k benchmarks) from the ordinary
    standard error. Benchmarks with fewer than FRONTIER_MIN_RECORDS records are left out; None if none is left."""
    frames = []
    for benchmark_id, points in points_by_benchmark.items():
        records = frontier_records(points, column)
        if len(records) >= FRONTIER_MIN_RECORDS:
            frames.append(pd.DataFrame({"benchmark": benchmark_id, "year": decimal_year(records["published"]).to_numpy(float),
                                        "y": np.log10(records[column].to_numpy(float))}))
    if not frames:
        return None
    data = pd.concat(frames, ignore_index=True)
    levels = pd.get_dummies(data["benchmark"], dtype=float)
    design = pd.concat([data[["year"]], levels], axis=1).to_numpy(float)
    result = sm.OLS(data["y"].to_numpy(float), design).fit()
    n, k = len(data), levels.shape[1]
    from scipy import stats

    slope, se = float(result.params[0]), float(result.bse[0])
    half = float(stats.t.ppf(0.5 + confidence / 2, n - k - 1)) * se
    return FrontierGrowth(slope, slope - half, slope + half, n)


def points_per_tenfold(error_pct: float, slope: float) -> float:
    """Percentage points of error removed by a tenfold increase in computation at `error_pct`, on the polynomial
    model (error proportional to C^slope): error x (1 - 10^slope)."""
    return float(error_pct * (1 - 10 ** slope))


def best_error(results: pd.DataFrame, error_column: str, until: pd.Timestamp | None = None) -> pd.Series | None:
    """The result with the lowest `error_column` published on or before `until` (all dates if None); None if none.
    Of equal errors, the earliest published counts."""
    known = results[results[error_column].notna() & results["published"].notna()]
    if until is not None:
        known = known[known["published"] <= until]
    if known.empty:
        return None
    return known.sort_values([error_column, "published"]).iloc[0]
