"""Robust standard errors, intervals and Fieller bounds against an independent computation on a hand-made data set.

The reference is written out here with numpy: least squares by the normal equations, the HC3 sandwich
(X'X)^-1 X' diag(e_i^2 / (1 - h_ii)^2) X (X'X)^-1 (MacKinnon & White 1985), the Student-t quantile with n - 2
degrees of freedom from a printed table, and the Fieller bounds found by bisection on the band's equation
rather than by the quadratic formula. A change of covariance type, of quantile or of confidence level fails here.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

from analysis.stats.extrapolate import fieller_interval, required_log10_gflop, requirement
from analysis.stats.models import fit_model

LOG10_GFLOP = np.array([2.0, 3.0, 3.5, 5.0, 6.0, 8.0])
ERROR_PCT = np.array([40.0, 33.0, 30.0, 24.0, 25.0, 14.0])
T_TABLE_95_4DF = 2.132
"""Student-t 0.95 quantile with 4 degrees of freedom, as printed in t tables (to 3 decimals)."""


def points() -> pd.DataFrame:
    return pd.DataFrame({"compute_gflop": 10.0**LOG10_GFLOP, "error_pct": ERROR_PCT})


def reference(y: np.ndarray) -> dict:
    """OLS of y on LOG10_GFLOP with the HC3 covariance, by hand."""
    X = np.column_stack([np.ones_like(LOG10_GFLOP), LOG10_GFLOP])
    bread = np.linalg.inv(X.T @ X)
    beta = bread @ X.T @ y
    residual = y - X @ beta
    leverage = np.einsum("ij,jk,ik->i", X, bread, X)
    meat = X.T @ np.diag(residual**2 / (1 - leverage) ** 2) @ X
    covariance = bread @ meat @ bread
    r2 = 1 - residual @ residual / np.sum((y - y.mean()) ** 2)
    return {"intercept": beta[0], "slope": beta[1], "covariance": covariance, "r2": r2}


def transform(model: str) -> np.ndarray:
    return np.log10(ERROR_PCT) if model == "polynomial" else 1.0 / ERROR_PCT


@pytest.mark.parametrize("model", ["polynomial", "exponential"])
def test_coefficients_and_hc3_covariance(model):
    fit = fit_model(points(), model)
    ref = reference(transform(model))
    assert fit.n == 6
    assert fit.intercept == pytest.approx(ref["intercept"], rel=1e-10)
    assert fit.slope == pytest.approx(ref["slope"], rel=1e-10)
    assert fit.r2 == pytest.approx(ref["r2"], rel=1e-10)
    assert np.asarray(fit.covariance) == pytest.approx(ref["covariance"], rel=1e-8)


def test_hc3_differs_from_the_other_covariances_on_this_data():
    """The data set tells HC3 from ordinary and HC1 errors, so the test above would notice the swap."""
    y = transform("polynomial")
    X = np.column_stack([np.ones_like(LOG10_GFLOP), LOG10_GFLOP])
    bread = np.linalg.inv(X.T @ X)
    residual = y - X @ bread @ X.T @ y
    ordinary = residual @ residual / (len(y) - 2) * bread
    hc1 = len(y) / (len(y) - 2) * bread @ X.T @ np.diag(residual**2) @ X @ bread
    hc3 = reference(y)["covariance"]
    assert abs(hc3[1, 1] / ordinary[1, 1] - 1) > 0.2
    assert abs(hc3[1, 1] / hc1[1, 1] - 1) > 0.2


def test_quantile_is_the_tabulated_t_with_four_degrees_of_freedom():
    fit = fit_model(points(), "polynomial")
    assert fit.t_critical == pytest.approx(T_TABLE_95_4DF, abs=5e-4)


def test_slope_interval_and_p_value():
    fit = fit_model(points(), "polynomial")
    ref = reference(transform("polynomial"))
    se = np.sqrt(ref["covariance"][1, 1])
    assert fit.slope_low == pytest.approx(ref["slope"] - T_TABLE_95_4DF * se, rel=1e-3)
    assert fit.slope_high == pytest.approx(ref["slope"] + T_TABLE_95_4DF * se, rel=1e-3)
    assert fit.p_value == pytest.approx(2 * stats.t.sf(abs(ref["slope"]) / se, 4), rel=1e-8)


def test_band_at_a_point():
    fit = fit_model(points(), "polynomial")
    ref = reference(transform("polynomial"))
    x = 4.0
    v = ref["covariance"]
    se = np.sqrt(v[0, 0] + 2 * x * v[0, 1] + x * x * v[1, 1])
    centre = ref["intercept"] + ref["slope"] * x
    low, high = fit.band_error_pct(np.array([x]))
    assert low[0] == pytest.approx(10 ** (centre - T_TABLE_95_4DF * se), rel=2e-3)
    assert high[0] == pytest.approx(10 ** (centre + T_TABLE_95_4DF * se), rel=2e-3)


def band_edge_gap(x: float, ref: dict, y_target: float, t: float) -> float:
    """(distance of the fitted line from y_target)^2 - (t x standard error of the fit)^2 at x: zero at a Fieller bound."""
    v = ref["covariance"]
    return (ref["intercept"] + ref["slope"] * x - y_target) ** 2 - t * t * (v[0, 0] + 2 * x * v[0, 1] + x * x * v[1, 1])


@pytest.mark.parametrize("model,error_pct", [("polynomial", 20.0), ("polynomial", 10.0), ("exponential", 12.0)])
def test_fieller_bounds_solve_the_band_equation(model, error_pct):
    fit = fit_model(points(), model)
    ref = reference(transform(model))
    y_target = np.log10(error_pct) if model == "polynomial" else 1.0 / error_pct
    t = stats.t.ppf(0.95, 4)
    point = (y_target - ref["intercept"]) / ref["slope"]
    assert required_log10_gflop(fit, error_pct) == pytest.approx(point, rel=1e-10)
    # the band contains the target at the point estimate and not far away on either side
    assert band_edge_gap(point, ref, y_target, t) < 0
    low = optimize.brentq(band_edge_gap, point - 1000, point, args=(ref, y_target, t), xtol=1e-12)
    high = optimize.brentq(band_edge_gap, point, point + 1000, args=(ref, y_target, t), xtol=1e-12)
    got_low, got_high = fieller_interval(fit, error_pct)
    assert got_low == pytest.approx(low, abs=1e-8)
    assert got_high == pytest.approx(high, abs=1e-8)
    need = requirement(fit, error_pct)
    assert (need.log10_gflop_low, need.log10_gflop, need.log10_gflop_high) == pytest.approx((low, point, high), abs=1e-8)


def test_fieller_is_unbounded_when_the_slope_is_not_clearly_non_zero():
    flat = points().assign(error_pct=[30.0, 20.0, 35.0, 22.0, 33.0, 26.0])
    fit = fit_model(flat, "polynomial")
    ref = reference(np.log10(flat["error_pct"].to_numpy()))
    assert abs(ref["slope"]) / np.sqrt(ref["covariance"][1, 1]) < T_TABLE_95_4DF
    low, high = fieller_interval(fit, 20.0)
    assert np.isnan(low) and np.isnan(high)
