"""analysis.stats.bootstrap on hand-made samples: weights, weighted lines, the expanded percentiles, unbounded draws."""
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.stats.bootstrap import DEFAULT_DRAWS, DEFAULT_SEED, bootstrap_fit, expanded_percentiles, paper_weights, resampled_lines


def sample(model="polynomial", n=12, papers=None, seed=3):
    rng = np.random.default_rng(seed)
    x = np.linspace(3, 12, n)
    if model == "polynomial":
        error = 10 ** (2.0 - 0.08 * x + rng.normal(0, 0.05, n))
    else:
        error = 1 / (0.02 + 0.01 * x + rng.normal(0, 0.002, n))
    keys = [f"p{i % papers}" if papers else f"p{i}" for i in range(n)]
    return pd.DataFrame({"compute_gflop": 10**x, "error_pct": error, "paper_key": keys})


def test_paper_weights_count_the_draws():
    chosen = np.array([[0, 0, 2], [1, 2, 1]])
    assert paper_weights(chosen, 3).tolist() == [[2.0, 0.0, 1.0], [0.0, 2.0, 1.0]]


def test_weighted_lines_equal_least_squares_on_repeated_points():
    x, y = np.array([1.0, 2.0, 4.0, 7.0]), np.array([3.0, 2.5, 2.0, 0.5])
    weights = np.array([[1.0, 1.0, 1.0, 1.0], [2.0, 0.0, 1.0, 3.0]])
    slopes, intercepts = resampled_lines(x, y, weights)
    for row, slope, intercept in zip(weights, slopes, intercepts):
        repeated = np.repeat(np.arange(4), row.astype(int))
        want_slope, want_intercept = np.polyfit(x[repeated], y[repeated], 1)
        assert slope == pytest.approx(want_slope) and intercept == pytest.approx(want_intercept)


def test_a_draw_of_one_x_has_no_line():
    x, y = np.array([1.0, 1.0, 4.0]), np.array([3.0, 2.0, 1.0])
    slopes, intercepts = resampled_lines(x, y, np.array([[2.0, 1.0, 0.0], [0.0, 0.0, 3.0], [1.0, 0.0, 1.0]]))
    assert np.isnan(slopes[0]) and np.isnan(slopes[1]) and slopes[2] == pytest.approx(-2 / 3)
    assert np.isnan(intercepts[0]) and intercepts[2] == pytest.approx(3 + 2 / 3)


def test_expanded_percentiles_follow_the_formula():
    for papers in (5, 13, 40):
        degrees = papers - 2
        tail = stats.norm.cdf(-np.sqrt(papers / degrees) * stats.t.ppf(0.95, degrees))
        assert expanded_percentiles(papers) == pytest.approx((100 * tail, 100 * (1 - tail)))
    # two papers leave no degree of freedom: one is used, a very wide (nearly min-to-max) interval
    tail = stats.norm.cdf(-np.sqrt(2) * stats.t.ppf(0.95, 1))
    assert expanded_percentiles(2) == pytest.approx((100 * tail, 100 * (1 - tail)))
    low, high = expanded_percentiles(10, confidence=0.5)
    assert 20 < low < 25 and 75 < high < 80


def test_defaults_and_the_result_fields():
    points = sample()
    result = bootstrap_fit(points, "polynomial", [5.0, 1.0], draws=300, seed=11)
    assert (result.model, result.draws, result.seed) == ("polynomial", 300, 11)
    assert len(result.required_log10_low) == len(result.required_log10_high) == 2
    assert result.required_log10_low[0] < result.required_log10_low[1]  # a lower error needs more computation
    assert result.slope_low < -0.08 < result.slope_high
    assert 0 <= result.share_unbounded < 0.05
    assert (DEFAULT_DRAWS, DEFAULT_SEED) == (2000, 20200713)
    assert bootstrap_fit(points, "polynomial", [5.0]) == bootstrap_fit(points, "polynomial", [5.0], 2000, 20200713)


def test_the_bounds_are_the_expanded_percentiles_of_the_draws():
    points = sample(n=10)
    draws, seed = 400, 5
    rng = np.random.default_rng(seed)
    chosen = rng.integers(0, 10, (draws, 10))
    x = np.log10(points["compute_gflop"].to_numpy())
    y = np.log10(points["error_pct"].to_numpy())
    slopes = np.array([np.polyfit(x[c], y[c], 1)[0] for c in chosen])
    low_q, high_q = expanded_percentiles(10)
    result = bootstrap_fit(points, "polynomial", [5.0], draws=draws, seed=seed)
    assert result.slope_low == pytest.approx(np.percentile(slopes, low_q))
    assert result.slope_high == pytest.approx(np.percentile(slopes, high_q))
    intercepts = np.array([np.polyfit(x[c], y[c], 1)[1] for c in chosen])
    required = np.where(slopes < 0, (np.log10(5.0) - intercepts) / slopes, np.inf)
    assert result.required_log10_low[0] == pytest.approx(np.percentile(required, low_q, method="nearest"))
    assert result.required_log10_high[0] == pytest.approx(np.percentile(required, high_q, method="nearest"))


def test_papers_are_resampled_whole():
    # two papers, each with all its points on its own line: any draw has one or both papers, never a mix of halves
    points = sample(n=8, papers=2)
    result = bootstrap_fit(points, "polynomial", [5.0], draws=200, seed=2)
    per_point = bootstrap_fit(points.assign(paper_key=[f"q{i}" for i in range(8)]), "polynomial", [5.0], draws=200, seed=2)
    assert result != per_point


@pytest.mark.parametrize("model,wrong_sign", [("polynomial", 0.08), ("exponential", -0.01)])
def test_draws_with_the_wrong_slope_sign_are_unbounded(model, wrong_sign):
    points = sample(model)
    x = np.log10(points["compute_gflop"])
    flipped = points.assign(error_pct=10 ** (1.0 + wrong_sign * x) if model == "polynomial" else 1 / (0.3 + wrong_sign * x))
    result = bootstrap_fit(flipped, model, [5.0], draws=200, seed=1)
    assert result.share_unbounded == 1.0
    assert result.required_log10_low == (np.inf,) and result.required_log10_high == (np.inf,)
    right = bootstrap_fit(points, model, [5.0], draws=200, seed=1)
    assert right.share_unbounded == 0.0 and np.isfinite(right.required_log10_high[0])


def test_exponential_requirements_solve_the_reciprocal_error():
    points = sample("exponential", n=20)
    result = bootstrap_fit(points, "exponential", [4.0], draws=300, seed=4)
    # the true line reaches 1/4 % = 0.25 = 0.02 + 0.01 x at x = 23
    assert result.required_log10_low[0] < 23 < result.required_log10_high[0]


def test_no_targets_give_no_share():
    result = bootstrap_fit(sample(), "polynomial", [], draws=50, seed=1)
    assert result.required_log10_low == () and np.isnan(result.share_unbounded)


def test_draws_without_a_line_are_quiet_and_unbounded():
    # three papers, two of them at one x: many draws have a single x (no slope), none may warn
    points = pd.DataFrame({"compute_gflop": [1e5, 1e5, 1e9], "error_pct": [30.0, 28.0, 10.0], "paper_key": ["a", "b", "c"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = bootstrap_fit(points, "polynomial", [5.0], draws=300, seed=3)
    assert 0.2 < result.share_unbounded < 0.6  # P(no draw of c) + P(only c) = (2/3)^3 + (1/3)^3 = 1/3


def test_a_sample_at_one_computation_has_no_slope_interval():
    points = pd.DataFrame({"compute_gflop": [1e5] * 4, "error_pct": [30.0, 28.0, 25.0, 27.0], "paper_key": list("abcd")})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = bootstrap_fit(points, "polynomial", [5.0], draws=50, seed=1)
    assert np.isnan(result.slope_low) and np.isnan(result.slope_high) and result.share_unbounded == 1.0


def test_one_x_is_told_by_the_drawn_points_even_with_rounding():
    # three copies of x = 0.1 have a mean that rounds away from 0.1: the draw must still have no line
    x, y = np.array([0.1, 0.1, 0.1, 5.0]), np.array([1.0, 2.0, 3.0, 0.0])
    slopes, _ = resampled_lines(x, y, np.array([[1.0, 1.0, 1.0, 0.0], [1.0, 0.0, 0.0, 1.0]]))
    assert np.isnan(slopes[0]) and slopes[1] == pytest.approx(-1 / 4.9)


def test_lines_below_one_gflop():
    # log10(GFLOP) < 0 (per-pass computation of small networks)
    x, y = np.array([-3.0, -2.0, -1.0]), np.array([1.5, 1.25, 1.0])
    slopes, intercepts = resampled_lines(x, y, np.ones((1, 3)))
    assert slopes[0] == pytest.approx(-0.25) and intercepts[0] == pytest.approx(0.75)


@pytest.mark.parametrize("model,error_pct,target_pct", [("polynomial", 30.0, 5.0), ("exponential", 4.0, 5.0)])
def test_a_flat_sample_never_reaches_the_target(model, error_pct, target_pct):
    """Every draw has slope exactly 0: no draw extrapolates, none divides by zero."""
    points = pd.DataFrame({"compute_gflop": [1e3, 1e5, 1e7, 1e9], "error_pct": [error_pct] * 4, "paper_key": list("abcd")})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = bootstrap_fit(points, model, [target_pct], draws=100, seed=2)
    assert result.slope_low == 0.0 and result.slope_high == 0.0
    assert result.required_log10_low == (np.inf,) and result.share_unbounded == 1.0


def test_one_x_is_told_within_each_draw():
    # draw 0 holds only x = 0.1 (its mean rounds away from 0.1), draw 1 reaches down to x = -1
    x, y = np.array([0.1, 0.1, 0.1, -1.0]), np.array([1.0, 2.0, 3.0, 0.0])
    slopes, _ = resampled_lines(x, y, np.array([[1.0, 1.0, 1.0, 0.0], [0.0, 0.0, 1.0, 1.0]]))
    assert np.isnan(slopes[0]) and slopes[1] == pytest.approx(3 / 1.1)


def test_lines_over_less_than_one_order_of_magnitude():
    x, y = np.array([1.0, 1.25, 1.5]), np.array([2.0, 1.9, 1.8])
    slopes, intercepts = resampled_lines(x, y, np.ones((1, 3)))
    assert slopes[0] == pytest.approx(-0.4) and intercepts[0] == pytest.approx(2.4)
