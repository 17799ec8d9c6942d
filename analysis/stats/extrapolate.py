"""Computation a fitted model needs for a target error, with a 90% interval.

The point estimate solves the fit for log10(C): log10(C) = (y(target) - intercept) / slope.
The interval inverts the fit's 90% confidence band (Fieller's method): the values of log10(C) at
which the band contains y(target). Where the slope is not significantly different from zero the
set is unbounded and the bounds are NaN.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.stats.models import Fit, error_to_y


@dataclass(frozen=True)
class Requirement:
    """Computation (log10 GFLOP of the fit's measure) a fit needs to reach `error_pct`."""

    error_pct: float
    log10_gflop: float
    log10_gflop_low: float
    log10_gflop_high: float

    @property
    def gflop(self) -> float:
        """The point estimate in GFLOP."""
        return power10(self.log10_gflop)


def power10(log10_value) -> float | np.ndarray:
    """10 ** value without overflow errors: values beyond float range become inf."""
    with np.errstate(over="ignore"):
        result = np.power(10.0, np.asarray(log10_value, dtype="float64"))
    return float(result) if np.ndim(result) == 0 else result


def required_log10_gflop(fit: Fit, error_pct: float) -> float:
    """log10 of the computation (GFLOP) at which the fitted model reaches `error_pct`."""
    y0 = float(error_to_y(fit.model, error_pct))
    if fit.slope == 0:
        return float("nan")
    return (y0 - fit.intercept) / fit.slope


def fieller_interval(fit: Fit, error_pct: float) -> tuple[float, float]:
    """90% interval of log10(C) from inverting the confidence band; (nan, nan) if unbounded."""
    y0 = float(error_to_y(fit.model, error_pct))
    (v00, v01), (_, v11) = fit.covariance
    t2 = fit.t_critical**2
    d = fit.intercept - y0
    qa = fit.slope**2 - t2 * v11
    qb = 2 * (d * fit.slope - t2 * v01)
    qc = d**2 - t2 * v00
    disc = qb**2 - 4 * qa * qc
    if qa <= 0 or disc < 0:
        return float("nan"), float("nan")
    roots = sorted(((-qb - np.sqrt(disc)) / (2 * qa), (-qb + np.sqrt(disc)) / (2 * qa)))
    return float(roots[0]), float(roots[1])


def requirement(fit: Fit, error_pct: float) -> Requirement:
    """Point estimate and 90% interval of the computation needed for `error_pct`."""
    low, high = fieller_interval(fit, error_pct)
    return Requirement(error_pct, required_log10_gflop(fit, error_pct), low, high)
