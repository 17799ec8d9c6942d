"""Every key number of the report in one flat table: fits and extrapolations, beside the paper's values.

One row per benchmark x metric x compute measure x model x sample rule x error level, fitted on the
results published before the paper's cut-off (`paper.PAPER_CUTOFF_DATE`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .data import Dataset
from .extrapolate import power10, requirement
from .models import MODELS, fit_model
from .paper import PAPER_CUTOFF_DATE, PAPER_EXTRAPOLATIONS
from .registry import BENCHMARKS, get_benchmark
from .samples import MEASURES, SAMPLE_RULES, analysis_table, select_sample

KEY_COLUMNS = [
    "benchmark", "metric", "measure", "model", "sample", "n", "slope", "r2", "p_value",
    "error_level", "error_pct", "required_gflop", "required_gflop_low", "required_gflop_high",
    "paper_required_gflop",
]


def error_levels(benchmark_id: str, today_error_pct: float | None = None) -> list[tuple[str, float]]:
    """The paper's "today" error and its two targets; for a benchmark without a paper row, our best error."""
    paper = PAPER_EXTRAPOLATIONS.get(benchmark_id)
    if paper is not None:
        return [("today", paper.today_error_pct), ("target_1", paper.target_errors_pct[0]),
                ("target_2", paper.target_errors_pct[1])]
    return [("today", today_error_pct)] if today_error_pct is not None else []


def paper_required_gflop(benchmark_id: str, metric: str, measure: str, model: str, sample: str, level: str) -> float:
    """The paper's printed computation (GFLOP, 10^exponent) for this row, NaN where it gives none."""
    paper = PAPER_EXTRAPOLATIONS.get(benchmark_id)
    benchmark = get_benchmark(benchmark_id)
    if paper is None or measure != "hardware_burden" or sample != "authors" or metric != benchmark.primary_metric.column:
        return float("nan")
    if model == "polynomial":
        exponent = dict(zip(("today", "target_1", "target_2"), paper.polynomial_log10_gflop))[level]
    else:
        exponent = dict(zip(("target_1", "target_2"), paper.exponential_log10_gflop)).get(level)
    return power10(exponent) if exponent is not None else float("nan")


def benchmark_key_numbers(dataset: Dataset, benchmark_id: str, peak: str = "authors",
                          published_before: str = PAPER_CUTOFF_DATE) -> pd.DataFrame:
    """The key-number rows of one benchmark (empty fit columns where too few points)."""
    benchmark = get_benchmark(benchmark_id)
    table = analysis_table(dataset, benchmark_id, peak)
    rows = []
    for metric in benchmark.metrics:
        for measure in MEASURES:
            for sample in SAMPLE_RULES:
                points = select_sample(table, benchmark_id, metric.column, measure, sample, published_before)
                best = float(points["error_pct"].min()) if len(points) else None
                for model in MODELS:
                    fit = fit_model(points, model, sample, measure, metric.column)
                    for level, error_pct in error_levels(benchmark_id, best):
                        need = requirement(fit, error_pct) if fit else None
                        rows.append({
                            "benchmark": benchmark_id, "metric": metric.column, "measure": measure,
                            "model": model, "sample": sample, "n": len(points),
                            "slope": fit.slope if fit else np.nan, "r2": fit.r2 if fit else np.nan,
                            "p_value": fit.p_value if fit else np.nan,
                            "error_level": level, "error_pct": error_pct,
                            "required_gflop": power10(need.log10_gflop) if need else np.nan,
                            "required_gflop_low": power10(need.log10_gflop_low) if need else np.nan,
                            "required_gflop_high": power10(need.log10_gflop_high) if need else np.nan,
                            "paper_required_gflop": paper_required_gflop(benchmark_id, metric.column, measure, model, sample, level),
                        })
    return pd.DataFrame(rows, columns=KEY_COLUMNS)


def key_numbers(dataset: Dataset, peak: str = "authors") -> pd.DataFrame:
    """The key-number rows of every benchmark in the registry."""
    frames = [benchmark_key_numbers(dataset, b, peak) for b in BENCHMARKS if b in dataset.results]
    return pd.concat(frames, ignore_index=True)


def built_key_numbers_path() -> "Path":
    """Where the build writes the key-number table before copying it into the HTML output."""
    import os
    from pathlib import Path

    generated = os.environ.get("REPORT_GENERATED_DIR")
    base = Path(generated) if generated else Path(__file__).resolve().parent.parent / "book" / "_generated"
    return base / "key-numbers.csv"


def read_built_key_numbers() -> pd.DataFrame:
    """The key-number table the current build wrote (the cross-benchmark pages read it)."""
    return pd.read_csv(built_key_numbers_path())


def headline_rows(keys: pd.DataFrame) -> pd.DataFrame:
    """The rows of the paper's headline regressions: primary metric, hardware burden, authors' sample."""
    primary = keys["benchmark"].map({b: BENCHMARKS[b].primary_metric.column for b in BENCHMARKS})
    return keys[(keys["metric"] == primary) & (keys["measure"] == "hardware_burden") & (keys["sample"] == "authors")]
