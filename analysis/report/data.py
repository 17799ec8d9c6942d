"""Report outputs of the data pages: coverage of the results over time, a summary per benchmark, the training
runs (one row per run, complete or not), the counts the pages quote, every data file offered for download,
and the processor catalogue with its cloud prices.

A training run is *complete* when every one of its stages states its hours (and its processor is catalogued),
so its hardware burden is known; a run with a stage without hours has none (`analysis.stats.compute.run_hardware_burden`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data import paths
from analysis.stats.compute import GFLOP, SECONDS_PER_HOUR, stage_hardware_burden, stage_peak_flops, stage_processor_hours
from analysis.report.context import ReportContext
from analysis.stats.costs import price_per_hour
from analysis.data import read_package
from analysis.report.outputs import Output

RESULTS = ("results/*.csv", "training_runs.csv", "processors.csv")

OUTPUTS = [
    Output("data_coverage", "Results per publication year and benchmark",
           "Per benchmark and year: all results, those stating a computation per pass, and those with a known hardware burden.",
           ("benchmark", "benchmark_title", "year", "n_results", "n_with_per_pass", "n_with_burden"), RESULTS),
    Output("data_summary", "The results of each benchmark",
           "Per benchmark: results, papers, results with a computation per pass and with a hardware burden, the years they span, and the results file.",
           ("benchmark", "benchmark_title", "beyond_paper", "n_results", "n_papers", "n_with_per_pass", "n_with_burden",
            "first_year", "last_year", "data_path"), RESULTS),
    Output("data_training_runs", "Training runs, one row per run",
           "Each training run: its stages and processors, the largest processor count, total hours and processor-hours, its hardware burden where every stage states its hours, the assumptions of its stages, and the results that use it.",
           ("training_run", "paper_url", "run_stages", "run_processors", "max_processor_count", "run_hours", "run_processor_hours",
            "hardware_burden_gflop", "run_complete", "n_stages_without_hours", "run_assumptions", "n_results"), RESULTS),
    Output("data_counts", "Counts the data pages quote",
           "One row: results, papers, benchmarks; training runs, those complete (every stage with its hours) and those with a stage without hours; stages; processors; cloud prices.",
           ("n_results", "n_papers", "n_benchmarks", "n_runs", "n_complete_runs", "n_incomplete_runs", "n_stages",
            "n_stages_without_hours", "n_processors", "n_prices"), ("results/*.csv", "training_runs.csv", "processors.csv", "cloud_prices.csv")),
    Output("data_files", "Every data file",
           "Each file of the data package (and the package's descriptor): path under data/, title, rows and description.",
           ("data_path", "file_title", "n_rows", "file_description"),
           ("datapackage.yaml", "results/*.csv", "training_runs.csv", "processors.csv", "cloud_prices.csv", "paper_points.csv", "paper_points_map.csv")),
    Output("processor_catalogue", "The processor catalogue",
           "Every processor: vendor, type, release, peak FLOP/s (FP32 and FP16/BF16/tensor), TDP, peak FLOP/s per watt, the lowest published cloud price and peak FLOP per dollar (the paper's peak: FP32, a TPU's bf16), and the source.",
           ("processor_key", "processor_name", "processor_vendor", "processor_type", "processor_released", "peak_flops_fp32", "peak_flops_fp16", "tdp_watts",
            "fp32_flops_per_watt", "fp16_flops_per_watt", "usd_per_processor_hour", "peak_flop_per_usd", "processor_source"),
           ("processors.csv", "cloud_prices.csv")),
    Output("cloud_prices", "Published cloud prices",
           "Every published on-demand price per processor-hour in the data, with provider, date and source.",
           ("processor_key", "processor_name", "price_provider", "usd_per_processor_hour", "price_date", "processor_source"),
           ("processors.csv", "cloud_prices.csv")),
]

DECLARED = {o.name: o for o in OUTPUTS}


def _coverage(ctx: ReportContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    coverage, summary = [], []
    for b in ctx.benchmarks:
        t = ctx.table(b.id)
        year = t["published"].dt.year
        counts = pd.DataFrame({"year": year, "per_pass": t["per_pass_gflop"].notna(), "burden": t["hardware_burden_gflop"].notna()})
        grouped = counts.groupby("year")
        coverage.append(pd.DataFrame({"benchmark": b.id, "benchmark_title": b.title, "year": grouped.size().index.astype(int),
                                      "n_results": grouped.size().to_numpy(), "n_with_per_pass": grouped["per_pass"].sum().to_numpy(),
                                      "n_with_burden": grouped["burden"].sum().to_numpy()}))
        summary.append({"benchmark": b.id, "benchmark_title": b.title, "beyond_paper": b.beyond_paper, "n_results": len(t),
                        "n_papers": t["paper_key"].nunique(), "n_with_per_pass": int(counts["per_pass"].sum()),
                        "n_with_burden": int(counts["burden"].sum()), "first_year": int(year.min()), "last_year": int(year.max()),
                        "data_path": b.results_file})
    cov_columns, sum_columns = list(DECLARED["data_coverage"].columns), list(DECLARED["data_summary"].columns)
    return (pd.concat(coverage, ignore_index=True)[cov_columns] if coverage else pd.DataFrame(columns=cov_columns),
            pd.DataFrame(summary, columns=sum_columns))


def _runs(ctx: ReportContext) -> pd.DataFrame:
    stages = stage_hardware_burden(ctx.dataset.training_runs, ctx.dataset.processors)
    names = ctx.dataset.processors.set_index("processor")["name"]
    burden = ctx.runs("paper_convention")
    users = pd.concat([r[["training_run", "paper_url"]] for r in ctx.dataset.results.values()], ignore_index=True).dropna(subset=["training_run"])
    rows = []
    for run, group in stages.groupby("training_run", sort=True):
        used = users[users["training_run"] == run]
        rows.append({
            "training_run": run, "paper_url": used["paper_url"].iloc[0] if len(used) else pd.NA,
            "run_stages": " + ".join(group["stage"]),
            "run_processors": " + ".join(dict.fromkeys(str(names.get(p, p)) for p in group["processor"])),
            "max_processor_count": int(group["processor_count"].max()) if group["processor_count"].notna().any() else pd.NA,
            "run_hours": float(group["hours"].sum()) if group["hours"].notna().all() else np.nan,
            "run_processor_hours": burden.loc[run, "processor_hours"],
            "hardware_burden_gflop": burden.loc[run, "hardware_burden_flop"] / GFLOP,
            "run_complete": bool(group["hardware_burden_flop"].notna().all()),
            "n_stages_without_hours": int(group["processor_hours"].isna().sum()),
            "run_assumptions": ", ".join(dict.fromkeys(str(a).replace("_", " ") for a in group["assumption"].dropna())) or pd.NA,
            "n_results": len(used)})
    return pd.DataFrame(rows, columns=list(DECLARED["data_training_runs"].columns))


def _counts(ctx: ReportContext, runs: pd.DataFrame) -> pd.DataFrame:
    results = [ctx.table(b.id) for b in ctx.benchmarks]
    stages = ctx.dataset.training_runs
    return pd.DataFrame([{
        "n_results": sum(len(t) for t in results),
        "n_papers": pd.concat([t["paper_key"] for t in results]).nunique() if results else 0,
        "n_benchmarks": len(results), "n_runs": len(runs), "n_complete_runs": int(runs["run_complete"].sum()),
        "n_incomplete_runs": int((~runs["run_complete"].astype(bool)).sum()), "n_stages": len(stages),
        "n_stages_without_hours": int(stage_processor_hours(stages).isna().sum()),
        "n_processors": len(ctx.dataset.processors), "n_prices": len(ctx.dataset.cloud_prices)}],
        columns=list(DECLARED["data_counts"].columns))


def _files(data_dir) -> pd.DataFrame:
    descriptor = read_package(data_dir)
    rows = []
    for resource in descriptor["resources"]:
        path = data_dir / resource["path"]
        rows.append({"data_path": resource["path"], "file_title": resource.get("title", resource["name"]),
                     "n_rows": len(pd.read_csv(path)) if path.exists() else pd.NA,
                     "file_description": resource.get("description", "")})
    rows.append({"data_path": "datapackage.yaml", "file_title": "The data package's descriptor",
                 "n_rows": pd.NA, "file_description": "Every column's meaning, unit, type and constraints, the keys that must resolve across files, and the licences (Frictionless Data Package)."})
    return pd.DataFrame(rows, columns=list(DECLARED["data_files"].columns))


def _processors(ctx: ReportContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    procs = ctx.dataset.processors.copy()
    prices = ctx.dataset.cloud_prices
    procs["processor_name"] = procs["name"]
    procs["processor_key"], procs["processor_vendor"], procs["processor_released"] = procs["processor"], procs["vendor"], procs["released"]
    procs["fp32_flops_per_watt"] = procs["peak_flops_fp32"] / procs["tdp_watts"]
    procs["fp16_flops_per_watt"] = procs["peak_flops_fp16"] / procs["tdp_watts"]
    procs["usd_per_processor_hour"] = procs["processor"].map(lambda p: price_per_hour(prices, p)).astype("float64")
    peak = stage_peak_flops(procs.assign(precision=pd.NA), ctx.dataset.processors)  # the paper's peak: FP32, a TPU's bf16
    procs["peak_flop_per_usd"] = peak * SECONDS_PER_HOUR / procs["usd_per_processor_hour"]
    procs["processor_source"] = procs["source"]
    catalogue = procs.sort_values(["released", "processor"])[list(DECLARED["processor_catalogue"].columns)].reset_index(drop=True)
    listed = prices.assign(processor_name=prices["processor"].map(procs.set_index("processor")["name"]),
                           usd_per_processor_hour=prices["usd_per_hour"], processor_source=prices["source"],
                           processor_key=prices["processor"], price_provider=prices["provider"])
    listed = listed.sort_values(["price_date", "processor"])[list(DECLARED["cloud_prices"].columns)].reset_index(drop=True)
    return catalogue, listed


def build(ctx: ReportContext) -> dict[str, pd.DataFrame]:
    """Every output of this module, by written name."""
    coverage, summary = _coverage(ctx)
    runs = _runs(ctx)
    catalogue, prices = _processors(ctx)
    return {"data_coverage": coverage, "data_summary": summary, "data_training_runs": runs, "data_counts": _counts(ctx, runs),
            "data_files": _files(paths.data_dir()),
            "processor_catalogue": catalogue, "cloud_prices": prices}
