"""Energy, CO2 and dollars: for recorded training runs, and for an amount of computation.

Energy (kWh) = processor-hours x TDP (W) x PUE / 1000 (Strubell et al. 2019's formula with TDP in
place of measured power). CO2 = energy x grid intensity. Dollars = processor-hours x a published cloud
price per processor-hour, read at a date: the latest price published on or before it, else the earliest
after it (`price_per_hour`). Going the other way, an amount of hardware burden (FLOP) becomes
processor-hours on an era's reference processor at its peak: hours = FLOP / (peak FLOP/s x 3600), and
that same processor's energy, CO2 and dollars.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats.compute import GFLOP, SECONDS_PER_HOUR, stage_peak_flops, stage_processor_hours
from analysis.data.constants import ENERGY_FACTORS, KG_PER_LB, KG_PER_TONNE, PRICE_DATES, REFERENCE_PROCESSORS, EnergyFactors


def price_row(prices: pd.DataFrame, processor: str, on_date: str | None = None) -> pd.Series | None:
    """The published price row of `processor` in effect at `on_date`: the latest on or before it, else the earliest
    after it (no price was published by then); the latest of all where `on_date` is None. None if there is none."""
    rows = prices[prices["processor"] == processor].sort_values("price_date", kind="stable")
    if rows.empty:
        return None
    if on_date is None:
        return rows.iloc[-1]
    before = rows[rows["price_date"] <= pd.Timestamp(on_date)]
    return before.iloc[-1] if len(before) else rows.iloc[0]


def price_per_hour(prices: pd.DataFrame, processor: str, on_date: str | None = None) -> float:
    """A published cloud price (US$ per processor-hour) of `processor` at `on_date` (see `price_row`); NaN if none."""
    row = price_row(prices, processor, on_date)
    return float("nan") if row is None else float(row["usd_per_hour"])


def stage_energy(training_runs: pd.DataFrame, processors: pd.DataFrame, factors: EnergyFactors) -> pd.DataFrame:
    """Every stage with `energy_kwh`, `co2_lbs` and `co2_kg` (NaN where TDP or hours are unknown)."""
    stages = training_runs.copy()
    tdp = stages["processor"].map(processors.set_index("processor")["tdp_watts"]).astype("float64")
    stages["energy_kwh"] = stage_processor_hours(stages) * tdp * factors.pue / 1000.0
    stages["co2_lbs"] = stages["energy_kwh"] * factors.lbs_co2_per_kwh
    stages["co2_kg"] = stages["co2_lbs"] * KG_PER_LB
    return stages


def stage_cloud_cost(training_runs: pd.DataFrame, prices: pd.DataFrame, on_date: str | None = None) -> pd.Series:
    """US$ of every stage: its processor-hours at its processor's published cloud price at `on_date` (NaN where none)."""
    price_of = {p: price_per_hour(prices, p, on_date) for p in training_runs["processor"].dropna().unique()}
    usd_per_hour = training_runs["processor"].map(price_of).astype("float64")
    return (stage_processor_hours(training_runs) * usd_per_hour).rename("usd")


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
    peak: str = "paper_convention",
    price_date: str | None = None,
) -> pd.DataFrame:
    """Hardware burden (FLOP) -> processor-hours, kWh, CO2 (lbs, kg) and US$ on one reference processor.

    The processor runs at the peak the `peak` switch picks (see `analysis.stats.compute`), draws its TDP,
    in a data centre with the PUE of `factors`, on a grid with its intensity; the same hours cost its
    published cloud price at `price_date` (`price_per_hour`; NaN where none is published).
    """
    flop = pd.Series(np.atleast_1d(np.asarray(flop, dtype="float64")), name="hardware_burden_flop")
    row = processors[processors["processor"] == reference_processor]
    if row.empty:
        raise KeyError(f"reference processor {reference_processor!r} is not in data/processors.csv")
    peak_flops = _peak(reference_processor, processors, peak)
    tdp_watts = float(row["tdp_watts"].iloc[0])
    hours = flop / (peak_flops * SECONDS_PER_HOUR)
    energy_kwh = hours * tdp_watts * factors.pue / 1000.0
    return pd.DataFrame({
        "hardware_burden_flop": flop,
        "processor_hours": hours,
        "energy_kwh": energy_kwh,
        "co2_lbs": energy_kwh * factors.lbs_co2_per_kwh,
        "co2_kg": energy_kwh * factors.lbs_co2_per_kwh * KG_PER_LB,
        "usd": hours * price_per_hour(prices, reference_processor, price_date),
    })


ERA_FACTORS = {"paper_era": "strubell2019", "current": "current"}
"""The energy factors of each era (see `analysis.data.constants`)."""


def priced(dataset, required_gflop: pd.Series, era: str = "paper_era") -> pd.DataFrame:
    """Energy (kWh), CO2 (metric tonnes) and dollars of `required_gflop` (GFLOP) in one era.

    `era` is `paper_era` (NVIDIA V100 with the factors of Strubell et al. 2019 and its cloud price at the paper's
    cut-off) or `current` (NVIDIA H100, current factors, its latest cloud price); see `analysis.data.constants`.
    """
    if era not in ERA_FACTORS:
        raise ValueError(f"unknown era {era!r}; choose one of {', '.join(ERA_FACTORS)}")
    flop = pd.Series(required_gflop, dtype="float64").to_numpy() * GFLOP
    with np.errstate(over="ignore", invalid="ignore"):
        costs = flop_to_costs(flop, REFERENCE_PROCESSORS[era], dataset.processors, dataset.cloud_prices,
                              ENERGY_FACTORS[ERA_FACTORS[era]], price_date=PRICE_DATES[era])
    costs.index = pd.Series(required_gflop).index
    return pd.DataFrame({"processor_hours": costs["processor_hours"], "energy_kwh": costs["energy_kwh"],
                         "co2_lbs": costs["co2_lbs"], "co2_tonnes": costs["co2_kg"] / KG_PER_TONNE, "usd": costs["usd"]})
