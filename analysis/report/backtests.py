"""The "Five years later" numbers: the back-test specification, and bootstrap intervals and back-test rows added
to the key-number table."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.stats.backtest import summarise
from analysis.stats.bootstrap import bootstrap_fit
from analysis.report.context import ReportContext
from analysis.stats.extrapolate import power10
from analysis.report.keynumbers import KEY_COLUMNS
from analysis.stats.models import MIN_POINTS, MODELS, Fit
from analysis.stats.rules import backtest_verdict
from analysis.stats.samples import BACKTEST_FIT_SAMPLES, PAPER_POINTS

BACKTEST_FIT_LABELS = {PAPER_POINTS: "the paper's projection", "ours": "our refit"}
"""How pages name the two projections a back-test scores: the paper's fit on its authors' points, and ours."""

LATER_COLUMNS = ["required_gflop_boot_low", "required_gflop_boot_high", "n_later",
                 "log10_actual_over_predicted_median", "log10_actual_over_predicted_iqr",
                 "quartile_low_orders", "quartile_high_orders", "backtest_verdict"]


@dataclass(frozen=True)
class Backtest:
    """One back-test of a benchmark's headline regression (primary metric, hardware burden).

    `label` is its key-number sample (`backtest_paper_points` or `backtest`); `fit_sample` the sample its fits are
    on (the authors' points, or our sample before the back-test cut-off); `later` every result on or after the cut-off
    with a known hardware burden, under our sample rule; `fits` the fit of each model (None with too few points).
    """

    label: str
    fit_sample: str
    fit_points: pd.DataFrame
    later: pd.DataFrame
    fits: dict[str, Fit | None]


def backtests(ctx: ReportContext, benchmark) -> list[Backtest]:
    """The back-tests of one benchmark, the paper's own fits first (where its authors published points), then our refit.

    This is the one back-test specification: the key-number rows and the back-test page both read it.
    """
    metric = benchmark.primary_metric.column
    later = ctx.sample(benchmark.id, metric, "hardware_burden", "ours", period="backtest_after")
    out = []
    for label, fit_sample in BACKTEST_FIT_SAMPLES.items():
        if fit_sample == PAPER_POINTS and not ctx.has_paper_points(benchmark.id):
            continue
        points = ctx.sample(benchmark.id, metric, "hardware_burden", fit_sample, period="backtest_before")
        fits = {m: ctx.fit(benchmark.id, metric, "hardware_burden", fit_sample, m, period="backtest_before") for m in MODELS}
        out.append(Backtest(label, fit_sample, points, later, fits))
    return out


def backtest_rows(ctx: ReportContext, benchmark) -> list[dict]:
    """One row per back-test and model: the fit, its scores on the later results and the verdict of the finding rules."""
    rows = []
    for test in backtests(ctx, benchmark):
        for model, fit in test.fits.items():
            summary = summarise(fit, test.later) if fit is not None else None
            n_later = summary.n if summary else len(test.later)
            median, q1, q3 = (summary.median, summary.quartile_low, summary.quartile_high) if summary else (np.nan,) * 3
            rows.append({
                "benchmark": benchmark.id, "metric": benchmark.primary_metric.column, "measure": "hardware_burden",
                "model": model, "sample": test.label, "n": len(test.fit_points), "n_later": n_later,
                "slope": fit.slope if fit else np.nan, "r2": fit.r2 if fit else np.nan,
                "p_value": fit.p_value if fit else np.nan,
                "log10_actual_over_predicted_median": median,
                "log10_actual_over_predicted_iqr": summary.iqr if summary else np.nan,
                "quartile_low_orders": q1, "quartile_high_orders": q3,
                "backtest_verdict": backtest_verdict(len(test.fit_points) if fit else 0, n_later, median, q1, q3),
            })
    return rows


def with_bootstrap(ctx: ReportContext, table: pd.DataFrame) -> pd.DataFrame:
    """Add bootstrap 90% bounds (`required_gflop_boot_low/high`) to the hardware-burden rows of our own sample."""
    out = table.copy()
    out["required_gflop_boot_low"] = np.nan
    out["required_gflop_boot_high"] = np.nan
    for (benchmark_id, metric, model), rows in out[(out["measure"] == "hardware_burden") & (out["sample"] == "ours")].groupby(
            ["benchmark", "metric", "model"], sort=False):
        points = ctx.sample(benchmark_id, metric, "hardware_burden", "ours")
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
