"""Report outputs of the benchmark pages (one set per benchmark) and the key-number table.

Each benchmark page shows: the paper reproduced from its authors' points, the reconciliation of those
points with our rows, our data against both compute measures with the fits, the three headline fits side
by side, and the extrapolations with their costs. Everything here is computed once per build.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.report.context import ReportContext
from analysis.stats.costs import priced
from analysis.stats.compute import GFLOP, PEAK_CHOICES
from analysis.stats.extrapolate import power10, requirement
from analysis.report.keynumbers import KEY_COLUMNS, headline_rows
from analysis.report.backtests import LATER_COLUMNS
from analysis.stats.models import MODELS, error_to_y
from analysis.report.outputs import Output
from analysis.data.paper import PAPER_HARDWARE_BURDEN_N
from analysis.data.registry import Benchmark
from analysis.stats.reproduce import equal_at_printed_power, scale_step
from analysis.stats.rules import (BEYOND_DATA_MARK_ORDERS, CHANCE_MARGIN_POINTS, CURVE_MARGIN_ORDERS, CURVE_POINTS, LARGE_GAP_ORDERS,
                    SIGNIFICANCE_LEVEL, SMALL_SAMPLE_POINTS)
from analysis.stats.samples import MEASURES, PAPER_POINTS, PAPER_POINTS_CORRECTED, PAPER_POINTS_SLIPS_FIXED, PAPER_SAMPLES
from analysis.stats.trends import decimal_year


ROLE_SAMPLE, ROLE_LATER, ROLE_OTHER, ROLE_NO_BURDEN = (
    "our headline sample", "after the cut-off", "outside the sample rule", "no hardware burden")

OUTPUTS = [
    Output("key_numbers", "Every key number of the report",
           "One row per benchmark x metric x compute measure x sample x model x error level: fit, extrapolation and 90% intervals, the paper's printed value beside it with the distance from it and whether it lies inside the interval, the distance beyond the sample's data; back-test rows (sample = backtest for our refit, backtest_paper_points for the paper's own fits) with their verdict.",
           tuple(KEY_COLUMNS + LATER_COLUMNS), ("results/*.csv", "training_runs.csv", "processors.csv", "paper_points.csv", "paper_points_map.csv")),
    Output("summary", "Counts, headline fit and the paper's beside it",
           "One row: the benchmark's counts, its headline polynomial fit, the same fit on the authors' points, and the rules applied to them.",
           ("benchmark", "benchmark_title", "task", "error_rule", "beyond_paper", "n_results", "n_papers", "n_with_burden",
            "n_with_per_pass", "n_sample", "n_per_pass_sample", "paper_n", "cutoff_date", "best_per_paper", "slope", "r2", "p_value",
            "slope_significant", "small_sample", "significance_level", "paper_points_n", "paper_points_r2", "paper_points_p_value",
            "paper_has_row", "burden_span_orders", "gap_target_1_orders", "large_gap", "large_gap_orders",
            "first_target_pct", "gap_slips_orders", "gap_corrections_orders", "gap_points_orders", "chance_error_pct", "chance_margin_points",
            "n_near_chance"),
           ("results/{benchmark}.csv", "training_runs.csv", "processors.csv", "paper_points.csv", "paper_points_map.csv"), per_benchmark=True),
    Output("points", "The benchmark's results with both compute measures",
           "One row per result: score, error, computation per pass and hardware burden, and its role in the fits.",
           ("model", "paper_key", "paper_url", "published", "score_label", "score_pct", "error_pct", "per_pass_gflop",
            "hardware_burden_gflop", "training_run", "extra_data", "ensemble", "score_source", "role", "in_per_pass_sample"),
           ("results/{benchmark}.csv", "training_runs.csv", "processors.csv"), per_benchmark=True),
    Output("paper_points", "The authors' points, and the same points corrected with our rows",
           "One row per point of the paper's regression: the authors' error and hardware burden, the values of the corrected sample, and whether the point is one of the authors' slips fixed in the slips-fixed sample.",
           ("site_index", "model", "year", "error_pct", "compute_gflop", "corrected_error_pct", "corrected_compute_gflop", "corrected",
            "slip_fixed"),
           ("paper_points.csv", "paper_points_map.csv", "results/{benchmark}.csv", "training_runs.csv", "processors.csv"), per_benchmark=True),
    Output("curves", "Fitted curves with their 90% confidence bands",
           "Each fit drawn over its sample's range of computation plus a margin: error and band against computation.",
           ("measure", "sample", "fit_model", "compute_gflop", "error_pct", "error_low_pct", "error_high_pct"),
           ("results/{benchmark}.csv", "training_runs.csv", "processors.csv", "paper_points.csv", "paper_points_map.csv"), per_benchmark=True),
    Output("fits", "Every fit of the benchmark",
           "One row per metric x compute measure x sample x model: coefficients, 90% interval of the slope, R², n and p-value.",
           ("metric", "measure", "sample", "fit_model", "n", "intercept", "slope", "slope_low", "slope_high", "r2", "p_value"),
           ("results/{benchmark}.csv", "training_runs.csv", "processors.csv", "paper_points.csv", "paper_points_map.csv"), per_benchmark=True),
    Output("residuals", "Residuals of the headline fits against publication year",
           "One row per point and model of our headline sample.",
           ("model", "decimal_year", "fit_model", "residual"),
           ("results/{benchmark}.csv", "training_runs.csv", "processors.csv"), per_benchmark=True),
    Output("extrapolation", "Computation needed at each error level, by sample, with costs",
           "The headline regression's extrapolations for the authors' points, the slips fixed, all corrections and our sample, with 90% intervals, the paper's printed value, the cell's step on the reproduction scale and its distance from the printed value, how far it lies beyond the sample's data (beyond_data marks more than analysis.stats.rules.BEYOND_DATA_MARK_ORDERS), the least burden a sample result at that error used, and CO₂ and dollars of the paper's era.",
           ("sample", "fit_model", "error_level", "error_pct", "n", "required_gflop", "required_gflop_low", "required_gflop_high",
            "required_gflop_boot_low", "required_gflop_boot_high", "paper_required_gflop", "reproduced", "orders_from_paper",
            "paper_within_interval", "scale_step", "orders_beyond_data", "beyond_data", "reached_gflop", "co2_tonnes", "usd"),
           ("results/{benchmark}.csv", "training_runs.csv", "processors.csv", "cloud_prices.csv", "paper_points.csv", "paper_points_map.csv"), per_benchmark=True),
]

OUTPUTS += [
    Output("peaks", "The headline fit with each peak counted",
           "One row per peak choice (analysis.stats.compute.PEAK_CHOICES): points, polynomial slope, R², p-value and the computation needed at the first target.",
           ("peak", "n", "slope", "r2", "p_value", "first_target_pct", "required_gflop"),
           ("results/{benchmark}.csv", "training_runs.csv", "processors.csv"), per_benchmark=True),
    Output("utilisation", "Operations counted by Epoch AI against the hardware burden",
           "Per result with an operation count: its training operations (Epoch AI's estimate), its hardware burden at each peak, and their ratio (the utilisation the hardware burden ignores).",
           ("model", "published", "operations_gflop", "hardware_burden_gflop", "precision_burden_gflop", "utilisation_fp32", "utilisation_precision"),
           ("results/{benchmark}.csv", "training_runs.csv", "processors.csv"), per_benchmark=True),
]
DECLARED = {o.name: o for o in OUTPUTS}


def _summary(ctx: ReportContext, benchmark: Benchmark, keys: pd.DataFrame) -> pd.DataFrame:
    metric = benchmark.primary_metric.column
    table = ctx.table(benchmark.id)
    points = ctx.sample(benchmark.id, metric, "hardware_burden", "ours")
    per_pass = ctx.sample(benchmark.id, metric, "per_pass", "ours")
    poly = ctx.fit(benchmark.id, metric, "hardware_burden", "ours", "polynomial")
    theirs = ctx.fit(benchmark.id, metric, "hardware_burden", PAPER_POINTS, "polynomial") \
        if PAPER_POINTS in ctx.samples_of(benchmark, metric, "hardware_burden") else None
    ours = headline_rows(keys[keys["benchmark"] == benchmark.id])
    ours = ours[(ours["model"] == "polynomial") & (ours["error_level"] == "target_1")]
    gap = float("nan")
    if len(ours) and np.isfinite(ours["required_gflop"].iloc[0]) and np.isfinite(ours["paper_required_gflop"].iloc[0]):
        gap = float(np.log10(ours["required_gflop"].iloc[0]) - np.log10(ours["paper_required_gflop"].iloc[0]))
    span = float(np.log10(points["compute_gflop"].max() / points["compute_gflop"].min())) if len(points) > 1 else float("nan")
    first = _first_target_log10(keys, benchmark)
    return pd.DataFrame([{
        "benchmark": benchmark.id, "benchmark_title": benchmark.title, "task": benchmark.task, "error_rule": benchmark.error_rule,
        "beyond_paper": benchmark.beyond_paper, "n_results": len(table), "n_papers": table["paper_key"].nunique(),
        "n_with_burden": int(table["hardware_burden_gflop"].notna().sum()),
        "n_with_per_pass": int(table["per_pass_gflop"].notna().sum()),
        "n_sample": len(points), "n_per_pass_sample": len(per_pass),
        "paper_n": PAPER_HARDWARE_BURDEN_N.get(benchmark.id, pd.NA), "cutoff_date": ctx.window_end(benchmark.id) or "",
        "best_per_paper": benchmark.authors_best_per_paper,
        "slope": poly.slope if poly else np.nan, "r2": poly.r2 if poly else np.nan, "p_value": poly.p_value if poly else np.nan,
        "slope_significant": bool(poly and poly.p_value < SIGNIFICANCE_LEVEL), "small_sample": len(points) < SMALL_SAMPLE_POINTS,
        "significance_level": SIGNIFICANCE_LEVEL,
        "paper_points_n": theirs.n if theirs else 0, "paper_points_r2": theirs.r2 if theirs else np.nan,
        "paper_points_p_value": theirs.p_value if theirs else np.nan,
        "paper_has_row": benchmark.today_error_pct is not None, "burden_span_orders": span,
        "gap_target_1_orders": gap, "large_gap": bool(np.isfinite(gap) and abs(gap) > LARGE_GAP_ORDERS),
        "large_gap_orders": LARGE_GAP_ORDERS,
        "first_target_pct": benchmark.target_errors_pct[0] if benchmark.target_errors_pct else np.nan,
        "gap_slips_orders": first.get(PAPER_POINTS_SLIPS_FIXED, np.nan) - first.get(PAPER_POINTS, np.nan),
        "gap_corrections_orders": first.get(PAPER_POINTS_CORRECTED, np.nan) - first.get(PAPER_POINTS_SLIPS_FIXED, np.nan),
        "gap_points_orders": first.get("ours", np.nan) - first.get(PAPER_POINTS_CORRECTED, np.nan),
        "chance_error_pct": benchmark.chance_error_pct if benchmark.chance_error_pct is not None else np.nan,
        "chance_margin_points": CHANCE_MARGIN_POINTS if benchmark.chance_error_pct is not None else np.nan,
        "n_near_chance": int((100.0 - table[metric] >= benchmark.chance_error_pct - CHANCE_MARGIN_POINTS).sum())
        if benchmark.chance_error_pct is not None else 0,
    }])


def _first_target_log10(keys: pd.DataFrame, benchmark: Benchmark) -> dict[str, float]:
    """log10 of the polynomial model's computation at the first target, by sample of the headline regression."""
    rows = keys[(keys["benchmark"] == benchmark.id) & (keys["metric"] == benchmark.primary_metric.column)
                & (keys["measure"] == "hardware_burden") & (keys["model"] == "polynomial") & (keys["error_level"] == "target_1")]
    with np.errstate(divide="ignore"):
        return {s: float(np.log10(v)) if np.isfinite(v) and v > 0 else np.nan for s, v in zip(rows["sample"], rows["required_gflop"])}


def _points(ctx: ReportContext, benchmark: Benchmark) -> pd.DataFrame:
    metric = benchmark.primary_metric
    table = ctx.table(benchmark.id)
    sample = ctx.sample(benchmark.id, metric.column, "hardware_burden", "ours")
    later = ctx.sample(benchmark.id, metric.column, "hardware_burden", "ours", period="after")
    per_pass = ctx.sample(benchmark.id, metric.column, "per_pass", "ours")
    role = np.where(table.index.isin(sample.index), ROLE_SAMPLE,
                    np.where(table.index.isin(later.index), ROLE_LATER,
                             np.where(table["hardware_burden_gflop"].notna(), ROLE_OTHER, ROLE_NO_BURDEN)))
    out = pd.DataFrame({
        "model": table["model"], "paper_key": table["paper_key"], "paper_url": table["paper_url"],
        "published": table["published"], "score_label": metric.label, "score_pct": table[metric.column],
        "error_pct": 100.0 - table[metric.column], "per_pass_gflop": table["per_pass_gflop"],
        "hardware_burden_gflop": table["hardware_burden_gflop"], "training_run": table["training_run"],
        "extra_data": table["extra_data"], "ensemble": table["ensemble"], "score_source": table["score_source"],
        "role": role, "in_per_pass_sample": table.index.isin(per_pass.index),
    })
    return out.sort_values(["published", "model"]).reset_index(drop=True)


def _paper_points(ctx: ReportContext, benchmark: Benchmark) -> pd.DataFrame:
    columns = DECLARED["paper_points"].columns
    metric = benchmark.primary_metric.column
    samples = ctx.samples_of(benchmark, metric, "hardware_burden")
    if PAPER_POINTS not in samples:
        return pd.DataFrame(columns=columns)
    theirs = ctx.sample(benchmark.id, metric, "hardware_burden", PAPER_POINTS).set_index("site_index")
    corrected = (ctx.sample(benchmark.id, metric, "hardware_burden", PAPER_POINTS_CORRECTED).set_index("site_index")
                 if PAPER_POINTS_CORRECTED in samples else theirs.assign(corrected=False))
    slips = (ctx.sample(benchmark.id, metric, "hardware_burden", PAPER_POINTS_SLIPS_FIXED).set_index("site_index")
             if PAPER_POINTS_SLIPS_FIXED in samples else theirs.assign(corrected=False))
    out = pd.DataFrame({
        "site_index": theirs.index, "model": theirs["model"], "year": theirs["year"], "error_pct": theirs["error_pct"],
        "compute_gflop": theirs["compute_gflop"],
        "corrected_error_pct": corrected["error_pct"].reindex(theirs.index),
        "corrected_compute_gflop": corrected["compute_gflop"].reindex(theirs.index),
        "corrected": corrected["corrected"].reindex(theirs.index).fillna(False).astype(bool),
        "slip_fixed": slips["corrected"].reindex(theirs.index).fillna(False).astype(bool),
    })
    return out.reset_index(drop=True)[list(columns)]


def _curves(ctx: ReportContext, benchmark: Benchmark) -> pd.DataFrame:
    metric = benchmark.primary_metric.column
    frames = []
    for measure in MEASURES:
        for sample in ("ours",) + (PAPER_SAMPLES if measure == "hardware_burden" else ()):
            if sample not in ctx.samples_of(benchmark, metric, measure):
                continue
            points = ctx.sample(benchmark.id, metric, measure, sample)
            for model in MODELS:
                fit = ctx.fit(benchmark.id, metric, measure, sample, model)
                if fit is None:
                    continue
                x = np.log10(points["compute_gflop"].to_numpy(dtype="float64"))
                grid = np.linspace(x.min() - CURVE_MARGIN_ORDERS, x.max() + CURVE_MARGIN_ORDERS, CURVE_POINTS)
                low, high = fit.band_error_pct(grid)
                frames.append(pd.DataFrame({"measure": measure, "sample": sample, "fit_model": model,
                                            "compute_gflop": power10(grid), "error_pct": fit.predict_error_pct(grid),
                                            "error_low_pct": low, "error_high_pct": high}))
    columns = list(DECLARED["curves"].columns)
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def _fits(ctx: ReportContext, benchmark: Benchmark) -> pd.DataFrame:
    rows = []
    for metric in benchmark.metrics:
        for measure in MEASURES:
            for sample, model, fit in ctx.fits(benchmark, metric.column, measure):
                if fit is None:
                    continue
                rows.append({"metric": metric.column, "measure": measure, "sample": sample, "fit_model": model, "n": fit.n,
                             "intercept": fit.intercept, "slope": fit.slope, "slope_low": fit.slope_low,
                             "slope_high": fit.slope_high, "r2": fit.r2, "p_value": fit.p_value})
    return pd.DataFrame(rows, columns=list(DECLARED["fits"].columns))


def _residuals(ctx: ReportContext, benchmark: Benchmark) -> pd.DataFrame:
    metric = benchmark.primary_metric.column
    points = ctx.sample(benchmark.id, metric, "hardware_burden", "ours")
    frames = []
    for model in MODELS:
        fit = ctx.fit(benchmark.id, metric, "hardware_burden", "ours", model)
        if fit is None:
            continue
        x = np.log10(points["compute_gflop"].to_numpy(dtype="float64"))
        frames.append(pd.DataFrame({"model": points["model"].to_numpy(), "decimal_year": decimal_year(points["published"]).to_numpy(),
                                    "fit_model": model, "residual": error_to_y(model, points["error_pct"]) - fit.predict_y(x)}))
    columns = list(DECLARED["residuals"].columns)
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def _extrapolation(ctx: ReportContext, benchmark: Benchmark, keys: pd.DataFrame) -> pd.DataFrame:
    rows = keys[(keys["benchmark"] == benchmark.id) & (keys["metric"] == benchmark.primary_metric.column)
                & (keys["measure"] == "hardware_burden") & keys["sample"].isin(PAPER_SAMPLES + ("ours",))].copy()
    order = {s: i for i, s in enumerate(PAPER_SAMPLES + ("ours",))}
    rows = rows.sort_values("sample", key=lambda s: s.map(order), kind="stable")
    rows["reproduced"] = [equal_at_printed_power(benchmark.id, m, level, v)
                          for m, level, v in zip(rows["model"], rows["error_level"], rows["required_gflop"])]
    rows["scale_step"] = [scale_step(same, orders, within) if printed == printed else ""
                          for same, orders, within, printed in zip(rows["reproduced"], rows["orders_from_paper"],
                                                                  rows["paper_within_interval"].fillna(False),
                                                                  rows["paper_required_gflop"])]
    rows["beyond_data"] = rows["orders_beyond_data"].gt(BEYOND_DATA_MARK_ORDERS)
    costs = priced(ctx.dataset, rows["required_gflop"], "paper_era")
    rows["co2_tonnes"] = costs["co2_tonnes"].to_numpy()
    rows["usd"] = costs["usd"].to_numpy()
    rows = rows.rename(columns={"model": "fit_model"})
    return rows[list(DECLARED["extrapolation"].columns)].reset_index(drop=True)


def _peaks(ctx: ReportContext, benchmark: Benchmark) -> pd.DataFrame:
    metric = benchmark.primary_metric.column
    target = benchmark.target_errors_pct[0] if benchmark.target_errors_pct else np.nan
    rows = []
    for peak in PEAK_CHOICES:
        fit = ctx.fit(benchmark.id, metric, "hardware_burden", "ours", "polynomial", peak=peak)
        need = requirement(fit, target) if fit is not None and np.isfinite(target) else None
        rows.append({"peak": peak, "n": len(ctx.sample(benchmark.id, metric, "hardware_burden", "ours", peak=peak)),
                     "slope": fit.slope if fit else np.nan, "r2": fit.r2 if fit else np.nan,
                     "p_value": fit.p_value if fit else np.nan, "first_target_pct": target,
                     "required_gflop": power10(need.log10_gflop) if need else np.nan})
    return pd.DataFrame(rows, columns=list(DECLARED["peaks"].columns))


def _utilisation(ctx: ReportContext, benchmark: Benchmark) -> pd.DataFrame:
    columns = list(DECLARED["utilisation"].columns)
    table = ctx.table(benchmark.id)
    if "training_operations_flop" not in table.columns:
        return pd.DataFrame(columns=columns)
    precision = ctx.table(benchmark.id, "precision_used")["hardware_burden_gflop"]
    rows = table[table["training_operations_flop"].notna() & table["hardware_burden_gflop"].notna()]
    operations = rows["training_operations_flop"] / GFLOP
    out = pd.DataFrame({"model": rows["model"], "published": rows["published"], "operations_gflop": operations,
                        "hardware_burden_gflop": rows["hardware_burden_gflop"],
                        "precision_burden_gflop": precision.reindex(rows.index),
                        "utilisation_fp32": operations / rows["hardware_burden_gflop"],
                        "utilisation_precision": operations / precision.reindex(rows.index)})
    return out.sort_values("published").reset_index(drop=True)[columns]


def build(ctx: ReportContext) -> dict[str, pd.DataFrame]:
    """Every output of this module, by written name."""
    keys = ctx.key_numbers
    tables = {"key_numbers": keys}
    for b in ctx.benchmarks:
        tables[f"summary/{b.id}"] = _summary(ctx, b, keys)
        tables[f"points/{b.id}"] = _points(ctx, b)
        tables[f"paper_points/{b.id}"] = _paper_points(ctx, b)
        tables[f"curves/{b.id}"] = _curves(ctx, b)
        tables[f"fits/{b.id}"] = _fits(ctx, b)
        tables[f"residuals/{b.id}"] = _residuals(ctx, b)
        tables[f"extrapolation/{b.id}"] = _extrapolation(ctx, b, keys)
        tables[f"peaks/{b.id}"] = _peaks(ctx, b)
        tables[f"utilisation/{b.id}"] = _utilisation(ctx, b)
    return tables
