"""The "Five years later" numbers: bootstrap intervals and back-test rows added to the key-number table."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .backtest import summarise
from .bootstrap import bootstrap_fit
from .context import ReportContext
from .extrapolate import power10
from .keynumbers import KEY_COLUMNS
from .models import MIN_POINTS, MODELS
from .samples import BACKTEST

LATER_COLUMNS = ["required_gflop_boot_low", "required_gflop_boot_high",
                 "log10_actual_over_predicted_median", "log10_actual_over_predicted_iqr"]


def backtest_rows(ctx: ReportContext, benchmark) -> list[dict]:
    """One row per model: the authors'-rule hardware-burden fit before the back-test cut-off, scored on every later result."""
    metric = benchmark.primary_metric.column
    later = ctx.sample(benchmark.id, metric, "hardware_burden", "authors", period="backtest_after")
    rows = []
    for model in MODELS:
        fit = ctx.fit(benchmark.id, metric, "hardware_burden", "authors", model, period="backtest_before")
        summary = summarise(fit, later) if fit is not None else None
        rows.append({
            "benchmark": benchmark.id, "metric": metric, "measure": "hardware_burden", "model": model,
            "sample": BACKTEST, "n": summary.n if summary else len(later),
            "slope": fit.slope if fit else np.nan, "r2": fit.r2 if fit else np.nan,
            "p_value": fit.p_value if fit else np.nan,
            "log10_actual_over_predicted_median": summary.median if summary else np.nan,
            "log10_actual_over_predicted_iqr": summary.iqr if summary else np.nan,
        })
    return rows


def with_bootstrap(ctx: ReportContext, table: pd.DataFrame) -> pd.DataFrame:
    """Add bootstrap 90% bounds (`required_gflop_boot_low/high`) to the hardware-burden rows of our own sample."""
    out = table.copy()
    out["required_gflop_boot_low"] = np.nan
    out["required_gflop_boot_high"] = np.nan
    for (benchmark_id, metric, model), rows in out[(out["measure"] == "hardware_burden") & (out["sample"] == "authors")].groupby(
            ["benchmark", "metric", "model"], sort=False):
        points = ctx.sample(benchmark_id, metric, "hardware_burden", "authors")
        if len(points) < MIN_POINTS:
            continue
        result = bootstrap_fit(points, model, list(rows["error_pct"]))
        with np.errstate(over="ignore"):
            out.loc[rows.index, "required_gflop_boot_low"] = power10(np.array(result.required_log10_low))
            out.loc[rows.index, "required_gflop_boot_high"] = power10(np.array(result.required_log10_high))
    return out


def later_key_numbers(ctx: ReportContext, table: pd.DataFrame) -> pd.DataFrame:
    """The key-number table with bootstrap bounds and the back-test rows appended."""
    table = with_bootstrap(ctx, table)
    backtest = pd.DataFrame([r for b in ctx.benchmarks for r in backtest_rows(ctx, b)])
    return pd.concat([table, backtest], ignore_index=True)[KEY_COLUMNS + LATER_COLUMNS]
