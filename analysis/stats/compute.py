"""Computation measures: hardware burden of a training run, and computation per network pass.

Hardware burden (FLOP) = sum over a run's stages of processor-hours x peak FLOP/s x 3600, where a stage's
processor-hours are its stated `processor_hours` total or else processor_count x wall-clock hours.
It counts peak, not achieved, FLOP/s, as the paper does. Which peak counts is the `peak` switch:

- `"paper_convention"` (default, the paper's convention): FP32 peak for GPUs and CPUs; the quoted
  bf16/tensor peak for TPUs, which have no FP32 matrix unit.
- `"precision_used"`: the peak of the arithmetic the run used: the fp16/bf16 tensor peak where the
  run's `precision` is fp16 or bf16 and the processor has one, FP32 otherwise (TPUs: their bf16 peak).
  Where the source does not state the precision, the rule of `analysis.data.constants.MIXED_PRECISION_FROM`
  infers it from the processor and its date (`precision_inferred`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data.constants import MIXED_PRECISION_FROM

SECONDS_PER_HOUR = 3600.0
GFLOP = 1e9
PEAK_CHOICES = ("paper_convention", "precision_used")


def precision_inferred(training_runs: pd.DataFrame, processors: pd.DataFrame) -> pd.Series:
    """True for every stage whose precision the source does not state and the rule takes as 16-bit: a GPU with a
    catalogued 16-bit tensor peak released on or after MIXED_PRECISION_FROM (see `analysis.data.constants`)."""
    catalogue = processors.set_index("processor")
    proc = training_runs["processor"]
    if "released" not in catalogue.columns:  # an undated catalogue: no release date, so nothing is inferred
        return pd.Series(False, index=training_runs.index, name="precision_inferred")
    released = pd.to_datetime(proc.map(catalogue["released"]))
    recent = (released >= pd.Timestamp(MIXED_PRECISION_FROM)).fillna(False).astype(bool)
    has16 = proc.map(catalogue["peak_flops_fp16"]).astype("float64").notna()
    gpu = (proc.map(catalogue["processor_type"]) == "gpu").fillna(False).astype(bool)
    silent = training_runs["precision"].isna() if "precision" in training_runs.columns else pd.Series(True, index=training_runs.index)
    return (silent & gpu & has16 & recent).rename("precision_inferred")


def stage_peak_flops(training_runs: pd.DataFrame, processors: pd.DataFrame, peak: str = "paper_convention") -> pd.Series:
    """Peak FLOP/s of one processor for every stage row, by the `peak` switch (see module docstring)."""
    if peak not in PEAK_CHOICES:
        raise ValueError(f"unknown peak choice {peak!r}; choose one of {', '.join(PEAK_CHOICES)}")
    catalogue = processors.set_index("processor")
    proc = training_runs["processor"]
    kind = proc.map(catalogue["processor_type"])
    fp32 = proc.map(catalogue["peak_flops_fp32"]).astype("float64")
    fp16 = proc.map(catalogue["peak_flops_fp16"]).astype("float64")
    is_tpu = (kind == "tpu").fillna(False).to_numpy(dtype=bool)
    if peak == "paper_convention":
        chosen = np.where(is_tpu, fp16, fp32)
    else:
        stated = training_runs["precision"].isin(["fp16", "bf16"]).fillna(False).to_numpy(dtype=bool)
        low_precision = stated | precision_inferred(training_runs, processors).to_numpy(dtype=bool)
        use16 = is_tpu | (low_precision & fp16.notna().to_numpy())
        chosen = np.where(use16, fp16, fp32)
    return pd.Series(chosen, index=training_runs.index, name="peak_flops_per_s", dtype="float64")


def stage_processor_hours(training_runs: pd.DataFrame) -> pd.Series:
    """Processor-hours of every stage: its stated `processor_hours` total, else processor_count x wall-clock hours (NaN if neither)."""
    counted = training_runs["processor_count"].astype("float64") * training_runs["hours"].astype("float64")
    if "processor_hours" not in training_runs.columns:
        return counted.rename("processor_hours")
    stated = training_runs["processor_hours"].astype("float64")
    return stated.where(stated.notna(), counted).rename("processor_hours")


def stage_hardware_burden(training_runs: pd.DataFrame, processors: pd.DataFrame, peak: str = "paper_convention") -> pd.DataFrame:
    """Every stage with its peak FLOP/s, processor-hours and hardware burden (FLOP; NaN where hours or peak are unknown)."""
    stages = training_runs.copy()
    stages["peak_flops_per_s"] = stage_peak_flops(training_runs, processors, peak)
    stages["processor_hours"] = stage_processor_hours(training_runs)
    stages["hardware_burden_flop"] = stages["processor_hours"] * stages["peak_flops_per_s"] * SECONDS_PER_HOUR
    return stages


def run_hardware_burden(training_runs: pd.DataFrame, processors: pd.DataFrame, peak: str = "paper_convention") -> pd.DataFrame:
    """One row per training run: hardware burden (FLOP) summed over its stages, and its processor-hours.

    A run with any stage whose hours or peak is unknown has an unknown (NaN) burden: a partial
    sum would understate it.
    """
    stages = stage_hardware_burden(training_runs, processors, peak)
    grouped = stages.groupby("training_run", sort=True)
    runs = pd.DataFrame({
        "hardware_burden_flop": grouped["hardware_burden_flop"].sum(min_count=1),
        "processor_hours": grouped["processor_hours"].sum(min_count=1),
    })
    names: dict[str, list[str]] = {}
    for run, stage in zip(stages["training_run"], stages["stage"]):
        names.setdefault(run, []).append(stage)
    runs["stages"] = runs.index.map(lambda run: "+".join(names[run]))
    complete = grouped["hardware_burden_flop"].count() == grouped.size()
    runs.loc[~complete, ["hardware_burden_flop", "processor_hours"]] = np.nan
    return runs


def per_pass_flop(results: pd.DataFrame) -> pd.Series:
    """Computation per forward pass in FLOP: FLOPs as stated, or 2 x multiply-accumulates."""
    factor = results["flops_kind"].map({"flops": 1.0, "macs": 2.0}).astype("float64")
    return (results["flops_per_pass"] * factor).rename("per_pass_flop")


def with_compute(results: pd.DataFrame, runs: pd.DataFrame) -> pd.DataFrame:
    """Results with `hardware_burden_flop`, `hardware_burden_gflop`, `per_pass_flop` and `per_pass_gflop` added."""
    out = results.copy()
    burden = out["training_run"].map(runs["hardware_burden_flop"]).astype("float64")
    out["hardware_burden_flop"] = burden
    out["hardware_burden_gflop"] = burden / GFLOP
    out["per_pass_flop"] = per_pass_flop(out)
    out["per_pass_gflop"] = out["per_pass_flop"] / GFLOP
    return out

