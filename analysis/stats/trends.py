"""Compute over time, and what computation is worth in years of algorithmic progress.

- `growth`: OLS of log10(compute) on publication year: growth per year and doubling time.
- `years_per_tenfold`: the polynomial model with a year term, log10(error) = a + b log10(C) + g year;
  a tenfold increase in computation moves log10(error) by b, a year by g, so it is worth b / g years.
- `compute_to_reach`: the least computation that reached a fixed error, as it fell over time.
- `frontier_records`, `frontier_growth`: the results that set a record of computation, and the growth of that
  frontier per year with its interval (what Sevilla et al. and Epoch AI measure on training operations).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from analysis.stats.models import CONFIDENCE, COVARIANCE_TYPE, t_quantile


def decimal_year(dates: pd.Series) -> pd.Series:
    """Dates as decimal years (2012-07-01 -> about 2012.5)."""
    return dates.dt.year + (dates.dt.day_of_year - 1) / 365.25


@dataclass(frozen=True)
class Growth:
    """Exponential trend of a compute measure over time."""

    log10_per_year: float
    doubling_months: float
    n: int
    intercept: float = float("nan")
    """log10(`column`) of the fitted line at year 0 (so the line is intercept + log10_per_year x year)."""


def growth(points: pd.DataFrame, column: str = "compute_gflop") -> Growth | None:
    """Trend of log10(`column`) over publication year; None with fewer than 3 points."""
    if len(points) < 3:
        return None
    x = decimal_year(points["published"]).to_numpy(dtype="float64")
    y = np.log10(points[column].to_numpy(dtype="float64"))
    slope, intercept = (float(v) for v in np.polyfit(x, y, 1))
    doubling = 12 * np.log10(2) / slope if slope > 0 else float("nan")
    return Growth(slope, float(doubling), len(points), intercept)


def relative_to(points: pd.DataFrame, reference_model: str, column: str = "compute_gflop") -> pd.Series:
    """`column` of each point divided by that of the model named `reference_model` (NaN if it is absent)."""
    reference = points.loc[points["model"] == reference_model, column]
    if reference.empty:
        return pd.Series(np.nan, index=points.index)
    return points[column] / float(reference.iloc[0])


@dataclass(frozen=True)
class YearTerm:
    """The polynomial model with a year term, and what a tenfold increase in computation is worth in years."""

    compute_slope: float
    year_slope: float
    year_slope_p_value: float
    years_per_tenfold: float
    n: int
    covariance: tuple[tuple[float, float], tuple[float, float]] = ((float("nan"), float("nan")), (float("nan"), float("nan")))
    """Robust covariance of (b, g), the compute and year slopes."""
    t_critical: float = float("nan")
    """Student-t quantile (n - 3 degrees of freedom: three coefficients) for a CONFIDENCE interval."""


def years_per_tenfold(points: pd.DataFrame) -> YearTerm | None:
    """Fit log10(error) = a + b log10(C) + g year (OLS with the robust errors and t tests of `models.fit_model`);
    None with fewer than 5 points."""
    if len(points) < 5:
        return None
    design = pd.DataFrame({"log10_gflop": np.log10(points["compute_gflop"].astype("float64")),
                           "year": decimal_year(points["published"]).astype("float64")})
    y = np.log10(points["error_pct"].astype("float64"))
    result = sm.OLS(y.to_numpy(), sm.add_constant(design.to_numpy(), has_constant="add")).fit(cov_type=COVARIANCE_TYPE, use_t=True)
    b, g = float(result.params[1]), float(result.params[2])
    cov = np.asarray(result.cov_params())[1:, 1:]
    covariance = ((float(cov[0, 0]), float(cov[0, 1])), (float(cov[1, 0]), float(cov[1, 1])))
    t_critical = float(stats.t.ppf(0.5 + CONFIDENCE / 2, len(points) - 3))
    return YearTerm(b, g, float(result.pvalues[2]), b / g if g != 0 else float("nan"), len(points), covariance, t_critical)


def compute_to_reach(points: pd.DataFrame, error_pct: float, column: str = "compute_gflop") -> pd.DataFrame:
    """Points that reached `error_pct` or better with less computation than any earlier such point.

    Of results published on the same day, the one with less computation counts first (the other is no record).
    """
    reached = points[points["error_pct"] <= error_pct].sort_values(["published", column])
    cheapest_so_far = reached[column].cummin()
    previous = cheapest_so_far.shift(1, fill_value=np.inf)
    return reached[reached[column] < previous]


def halving_months(records: pd.DataFrame, column: str = "compute_gflop") -> float:
    """Months for the computation to reach a fixed error to halve, from a log-linear fit over time."""
    if len(records) < 2:
        return float("nan")
    x = decimal_year(records["published"]).to_numpy(dtype="float64")
    y = np.log10(records[column].to_numpy(dtype="float64"))
    slope = float(np.polyfit(x, y, 1)[0])
    return float(-12 * np.log10(2) / slope) if slope < 0 else float("nan")


LABEL_WINDOW_YEARS = 2
"""Figures of compute over time label at most one record-setting point per window of this many calendar years."""


def notable(points: pd.DataFrame, column: str = "compute_gflop", reference_model: str | None = None,
            window_years: int = LABEL_WINDOW_YEARS) -> pd.Series:
    """Points worth a label: the reference model, and in each window of `window_years` calendar years the largest
    point that set a new record of `column` (none in the reference's window), so labels do not overlap."""
    ordered = points.sort_values("published")
    records = ordered[ordered[column] > ordered[column].cummax().shift(1, fill_value=-np.inf)]
    keep = pd.Series(False, index=points.index)
    reference = points.index[points["model"] == reference_model] if reference_model is not None else []
    keep[reference] = True
    taken = {int(points.loc[i, "published"].year) // window_years for i in reference}
    for window, group in records.groupby(records["published"].dt.year // window_years):
        if int(window) not in taken:
            keep[group[column].idxmax()] = True
    return keep


def records_to_reach(points: pd.DataFrame, error_pct: float, column: str = "compute_gflop") -> tuple[pd.DataFrame, int]:
    """`compute_to_reach` over every point with a known `column`, and how many points reached `error_pct` at all."""
    known = points[points[column].gt(0) & points["error_pct"].notna()]
    return compute_to_reach(known, error_pct, column), int((known["error_pct"] <= error_pct).sum())


@dataclass(frozen=True)
class Match:
    """The cheapest candidate that reached a baseline's score, against the baseline."""

    baseline: pd.Series
    candidate: pd.Series | None

    def ratio(self, column: str) -> float:
        """Baseline's `column` over the candidate's (NaN without a candidate)."""
        if self.candidate is None:
            return float("nan")
        return float(self.baseline[column]) / float(self.candidate[column])


def cheapest_match(baselines: pd.DataFrame, candidates: pd.DataFrame, score: str, column: str) -> Match | None:
    """The best-scoring baseline, and the candidate with the least `column` that scored at least as well; None without a baseline."""
    baselines = baselines.dropna(subset=[score, column])
    if baselines.empty:
        return None
    baseline = baselines.sort_values([score, column], ascending=[False, True]).iloc[0]
    good = candidates.dropna(subset=[score, column])
    good = good[good[score] >= baseline[score]].sort_values(column)
    return Match(baseline, good.iloc[0] if len(good) else None)


FRONTIER_MIN_RECORDS = 3
"""A frontier trend needs at least this many records: a line through two points has no residual to judge it by."""


def frontier_records(points: pd.DataFrame, column: str = "compute_gflop") -> pd.DataFrame:
    """The points that set a record of `column`: each larger than every point published before it.

    Of points published the same day only the largest can set a record; points without a positive `column` are ignored.
    """
    known = points[points[column].gt(0) & points["published"].notna()]
    ordered = known.sort_values(["published", column], ascending=[True, False])
    return ordered[ordered[column] > ordered[column].cummax().shift(1, fill_value=-np.inf)]


@dataclass(frozen=True)
class FrontierGrowth:
    """Log-linear trend of the records of a compute measure: log10 growth per year with its CONFIDENCE interval."""

    log10_per_year: float
    log10_low: float
    log10_high: float
    n: int

    @property
    def growth_per_year(self) -> float:
        """Factor per year (x per year)."""
        return float(10 ** self.log10_per_year)

    @property
    def growth_low(self) -> float:
        return float(10 ** self.log10_low)

    @property
    def growth_high(self) -> float:
        return float(10 ** self.log10_high)

    @property
    def doubling_months(self) -> float:
        """Months per doubling; NaN where the frontier does not grow."""
        return float(12 * np.log10(2) / self.log10_per_year) if self.log10_per_year > 0 else float("nan")


def frontier_growth(points: pd.DataFrame, column: str = "compute_gflop", confidence: float = CONFIDENCE) -> FrontierGrowth | None:
    """OLS of log10(`column`) on publication year over the records (`frontier_records`), with a Student-t interval
    (n - 2 degrees of freedom) from the ordinary standard error; None with fewer than FRONTIER_MIN_RECORDS records."""
    records = frontier_records(points, column)
    n = len(records)
    if n < FRONTIER_MIN_RECORDS:
        return None
    x = decimal_year(records["published"]).to_numpy(dtype="float64")
    y = np.log10(records[column].to_numpy(dtype="float64"))
    result = sm.OLS(y, sm.add_constant(x, has_constant="add")).fit()
    slope, se = float(result.params[1]), float(result.bse[1])
    half = t_quantile(n, confidence) * se
    return FrontierGrowth(slope, slope - half, slope + half, n)
