"""analysis.stats.backtest on a hand-made fit: predictions, the median, quartiles and share cheaper of later results; and the
finding rules of analysis.stats.rules at their boundaries (back-test verdicts, claim, survival and back-test statuses)."""
import numpy as np
import pandas as pd
import pytest

from analysis.stats.backtest import BacktestSummary, predictions, summarise
from analysis.stats.models import Fit
from analysis.stats.rules import (AS_PROJECTED, BACKTEST_MAX_IQR_ORDERS, BACKTEST_MIN_FIT_POINTS,
                            BACKTEST_MIN_LATER_POINTS, BACKTEST_VERDICTS, CANNOT_TELL, CHEAPER, CLAIM_STATUSES, DEARER,
                            FAILS, FRAGILE, HOLDS, TOO_FEW, UNJUDGED, backtest_status, backtest_verdict, claim_status,
                            survival_status)

FIT = Fit(model="polynomial", intercept=2.0, slope=-0.1, slope_low=-0.12, slope_high=-0.08, r2=0.9, n=10,
          p_value=0.001, covariance=((0.01, 0.0), (0.0, 0.0001)), t_critical=1.86)
"""log10(error %) = 2 - 0.1 log10(GFLOP): 10% error at 1e10 GFLOP, 1% at 1e20 GFLOP."""


def later(log10_gflop, error_pct):
    return pd.DataFrame({"compute_gflop": 10.0 ** np.asarray(log10_gflop, dtype="float64"), "error_pct": error_pct,
                         "model": [f"m{i}" for i in range(len(error_pct))]})


def test_predictions_add_the_projected_computation_and_the_miss():
    out = predictions(FIT, later([9.0, 12.0], [10.0, 1.0]))
    assert out["predicted_gflop"].tolist() == pytest.approx([1e10, 1e20])
    assert out["log10_actual_over_predicted"].tolist() == pytest.approx([-1.0, -8.0])
    assert out["model"].tolist() == ["m0", "m1"]  # the later results' own columns are kept


def test_the_input_is_not_changed():
    points = later([9.0], [10.0])
    predictions(FIT, points)
    assert list(points.columns) == ["compute_gflop", "error_pct", "model"]


def test_summary_of_nine_later_results():
    # errors of log10(actual / predicted): -4 .. 4 in steps of 1 (all at 10% error, predicted 1e10 GFLOP)
    summary = summarise(FIT, later(np.arange(6.0, 15.0), [10.0] * 9))
    assert summary == BacktestSummary("polynomial", 9, 0.0, 4.0, 4 / 9, -2.0, 2.0)


def test_quartiles_interpolate_between_results():
    summary = summarise(FIT, later([10.0, 11.0, 13.0, 17.0], [10.0] * 4))  # errors 0, 1, 3, 7
    assert summary.median == pytest.approx(2.0)
    assert (summary.quartile_low, summary.quartile_high) == pytest.approx((0.75, 4.0))
    assert summary.iqr == pytest.approx(3.25)
    assert summary.share_cheaper == 0.0


def test_results_with_no_finite_prediction_are_left_out():
    # a flat fit predicts nothing; an error of 0% needs infinite computation
    flat = Fit(**{**FIT.__dict__, "slope": 0.0})
    empty = summarise(flat, later([9.0, 10.0], [10.0, 5.0]))
    assert empty.n == 0 and np.isnan(empty.median) and np.isnan(empty.iqr) and np.isnan(empty.quartile_high)
    with np.errstate(divide="ignore"):
        partial = summarise(FIT, later([9.0, 10.0, 11.0], [10.0, 0.0, 10.0]))
    assert partial.n == 2 and partial.median == pytest.approx(0.0) and partial.share_cheaper == 0.5


def test_an_empty_back_test_keeps_its_model_and_has_no_numbers():
    flat = Fit(**{**FIT.__dict__, "slope": 0.0, "model": "exponential"})
    empty = summarise(flat, later([9.0], [10.0]))
    assert empty.model == "exponential" and empty.n == 0
    assert all(np.isnan(v) for v in (empty.median, empty.iqr, empty.share_cheaper, empty.quartile_low, empty.quartile_high))


# the finding rules at their boundaries (analysis.stats.rules)

def test_the_rule_constants_are_those_of_the_issue():
    # a verdict needs a fit on 8 points and 5 later results; more than 2 orders between the quartiles cannot tell
    assert (BACKTEST_MIN_FIT_POINTS, BACKTEST_MIN_LATER_POINTS, BACKTEST_MAX_IQR_ORDERS) == (8, 5, 2.0)
    assert (TOO_FEW, CANNOT_TELL, AS_PROJECTED, CHEAPER, DEARER) == (
        "too few to judge", "cannot tell", "as projected", "cheaper than projected", "dearer than projected")
    assert set(BACKTEST_VERDICTS) == {TOO_FEW, CANNOT_TELL, AS_PROJECTED, CHEAPER, DEARER} and len(BACKTEST_VERDICTS) == 5
    assert CLAIM_STATUSES == ("holds", "fragile", "fails", "cannot tell")


@pytest.mark.parametrize("n_fit, n_later, verdict", [(7, 5, TOO_FEW), (8, 4, TOO_FEW), (7, 4, TOO_FEW), (0, 9, TOO_FEW),
                                                     (8, 5, AS_PROJECTED), (40, 40, AS_PROJECTED)])
def test_backtest_verdict_needs_eight_fitted_points_and_five_later_results(n_fit, n_later, verdict):
    assert backtest_verdict(n_fit, n_later, 0.1, -0.5, 0.5) == verdict


def test_backtest_verdict_without_a_median_is_too_few_to_judge():
    assert backtest_verdict(20, 20, float("nan"), float("nan"), float("nan")) == TOO_FEW


def test_a_spread_of_exactly_two_orders_still_judges_and_just_above_cannot_tell():
    assert 1.0 - (-1.0) == 2.0  # exactly the limit in binary floating point
    assert backtest_verdict(8, 5, 0.0, -1.0, 1.0) == AS_PROJECTED
    assert backtest_verdict(8, 5, 0.0, -1.0, 1.0 + 1e-9) == CANNOT_TELL
    assert backtest_verdict(8, 5, -2.5, -3.5, -1.5) == CHEAPER      # 2 orders wide, all below 0
    assert backtest_verdict(8, 5, -2.5, -3.5, -1.5 + 1e-9) == CHEAPER  # wider, but all below 0: the direction is clear
    assert backtest_verdict(8, 5, 2.5, 0.5, 3.0) == DEARER           # wide, all above 0
    assert backtest_verdict(8, 5, 1.5, 0.5, 2.5) == DEARER
    # MS COCO's back-test of the issue: quartiles -3.4 and +0.3 (3.7 orders apart) is "cannot tell", not "as projected"
    assert backtest_verdict(20, 20, -1.0, -3.4, 0.3) == CANNOT_TELL


@pytest.mark.parametrize("median, low, high, verdict", [
    (0.0, 0.0, 0.0, AS_PROJECTED),        # zero on both quartiles
    (-0.1, -0.5, 0.0, AS_PROJECTED),      # zero on the upper quartile
    (0.1, 0.0, 0.5, AS_PROJECTED),        # zero on the lower quartile
    (-0.16, -0.3, -1e-9, CHEAPER),        # just below zero
    (0.16, 1e-9, 0.3, DEARER),            # just above zero
])
def test_backtest_verdict_at_zero(median, low, high, verdict):
    assert backtest_verdict(8, 5, median, low, high) == verdict


def test_backtest_verdict_of_a_summary_of_later_results():
    # five later results at 1e10..1e14 GFLOP, all at 10% error (projected 1e10): errors 0, 1, 2, 3, 4 orders
    summary = summarise(FIT, later(np.arange(10.0, 15.0), [10.0] * 5))
    assert (summary.quartile_low, summary.median, summary.quartile_high) == pytest.approx((1.0, 2.0, 3.0))
    assert backtest_verdict(FIT.n, summary.n, summary.median, summary.quartile_low, summary.quartile_high) == DEARER
    assert backtest_verdict(BACKTEST_MIN_FIT_POINTS - 1, summary.n, summary.median, summary.quartile_low,
                            summary.quartile_high) == TOO_FEW
    four = summarise(FIT, later(np.arange(10.0, 14.0), [10.0] * 4))
    assert backtest_verdict(FIT.n, four.n, four.median, four.quartile_low, four.quartile_high) == TOO_FEW


@pytest.mark.parametrize("parts, status", [
    ([HOLDS, HOLDS], HOLDS), ([FAILS], FAILS), ([HOLDS, FAILS], FRAGILE), ([FRAGILE], FRAGILE),
    ([FAILS, FRAGILE], FRAGILE), ([HOLDS, UNJUDGED], HOLDS), ([FAILS, UNJUDGED, FAILS], FAILS),
    ([UNJUDGED, UNJUDGED], UNJUDGED), ([], UNJUDGED),
])
def test_claim_status_from_its_parts(parts, status):
    assert claim_status(parts) == status
    assert claim_status(iter(parts)) == status  # any iterable of parts


@pytest.mark.parametrize("n_survive, n_variants, status", [(12, 12, HOLDS), (1, 1, HOLDS), (0, 12, FAILS),
                                                           (11, 12, FRAGILE), (1, 12, FRAGILE), (0, 0, UNJUDGED)])
def test_survival_status(n_survive, n_variants, status):
    assert survival_status(n_survive, n_variants) == status


def test_backtest_status_of_each_verdict():
    assert [backtest_status(v) for v in (AS_PROJECTED, CHEAPER, DEARER, CANNOT_TELL, TOO_FEW, "")] == [
        HOLDS, FAILS, FAILS, UNJUDGED, UNJUDGED, UNJUDGED]
    # a back-test judged on too little does not count in a claim: one projection as projected holds the claim
    assert claim_status([backtest_status(AS_PROJECTED), backtest_status(TOO_FEW)]) == HOLDS
