"""Energy, CO2 and dollars: for recorded training runs, and for an amount of computation.

Energy (kWh) = processor_count x TDP (W) x hours x PUE / 1000 (Strubell et al. 2019's formula with
TDP in place of measured power). CO2 = energy x grid intensity. Dollars = processor-hours x a
published cloud price per processor-hour. Going the other way, an amount of hardware burden (FLOP)
becomes processor-hours on a reference processor at its peak: hours = FLOP / (peak FLOP/s x 3600).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .compute import GFLOP, SECONDS_PER_HOUR, stage_peak_flops
from .constants import ENERGY_FACTORS, KG_PER_LB, KG_PER_TONNE, PRICE_PROCESSORS, REFERENCE_PROCESSORS, EnergyFactors


def price_per_hour(prices: pd.DataFrame, processor: str, rule: str = "lowest") -> float:
    """A published cloud price (US$ per processor-hour) for `processor`: the lowest or the latest; NaN if none."""
    rows = prices[prices["processor"] == processor]
    if rows.empty:
        return float("nan")
    if rule == "latest":
        return float(rows.sort_values("price_date")["usd_per_hour"].iloc[-1])
    return float(rows["usd_per_hour"].min())


def stage_energy(training_runs: pd.DataFrame, processors: pd.DataFrame, factors: EnergyFactors) -> pd.DataFrame:
    """Every stage with `energy_kwh`, `co2_lbs` and `co2_kg` (NaN where TDP or hours are unknown)."""
    stages = training_runs.copy()
    tdp = stages["processor"].map(processors.set_index("processor")["tdp_watts"]).astype("float64")
    stages["energy_kwh"] = stages["processor_count"] * tdp * stages["hours"] * factors.pue / 1000.0
    stages["co2_lbs"] = stages["energy_kwh"] * factors.lbs_co2_per_kwh
    stages["co2_kg"] = stages["co2_lbs"] * KG_PER_LB
    return stages


def stage_cloud_cost(training_runs: pd.DataFrame, prices: pd.DataFrame, rule: str = "lowest") -> pd.Series:
    """US$ of every stage at a published cloud price for its processor (NaN where none is published)."""
    usd_per_hour = training_runs["processor"].map(lambda p: price_per_hour(prices, p, rule)).astype("float64")
    return (training_runs["processor_count"] * training_runs["hours"] * usd_per_hour).rename("usd")


def _peak(processor: str, processors: pd.DataFrame, peak: str) -> float:
    """Peak FLOP/s of one processor by the `peak` switch (NaN if it is not catalogued)."""
    if processor not in set(processors["processor"]):
        return float("nan")
    stage = pd.DataFrame({"processor": [processor], "precision": [pd.NA]})
    return float(stage_peak_flops(stage, processors, peak).iloc[0])


def flop_to_costs(
    flop: pd.Series | np.ndarray | float,
    reference_processor: str,
    processors: pd.DataFrame,
    prices: pd.DataFrame,
    factors: EnergyFactors,
    peak: str = "authors",
    price_processor: str | None = None,
) -> pd.DataFrame:
    """Hardware burden (FLOP) -> processor-hours, kWh, CO2 (lbs, kg) and US$ on a reference processor.

    The processor runs at the peak the `peak` switch picks (see `analysis.compute`), draws its TDP,
    in a data centre with the PUE of `factors`, on a grid with its intensity. Dollars are the hours of
    `price_processor` (default: the reference processor itself) at its peak, times its lowest published
    cloud price per processor-hour.
    """
    flop = pd.Series(np.atleast_1d(np.asarray(flop, dtype="float64")), name="hardware_burden_flop")
    row = processors[processors["processor"] == reference_processor]
    if row.empty:
        raise KeyError(f"reference processor {reference_processor!r} is not in data/processors.csv")
    peak_flops = _peak(reference_processor, processors, peak)
    tdp_watts = float(row["tdp_watts"].iloc[0])
    hours = flop / (peak_flops * SECONDS_PER_HOUR)
    priced = price_processor or reference_processor
    priced_hours = flop / (_peak(priced, processors, peak) * SECONDS_PER_HOUR)
    energy_kwh = hours * tdp_watts * factors.pue / 1000.0
    return pd.DataFrame({
        "hardware_burden_flop": flop,
        "processor_hours": hours,
        "energy_kwh": energy_kwh,
        "co2_lbs": energy_kwh * factors.lbs_co2_per_kwh,
        "co2_kg": energy_kwh * factors.lbs_co2_per_kwh * KG_PER_LB,
        "usd": priced_hours * price_per_hour(prices, priced),
    })


ERA_FACTORS = {"paper_era": "strubell2019", "current": "current"}
"""The energy factors of each era (see `analysis.constants`)."""


def priced(dataset, required_gflop: pd.Series, era: str = "paper_era") -> pd.DataFrame:
    """Energy (kWh), CO2 (metric tonnes) and dollars of `required_gflop` (GFLOP) in one era.

    `era` is `paper_era` (NVIDIA V100 with the factors of Strubell et al. 2019; dollars at the Cloud TPU v3
    price) or `current` (NVIDIA H100, current factors); see `analysis.constants`.
    """
    if era not in ERA_FACTORS:
        raise ValueError(f"unknown era {era!r}; choose one of {', '.join(ERA_FACTORS)}")
    flop = pd.Series(required_gflop, dtype="float64").to_numpy() * GFLOP
    with np.errstate(over="ignore", invalid="ignore"):
        costs = flop_to_costs(flop, REFERENCE_PROCESSORS[era], dataset.processors, dataset.cloud_prices,
                              ENERGY_FACTORS[ERA_FACTORS[era]], price_processor=PRICE_PROCESSORS[era])
    costs.index = pd.Series(required_gflop).index
    return pd.DataFrame({"processor_hours": costs["processor_hours"], "energy_kwh": costs["energy_kwh"],
                         "co2_lbs": costs["co2_lbs"], "co2_tonnes": costs["co2_kg"] / KG_PER_TONNE, "usd": costs["usd"]})
