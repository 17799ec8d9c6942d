"""analysis.stats.extrapolate on hand-made fits: the point estimate, Fieller's interval and its unbounded cases, powers of ten."""
import warnings

import numpy as np
import pytest

from analysis.stats.extrapolate import Requirement, fieller_interval, power10, required_log10_gflop, requirement
from analysis.stats.models import Fit


def make_fit(slope=-0.1, intercept=2.0, covariance=((0.01, -0.001), (-0.001, 0.0002)), t_critical=2.0, model="polynomial"):
    return Fit(model=model, intercept=intercept, slope=slope, slope_low=np.nan, slope_high=np.nan, r2=0.9, n=10,
               p_value=0.01, covariance=covariance, t_critical=t_critical)


def test_point_estimate_solves_the_line():
    # log10(10 %) = 1 = 2 - 0.1 x  ->  x = 10
    assert required_log10_gflop(make_fit(), 10.0) == pytest.approx(10.0)
    # 1 / 5 % = 0.2 = 0.05 + 0.01 x  ->  x = 15
    assert required_log10_gflop(make_fit(slope=0.01, intercept=0.05, model="exponential"), 5.0) == pytest.approx(15.0)


def test_a_flat_line_never_reaches_a_new_error():
    assert np.isnan(required_log10_gflop(make_fit(slope=0.0), 10.0))


def hand_fieller(fit, y0):
    """The band's equation (a + b x - y0)^2 = t^2 (v00 + 2 x v01 + x^2 v11), as a quadratic in x, by numpy.roots."""
    (v00, v01), (_, v11) = fit.covariance
    t2, d = fit.t_critical**2, fit.intercept - y0
    return np.sort(np.roots([fit.slope**2 - t2 * v11, 2 * (d * fit.slope - t2 * v01), d * d - t2 * v00]).real)


@pytest.mark.parametrize("t_critical", [1.0, 2.0, 3.0])
def test_fieller_bounds_are_the_roots_of_the_band_equation(t_critical):
    fit = make_fit(t_critical=t_critical)
    low, high = fieller_interval(fit, 10.0)
    assert (low, high) == pytest.approx(tuple(hand_fieller(fit, 1.0)))
    assert low < required_log10_gflop(fit, 10.0) < high


def test_a_wider_quantile_gives_a_wider_interval():
    narrow, wide = fieller_interval(make_fit(t_critical=1.0), 10.0), fieller_interval(make_fit(t_critical=3.0), 10.0)
    assert wide[0] < narrow[0] and narrow[1] < wide[1]


def test_unbounded_when_the_slope_is_within_its_own_interval_of_zero():
    # slope^2 = 0.01 < t^2 v11 = 4 x 0.01: the band never leaves every level -> no finite interval
    low, high = fieller_interval(make_fit(covariance=((0.01, 0.0), (0.0, 0.01))), 10.0)
    assert np.isnan(low) and np.isnan(high)
    # exactly at the edge (slope^2 == t^2 v11) the set is unbounded too
    low, high = fieller_interval(make_fit(slope=-0.5, covariance=((0.01, 0.0), (0.0, 0.0625))), 10.0)
    assert np.isnan(low) and np.isnan(high)


def test_no_real_root_gives_no_interval():
    # qa > 0 but the discriminant is negative: a covariance that is not positive definite
    fit = make_fit(covariance=((-1.0, 0.0), (0.0, 0.0001)))
    assert all(np.isnan(fieller_interval(fit, 10.0)))


def test_requirement_bundles_the_point_and_the_interval():
    fit = make_fit()
    need = requirement(fit, 10.0)
    assert isinstance(need, Requirement)
    assert need.error_pct == 10.0
    assert need.log10_gflop == pytest.approx(10.0)
    assert (need.log10_gflop_low, need.log10_gflop_high) == pytest.approx(fieller_interval(fit, 10.0))
    assert need.gflop == pytest.approx(1e10)


def test_power10_of_scalars_arrays_and_overflow():
    assert power10(3) == 1000.0 and isinstance(power10(3), float)
    assert power10(np.array([0.0, 2.0])) == pytest.approx([1.0, 100.0])
    assert isinstance(power10([1.0]), np.ndarray)
    assert power10(400.0) == np.inf
    assert power10(-400.0) == 0.0


def test_power10_overflows_quietly():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert power10(np.array([400.0, 1.0])).tolist() == [np.inf, 10.0]


def test_a_certain_intercept_gives_a_single_point():
    # no uncertainty at log10(GFLOP) = 0 and the target on the intercept: the band touches it at one point
    fit = make_fit(intercept=1.0, covariance=((0.0, 0.0), (0.0, 0.0001)))
    assert fieller_interval(fit, 10.0) == (0.0, 0.0)
