"""Fits recover known slopes; extrapolation inverts them; the bootstrap and back-test behave on synthetic data."""
import numpy as np
import pandas as pd
import pytest

from analysis.stats.backtest import summarise
from analysis.stats.bootstrap import bootstrap_fit
from analysis.stats.extrapolate import fieller_interval, required_log10_gflop, requirement
from analysis.stats.models import fit_model
from analysis.stats.samples import frontier


def synthetic(model, slope, intercept, n=40, noise=0.02, seed=1, log10_low=3, log10_high=12):
    rng = np.random.default_rng(seed)
    x = rng.uniform(log10_low, log10_high, n)
    y = intercept + slope * x + rng.normal(0, noise, n)
    error = 10**y if model == "polynomial" else 1 / y
    return pd.DataFrame({"compute_gflop": 10**x, "error_pct": error, "paper_key": [f"p{i // 2}" for i in range(n)],
                         "published": pd.date_range("2012-01-01", periods=n, freq="60D")})


@pytest.mark.parametrize("model,slope,intercept", [("polynomial", -0.08, 2.0), ("exponential", 0.01, 0.02)])
def test_fit_recovers_known_slope(model, slope, intercept):
    fit = fit_model(synthetic(model, slope, intercept, noise=0.001 if model == "exponential" else 0.02), model)
    assert fit.slope == pytest.approx(slope, rel=0.05)
    assert fit.slope_low < slope < fit.slope_high
    assert fit.r2 > 0.9 and fit.p_value < 1e-6 and fit.n == 40


def test_too_few_points_gives_no_fit():
    assert fit_model(synthetic("polynomial", -0.1, 2, n=3), "polynomial") is None


@pytest.mark.parametrize("model", ["polynomial", "exponential"])
def test_extrapolation_round_trip(model):
    points = synthetic(model, -0.08 if model == "polynomial" else 0.01, 2.0 if model == "polynomial" else 0.02)
    fit = fit_model(points, model)
    for error in (20.0, 5.0):
        log10_c = required_log10_gflop(fit, error)
        assert fit.predict_error_pct(log10_c) == pytest.approx(error, rel=1e-9)
        low, high = fieller_interval(fit, error)
        assert low < log10_c < high


def test_interval_unbounded_without_a_slope():
    rng = np.random.default_rng(3)
    flat = pd.DataFrame({"compute_gflop": 10 ** rng.uniform(3, 12, 30), "error_pct": 10 ** rng.normal(1, 0.3, 30)})
    fit = fit_model(flat, "polynomial")
    need = requirement(fit, 1.0)
    assert np.isnan(need.log10_gflop_low) or abs(need.log10_gflop) > 10


def test_bootstrap_is_deterministic_and_seed_sensitive():
    points = synthetic("polynomial", -0.08, 2.0, noise=0.1)
    first = bootstrap_fit(points, "polynomial", [5.0, 1.0], draws=2000, seed=7)
    again = bootstrap_fit(points, "polynomial", [5.0, 1.0], draws=2000, seed=7)
    other = bootstrap_fit(points, "polynomial", [5.0, 1.0], draws=2000, seed=8)
    assert first == again
    assert first != other
    assert first.slope_low < -0.08 < first.slope_high
    assert first.required_log10_low[0] < first.required_log10_high[0]


def test_backtest_perfect_fit_predicts_perfectly():
    points = synthetic("polynomial", -0.08, 2.0, noise=0.0, n=60)
    before, later = points.iloc[:40], points.iloc[40:]
    summary = summarise(fit_model(before, "polynomial"), later)
    assert summary.n == 20
    assert summary.median == pytest.approx(0.0, abs=1e-9)
    assert summary.iqr == pytest.approx(0.0, abs=1e-9)


def test_backtest_detects_a_cheaper_regime():
    points = synthetic("polynomial", -0.08, 2.0, noise=0.01, n=60)
    before, later = points.iloc[:40], points.iloc[40:].copy()
    later["compute_gflop"] = later["compute_gflop"] / 100  # the same errors for 100x less computation
    summary = summarise(fit_model(before, "polynomial"), later)
    assert summary.median == pytest.approx(-2.0, abs=0.2)
    assert summary.share_cheaper == 1.0


def test_frontier_keeps_only_new_bests():
    points = pd.DataFrame({"published": pd.to_datetime(["2012-01-01", "2013-01-01", "2014-01-01", "2015-01-01"]),
                           "error_pct": [40.0, 45.0, 30.0, 30.0], "compute_gflop": [1.0, 2.0, 3.0, 4.0]})
    assert list(frontier(points)["error_pct"]) == [40.0, 30.0]
