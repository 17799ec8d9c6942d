"""analysis.stats.models on hand-worked cases: the error transforms, the minimum sample, the fields of a fit, the band."""
import warnings

import numpy as np
import pandas as pd
import pytest

from analysis.stats.models import CONFIDENCE, MIN_POINTS, error_to_y, fit_model, t_quantile, y_to_error


def line_points(n, slope=-0.1, intercept=2.0, noise=(0.02, -0.03, 0.01, 0.04, -0.02, 0.0, 0.03, -0.01)):
    x = np.arange(n, dtype="float64") + 3.0
    y = intercept + slope * x + np.resize(np.array(noise), n)
    return pd.DataFrame({"compute_gflop": 10.0**x, "error_pct": 10.0**y})


def test_error_transforms_and_their_inverses():
    assert error_to_y("polynomial", [10.0, 100.0]) == pytest.approx([1.0, 2.0])
    assert error_to_y("exponential", [4.0, 0.5]) == pytest.approx([0.25, 2.0])
    assert y_to_error("polynomial", np.array([1.0, -1.0])) == pytest.approx([10.0, 0.1])
    assert y_to_error("exponential", np.array([0.25, 2.0])) == pytest.approx([4.0, 0.5])


def test_a_non_positive_inverse_error_has_no_error():
    back = y_to_error("exponential", np.array([0.0, -0.5, 0.5]))
    assert np.isnan(back[0]) and np.isnan(back[1]) and back[2] == pytest.approx(2.0)


def test_unknown_model_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="polynomial, exponential"):
        error_to_y("linear", [1.0])


def test_the_minimum_sample_is_four_points():
    assert MIN_POINTS == 4
    assert fit_model(line_points(MIN_POINTS - 1), "polynomial") is None
    fit = fit_model(line_points(MIN_POINTS), "polynomial")
    assert fit is not None and fit.n == MIN_POINTS
    assert fit.t_critical == pytest.approx(t_quantile(MIN_POINTS))


def test_fit_carries_its_labels_and_a_symmetric_covariance():
    fit = fit_model(line_points(8), "exponential", sample="frontier", measure="per_pass", metric="top5_pct")
    assert (fit.model, fit.sample, fit.measure, fit.metric) == ("exponential", "frontier", "per_pass", "top5_pct")
    (v00, v01), (v10, v11) = fit.covariance
    assert v01 == v10 and v00 > 0 and v11 > 0
    assert fit.slope_low < fit.slope < fit.slope_high
    assert fit.slope_high - fit.slope == pytest.approx(fit.slope - fit.slope_low)
    assert fit.slope_high - fit.slope == pytest.approx(fit.t_critical * np.sqrt(v11))
    assert 0 < fit.r2 < 1 and 0 < fit.p_value < 1


def test_predictions_invert_the_transform():
    fit = fit_model(line_points(8), "polynomial")
    x = np.array([4.0, 9.0])
    assert fit.predict_y(x) == pytest.approx(fit.intercept + fit.slope * x)
    assert fit.predict_error_pct(x) == pytest.approx(10 ** (fit.intercept + fit.slope * x))
    assert fit.predict_y(5.0) == pytest.approx(fit.intercept + 5.0 * fit.slope)


@pytest.mark.parametrize("model", ["polynomial", "exponential"])
def test_band_contains_the_fit_and_widens_away_from_the_data(model):
    points = line_points(8) if model == "polynomial" else line_points(8).assign(
        error_pct=1.0 / (0.02 + 0.01 * np.arange(8) + np.resize([0.001, -0.002, 0.0015], 8)))
    fit = fit_model(points, model)
    x = np.array([6.0, 20.0])
    low, high = fit.band_error_pct(x)
    centre = fit.predict_error_pct(x)
    assert np.all(low < centre) and np.all(centre < high)
    width = np.log10(high) - np.log10(low)
    assert width[1] > width[0]
    (v00, v01), (_, v11) = fit.covariance
    se = np.sqrt(v00 + 2 * x * v01 + x**2 * v11)
    ends = np.sort(np.vstack([y_to_error(model, fit.predict_y(x) - fit.t_critical * se),
                              y_to_error(model, fit.predict_y(x) + fit.t_critical * se)]), axis=0)
    assert low == pytest.approx(ends[0]) and high == pytest.approx(ends[1])


def test_a_higher_level_widens_the_quantile():
    assert t_quantile(10, 0.99) > t_quantile(10) > t_quantile(10, 0.5)
    assert t_quantile(10, 0.0) == pytest.approx(0.0)
    assert CONFIDENCE == pytest.approx(0.9)


def test_inverse_errors_are_quiet_where_there_is_no_error():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        back = y_to_error("exponential", np.array([0.0, np.nan, 0.5]))
    assert np.isnan(back[:2]).all() and back[2] == pytest.approx(2.0)


def test_transforms_are_quiet_at_zero_and_full_error():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert error_to_y("logit", np.array([100.0, 50.0, 0.0])).tolist() == [np.inf, 0.0, -np.inf]


def test_a_fit_without_labels_has_empty_labels():
    fit = fit_model(line_points(6), "polynomial")
    assert (fit.sample, fit.measure, fit.metric) == ("", "", "")


def test_unknown_model_names_are_errors_everywhere():
    import numpy as np

    from analysis.stats.models import error_to_y, improves_with_compute, y_to_error

    for function, argument in ((error_to_y, np.array([10.0])), (y_to_error, np.array([1.0])), (improves_with_compute, -1.0)):
        with pytest.raises(ValueError, match="unknown model"):
            function("quadratic", argument)
    assert improves_with_compute("polynomial", -0.1) and improves_with_compute("exponential", 0.1)
    assert not improves_with_compute("logit", 0.1)


def test_a_flat_line_does_not_improve_and_unknown_models_list_the_choices():
    from analysis.stats.models import improves_with_compute

    assert improves_with_compute("polynomial", np.array([0.0, -1e-12])).tolist() == [False, True]
    assert improves_with_compute("exponential", np.array([0.0, 1e-12])).tolist() == [False, True]
    for function in (y_to_error, improves_with_compute):
        with pytest.raises(ValueError, match="choose one of polynomial, exponential, logit"):
            function("cubic", np.array([1.0]))
