"""Every key number of the report in one flat table: fits and extrapolations, beside the paper's values.

One row per benchmark x metric x compute measure x sample x model x error level, fitted on the results
published before the paper's cut-off (`paper.PAPER_CUTOFF_DATE`), and for the headline regression also on
the paper's own points (`sample` = `paper_points`, and `paper_points_corrected`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.report.context import ReportContext
from analysis.stats.extrapolate import power10, requirement
from analysis.stats.models import Fit
from analysis.data.paper import printed_exponents
from analysis.data.registry import BENCHMARKS, Benchmark
from analysis.stats.reproduce import orders_from_paper, within_interval
from analysis.stats.samples import MEASURES

KEY_COLUMNS = [
    "benchmark", "metric", "measure", "model", "sample", "n", "slope", "r2", "p_value",
    "error_level", "error_pct", "required_gflop", "required_gflop_low", "required_gflop_high",
    "paper_required_gflop", "orders_from_paper", "paper_within_interval", "orders_beyond_data", "reached_gflop",
]
LEVEL_NAMES = ("today", "target_1", "target_2", "target_3")


def error_levels(benchmark: Benchmark, best_error_pct: float | None, metric: str | None = None) -> list[tuple[str, float]]:
    """The error levels of one metric's extrapolations (percent).

    The primary metric: the paper's "today" error (the sample's best error where the paper printed none) and the
    benchmark's targets. Any other metric (ImageNet top-5, SQuAD EM): only "today", its own sample's best error,
    because the paper's error levels are levels of its headline metric and no target of another metric is stated.
    """
    if metric is not None and metric != benchmark.primary_metric.column:
        return [(LEVEL_NAMES[0], best_error_pct)] if best_error_pct is not None else []
    today = benchmark.today_error_pct if benchmark.today_error_pct is not None else best_error_pct
    errors = ([today] if today is not None else []) + list(benchmark.target_errors_pct)
    names = LEVEL_NAMES if today is not None else LEVEL_NAMES[1:]
    return list(zip(names, errors))


def orders_beyond_data(required_gflop: float, sample_max_gflop: float) -> float:
    """log10(required / the sample's largest computation), orders of magnitude; NaN if either is missing."""
    if not (required_gflop == required_gflop and sample_max_gflop == sample_max_gflop) or required_gflop <= 0 or sample_max_gflop <= 0:
        return float("nan")
    return float(np.log10(required_gflop) - np.log10(sample_max_gflop))


def reached_gflop(points: pd.DataFrame, error_pct: float) -> float:
    """The least computation (GFLOP) among the sample's points at or below `error_pct`: what reaching it actually took; NaN if none did."""
    reached = points.loc[points["error_pct"] <= error_pct + 1e-9, "compute_gflop"] if len(points) else pd.Series(dtype="float64")
    return float(reached.min()) if len(reached) else float("nan")


def paper_required_gflop(benchmark: Benchmark, metric: str, measure: str, model: str, level: str) -> float:
    """The paper's printed computation (GFLOP, 10^exponent) for a headline row, NaN where it prints none.

    The paper's cells belong to its headline regression (primary metric, hardware burden); they are shown
    beside every sample of it (ours, the authors' points, the corrected points) so each can be compared.
    """
    if measure != "hardware_burden" or metric != benchmark.primary_metric.column:
        return float("nan")
    exponents = printed_exponents(benchmark.id, model, level)
    return power10(exponents[0]) if exponents else float("nan")


def _rows(benchmark: Benchmark, metric: str, measure: str, sample: str, model: str, points: pd.DataFrame, fit: Fit | None,
          levels: list[tuple[str, float]]) -> list[dict]:
    rows = []
    largest = float(points["compute_gflop"].max()) if len(points) else float("nan")
    for level, error_pct in levels:
        need = requirement(fit, error_pct) if fit else None
        required = power10(need.log10_gflop) if need else np.nan
        low = power10(need.log10_gflop_low) if need else np.nan
        high = power10(need.log10_gflop_high) if need else np.nan
        printed = paper_required_gflop(benchmark, metric, measure, model, level)
        has_printed = printed == printed
        rows.append({
            "benchmark": benchmark.id, "metric": metric, "measure": measure, "model": model, "sample": sample,
            "n": len(points), "slope": fit.slope if fit else np.nan, "r2": fit.r2 if fit else np.nan,
            "p_value": fit.p_value if fit else np.nan, "error_level": level, "error_pct": error_pct,
            "required_gflop": required, "required_gflop_low": low, "required_gflop_high": high,
            "paper_required_gflop": printed,
            "orders_from_paper": orders_from_paper(required, printed) if has_printed else np.nan,
            "paper_within_interval": within_interval(printed, low, high) if has_printed and required == required else pd.NA,
            "orders_beyond_data": orders_beyond_data(required, largest),
            "reached_gflop": reached_gflop(points, error_pct),
        })
    return rows


def benchmark_key_numbers(ctx: ReportContext, benchmark: Benchmark) -> pd.DataFrame:
    """The key-number rows of one benchmark (empty fit columns where there are too few points)."""
    rows = []
    for metric in benchmark.metrics:
        for measure in MEASURES:
            for sample, model, fit in ctx.fits(benchmark, metric.column, measure):
                points = ctx.sample(benchmark.id, metric.column, measure, sample)
                best = float(points["error_pct"].min()) if len(points) else None
                rows += _rows(benchmark, metric.column, measure, sample, model, points, fit,
                              error_levels(benchmark, best, metric.column))
    table = pd.DataFrame(rows, columns=KEY_COLUMNS)
    table["paper_within_interval"] = table["paper_within_interval"].astype("boolean")
    return table


def key_numbers(ctx: ReportContext) -> pd.DataFrame:
    """The key-number rows of every benchmark with data."""
    return pd.concat([benchmark_key_numbers(ctx, b) for b in ctx.benchmarks], ignore_index=True)


def headline_rows(keys: pd.DataFrame, sample: str = "ours") -> pd.DataFrame:
    """The rows of the paper's headline regressions: primary metric, hardware burden, one sample (ours by default)."""
    primary = keys["benchmark"].map({b: BENCHMARKS[b].primary_metric.column for b in BENCHMARKS})
    return keys[(keys["metric"] == primary) & (keys["measure"] == "hardware_burden") & (keys["sample"] == sample)]
