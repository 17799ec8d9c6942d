"""Tables the pages show: fits, extrapolations with their costs, and the paper beside this report."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .compute import GFLOP
from .constants import ENERGY_FACTORS, PRICE_PROCESSORS, REFERENCE_PROCESSORS
from .costs import flop_to_costs
from .data import Dataset
from .models import Fit


def fit_table(fits: list[Fit]) -> pd.DataFrame:
    """One row per fit: coefficients, 90% interval of the slope, R^2, n and p-value."""
    return pd.DataFrame([{
        "model": f.model, "sample": f.sample, "measure": f.measure, "metric": f.metric, "n": f.n,
        "intercept": f.intercept, "slope": f.slope, "slope_90_low": f.slope_low, "slope_90_high": f.slope_high,
        "r2": f.r2, "p_value": f.p_value,
    } for f in fits])


def cost_columns(dataset: Dataset, required_gflop: pd.Series, era: str = "paper_era") -> pd.DataFrame:
    """Energy, CO2 and dollars of `required_gflop` on the era's reference processor with the era's factors.

    `era` is `paper_era` (NVIDIA V100, Strubell et al. 2019 factors; dollars at the Cloud TPU v3 price)
    or `current` (NVIDIA H100, current factors); see `analysis.constants`.
    """
    factors = ENERGY_FACTORS["strubell2019" if era == "paper_era" else "current"]
    costs = flop_to_costs(required_gflop.to_numpy(dtype="float64") * GFLOP, REFERENCE_PROCESSORS[era],
                          dataset.processors, dataset.cloud_prices, factors, price_processor=PRICE_PROCESSORS[era])
    costs.index = required_gflop.index
    return costs.drop(columns="hardware_burden_flop")


def scientific(value: float) -> str:
    """A number as 10^k text, e.g. 3.2e+14 -> '10^14.5'; empty for NaN."""
    if value is None or not np.isfinite(value) or value <= 0:
        return ""
    return f"10^{np.log10(value):.1f}"
