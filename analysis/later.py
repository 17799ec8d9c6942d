"""The "Five years later" numbers: back-test rows and bootstrap intervals added to the key-number table."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .backtest import summarise
from .bootstrap import bootstrap_fit
from .extrapolate import power10
from .data import Dataset
from .keynumbers import KEY_COLUMNS
from .models import MODELS, fit_model
from .paper import PAPER_CUTOFF_DATE
from .registry import BENCHMARKS, get_benchmark
from .samples import analysis_table, select_sample


def backtest_rows(dataset: Dataset, benchmark_id: str, cutoff: str = PAPER_CUTOFF_DATE) -> list[dict]:
    """One row per model: the authors' hardware-burden fit before `cutoff`, scored on every later result."""
    benchmark = get_benchmark(benchmark_id)
    metric = benchmark.primary_metric.column
    table = analysis_table(dataset, benchmark_id)
    before = select_sample(table, benchmark_id, metric, "hardware_burden", "authors", published_before=cutoff)
    later = select_sample(table, benchmark_id, metric, "hardware_burden", "authors", published_from=cutoff)
    rows = []
    for model in MODELS:
        fit = fit_model(before, model, "authors", "hardware_burden", metric)
        summary = summarise(fit, later) if fit is not None else None
        rows.append({
            "benchmark": benchmark_id, "metric": metric, "measure": "hardware_burden", "model": model,
            "sample": "backtest", "n": summary.n if summary else len(later),
            "slope": fit.slope if fit else np.nan, "r2": fit.r2 if fit else np.nan,
            "p_value": fit.p_value if fit else np.nan,
            "log10_actual_over_predicted_median": summary.median if summary else np.nan,
            "log10_actual_over_predicted_iqr": summary.iqr if summary else np.nan,
        })
    return rows


def with_bootstrap(dataset: Dataset, table: pd.DataFrame) -> pd.DataFrame:
    """Add bootstrap 90% bounds (`required_gflop_boot_low/high`) to the authors' hardware-burden rows."""
    out = table.copy()
    out["required_gflop_boot_low"] = np.nan
    out["required_gflop_boot_high"] = np.nan
    for benchmark_id in BENCHMARKS:
        if benchmark_id not in dataset.results:
            continue
        analysis = analysis_table(dataset, benchmark_id)
        for metric in get_benchmark(benchmark_id).metrics:
            points = select_sample(analysis, benchmark_id, metric.column, "hardware_burden", "authors", PAPER_CUTOFF_DATE)
            for model in MODELS:
                rows = out.index[(out["benchmark"] == benchmark_id) & (out["metric"] == metric.column)
                                 & (out["measure"] == "hardware_burden") & (out["sample"] == "authors")
                                 & (out["model"] == model)]
                if len(rows) == 0 or len(points) < 4:
                    continue
                result = bootstrap_fit(points, model, list(out.loc[rows, "error_pct"]))
                out.loc[rows, "required_gflop_boot_low"] = power10(np.array(result.required_log10_low))
                out.loc[rows, "required_gflop_boot_high"] = power10(np.array(result.required_log10_high))
    return out


def later_key_numbers(dataset: Dataset, table: pd.DataFrame) -> pd.DataFrame:
    """The key-number table with bootstrap bounds and the back-test rows appended."""
    with np.errstate(over="ignore"):
        table = with_bootstrap(dataset, table)
    backtest = pd.DataFrame([r for b in BENCHMARKS if b in dataset.results for r in backtest_rows(dataset, b)])
    return pd.concat([table, backtest], ignore_index=True)[
        KEY_COLUMNS + ["required_gflop_boot_low", "required_gflop_boot_high",
                       "log10_actual_over_predicted_median", "log10_actual_over_predicted_iqr"]]
