"""The paper's two regressions of error on computation, fitted by OLS with robust standard errors.

With `C` the computation in GFLOP and error in percent:
- polynomial: log10(error) = a + b * log10(C)   (error proportional to C^b)
- exponential: 1/error = c + d * log10(C)       (C grows exponentially in 1/error)
Standard errors are heteroskedasticity-robust (COVARIANCE_TYPE); intervals are at the CONFIDENCE level
and use the Student-t quantile with n - 2 degrees of freedom (`t_quantile`), so that small samples get the
wider intervals they need (`analysis.stats.coverage` measures how often they contain the truth).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

MODELS = ("polynomial", "exponential")
LOGIT = "logit"
"""A third error transform, for the sensitivity page only (not one of the paper's MODELS): logit(error) =
ln(error / (100 - error)), error in percent, which keeps the fitted error between 0 and 100%."""
MIN_POINTS = 4
"""Fewer points than this and a fit is not attempted (two coefficients need some residual freedom)."""
CONFIDENCE = 0.90
"""Confidence level of every interval the report shows: slope, band, extrapolated computation, bootstrap."""
COVARIANCE_TYPE = "HC3"
"""Heteroskedasticity-robust covariance of the coefficients: HC3 (MacKinnon & White 1985), which, unlike HC1,
does not understate the standard errors of samples as small as this report's (6 to 40 points)."""


def t_quantile(n_points: int, confidence: float = CONFIDENCE) -> float:
    """Two-sided Student-t quantile for `confidence` with n_points - 2 degrees of freedom (a line has two coefficients)."""
    return float(stats.t.ppf(0.5 + confidence / 2, n_points - 2))


@dataclass(frozen=True)
class Fit:
    """One fitted model: y = intercept + slope * log10(compute_gflop), y the model's error transform."""

    model: str
    intercept: float
    slope: float
    slope_low: float
    slope_high: float
    r2: float
    n: int
    p_value: float
    covariance: tuple[tuple[float, float], tuple[float, float]]
    t_critical: float
    """Student-t quantile (n - 2 degrees of freedom) that turns standard errors into CONFIDENCE intervals."""
    sample: str = ""
    measure: str = ""
    metric: str = ""

    def predict_y(self, log10_gflop: np.ndarray | float) -> np.ndarray:
        """The fitted transform of the error at log10(compute in GFLOP)."""
        return self.intercept + self.slope * np.asarray(log10_gflop, dtype="float64")

    def predict_error_pct(self, log10_gflop: np.ndarray | float) -> np.ndarray:
        """The fitted error (percent) at log10(compute in GFLOP)."""
        return y_to_error(self.model, self.predict_y(log10_gflop))

    def band_error_pct(self, log10_gflop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Confidence band (CONFIDENCE level) of the fitted mean, as error percent (low, high)."""
        x = np.asarray(log10_gflop, dtype="float64")
        v = np.asarray(self.covariance)
        se = np.sqrt(v[0, 0] + 2 * x * v[0, 1] + x**2 * v[1, 1])
        y = self.predict_y(x)
        a, b = y_to_error(self.model, y - self.t_critical * se), y_to_error(self.model, y + self.t_critical * se)
        return np.minimum(a, b), np.maximum(a, b)


def error_to_y(model: str, error_pct: np.ndarray | pd.Series) -> np.ndarray:
    """The model's transform of error (percent): log10(error), 1/error, or (LOGIT) ln(error / (100 - error))."""
    e = np.asarray(error_pct, dtype="float64")
    if model == "polynomial":
        return np.log10(e)
    if model == "exponential":
        return 1.0 / e
    if model == LOGIT:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(e / (100.0 - e))
    raise ValueError(f"unknown model {model!r}; choose one of {', '.join(MODELS + (LOGIT,))}")


def y_to_error(model: str, y: np.ndarray) -> np.ndarray:
    """Inverse of `error_to_y` (error in percent; NaN where 1/error is not positive)."""
    y = np.asarray(y, dtype="float64")
    if model == "polynomial":
        return 10.0**y
    if model == LOGIT:
        return 100.0 / (1.0 + np.exp(-y))
    if model == "exponential":
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(y > 0, 1.0 / y, np.nan)
    raise ValueError(f"unknown model {model!r}; choose one of {', '.join(MODELS + (LOGIT,))}")


def improves_with_compute(model: str, slope: float | np.ndarray) -> bool | np.ndarray:
    """True where a slope means lower error with more computation: negative for log10(error) and logit(error),
    positive for 1/error (the exponential model)."""
    if model in ("polynomial", LOGIT):
        return np.asarray(slope) < 0
    if model == "exponential":
        return np.asarray(slope) > 0
    raise ValueError(f"unknown model {model!r}; choose one of {', '.join(MODELS + (LOGIT,))}")


def fit_model(points: pd.DataFrame, model: str, sample: str = "", measure: str = "", metric: str = "") -> Fit | None:
    """OLS of the model's error transform on log10(`compute_gflop`); None with fewer than MIN_POINTS points.

    The slope's interval is slope +/- t_quantile(n) x its robust standard error (COVARIANCE_TYPE); the p-value
    is that of the same t test of a zero slope.
    """
    if len(points) < MIN_POINTS:
        return None
    x = np.log10(points["compute_gflop"].to_numpy(dtype="float64"))
    y = error_to_y(model, points["error_pct"])
    result = sm.OLS(y, sm.add_constant(x, has_constant="add")).fit(cov_type=COVARIANCE_TYPE, use_t=True)
    cov = np.asarray(result.cov_params())
    t_critical = t_quantile(len(y))
    slope = float(result.params[1])
    half_width = t_critical * float(np.sqrt(cov[1, 1]))
    return Fit(
        model=model,
        intercept=float(result.params[0]),
        slope=slope,
        slope_low=slope - half_width,
        slope_high=slope + half_width,
        r2=float(result.rsquared),
        n=int(result.nobs),
        p_value=float(result.pvalues[1]),
        covariance=((float(cov[0, 0]), float(cov[0, 1])), (float(cov[1, 0]), float(cov[1, 1]))),
        t_critical=t_critical,
        sample=sample,
        measure=measure,
        metric=metric,
    )
