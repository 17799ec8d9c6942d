"""The coverage simulation (analysis.stats.coverage) on small seeded draws: the true line and its noise, the simulated
results, how each interval of one simulated world is scored against the known truth (recomputed here with
statsmodels, scipy and numpy), and how the worlds are counted into coverage shares."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from analysis.stats import coverage
from analysis.stats.bootstrap import bootstrap_fit
from analysis.stats.models import CONFIDENCE

WORLD_SIZE = 6
WORLDS = 25
BOOT_DRAWS = 20


# the true line and the simulated results

def test_noise_grows_linearly_from_the_low_to_the_high_end_of_the_data():
    assert coverage.noise_sd(coverage.X_LOW) == pytest.approx(coverage.NOISE_SD_LOW)
    assert coverage.noise_sd(coverage.X_HIGH) == pytest.approx(coverage.NOISE_SD_HIGH)
    middle = (coverage.X_LOW + coverage.X_HIGH) / 2
    assert coverage.noise_sd(middle) == pytest.approx((coverage.NOISE_SD_LOW + coverage.NOISE_SD_HIGH) / 2)
    # extended beyond the data on the same line (the back-test's later results lie there)
    beyond = coverage.X_HIGH + (coverage.X_HIGH - coverage.X_LOW)
    assert coverage.noise_sd(beyond) == pytest.approx(2 * coverage.NOISE_SD_HIGH - coverage.NOISE_SD_LOW)
    assert np.allclose(coverage.noise_sd(np.array([coverage.X_LOW, coverage.X_HIGH])),
                       [coverage.NOISE_SD_LOW, coverage.NOISE_SD_HIGH])


def test_true_line_and_the_target_it_reaches():
    assert coverage.true_log10_error(0.0) == pytest.approx(coverage.TRUE_INTERCEPT)
    assert coverage.true_log10_error(1.0) == pytest.approx(coverage.TRUE_INTERCEPT + coverage.TRUE_SLOPE)
    assert 10 ** coverage.true_log10_error(coverage.X_TARGET) == pytest.approx(coverage.TARGET_ERROR_PCT)
    assert np.allclose(coverage.true_log10_error(np.array([9, 15])), [2.32 - 0.72, 2.32 - 1.2])


def expected_points(seed: int, n: int, low: float, high: float) -> tuple[np.ndarray, np.ndarray]:
    """log10 computation and log10 error of `n` results drawn as documented: uniform x, then standard normal noise."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(low, high, n)
    z = rng.normal(size=n)
    sd = coverage.NOISE_SD_LOW + (coverage.NOISE_SD_HIGH - coverage.NOISE_SD_LOW) * (x - coverage.X_LOW) / (coverage.X_HIGH - coverage.X_LOW)
    return x, coverage.TRUE_INTERCEPT + coverage.TRUE_SLOPE * x + z * sd


def test_synthetic_points_are_drawn_from_the_true_line_with_its_noise():
    points = coverage.synthetic_points(np.random.default_rng(5), 7, 10.0, 12.0)
    x, y = expected_points(5, 7, 10.0, 12.0)
    assert list(points.columns) == ["compute_gflop", "error_pct", "paper_key"]
    assert np.allclose(np.log10(points["compute_gflop"]), x)
    assert np.allclose(np.log10(points["error_pct"]), y)
    assert list(points["paper_key"]) == [f"p{i}" for i in range(7)]  # one paper per result


def test_synthetic_points_span_the_data_range_by_default():
    points = coverage.synthetic_points(np.random.default_rng(11), 40)
    x, y = expected_points(11, 40, coverage.X_LOW, coverage.X_HIGH)
    assert np.allclose(np.log10(points["compute_gflop"]), x)
    assert np.allclose(np.log10(points["error_pct"]), y)
    assert points["paper_key"].nunique() == 40


def test_inside_includes_both_ends():
    assert coverage._inside(1.0, 1.0, 2.0) is True
    assert coverage._inside(1.0, 2.0, 2.0) is True
    assert coverage._inside(1.0, 1.5, 2.0) is True
    assert coverage._inside(1.0, 0.999, 2.0) is False
    assert coverage._inside(1.0, 2.001, 2.0) is False
    assert coverage._inside(1.0, np.float64(1.5), 2.0) is True  # a plain bool, also for numpy values


# one simulated world, scored by hand

def reference_world(seed: int, n: int, boot_draws: int) -> dict[str, tuple[bool, bool]]:
    """The documented scoring of one world, recomputed from the same random stream."""
    rng = np.random.default_rng(seed)
    points = coverage.synthetic_points(rng, n)
    x = np.log10(points["compute_gflop"].to_numpy())
    y = np.log10(points["error_pct"].to_numpy())
    ols = sm.OLS(y, sm.add_constant(x)).fit(cov_type="HC3", use_t=True)
    a, b = ols.params
    v = np.asarray(ols.cov_params())
    slope_low, slope_high = np.asarray(ols.conf_int(alpha=1 - CONFIDENCE))[1]
    t = stats.t.ppf(0.5 + CONFIDENCE / 2, n - 2)

    def se(x0):
        return np.sqrt(v[0, 0] + 2 * x0 * v[0, 1] + x0**2 * v[1, 1])

    x_mid = (coverage.X_LOW + coverage.X_HIGH) / 2
    band = abs(a + b * x_mid - coverage.true_log10_error(x_mid)) <= t * se(x_mid)
    # Fieller: the x at which the band holds log10(target) form an interval only where the slope is clear of zero
    y0 = np.log10(coverage.TARGET_ERROR_PCT)
    qa = b**2 - t**2 * v[1, 1]
    qb = 2 * ((a - y0) * b - t**2 * v[0, 1])
    qc = (a - y0) ** 2 - t**2 * v[0, 0]
    unbounded = qa <= 0 or qb**2 - 4 * qa * qc < 0
    fieller = unbounded or (a + b * coverage.X_TARGET - y0) ** 2 <= t**2 * se(coverage.X_TARGET) ** 2
    boot = bootstrap_fit(points, "polynomial", [coverage.TARGET_ERROR_PCT], draws=boot_draws, seed=int(rng.integers(2**31)))
    later = coverage.synthetic_points(rng, coverage.LATER_POINTS + 1, coverage.X_HIGH, coverage.X_HIGH + coverage.LATER_SPAN)
    gap = np.log10(later["compute_gflop"].to_numpy()) - (np.log10(later["error_pct"].to_numpy()) - a) / b
    scored, fresh = gap[:coverage.LATER_POINTS], gap[coverage.LATER_POINTS]
    q1, q3 = np.percentile(scored, [25, 75])
    boot_low, boot_high = boot.required_log10_low[0], boot.required_log10_high[0]
    return {
        "slope": (bool(slope_low <= coverage.TRUE_SLOPE <= slope_high), False),
        "band": (bool(band), False),
        "fieller": (bool(fieller), bool(unbounded)),
        "bootstrap_slope": (bool(boot.slope_low <= coverage.TRUE_SLOPE <= boot.slope_high), False),
        "bootstrap_required": (bool(boot_low <= coverage.X_TARGET <= boot_high), bool(not np.isfinite(boot_high))),
        "backtest_median": (bool(fresh < np.median(scored)), False),
        "backtest_quartiles": (bool(q1 <= fresh <= q3), False),
    }


def test_each_interval_of_a_world_is_scored_against_the_truth():
    worlds = [coverage.world_outcomes(np.random.default_rng(seed), WORLD_SIZE, BOOT_DRAWS) for seed in range(WORLDS)]
    for seed, world in enumerate(worlds):
        assert world == reference_world(seed, WORLD_SIZE, BOOT_DRAWS), f"world {seed}"
    # the worlds are varied enough that every kind of outcome occurs
    for interval in ("slope", "band", "fieller", "bootstrap_slope", "bootstrap_required", "backtest_median",
                     "backtest_quartiles"):
        assert {w[interval][0] for w in worlds} == {True, False}, interval
    assert {w["fieller"][1] for w in worlds} == {True, False}
    assert {w["bootstrap_required"][1] for w in worlds} == {True, False}


def test_a_world_passes_its_draws_and_a_seed_from_its_stream_to_the_bootstrap(monkeypatch):
    calls = []
    real = coverage.bootstrap_fit

    def spy(points, model, targets, draws, seed):
        calls.append((len(points), model, list(targets), draws, seed))
        return real(points, model, targets, draws=draws, seed=seed)

    monkeypatch.setattr(coverage, "bootstrap_fit", spy)
    coverage.world_outcomes(np.random.default_rng(3), 7, 15)
    rng = np.random.default_rng(3)
    coverage.synthetic_points(rng, 7)
    assert calls == [(7, "polynomial", [coverage.TARGET_ERROR_PCT], 15, int(rng.integers(2**31)))]


def test_the_back_test_of_a_world_scores_nine_later_results_beyond_the_data(monkeypatch):
    seen = []
    real = coverage.summarise

    def spy(fit, later):
        seen.append(later.copy())
        return real(fit, later)

    monkeypatch.setattr(coverage, "summarise", spy)
    coverage.world_outcomes(np.random.default_rng(4), 8, 10)
    (later,) = seen
    assert len(later) == coverage.LATER_POINTS
    x = np.log10(later["compute_gflop"])
    assert (x >= coverage.X_HIGH).all() and (x <= coverage.X_HIGH + coverage.LATER_SPAN).all()


def test_a_world_with_too_few_results_has_no_outcome():
    assert coverage.world_outcomes(np.random.default_rng(0), 3, 10) is None


# counting worlds

def outcome(covered: bool, unbounded: bool = False) -> dict[str, tuple[bool, bool]]:
    return {interval: (covered, unbounded and interval in ("fieller", "bootstrap_required")) for interval in coverage.INTERVALS}


def fake_worlds(monkeypatch, sequence):
    """Replace the simulation of one world by the given outcomes, in turn; return the calls it receives."""
    calls = []
    queue = list(sequence)

    def fake(rng, n, bootstrap_draws):
        calls.append((rng, n, bootstrap_draws))
        return queue.pop(0)

    monkeypatch.setattr(coverage, "world_outcomes", fake)
    return calls


def test_coverage_counts_the_worlds_that_have_a_fit(monkeypatch):
    mixed = outcome(True)
    mixed["slope"] = (False, False)
    mixed["backtest_median"] = (False, False)
    calls = fake_worlds(monkeypatch, [outcome(True, unbounded=True), None, mixed, outcome(False)])
    table = coverage.interval_coverage(9, draws=4, seed=2, bootstrap_draws=30)
    assert list(table.columns) == ["interval", "n", "nominal", "covered", "draws", "coverage", "unbounded"]
    assert list(table["interval"]) == list(coverage.INTERVALS)
    row = table.set_index("interval")
    assert (row["n"] == 9).all()
    assert (row["draws"] == 3).all()  # the world without a fit is left out
    assert row.loc["slope", "covered"] == 1 and row.loc["backtest_median", "covered"] == 1
    assert row.loc["band", "covered"] == 2 and row.loc["band", "coverage"] == pytest.approx(2 / 3)
    assert row.loc["slope", "coverage"] == pytest.approx(1 / 3)
    assert row.loc["fieller", "unbounded"] == pytest.approx(1 / 3)
    assert row.loc["bootstrap_required", "unbounded"] == pytest.approx(1 / 3)
    assert row.loc["slope", "unbounded"] == 0
    assert table["covered"].dtype.kind == "i"
    assert row.loc["slope", "nominal"] == CONFIDENCE and row.loc["fieller", "nominal"] == CONFIDENCE
    assert row.loc["backtest_median", "nominal"] == 0.5 and row.loc["backtest_quartiles", "nominal"] == pytest.approx(0.4)
    # one stream, seeded by the seed and the size, carries every world
    assert len(calls) == 4 and all(rng is calls[0][0] for rng, _, _ in calls)
    assert all(n == 9 and draws == 30 for _, n, draws in calls)


def test_coverage_streams_are_seeded_by_seed_and_size(monkeypatch):
    states = []

    def fake(rng, n, bootstrap_draws):
        states.append(rng.bit_generator.state["state"]["state"])
        rng.random()
        return outcome(True)

    monkeypatch.setattr(coverage, "world_outcomes", fake)
    coverage.interval_coverage(6, draws=1, seed=8)
    coverage.interval_coverage(13, draws=1, seed=8)
    assert states == [np.random.default_rng([8, 6]).bit_generator.state["state"]["state"],
                      np.random.default_rng([8, 13]).bit_generator.state["state"]["state"]]


def test_real_worlds_are_counted_as_simulated():
    table = coverage.interval_coverage(6, draws=4, seed=3, bootstrap_draws=20)
    rng = np.random.default_rng([3, 6])
    worlds = [coverage.world_outcomes(rng, 6, 20) for _ in range(4)]
    row = table.set_index("interval")
    for interval in coverage.INTERVALS:
        assert row.loc[interval, "covered"] == sum(w[interval][0] for w in worlds)
        assert row.loc[interval, "unbounded"] == pytest.approx(sum(w[interval][1] for w in worlds) / 4)
    assert (row["draws"] == 4).all()


def test_coverage_table_stacks_one_block_per_size(monkeypatch):
    calls = fake_worlds(monkeypatch, [outcome(True)] * 2 + [outcome(False)] * 3)
    table = coverage.coverage_table(sizes=(6, 13), draws=2, seed=1, bootstrap_draws=7)
    assert list(table.index) == list(range(2 * len(coverage.INTERVALS)))
    assert list(table["n"]) == [6] * len(coverage.INTERVALS) + [13] * len(coverage.INTERVALS)
    assert list(table["coverage"]) == [1.0] * len(coverage.INTERVALS) + [0.0] * len(coverage.INTERVALS)
    assert [n for _, n, _ in calls] == [6, 6, 13, 13] and {d for _, _, d in calls} == {7}
    assert list(table["draws"]) == [2] * len(table)


def test_the_band_of_a_world_is_read_at_the_middle_of_the_data(monkeypatch):
    class Recording:
        """A fit that records where its confidence band is read."""

        def __init__(self, fit):
            self.fit, self.band_at = fit, []

        def __getattr__(self, name):
            return getattr(self.fit, name)

        def band_error_pct(self, x):
            self.band_at.append(np.asarray(x).tolist())
            return self.fit.band_error_pct(x)

    fits = []
    real = coverage.fit_model

    def recording_fit(points, model):
        fits.append(Recording(real(points, model)))
        return fits[-1]

    monkeypatch.setattr(coverage, "fit_model", recording_fit)
    coverage.world_outcomes(np.random.default_rng(6), 8, 10)
    assert [f.band_at for f in fits] == [[[(coverage.X_LOW + coverage.X_HIGH) / 2]]]
