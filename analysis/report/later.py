"""Report outputs of the "Five years later" chapter: back-test, uncertainty and sensitivity.

- Back-test: the paper's own projection (its fit on the authors' points) and our refit (our sample before the
  cut-off), as `analysis.report.backtests.backtests` specifies them, scored on every later result (`analysis.stats.backtest`), with
  the verdict of `analysis.stats.rules.backtest_verdict`; task-specific and general models apart where the results record
  how each was evaluated (an `evaluation` column).
- Uncertainty: bootstrap against analytic 90% intervals of the extrapolations and slopes, costs at the
  bootstrap bounds, and how often each interval type contains the truth in simulation (`analysis.stats.coverage`).
- Sensitivity: the variants of the headline slope, leaving out each paper, and the data's assumptions
  replaced by their alternatives (`analysis.stats.sensitivity`), judged by `analysis.stats.rules.survives`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats import sensitivity as sens
from analysis.stats.backtest import predictions, summarise
from analysis.stats.bootstrap import bootstrap_fit
from analysis.report.context import ReportContext
from analysis.stats.costs import priced
from analysis.stats.coverage import INTERVALS, interval_coverage
from analysis.stats.extrapolate import power10, requirement
from analysis.report.backtests import BACKTEST_FIT_LABELS, backtests, with_bootstrap
from analysis.stats.models import MIN_POINTS, MODELS
from analysis.report.outputs import Output
from analysis.data.registry import Benchmark
from analysis.stats.rules import (BEYOND_DATA_MARK_ORDERS, BACKTEST_MAX_IQR_ORDERS, BACKTEST_MIN_FIT_POINTS, BACKTEST_MIN_LATER_POINTS,
                    LEAVE_ONE_OUT_MAX_FLATTENING, SIGNIFICANCE_LEVEL, SMALL_SAMPLE_POINTS, backtest_verdict, survives)
from analysis.stats.samples import PAPER_POINTS, SENSITIVITY_RULES

RESULT_FILES = ("results/*.csv", "training_runs.csv", "processors.csv")
EVALUATION_GROUPS = {"task_specific": "task-specific", "fine_tuned": "general", "few_shot": "general",
                     "zero_shot": "general"}
"""How a result was evaluated (the `evaluation` column of a results file) -> the back-test's group: models built for
the task, or general pre-trained models evaluated on it (fine-tuned, few-shot or zero-shot)."""
ALL_RESULTS = "all"
NOT_RECORDED = "not recorded"
GROUP_ORDER = ("task-specific", "general", NOT_RECORDED)
COVERAGE_SIZES = (6, 13, 33)
"""Sample sizes of the simulated coverage (the report's regressions have 6 to 40 points)."""
COVERAGE_DRAWS = 100
"""Simulated data sets per size: enough to tell 90% from 70% (binomial margin about 6 points), fast enough to build."""
COVERAGE_BOOTSTRAP_DRAWS = 200
COVERAGE_SEED = 17
INTERVAL_LABELS = {
    "slope": "slope, analytic (t quantile, HC3)",
    "band": "confidence band of the fitted error",
    "fieller": "computation needed, analytic (Fieller)",
    "bootstrap_slope": "slope, bootstrap",
    "bootstrap_required": "computation needed, bootstrap",
    "backtest_median": "back-test: a new later result below the median",
    "backtest_quartiles": "back-test: a new later result between the quartiles",
}

VERDICT_COLUMNS = ("benchmark", "benchmark_title", "fit_sample", "fit_label", "fit_model", "evaluation_group", "evaluation_groups", "fitted", "n_fit", "n_later_results",
                   "n_later", "log10_actual_over_predicted_median", "quartile_low_orders",
                   "quartile_high_orders", "log10_actual_over_predicted_iqr", "share_cheaper", "backtest_verdict",
                   "backtest_min_fit_points", "backtest_min_later_points", "backtest_max_iqr_orders")
BACKTEST_POINT_COLUMNS = ("benchmark", "benchmark_title", "fit_sample", "fit_label", "fit_model", "model", "paper_key", "published", "evaluation",
                          "evaluation_group", "error_pct", "hardware_burden_gflop", "projected_gflop",
                          "log10_actual_over_predicted")
OUTPUTS = [
    Output("backtest_verdicts", "Back-test verdicts per benchmark and model",
           "The paper's projection (its fit on the authors' points) and our refit (our sample before the cut-off; primary "
           "metric, hardware burden) scored on every later result with a known hardware burden: median and quartiles of "
           "log10(actual / projected), and the verdict of analysis.stats.rules.backtest_verdict; one row for all later results, and "
           "one per evaluation group where the later results of a benchmark fall in more than one (evaluation_groups lists "
           "the groups present).",
           VERDICT_COLUMNS, RESULT_FILES + ("paper_points.csv",)),
    Output("backtest_points", "Later results: hardware burden used against projected",
           "One row per later result with a known hardware burden, per projection and model: the burden the projection gave for its error.",
           BACKTEST_POINT_COLUMNS, RESULT_FILES + ("paper_points.csv",)),
    Output("bootstrap_intervals", "Extrapolations with analytic and bootstrap 90% intervals",
           "Our sample's hardware-burden fits (every metric, both models): computation needed at each error level, the analytic "
           "(Fieller) and paper-resampling bootstrap 90% intervals, and the paper's printed value.",
           ("benchmark", "benchmark_title", "metric_label", "fit_model", "error_level", "error_pct", "n", "n_papers",
            "required_gflop", "required_gflop_low", "required_gflop_high", "required_gflop_boot_low",
            "required_gflop_boot_high", "unbounded_analytic", "unbounded_boot", "paper_required_gflop", "orders_beyond_data"), RESULT_FILES),
    Output("bootstrap_slopes", "Slopes with analytic and bootstrap 90% intervals",
           "Headline regression of our sample (primary metric, hardware burden), both models.",
           ("benchmark", "benchmark_title", "fit_model", "n", "n_papers", "slope", "slope_low", "slope_high",
            "slope_boot_low", "slope_boot_high"), RESULT_FILES),
    Output("bound_costs", "CO₂ and dollars of the polynomial extrapolations at the bootstrap bounds",
           "Headline polynomial fit of our sample: CO₂ (metric tonnes) and US$ of the paper's era at the point estimate and at "
           "the bootstrap 90% bounds (infinite where the bound is unbounded); beyond_data marks a requirement more than "
           "analysis.stats.rules.BEYOND_DATA_MARK_ORDERS orders of magnitude beyond the sample's largest hardware burden.",
           ("benchmark", "benchmark_title", "error_level", "error_pct", "orders_beyond_data", "beyond_data", "co2_tonnes", "co2_tonnes_boot_low",
            "co2_tonnes_boot_high", "usd", "usd_boot_low", "usd_boot_high", "unbounded_boot"), RESULT_FILES + ("cloud_prices.csv",)),
    Output("interval_coverage", "Measured coverage of each interval type",
           "Share of simulated data sets (a known line with heteroskedastic noise, analysis.stats.coverage) in which each interval "
           "contains the truth, at three sample sizes; seeded.",
           ("interval", "interval_label", "n", "nominal", "covered", "draws", "coverage", "coverage_margin",
            "share_unbounded"), ()),
    Output("sensitivity_variants", "The headline slope under each variant",
           "Slope of error on hardware burden (primary metric, results before the cut-off) for each peak, sample rule and error "
           "transform, its leave-one-paper-out extreme and whether the conclusion survives (analysis.stats.rules.survives).",
           ("benchmark", "benchmark_title", "peak", "sample", "error_transform", "n", "n_papers", "slope", "slope_low",
            "slope_high", "p_value", "slope_significant", "small_sample", "loo_paper", "loo_slope", "loo_retained", "survives"),
           RESULT_FILES),
    Output("sensitivity_summary", "What survives, per benchmark",
           "Counts of the variants whose slope is negative, significant and surviving leave-one-paper-out; the headline "
           "variant's most influential paper.",
           ("benchmark", "benchmark_title", "n_variants", "n_negative", "n_significant", "n_survive", "survives_all",
            "significant_all", "slope", "loo_paper", "loo_slope", "loo_retained", "loo_max_flattening",
            "significance_level"), RESULT_FILES),
    Output("assumption_effects", "What each class of assumption moves",
           "Headline fits of our sample (primary metric, hardware burden, both models) and the extrapolation to the first "
           "target with each class of assumption of data/training_runs.csv replaced by its alternative, beside the data as recorded.",
           ("benchmark", "benchmark_title", "assumption", "alternative", "fit_model", "n", "n_affected", "slope",
            "p_value", "r2", "error_pct", "required_gflop", "required_gflop_low", "required_gflop_high", "slope_change",
            "shift_orders"), RESULT_FILES),
]
DECLARED = {o.name: o for o in OUTPUTS}


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(DECLARED[name].columns))


# back-test

def evaluation_group(values: pd.Series | None, index: pd.Index) -> pd.Series:
    """The back-test group of each result: task-specific, general, or not recorded (all not recorded without a column)."""
    if values is None:
        return pd.Series(NOT_RECORDED, index=index, dtype="string")
    return values.map(EVALUATION_GROUPS).fillna(NOT_RECORDED).astype("string")


def verdict_row(benchmark: Benchmark, fit_sample: str, model: str, group: str, groups: str, n_fit: int, n_later_results: int,
                later: pd.DataFrame, summary) -> dict:
    """One row of `backtest_verdicts`: a group's later sample and its summary (None where the projection has no fit).

    `n_fit` counts the points the projection was fitted on; `n_later_results` the group's later results with a known
    error, whether or not their hardware burden is known.
    """
    fitted = summary is not None
    n_later = summary.n if fitted else len(later)
    median, q1, q3, iqr, cheaper = ((summary.median, summary.quartile_low, summary.quartile_high, summary.iqr, summary.share_cheaper)
                                    if summary is not None and summary.n else (np.nan,) * 5)
    return {"benchmark": benchmark.id, "benchmark_title": benchmark.title, "fit_sample": fit_sample,
            "fit_label": BACKTEST_FIT_LABELS[fit_sample], "fit_model": model, "evaluation_group": group,
            "evaluation_groups": groups, "fitted": fitted, "n_fit": n_fit, "n_later_results": n_later_results,
            "n_later": n_later, "log10_actual_over_predicted_median": median, "quartile_low_orders": q1,
            "quartile_high_orders": q3, "log10_actual_over_predicted_iqr": iqr, "share_cheaper": cheaper,
            "backtest_verdict": backtest_verdict(n_fit if fitted else 0, n_later if fitted else 0, median, q1, q3),
            "backtest_min_fit_points": BACKTEST_MIN_FIT_POINTS, "backtest_min_later_points": BACKTEST_MIN_LATER_POINTS,
            "backtest_max_iqr_orders": BACKTEST_MAX_IQR_ORDERS}


def later_results(ctx: ReportContext, benchmark: Benchmark) -> pd.DataFrame:
    """Every result published on or after the cut-off with a known error (its hardware burden may be unknown)."""
    table = ctx.table(benchmark.id)
    metric = benchmark.primary_metric.column
    error = 100.0 - table[metric]
    return table[(table["published"] >= pd.Timestamp(ctx.backtest_cutoff(benchmark.id))) & error.gt(0)]


def backtest(ctx: ReportContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The `backtest_verdicts` and `backtest_points` tables: every back-test of `analysis.report.backtests.backtests`."""
    verdicts, points = [], []
    for b in ctx.benchmarks:
        recorded = "evaluation" in ctx.dataset.results[b.id].columns
        all_later = later_results(ctx, b)
        all_groups = evaluation_group(all_later["evaluation"] if recorded else None, all_later.index)
        present = sorted(set(all_groups), key=GROUP_ORDER.index)
        for test in backtests(ctx, b):
            later = test.later
            groups = evaluation_group(later["evaluation"] if recorded else None, later.index)
            for model, fit in test.fits.items():
                scored = predictions(fit, later) if fit is not None else None
                verdicts.append(verdict_row(b, test.fit_sample, model, ALL_RESULTS, ", ".join(present), len(test.fit_points),
                                            len(all_later), later, summarise(fit, later) if fit is not None else None))
                if len(present) > 1:
                    for group in present:
                        part = later[groups == group]
                        verdicts.append(verdict_row(b, test.fit_sample, model, group, group, len(test.fit_points),
                                                    int((all_groups == group).sum()), part,
                                                    summarise(fit, part) if fit is not None else None))
                if scored is None:
                    continue
                points.append(pd.DataFrame({
                    "benchmark": b.id, "benchmark_title": b.title, "fit_sample": test.fit_sample,
                    "fit_label": BACKTEST_FIT_LABELS[test.fit_sample], "fit_model": model, "model": scored["model"],
                    "paper_key": scored["paper_key"], "published": scored["published"],
                    "evaluation": scored["evaluation"] if recorded else pd.NA, "evaluation_group": groups,
                    "error_pct": scored["error_pct"], "hardware_burden_gflop": scored["compute_gflop"],
                    "projected_gflop": scored["predicted_gflop"],
                    "log10_actual_over_predicted": scored["log10_actual_over_predicted"].replace([np.inf, -np.inf], np.nan)}))
    columns = list(DECLARED["backtest_points"].columns)
    frames = [p for p in points if len(p)]
    scored_points = pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)
    return _frame("backtest_verdicts", verdicts), scored_points


# uncertainty

def bootstrap_intervals(ctx: ReportContext) -> pd.DataFrame:
    """Our sample's hardware-burden extrapolations (the key-number rows) with analytic and bootstrap intervals.

    The bootstrap is `analysis.report.backtests.with_bootstrap`'s (same draws and seed, so the same bounds as the key-number
    table); `unbounded_analytic` / `unbounded_boot` tell an unbounded interval from a bound beyond float range.
    """
    keys = ctx.key_numbers
    keys = keys[(keys["measure"] == "hardware_burden") & (keys["sample"] == "ours") & keys["required_gflop"].notna()]
    benchmarks = {b.id: b for b in ctx.benchmarks}
    labels = {(b.id, m.column): m.label for b in ctx.benchmarks for m in b.metrics}
    rows = []
    for (benchmark_id, metric, model), part in keys.groupby(["benchmark", "metric", "model"], sort=False):
        points = ctx.sample(benchmark_id, metric, "hardware_burden", "ours")
        fit = ctx.fit(benchmark_id, metric, "hardware_burden", "ours", model)
        boot = bootstrap_fit(points, model, list(part["error_pct"]))
        for (_, row), high in zip(part.iterrows(), boot.required_log10_high):
            need = requirement(fit, row["error_pct"])
            rows.append({**row.to_dict(), "benchmark_title": benchmarks[benchmark_id].title,
                         "metric_label": labels[(benchmark_id, metric)], "fit_model": model,
                         "n_papers": points["paper_key"].nunique(),
                         "unbounded_analytic": not (np.isfinite(need.log10_gflop_low) and np.isfinite(need.log10_gflop_high)),
                         "unbounded_boot": not np.isfinite(high)})
    return _frame("bootstrap_intervals", rows)


def bootstrap_slopes(ctx: ReportContext) -> pd.DataFrame:
    """The headline slopes with their analytic and bootstrap 90% intervals."""
    rows = []
    for b in ctx.benchmarks:
        metric = b.primary_metric.column
        points = ctx.sample(b.id, metric, "hardware_burden", "ours")
        for model in MODELS:
            fit = ctx.fit(b.id, metric, "hardware_burden", "ours", model)
            boot = bootstrap_fit(points, model, []) if fit is not None else None
            rows.append({"benchmark": b.id, "benchmark_title": b.title, "fit_model": model, "n": len(points),
                         "n_papers": points["paper_key"].nunique(), "slope": fit.slope if fit else np.nan,
                         "slope_low": fit.slope_low if fit else np.nan, "slope_high": fit.slope_high if fit else np.nan,
                         "slope_boot_low": boot.slope_low if boot else np.nan,
                         "slope_boot_high": boot.slope_high if boot else np.nan})
    return _frame("bootstrap_slopes", rows)


def bound_costs(ctx: ReportContext, intervals: pd.DataFrame) -> pd.DataFrame:
    """CO₂ (t) and US$ of the headline polynomial extrapolations at the point estimate and the bootstrap bounds."""
    primary = {b.id: b.primary_metric.label for b in ctx.benchmarks}
    rows = intervals[(intervals["fit_model"] == "polynomial") & (intervals["metric_label"] == intervals["benchmark"].map(primary))]
    out = rows[["benchmark", "benchmark_title", "error_level", "error_pct", "orders_beyond_data", "unbounded_boot"]].copy()
    out["beyond_data"] = rows["orders_beyond_data"].astype("float64").gt(BEYOND_DATA_MARK_ORDERS).to_numpy()
    for column, suffix in (("required_gflop", ""), ("required_gflop_boot_low", "_boot_low"), ("required_gflop_boot_high", "_boot_high")):
        costs = priced(ctx.dataset, rows[column], "paper_era")
        out[f"co2_tonnes{suffix}"] = costs["co2_tonnes"].to_numpy()
        out[f"usd{suffix}"] = costs["usd"].to_numpy()
    return out[list(DECLARED["bound_costs"].columns)].reset_index(drop=True)


def coverage(sizes: tuple[int, ...] = COVERAGE_SIZES, draws: int = COVERAGE_DRAWS,
             bootstrap_draws: int = COVERAGE_BOOTSTRAP_DRAWS, seed: int = COVERAGE_SEED) -> pd.DataFrame:
    """`interval_coverage` at each size with a readable label and a 95% binomial margin of the measured share."""
    table = pd.concat([interval_coverage(n, draws, seed, bootstrap_draws) for n in sizes], ignore_index=True)
    table = table.rename(columns={"unbounded": "share_unbounded"})
    table["interval_label"] = table["interval"].map(INTERVAL_LABELS)
    table["coverage_margin"] = 1.96 * np.sqrt(table["nominal"] * (1 - table["nominal"]) / table["draws"])
    order = {name: i for i, name in enumerate(INTERVALS)}
    table = table.sort_values(["interval", "n"], key=lambda s: s.map(order) if s.name == "interval" else s, kind="stable")
    return table[list(DECLARED["interval_coverage"].columns)].reset_index(drop=True)


# sensitivity

def variants(ctx: ReportContext) -> pd.DataFrame:
    """The headline slope under every peak x sample rule x error transform, with its leave-one-paper-out extreme."""
    rows = []
    for b in ctx.benchmarks:
        metric = b.primary_metric.column
        for peak in sens.PEAKS:
            for rule in SENSITIVITY_RULES:
                points = ctx.sample(b.id, metric, "hardware_burden", rule, peak=peak)
                for transform, model in sens.TRANSFORMS.items():
                    fit = ctx.fit(b.id, metric, "hardware_burden", rule, model, peak=peak)
                    paper, loo_slope = sens.flattest(sens.leave_one_paper_out(points, model), fit.slope) if fit else (None, np.nan)
                    rows.append({
                        "benchmark": b.id, "benchmark_title": b.title, "peak": peak, "sample": rule,
                        "error_transform": transform, "n": len(points), "n_papers": points["paper_key"].nunique(),
                        "slope": fit.slope if fit else np.nan, "slope_low": fit.slope_low if fit else np.nan,
                        "slope_high": fit.slope_high if fit else np.nan, "p_value": fit.p_value if fit else np.nan,
                        "slope_significant": bool(fit and fit.p_value < SIGNIFICANCE_LEVEL),
                        "small_sample": len(points) < SMALL_SAMPLE_POINTS, "loo_paper": paper, "loo_slope": loo_slope,
                        "loo_retained": loo_slope / fit.slope if fit and fit.slope else np.nan,
                        "survives": survives(fit.slope if fit else np.nan, loo_slope),
                    })
    return _frame("sensitivity_variants", rows)


def survival_summary(ctx: ReportContext, table: pd.DataFrame) -> pd.DataFrame:
    """Per benchmark: how many fitted variants keep a negative, significant, surviving slope; the headline's extreme."""
    rows = []
    for b in ctx.benchmarks:
        part = table[(table["benchmark"] == b.id) & table["slope"].notna()]
        headline = part[(part["peak"] == sens.PEAKS[0]) & (part["sample"] == "ours") & (part["error_transform"] == "log")]
        h = headline.iloc[0] if len(headline) else None
        rows.append({"benchmark": b.id, "benchmark_title": b.title, "n_variants": len(part),
                     "n_negative": int((part["slope"] < 0).sum()), "n_significant": int(part["slope_significant"].sum()),
                     "n_survive": int(part["survives"].sum()),
                     "survives_all": bool(len(part)) and bool(part["survives"].all()),
                     "significant_all": bool(len(part)) and bool(part["slope_significant"].all()),
                     "slope": h["slope"] if h is not None else np.nan, "loo_paper": h["loo_paper"] if h is not None else None,
                     "loo_slope": h["loo_slope"] if h is not None else np.nan,
                     "loo_retained": h["loo_retained"] if h is not None else np.nan,
                     "loo_max_flattening": LEAVE_ONE_OUT_MAX_FLATTENING, "significance_level": SIGNIFICANCE_LEVEL})
    return _frame("sensitivity_summary", rows)


def assumption_effects(ctx: ReportContext) -> pd.DataFrame:
    """The headline fits and first-target extrapolation of every benchmark under each assumption scenario."""
    rows = []
    runs = ctx.dataset.training_runs
    # each scenario keeps the build's switches: the window end of each benchmark (its own unless overridden), the rule, the peak
    contexts = {s: ctx if s == sens.BASELINE else ReportContext(sens.alternative_dataset(ctx.dataset, s), ctx.cutoff_override,
                                                                ctx.headline_rule, ctx.peak)
                for s in sens.SCENARIOS}
    for b in ctx.benchmarks:
        metric = b.primary_metric.column
        baseline_points = ctx.sample(b.id, metric, "hardware_burden", "ours")
        target = b.target_errors_pct[0] if b.target_errors_pct else np.nan
        base = {}
        for scenario, scenario_ctx in contexts.items():
            points = scenario_ctx.sample(b.id, metric, "hardware_burden", "ours")
            touched = sens.runs_with(runs, sens.scenario_classes(scenario), ctx.dataset.processors)
            affected = int(baseline_points["training_run"].isin(touched).sum())
            for model in MODELS:
                fit = scenario_ctx.fit(b.id, metric, "hardware_burden", "ours", model)
                need = requirement(fit, target) if fit is not None and target == target else None
                required = power10(need.log10_gflop) if need else np.nan
                if scenario == sens.BASELINE:
                    base[model] = (fit.slope if fit else np.nan, need.log10_gflop if need else np.nan)
                slope0, log0 = base[model]
                rows.append({
                    "benchmark": b.id, "benchmark_title": b.title, "assumption": scenario,
                    "alternative": sens.ALTERNATIVES[scenario], "fit_model": model, "n": len(points), "n_affected": affected,
                    "slope": fit.slope if fit else np.nan, "p_value": fit.p_value if fit else np.nan,
                    "r2": fit.r2 if fit else np.nan, "error_pct": target, "required_gflop": required,
                    "required_gflop_low": power10(need.log10_gflop_low) if need else np.nan,
                    "required_gflop_high": power10(need.log10_gflop_high) if need else np.nan,
                    "slope_change": (fit.slope - slope0) if fit else np.nan,
                    "shift_orders": (need.log10_gflop - log0) if need and np.isfinite(need.log10_gflop) and np.isfinite(log0) else np.nan,
                })
    return _frame("assumption_effects", rows)


def build(ctx: ReportContext) -> dict[str, pd.DataFrame]:
    """Every output of this module, by written name."""
    verdicts, points = backtest(ctx)
    intervals = bootstrap_intervals(ctx)
    table = ctx.derived("sensitivity_variants", variants)
    return {
        "backtest_verdicts": verdicts, "backtest_points": points,
        "bootstrap_intervals": intervals, "bootstrap_slopes": bootstrap_slopes(ctx),
        "bound_costs": bound_costs(ctx, intervals), "interval_coverage": ctx.derived("interval_coverage", lambda _: coverage()),
        "sensitivity_variants": table, "sensitivity_summary": survival_summary(ctx, table),
        "assumption_effects": assumption_effects(ctx),
    }
