"""The report's 90% intervals contain the truth about 90% of the time, measured on worlds drawn from a known line.

`analysis.stats.coverage` draws DRAWS synthetic benchmarks of n results (heteroskedastic noise) from a known line,
fits each with the report's own code and counts the worlds in which each interval holds. A rate is
"consistent with" its nominal probability p when the count lies in the central 99.9% of Binomial(DRAWS, p):
with 400 worlds and p = 0.9 that is 339 to 378 (84.8% to 94.5%). The seed is fixed, so the run is the same
every time; a method whose true coverage is 80% (normal quantiles with HC1 at n = 6, or a ~70% quantile)
falls outside that range.

One exception, stated here and measured on the methods page: at n = 6 the bootstrap's expanded percentile
interval is conservative (about 95% rather than 90%: a pairs bootstrap of six points often draws the same few
points), so there it is only checked not to under-cover.

The back-test's median and interquartile range are not confidence intervals: its tests check instead that a
new later result from the same line falls below the median half the time and between the quartiles 4 times
in 10 (the exact rates for 9 later results, whatever the noise and the fit).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.stats import coverage
from analysis.stats.bootstrap import expanded_percentiles
from analysis.stats.models import CONFIDENCE, t_quantile

SIZES = (6, 13, 33)
DRAWS = 400
BOOTSTRAP_DRAWS = 200
TOLERANCE = 0.999
"""Central probability of the binomial range a measured count must fall in."""


def binomial_range(draws: int, nominal: float) -> tuple[int, int]:
    """The central TOLERANCE range of the number of worlds covered if the true rate is `nominal`."""
    low, high = stats.binom.interval(TOLERANCE, draws, nominal)
    return int(low), int(high)


@pytest.fixture(scope="module")
def measured() -> pd.DataFrame:
    return coverage.coverage_table(SIZES, draws=DRAWS, bootstrap_draws=BOOTSTRAP_DRAWS)


def test_the_table_has_one_row_per_interval_and_size(measured):
    assert list(measured.columns) == ["interval", "n", "nominal", "covered", "draws", "coverage", "unbounded"]
    assert len(measured) == len(coverage.INTERVALS) * len(SIZES)
    assert set(measured["interval"]) == set(coverage.INTERVALS)
    assert (measured["draws"] == DRAWS).all()  # every simulated world could be fitted
    assert np.allclose(measured["coverage"], measured["covered"] / measured["draws"])


CONSERVATIVE = {("bootstrap_slope", 6), ("bootstrap_required", 6)}
"""(interval, n) known to over-cover: checked one-sided, not to fall below the binomial range."""


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("interval", coverage.INTERVALS)
def test_coverage_is_consistent_with_the_nominal_rate(measured, interval, n):
    row = measured[(measured["interval"] == interval) & (measured["n"] == n)].iloc[0]
    low, high = binomial_range(int(row["draws"]), float(row["nominal"]))
    if (interval, n) in CONSERVATIVE:
        high = int(row["draws"])
    assert low <= row["covered"] <= high, (
        f"{interval} at n = {n}: {row['coverage']:.1%} of {row['draws']} worlds covered the truth; "
        f"a {row['nominal']:.0%} interval covers {low / row['draws']:.1%} to {high / row['draws']:.1%}")


def test_the_confidence_intervals_claim_the_report_level(measured):
    claimed = measured[~measured["interval"].str.startswith("backtest")]["nominal"]
    assert (claimed == CONFIDENCE).all()
    assert CONFIDENCE == 0.90  # every page says "90% interval"


def test_unbounded_extrapolations_fade_as_samples_grow(measured):
    """An unbounded interval counts as covering (it claims no bound); it must become rare as n grows."""
    for interval in ("fieller", "bootstrap_required"):
        unbounded = measured[measured["interval"] == interval].set_index("n")["unbounded"]
        assert unbounded.is_monotonic_decreasing, unbounded
        assert unbounded.loc[33] < 0.01, unbounded


def test_bounded_extrapolations_alone_still_cover_most_of_the_time(measured):
    """Coverage among the bounded Fieller intervals only: not far below nominal even at n = 6."""
    fieller = measured[measured["interval"] == "fieller"].set_index("n")
    bounded = fieller["draws"] * (1 - fieller["unbounded"])
    covered_bounded = fieller["covered"] - fieller["draws"] * fieller["unbounded"]
    assert (covered_bounded / bounded > 0.8).all(), covered_bounded / bounded


def test_the_binomial_range_rejects_an_80_percent_interval():
    """The tolerance is tight enough to notice the under-coverage this file guards against."""
    low, high = binomial_range(DRAWS, CONFIDENCE)
    assert not low <= 0.80 * DRAWS <= high
    assert not low <= 0.97 * DRAWS <= high


def test_the_quantile_is_students_t_with_n_minus_2_degrees_of_freedom():
    assert t_quantile(6) == pytest.approx(stats.t.ppf(0.95, 4))
    assert t_quantile(33) == pytest.approx(stats.t.ppf(0.95, 31))
    assert t_quantile(6) > t_quantile(33) > stats.norm.ppf(0.95)


def test_the_expanded_bootstrap_percentiles_tend_to_the_plain_ones():
    low_6, high_6 = expanded_percentiles(6)
    low_1000, high_1000 = expanded_percentiles(1000)
    assert low_6 + high_6 == pytest.approx(100.0)
    plain_low = 100 * (1 - CONFIDENCE) / 2
    assert low_6 < low_1000 < plain_low
    assert low_1000 == pytest.approx(plain_low, abs=0.05)
