"""Compute over time on small synthetic points: decimal years, the growth fit and its doubling time, ratios to a
reference model, the year-term model against statsmodels, fixed-error records and their halving time, the points a
figure labels, and the cheapest candidate that matches a baseline's score."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analysis.stats.trends import (LABEL_WINDOW_YEARS, Growth, Match, cheapest_match, compute_to_reach, decimal_year,
                             growth, halving_months, notable, records_to_reach, relative_to, years_per_tenfold)


def dated(models, dates, compute, errors=None, column="compute_gflop") -> pd.DataFrame:
    """Points with full dates (a bare year means 1 January), computation and error."""
    dates = [f"{d}-01-01" if isinstance(d, int) else d for d in dates]
    return pd.DataFrame({"model": list(models), "published": pd.to_datetime(dates),
                         column: [float(c) for c in compute],
                         "error_pct": [float(e) for e in (errors if errors is not None else [30.0] * len(models))]})


# decimal years

def test_decimal_year_counts_days_from_the_first_of_january():
    years = decimal_year(pd.Series(pd.to_datetime(["2012-01-01", "2012-07-02", "2019-12-31"])))
    # 2012-07-02 is day 184 of a leap year; 2019-12-31 is day 365
    assert years.tolist() == pytest.approx([2012.0, 2012 + 183 / 365.25, 2019 + 364 / 365.25], abs=1e-12)


# growth over time

def test_growth_needs_three_points():
    assert growth(dated("ab", [2012, 2013], [1, 10])) is None
    assert growth(dated("abc", [2012, 2013, 2014], [1, 10, 100])) is not None


def test_growth_of_an_exact_exponential_gives_its_rate_intercept_and_doubling_time():
    # compute = 10 ** (0.5 * (year - 2010)): half a decade per year; log10 at year 0 is -1005
    years = [2010, 2012, 2014, 2016]
    dates = ["2010-01-01", "2012-01-01", "2014-01-01", "2016-01-01"]
    x = decimal_year(pd.Series(pd.to_datetime(dates))).to_numpy()
    points = dated("abcd", dates, 10 ** (0.5 * (x - 2010)))
    trend = growth(points)
    assert trend.log10_per_year == pytest.approx(0.5, rel=1e-9)
    assert trend.intercept == pytest.approx(-0.5 * 2010, rel=1e-9)
    assert trend.doubling_months == pytest.approx(12 * math.log10(2) / 0.5, rel=1e-9)
    assert trend.n == 4 and len(years) == trend.n


def test_growth_fits_the_named_column():
    points = dated("abc", [2012, 2013, 2014], [1, 10, 100], column="per_pass_gflop")
    assert growth(points, "per_pass_gflop").log10_per_year == pytest.approx(1.0, abs=1e-3)


def test_growth_has_no_doubling_time_when_flat_or_falling():
    flat = growth(dated("abc", [2012, 2013, 2014], [1, 1, 1]))  # log10 of 1 is exactly 0
    falling = growth(dated("abc", [2012, 2013, 2014], [100, 10, 1]))
    assert flat.log10_per_year == pytest.approx(0.0, abs=1e-12) and math.isnan(flat.doubling_months)
    assert falling.log10_per_year < 0 and math.isnan(falling.doubling_months)


def test_growth_without_an_intercept_leaves_it_unknown():
    assert math.isnan(Growth(0.5, 7.2, 3).intercept)


# relative to a reference model

def test_relative_to_divides_by_the_first_row_of_the_reference():
    points = pd.DataFrame({"model": ["a", "ref", "b", "ref"], "compute_gflop": [8.0, 4.0, 2.0, 100.0],
                           "per_pass_gflop": [1.0, 0.5, 3.0, 9.0]}, index=[10, 11, 12, 13])
    assert relative_to(points, "ref").tolist() == [2.0, 1.0, 0.5, 25.0]
    assert relative_to(points, "ref", "per_pass_gflop").tolist() == [2.0, 1.0, 6.0, 18.0]


def test_relative_to_an_absent_reference_is_nan_on_the_same_rows():
    points = pd.DataFrame({"model": ["a", "b"], "compute_gflop": [8.0, 4.0]}, index=[5, 7])
    ratio = relative_to(points, "ref")
    assert list(ratio.index) == [5, 7] and ratio.isna().all()


# the year term

def year_term_points(n=8, seed=1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    dates = pd.to_datetime([f"{2010 + i}-{1 + (3 * i) % 12:02d}-15" for i in range(n)])
    compute = 10 ** rng.uniform(0, 6, n)
    error = 10 ** (1.6 - 0.05 * np.log10(compute) - 0.02 * (np.arange(n)) + rng.normal(0, 0.01, n))
    return pd.DataFrame({"model": [f"m{i}" for i in range(n)], "published": dates, "compute_gflop": compute,
                         "error_pct": error})


def test_years_per_tenfold_is_the_ratio_of_the_ols_slopes_with_the_headline_fits_robust_errors():
    points = year_term_points()
    x = np.column_stack([np.ones(len(points)), np.log10(points["compute_gflop"]),
                         decimal_year(points["published"]).to_numpy()])
    expected = sm.OLS(np.log10(points["error_pct"].to_numpy()), x).fit(cov_type="HC3", use_t=True)
    fit = years_per_tenfold(points)
    b, g = expected.params[1], expected.params[2]
    assert fit.compute_slope == pytest.approx(b, rel=1e-8) and fit.year_slope == pytest.approx(g, rel=1e-8)
    assert fit.year_slope_p_value == pytest.approx(expected.pvalues[2], rel=1e-6)
    assert fit.years_per_tenfold == pytest.approx(b / g, rel=1e-8)
    assert fit.n == len(points)
    # HC3 and the plain OLS p-values differ on these points: the fit uses HC3
    plain = sm.OLS(np.log10(points["error_pct"].to_numpy()), x).fit()
    assert abs(plain.pvalues[2] - expected.pvalues[2]) > 1e-6 * expected.pvalues[2]
    hc1_normal = sm.OLS(np.log10(points["error_pct"].to_numpy()), x).fit(cov_type="HC1")
    assert abs(hc1_normal.pvalues[2] - expected.pvalues[2]) > 1e-6 * expected.pvalues[2]


def test_years_per_tenfold_needs_five_points():
    points = year_term_points()
    assert years_per_tenfold(points.iloc[:4]) is None
    assert years_per_tenfold(points.iloc[:5]).n == 5


def test_years_per_tenfold_without_a_year_slope_is_nan():
    # every error 1%: log10(error) is exactly 0, so every coefficient is exactly 0
    points = year_term_points().assign(error_pct=1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = years_per_tenfold(points)
    assert fit.year_slope == 0.0 and math.isnan(fit.years_per_tenfold)


# fixed-error records

def test_compute_to_reach_keeps_points_cheaper_than_every_earlier_one_that_reached_the_error():
    points = dated("abcdef", [2015, 2012, 2013, 2014, 2016, 2017], [50, 100, 100, 80, 80, 10],
                   [30, 40, 39, 38, 20, 41])
    records = compute_to_reach(points, 40.0)
    # in date order: b (40: exactly at the error counts), c ties b (not cheaper), d, a; e ties a; f missed the error
    assert list(records["model"]) == ["b", "d", "a"]


def test_of_results_published_the_same_day_only_the_cheaper_is_a_record():
    for order in ("abc", "acb"):
        compute = {"a": 100, "b": 50, "c": 80}
        points = dated(order, [2012, 2014, 2014], [compute[m] for m in order])
        assert list(compute_to_reach(points, 40.0)["model"]) == ["a", "b"], order


def test_compute_to_reach_on_another_column():
    points = dated("abc", [2012, 2013, 2014], [5, 1, 3], [10, 10, 10], column="per_pass_gflop")
    assert list(compute_to_reach(points, 10.0, "per_pass_gflop")["model"]) == ["a", "b"]


def test_records_to_reach_drops_points_without_a_positive_measure_or_an_error():
    points = dated("abcde", [2012, 2013, 2014, 2015, 2016], [100, 0, 50, 30, 20], [40, 10, np.nan, 20, 40.5])
    records, reached = records_to_reach(points, 40.0)
    assert list(records["model"]) == ["a", "d"]
    assert reached == 2  # b has no positive measure, c no error, e missed


def test_records_to_reach_on_another_column():
    points = dated("abc", [2012, 2013, 2014], [5, -1, 3], [10, 10, 10], column="per_pass_gflop")
    records, reached = records_to_reach(points, 10.0, "per_pass_gflop")
    assert list(records["model"]) == ["a", "c"] and reached == 2


def test_halving_months_of_an_exact_halving():
    # computation halves every 2 years: slope -log10(2)/2 per year, 24 months
    dates = ["2012-01-01", "2014-01-01", "2016-01-01"]
    x = decimal_year(pd.Series(pd.to_datetime(dates))).to_numpy()
    records = dated("abc", dates, 2.0 ** (-(x - 2012) / 2) * 1e6)
    assert halving_months(records) == pytest.approx(24.0, rel=1e-9)
    assert halving_months(records.iloc[:2]) == pytest.approx(24.0, rel=1e-6)
    renamed = records.rename(columns={"compute_gflop": "per_pass_gflop"})
    assert halving_months(renamed, "per_pass_gflop") == pytest.approx(24.0, rel=1e-9)


def test_halving_months_needs_two_records_and_a_fall():
    assert math.isnan(halving_months(dated("a", [2012], [10])))
    assert math.isnan(halving_months(dated("ab", [2012, 2014], [1, 1])))  # log10 of 1 is exactly 0: a flat line
    assert math.isnan(halving_months(dated("ab", [2012, 2014], [10, 20])))


# labels of a figure

def test_notable_takes_the_largest_record_of_each_window():
    points = dated("abcdef", [2012, 2013, 2014, 2015, 2016, 2017], [1, 3, 2, 5, 5, 4])
    keep = notable(points)
    # records: a, b (2012-13: b larger), d (2014-15); e ties d and f is smaller: no record in 2016-17
    assert list(points.loc[keep, "model"]) == ["b", "d"]
    assert LABEL_WINDOW_YEARS == 2


def test_notable_windows_follow_calendar_years():
    points = dated("abc", [2013, 2014, 2015], [1, 2, 3])
    assert list(notable(points, window_years=2)) == [True, False, True]  # 2013 | 2014-15
    assert list(notable(points, window_years=3)) == [False, False, True]  # 2013-14 | 2015 is in 2015-17
    assert list(notable(points, window_years=1)) == [True, True, True]


def test_notable_on_another_column_and_unsorted_points():
    points = dated("abc", [2016, 2012, 2014], [9, 5, 1]).rename(columns={"compute_gflop": "per_pass_gflop"})
    keep = notable(points, "per_pass_gflop")
    assert list(keep.index) == [0, 1, 2] and list(keep) == [True, True, False]


def test_notable_reference_takes_its_window_and_an_absent_one_takes_none():
    points = dated(["x", "ref", "y"], [2012, 2013, 2015], [3, 2, 4])
    assert list(notable(points, reference_model="ref")) == [False, True, True]
    assert list(notable(points, reference_model="nobody")) == [True, False, True]


# the cheapest candidate that matches a baseline

def test_cheapest_match_breaks_score_ties_by_the_smaller_measure_and_accepts_an_equal_score():
    baselines = pd.DataFrame({"model": ["costly", "cheap", "nan"], "bleu": [30.0, 30.0, np.nan], "g": [9.0, 3.0, 1.0]})
    candidates = pd.DataFrame({"model": ["equal", "better", "unknown"], "bleu": [30.0, 31.0, 40.0],
                               "g": [2.0, 1.5, np.nan]})
    match = cheapest_match(baselines, candidates, "bleu", "g")
    assert match.baseline["model"] == "cheap" and match.candidate["model"] == "better"
    assert match.ratio("g") == pytest.approx(2.0)
    only_equal = cheapest_match(baselines, candidates.iloc[[0]], "bleu", "g")
    assert only_equal.candidate["model"] == "equal" and only_equal.ratio("g") == pytest.approx(1.5)


def test_match_ratio_is_baseline_over_candidate():
    match = Match(pd.Series({"g": 6.0, "h": 1.0}), pd.Series({"g": 2.0, "h": 4.0}))
    assert match.ratio("g") == 3.0 and match.ratio("h") == 0.25
    assert math.isnan(Match(pd.Series({"g": 6.0}), None).ratio("g"))
