"""Which points a regression uses: the analysis table of a benchmark, and the sample rules.

Rules (`SAMPLE_RULES`):
- `authors`: every result with a known compute measure, except that for ImageNet only each paper's
  best result counts (the paper's rule for its hardware-burden regressions);
- `per_paper`: each paper's best result, on every benchmark;
- `frontier`: results that set a new best error when they were published (among the points with a known measure).

Beside these, the paper's own points (`PAPER_SAMPLES`): as published, with only the authors' slips corrected, and
with every point that has a sourced row of ours substituted.
"""
from __future__ import annotations

import pandas as pd

from analysis.stats.compute import run_hardware_burden, with_compute
from analysis.data import Dataset
from analysis.data.registry import get_benchmark
from analysis.stats.rules import CHANCE_MARGIN_POINTS

SAMPLE_RULES = ("ours", "per_paper", "frontier")
"""Every sample rule of our data: a rule named here is accepted by `select_sample`; where it is used is decided below."""
FIT_RULES = SAMPLE_RULES
"""The rules fitted for every benchmark, metric and measure (the key numbers, the benchmark pages)."""
SENSITIVITY_RULES = SAMPLE_RULES
"""The rules the sensitivity page varies the headline slope over (a new rule there changes its survival counts)."""
WHATIF_RULES = SAMPLE_RULES
"""The rules a what-if page may put in place of our headline rule (`make page sample=...`)."""
PAPER_POINTS = "paper_points"
"""The paper's own regression points, as its authors published them (data/paper_points.csv)."""
PAPER_POINTS_SLIPS_FIXED = "paper_points_slips_fixed"
"""The same points, with our sourced hardware burden and score only where the authors' value is a slip (cause `slip`)."""
PAPER_POINTS_CORRECTED = "paper_points_corrected"
"""The same points, with our sourced hardware burden and score wherever our row for a point is sourced (slips,
conventions, other versions or splits, and agreeing points alike)."""
PAPER_SAMPLES = (PAPER_POINTS, PAPER_POINTS_SLIPS_FIXED, PAPER_POINTS_CORRECTED)
"""The paper's points as published, slips fixed, all substitutions: the steps (a), (a') and (b) of the four fits."""
SUBSTITUTED_CAUSES = {PAPER_POINTS_SLIPS_FIXED: ("slip",), PAPER_POINTS_CORRECTED: None}
"""Which causes of difference each corrected sample substitutes (None: every point with a sourced row)."""
BACKTEST = "backtest"
"""Sample label of the back-test rows of our refit: our sample fitted before the cut-off, scored on the results after it."""
BACKTEST_PAPER_POINTS = "backtest_paper_points"
"""Sample label of the back-test rows of the paper's own fits: fitted on the authors' points, scored on the results after the cut-off."""
BACKTEST_FIT_SAMPLES = {BACKTEST_PAPER_POINTS: PAPER_POINTS, BACKTEST: "ours"}
"""Each back-test's label and the sample its fit is on, in the order pages show them: the paper's projections first."""
MEASURES = {"hardware_burden": "hardware_burden_gflop", "per_pass": "per_pass_gflop"}
"""Compute measures and the column (GFLOP) that holds each."""


def error_column(metric_column: str) -> str:
    """Name of the error column of a score column: `top1_pct` -> `top1_error_pct`, `bleu` -> `bleu_error_pct`."""
    return metric_column.removesuffix("_pct") + "_error_pct"


def analysis_table(dataset: Dataset, benchmark_id: str, peak: str = "paper_convention",
                   runs: pd.DataFrame | None = None) -> pd.DataFrame:
    """A benchmark's results with both compute measures (GFLOP) and an error column (percent) per metric.

    `runs` is `run_hardware_burden` of the dataset under `peak`, if already computed."""
    benchmark = get_benchmark(benchmark_id)
    runs = run_hardware_burden(dataset.training_runs, dataset.processors, peak) if runs is None else runs
    table = with_compute(dataset.results[benchmark_id], runs)
    for metric in benchmark.metrics:
        table[error_column(metric.column)] = 100.0 - table[metric.column]
    return table


def select_sample(
    table: pd.DataFrame,
    benchmark_id: str,
    metric_column: str,
    measure: str,
    rule: str,
    published_before: str | None = None,
    published_from: str | None = None,
) -> pd.DataFrame:
    """The points of one regression: rows with a known error and measure, filtered by date and sample rule.

    Adds `error_pct` and `compute_gflop` columns (the regression's y and x).
    """
    if rule not in SAMPLE_RULES:
        raise ValueError(f"unknown sample rule {rule!r}; choose one of {', '.join(SAMPLE_RULES)}")
    if measure not in MEASURES:
        raise ValueError(f"unknown compute measure {measure!r}; choose one of {', '.join(MEASURES)}")
    points = table.copy()
    points["error_pct"] = points[error_column(metric_column)]
    points["compute_gflop"] = points[MEASURES[measure]]
    keep = points["error_pct"].gt(0) & points["compute_gflop"].gt(0)
    chance = get_benchmark(benchmark_id).chance_error_pct
    if chance is not None:
        keep &= points["error_pct"].lt(chance - CHANCE_MARGIN_POINTS)
    if published_before is not None:
        keep &= points["published"] < pd.Timestamp(published_before)
    if published_from is not None:
        keep &= points["published"] >= pd.Timestamp(published_from)
    points = points[keep]
    if rule == "per_paper" or (rule == "ours" and get_benchmark(benchmark_id).authors_best_per_paper):
        points = best_per_paper(points)
    elif rule == "frontier":
        points = frontier(points)
    return points.sort_values(["published", "error_pct"])


def best_per_paper(points: pd.DataFrame) -> pd.DataFrame:
    """Each paper's lowest-error point (ties: the lower compute)."""
    ordered = points.sort_values(["error_pct", "compute_gflop"])
    return ordered.drop_duplicates("paper_key", keep="first")


def frontier(points: pd.DataFrame) -> pd.DataFrame:
    """Points whose error is below that of every point published before them."""
    ordered = points.sort_values(["published", "error_pct"])
    best_so_far = ordered["error_pct"].cummin()
    previous_best = best_so_far.shift(1, fill_value=float("inf"))
    return ordered[ordered["error_pct"] < previous_best]


def authors_points(dataset: Dataset, benchmark_id: str, sample: str = PAPER_POINTS,
                   table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The paper's points of one benchmark as a regression sample (`error_pct`, `compute_gflop` in GFLOP).

    `paper_key` holds the authors' site id of each point (each point its own cluster for the bootstrap).
    `sample` is one of PAPER_SAMPLES: as published, or with our sourced burden and score substituted for the
    points whose cause of difference the sample corrects (`SUBSTITUTED_CAUSES`, `analysis.stats.reconcile.corrected_points`);
    the authors' values are never edited.
    """
    if sample not in PAPER_SAMPLES:
        raise ValueError(f"unknown sample of the paper's points {sample!r}; choose one of {', '.join(PAPER_SAMPLES)}")
    points = dataset.paper_points
    points = points[points["benchmark"] == benchmark_id]
    frame = pd.DataFrame({
        "site_index": points["site_index"].astype("int64"),
        "model": points["model"].astype("string"),
        "paper_key": "site_" + points["site_index"].astype("int64").astype(str),
        "year": points["year"].astype("int64"),
        "error_pct": 100.0 - 100.0 * points["accuracy"],
        "compute_gflop": points["hardware_burden_gflop"],
        "corrected": False,
    })
    if sample != PAPER_POINTS:
        from analysis.stats.reconcile import corrected_points, reconciliation_table

        benchmark = get_benchmark(benchmark_id)
        table = analysis_table(dataset, benchmark_id) if table is None else table
        reconciled = reconciliation_table(points, dataset.paper_points_map, {benchmark_id: table},
                                          {benchmark_id: benchmark.primary_metric.column})
        fixed = corrected_points(reconciled, SUBSTITUTED_CAUSES[sample]).set_index("site_index")
        frame = frame.set_index("site_index", drop=False)
        frame["compute_gflop"] = fixed["compute_gflop"].reindex(frame.index).to_numpy()
        frame["error_pct"] = fixed["error_pct"].reindex(frame.index).to_numpy()
        frame["corrected"] = fixed["corrected"].reindex(frame.index).fillna(False).to_numpy(dtype=bool)
        frame = frame.reset_index(drop=True)
    return frame.sort_values(["year", "error_pct"]).reset_index(drop=True)
