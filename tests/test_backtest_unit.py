"""analysis.backtest on a hand-made fit: predictions, the median, quartiles and share cheaper of later results."""
import numpy as np
import pandas as pd
import pytest

from analysis.backtest import BacktestSummary, predictions, summarise
from analysis.models import Fit

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
