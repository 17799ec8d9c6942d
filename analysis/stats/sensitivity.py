"""Which conclusions survive other reasonable choices: variants of the headline slope, leaving out each
paper in turn, and the assumptions the training-run data rest on.

- Variants: the polynomial ("log") slope of error on hardware burden refitted with the other peak
  (`analysis.stats.compute.PEAK_CHOICES`), each sample rule (`analysis.stats.samples.SAMPLE_RULES`) and a logit
  transform of the error (`analysis.stats.models.LOGIT`) in place of the log.
- Leave one paper out: the slope refitted without each paper of a sample in turn (least squares, the
  same lines as `analysis.stats.bootstrap.resampled_lines` with the paper's weight set to zero). Its extreme
  is the slope closest to zero (or beyond it); `analysis.stats.rules.survives` judges it.
- Assumptions (data/training_runs.csv, columns `assumption` and `alternative_processor`): each class
  of assumption is replaced by its alternative reading, one class at a time and all at once:
  `processor_generation` and `form_factor` stages take their `alternative_processor`; results whose run
  has a `time_scaled` or `second_hand` stage are dropped (their run loses its hardware burden).
  A fifth class, `precision_inferred`, is not written in that column: it is every stage whose precision its
  source does not state and the rule of `analysis.data.constants.MIXED_PRECISION_FROM` takes as 16-bit
  (`analysis.stats.compute.precision_inferred`); its alternative is the FP32 peak (the stage's precision set to fp32),
  which moves a hardware burden only under the precision-used peak.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from analysis.stats.bootstrap import resampled_lines
from analysis.stats.compute import PEAK_CHOICES, precision_inferred
from analysis.stats.models import LOGIT, MIN_POINTS, error_to_y

TRANSFORMS = {"log": "polynomial", "logit": LOGIT}
"""Error transforms of the variants and the model of `analysis.stats.models` that fits each."""
RECORDED_CLASSES = ("processor_generation", "form_factor", "time_scaled", "second_hand")
"""The controlled vocabulary of the `assumption` column of data/training_runs.csv."""
PRECISION_INFERRED = "precision_inferred"
"""The class of stages whose 16-bit precision is inferred by rule, not stated (derived, not a column value)."""
ASSUMPTION_CLASSES = RECORDED_CLASSES + (PRECISION_INFERRED,)
"""Every class of assumption the scenarios replace."""
SWAPPED = ("processor_generation", "form_factor")
"""Classes whose alternative is another processor (the stage's `alternative_processor`)."""
DROPPED = ("time_scaled", "second_hand")
"""Classes whose alternative is dropping the results whose run has such a stage."""
BASELINE = "none"
"""The data as recorded (every assumption as made)."""
ALL_ASSUMPTIONS = "all"
"""Every class replaced by its alternative at once."""
SCENARIOS = (BASELINE,) + ASSUMPTION_CLASSES + (ALL_ASSUMPTIONS,)
ALTERNATIVES = {
    BASELINE: "nothing: the data as recorded",
    "processor_generation": "the other processor generation (TPU v3 where v2 is assumed; Titan X Pascal where Maxwell is)",
    "form_factor": "the other form factor (PCIe where SXM is assumed, SXM where PCIe is)",
    "time_scaled": "dropping the results whose run has a stage with a time scaled from another run",
    "second_hand": "dropping the results whose run has a stage known only second-hand",
    PRECISION_INFERRED: "the FP32 peak for every stage whose 16-bit precision is inferred by rule, not stated (moves a burden only under the precision-used peak)",
    ALL_ASSUMPTIONS: "every alternative at once",
}
"""What each scenario replaces an assumption by, in words ("replaced by ...")."""


def has_assumptions(training_runs: pd.DataFrame) -> bool:
    """True if the training runs carry the `assumption` column (and `alternative_processor`)."""
    return {"assumption", "alternative_processor"} <= set(training_runs.columns)


def scenario_classes(scenario: str) -> tuple[str, ...]:
    """The assumption classes a scenario replaces by their alternative."""
    if scenario == BASELINE:
        return ()
    if scenario == ALL_ASSUMPTIONS:
        return ASSUMPTION_CLASSES
    if scenario in ASSUMPTION_CLASSES:
        return (scenario,)
    raise ValueError(f"unknown assumption scenario {scenario!r}; choose one of {', '.join(SCENARIOS)}")


def inferred_stages(training_runs: pd.DataFrame, processors: pd.DataFrame | None = None) -> pd.Series:
    """Stages of the `precision_inferred` class: by the rule where the catalogue is given, else every stage whose
    precision is not stated (the rule can infer only those)."""
    if processors is not None:
        return precision_inferred(training_runs, processors)
    if "precision" not in training_runs.columns:
        return pd.Series(False, index=training_runs.index)
    return training_runs["precision"].isna()


def runs_with(training_runs: pd.DataFrame, classes: tuple[str, ...], processors: pd.DataFrame | None = None) -> set[str]:
    """Training runs with at least one stage resting on one of `classes` (`processors`: see `inferred_stages`)."""
    if not has_assumptions(training_runs) or not classes:
        return set()
    touched = training_runs["assumption"].isin(classes).fillna(False).astype(bool)
    if PRECISION_INFERRED in classes:
        touched = touched | inferred_stages(training_runs, processors).astype(bool)
    return set(training_runs.loc[touched, "training_run"])


def alternative_runs(training_runs: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """The training runs under a scenario: swapped processors, and the runs of dropped classes removed.

    A stage of a swapped class without an `alternative_processor` keeps its processor. Without the
    assumption columns the runs are returned unchanged.
    """
    classes = scenario_classes(scenario)
    runs = training_runs.copy()
    if not has_assumptions(runs) or not classes:
        return runs
    swap = runs["assumption"].isin([c for c in classes if c in SWAPPED]) & runs["alternative_processor"].notna() \
        & runs["alternative_processor"].astype("string").str.len().gt(0)
    runs.loc[swap, "processor"] = runs.loc[swap, "alternative_processor"]
    if PRECISION_INFERRED in classes and "precision" in runs.columns:
        runs["precision"] = runs["precision"].astype("string").fillna("fp32")
    dropped = runs_with(runs, tuple(c for c in classes if c in DROPPED))
    return runs[~runs["training_run"].isin(dropped)]


def alternative_dataset(dataset, scenario: str):
    """The dataset with its training runs under a scenario (everything else as recorded)."""
    return dataclasses.replace(dataset, training_runs=alternative_runs(dataset.training_runs, scenario))


def leave_one_paper_out(points: pd.DataFrame, model: str) -> pd.DataFrame:
    """The least-squares slope of `model` without each paper of `points` in turn: columns paper_key, n, slope.

    `n` is the points left; the slope is NaN where fewer than MIN_POINTS points remain or they share one computation.
    """
    if points.empty:
        return pd.DataFrame({"paper_key": pd.Series(dtype="string"), "n": pd.Series(dtype="int64"),
                             "slope": pd.Series(dtype="float64")})
    x = np.log10(points["compute_gflop"].to_numpy(dtype="float64"))
    y = error_to_y(model, points["error_pct"])
    papers, paper_of_point = np.unique(points["paper_key"].astype(str).to_numpy(), return_inverse=True)
    weights = (paper_of_point[None, :] != np.arange(len(papers))[:, None]).astype("float64")
    left = weights.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        slopes, _ = resampled_lines(x, y, weights)
    slopes = np.where(left >= MIN_POINTS, slopes, np.nan)
    return pd.DataFrame({"paper_key": papers, "n": left.astype("int64"), "slope": slopes})


def flattest(loo: pd.DataFrame, slope: float) -> tuple[str | None, float]:
    """The left-out paper whose removal moves the slope most towards zero (or past it), and that slope.

    For a negative slope this is the largest leave-one-out slope; for a positive one the smallest.
    (None, NaN) if no leave-one-out slope is defined or the full slope is zero or undefined.
    """
    usable = loo.dropna(subset=["slope"])
    if usable.empty or not np.isfinite(slope) or slope == 0:
        return None, float("nan")
    retained = usable["slope"] / slope
    row = usable.loc[retained.idxmin()]
    return str(row["paper_key"]), float(row["slope"])


PEAKS = PEAK_CHOICES
"""Peaks of the variants: the paper's (FP32 for GPUs) and the precision each run used."""
