"""Report outputs of the compute-trends page and the algorithmic-progress page.

- Trends: ImageNet hardware burden relative to AlexNet's over time (the paper's first figure), the growth of
  hardware burden per year and its doubling time on every benchmark, over each paper's best result and over the
  frontier (the results that set a record of hardware burden, with a 90% interval), and what a tenfold increase in
  computation is worth in years (the polynomial model with a year term) beside the paper's three years.
- Algorithmic progress: the least computation that reached AlexNet's and ResNet-50's ImageNet error as it
  fell over time, with its halving time beside Hernandez & Brown's 16 months; and the Transformer against
  the 2014 sequence-to-sequence models beside the seed article's 61x, with what separates the two measures.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.report.context import ReportContext
from analysis.report.outputs import Output
from analysis.data.paper import (HERNANDEZ_BROWN_HALVING_MONTHS, PAPER_YEARS_PER_TENFOLD, SEED_TRANSFORMER_VS_SEQ2SEQ)
from analysis.data.registry import get_benchmark
from analysis.stats.rules import SIGNIFICANCE_LEVEL
from analysis.stats.samples import MEASURES, error_column, select_sample
from analysis.stats.trends import (cheapest_match, decimal_year, frontier_growth, frontier_records, growth, halving_months, notable, records_to_reach,
                     relative_to, years_per_tenfold)

TREND_BENCHMARK = "imagenet"
"""The benchmark of the paper's first figure."""
ALEXNET = {"paper_key": "krizhevsky2012imagenet", "model": "1 CNN", "figure_label": "AlexNet"}
"""AlexNet's single network, the reference of the paper's first figure."""
REFERENCES = (("AlexNet", "krizhevsky2012imagenet", "1 CNN"), ("ResNet-50", "he2015deep", "ResNet-50"))
"""ImageNet results whose top-1 error the algorithmic-progress records must reach (Hernandez & Brown used AlexNet's)."""
TRANSLATION_BENCHMARKS = ("wmt14_en_fr", "wmt14_en_de")
SEQ2SEQ_YEAR = 2014
"""The year of the sequence-to-sequence models the seed article compares the Transformer with."""
TRANSFORMER_PAPER = "vaswani2017attention"

HALVING_CLOSE_SHARE = 0.1
"""A halving time within this share of Hernandez & Brown's is called "close to" theirs, else faster or slower."""

READING_FEW, READING_WRONG_SIGN, READING_NOT_SIGNIFICANT, READING_ESTIMATED = (
    "too few points", "later results no better for their computation", "year term not significant", "estimated")

BURDEN = ("results/*.csv", "training_runs.csv", "processors.csv")

OUTPUTS = [
    Output("trend_points", "ImageNet hardware burden relative to AlexNet's",
           "Each paper's best ImageNet result with a known hardware burden, that burden over AlexNet's, and whether the figure labels it (AlexNet, and the largest record-setter of each two-year window).",
           ("model", "paper_key", "published", "decimal_year", "hardware_burden_gflop", "relative_to_alexnet", "figure_label", "labelled"),
           ("results/imagenet.csv", "training_runs.csv", "processors.csv")),
    Output("trend_line", "Fitted growth of ImageNet hardware burden, relative to AlexNet's",
           "The log-linear trend of hardware burden over publication year, at the first and last year of the points.",
           ("decimal_year", "relative_to_alexnet"), ("results/imagenet.csv", "training_runs.csv", "processors.csv")),
    Output("trend_growth", "Growth of hardware burden per year, by benchmark",
           "OLS of log10(hardware burden) on publication year over each paper's best result with a known burden: factor per year and doubling time; "
           "and over the frontier, the results that set a record of hardware burden (each above every earlier result), with its 90% interval.",
           ("benchmark", "benchmark_title", "n", "first_year", "last_year", "log10_per_year", "growth_per_year", "doubling_months",
            "frontier_n", "frontier_growth_per_year", "frontier_growth_low", "frontier_growth_high", "frontier_doubling_months"), BURDEN),
    Output("years_per_tenfold", "What a tenfold increase in computation is worth in years",
           "The polynomial model with a year term, log10(error) = a + b log10(C) + g year, on each benchmark's headline sample; b / g years per tenfold computation, beside the paper's three years, with the reading the rule gives.",
           ("benchmark", "benchmark_title", "n", "compute_slope", "year_slope", "year_p_value", "years_per_tenfold",
            "paper_years_per_tenfold", "year_term_reading", "significance_level"), BURDEN),
    Output("algorithmic_halving", "Least computation that reached a fixed ImageNet error, over time",
           "For AlexNet's and ResNet-50's top-1 error, and for each compute measure: the results that reached the error with less computation than any earlier one, the fall from the first to the last, and the halving time of a log-linear fit beside Hernandez & Brown's.",
           ("reference_model", "error_pct", "measure", "n_reached", "n", "first_model", "first_year", "last_model", "last_year",
            "reduction_factor", "halving_months", "paper_halving_months", "halving_pace", "record_models"),
           ("results/imagenet.csv", "training_runs.csv", "processors.csv")),
    Output("transformer_vs_seq2seq", "The Transformer against the 2014 sequence-to-sequence models",
           "On each WMT 2014 benchmark: the best 2014 result with a known hardware burden, the Transformer result with the least burden that scored at least as well, their ratios of hardware burden, of processor-hours and of the peak FLOP/s counted per processor-hour, beside the seed article's 61x; and the best 2014 result of all, with or without a known burden.",
           ("benchmark", "benchmark_title", "baseline_model", "baseline_score", "baseline_gflop", "model", "score_pct",
            "hardware_burden_gflop", "seq2seq_burden_ratio", "seq2seq_hours_ratio", "seq2seq_peak_ratio", "seed_ratio",
            "best_2014_model", "best_2014_score", "best_2014_has_burden"),
           ("results/wmt14_en_fr.csv", "results/wmt14_en_de.csv", "training_runs.csv", "processors.csv")),
]

DECLARED = {o.name: o for o in OUTPUTS}


def short_label(model: str) -> str:
    """A model's name without its parenthesised details: 'Meta Pseudo Labels (EfficientNet-L2 student)' -> 'Meta Pseudo Labels'."""
    return re.sub(r"\s*\(.*$", "", str(model)).strip() or str(model)


def _trend_points(ctx: ReportContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    columns, line_columns = list(DECLARED["trend_points"].columns), list(DECLARED["trend_line"].columns)
    if TREND_BENCHMARK not in ctx.dataset.results:
        return pd.DataFrame(columns=columns), pd.DataFrame(columns=line_columns)
    points = _all_dates(ctx, get_benchmark(TREND_BENCHMARK)).copy()
    is_alexnet = (points["paper_key"] == ALEXNET["paper_key"]) & (points["model"] == ALEXNET["model"])
    reference = ALEXNET["model"] if is_alexnet.any() else None
    points["relative_to_alexnet"] = relative_to(points, reference) if reference else np.nan
    points["decimal_year"] = decimal_year(points["published"])
    points["hardware_burden_gflop"] = points["compute_gflop"]
    points["labelled"] = notable(points, "compute_gflop", reference)
    points["figure_label"] = [ALEXNET["figure_label"] if a else short_label(m) for a, m in zip(is_alexnet, points["model"])]
    trend = growth(points)
    line = pd.DataFrame(columns=line_columns)
    if trend is not None and reference is not None:
        years = np.array([points["decimal_year"].min(), points["decimal_year"].max()])
        alexnet = float(points.loc[is_alexnet, "compute_gflop"].iloc[0])
        line = pd.DataFrame({"decimal_year": years, "relative_to_alexnet": 10 ** (trend.intercept + trend.log10_per_year * years) / alexnet})
    return points[columns].reset_index(drop=True), line


def _growth(ctx: ReportContext) -> pd.DataFrame:
    rows = []
    for b in ctx.benchmarks:
        points = _all_dates(ctx, b)
        trend = growth(points)
        frontier = frontier_growth(_with_burden(ctx, b), "hardware_burden_gflop")
        rows.append({"benchmark": b.id, "benchmark_title": b.title, "n": len(points),
                     "first_year": int(points["published"].dt.year.min()) if len(points) else pd.NA,
                     "last_year": int(points["published"].dt.year.max()) if len(points) else pd.NA,
                     "log10_per_year": trend.log10_per_year if trend else np.nan,
                     "growth_per_year": 10 ** trend.log10_per_year if trend else np.nan,
                     "doubling_months": trend.doubling_months if trend else np.nan,
                     "frontier_n": frontier.n if frontier else len(frontier_records(_with_burden(ctx, b), "hardware_burden_gflop")),
                     "frontier_growth_per_year": frontier.growth_per_year if frontier else np.nan,
                     "frontier_growth_low": frontier.growth_low if frontier else np.nan,
                     "frontier_growth_high": frontier.growth_high if frontier else np.nan,
                     "frontier_doubling_months": frontier.doubling_months if frontier else np.nan})
    return pd.DataFrame(rows, columns=list(DECLARED["trend_growth"].columns))


def _with_burden(ctx: ReportContext, benchmark) -> pd.DataFrame:
    """Every result of a benchmark with a score and a known hardware burden, at any date (the frontier's candidates)."""
    table = ctx.table(benchmark.id)
    return table[table[benchmark.primary_metric.column].notna() & table["hardware_burden_gflop"].gt(0)]


def _all_dates(ctx: ReportContext, benchmark) -> pd.DataFrame:
    """Each paper's best result with a known hardware burden, at any date (the trend figure's rule)."""
    return select_sample(ctx.table(benchmark.id), benchmark.id, benchmark.primary_metric.column, "hardware_burden", "per_paper")


def year_term_reading(fit) -> str:
    """How to read a year-term fit: too few points, a year term of the wrong sign, not significant, or estimated."""
    if fit is None:
        return READING_FEW
    if not fit.year_slope < 0 or not fit.compute_slope < 0:
        return READING_WRONG_SIGN
    if not fit.year_slope_p_value < SIGNIFICANCE_LEVEL:
        return READING_NOT_SIGNIFICANT
    return READING_ESTIMATED


def _years_per_tenfold(ctx: ReportContext) -> pd.DataFrame:
    rows = []
    for b in ctx.benchmarks:
        sample = ctx.sample(b.id, b.primary_metric.column, "hardware_burden", "ours")
        fit = years_per_tenfold(sample)
        rows.append({"benchmark": b.id, "benchmark_title": b.title, "n": len(sample),
                     "compute_slope": fit.compute_slope if fit else np.nan, "year_slope": fit.year_slope if fit else np.nan,
                     "year_p_value": fit.year_slope_p_value if fit else np.nan,
                     "years_per_tenfold": fit.years_per_tenfold if fit else np.nan,
                     "paper_years_per_tenfold": PAPER_YEARS_PER_TENFOLD, "year_term_reading": year_term_reading(fit),
                     "significance_level": SIGNIFICANCE_LEVEL})
    return pd.DataFrame(rows, columns=list(DECLARED["years_per_tenfold"].columns))


def halving_pace(months: float, paper_months: float) -> str:
    """'close to', 'faster than' or 'slower than' the paper's halving time; '' where ours is not estimable."""
    if not np.isfinite(months):
        return ""
    if abs(months - paper_months) <= HALVING_CLOSE_SHARE * paper_months:
        return "close to"
    return "faster than" if months < paper_months else "slower than"


def _halving(ctx: ReportContext) -> pd.DataFrame:
    columns = list(DECLARED["algorithmic_halving"].columns)
    if TREND_BENCHMARK not in ctx.dataset.results:
        return pd.DataFrame(columns=columns)
    table = ctx.table(TREND_BENCHMARK)
    metric = get_benchmark(TREND_BENCHMARK).primary_metric.column
    rows = []
    for label, paper_key, model in REFERENCES:
        ref = table[(table["paper_key"] == paper_key) & (table["model"] == model)]
        if ref.empty or pd.isna(ref[metric].iloc[0]):
            continue
        error = 100.0 - float(ref[metric].iloc[0])
        for measure, column in MEASURES.items():
            points = table.assign(error_pct=table[error_column(metric)], compute_gflop=table[column])
            records, reached = records_to_reach(points, error)
            is_reference = (records["paper_key"] == paper_key) & (records["model"] == model)
            records = records.assign(model=records["model"].where(~is_reference, label))
            first, last = (records.iloc[0], records.iloc[-1]) if len(records) else (None, None)
            rows.append({"reference_model": label, "error_pct": error, "measure": measure, "n_reached": reached, "n": len(records),
                         "first_model": first["model"] if first is not None else pd.NA,
                         "first_year": int(first["published"].year) if first is not None else pd.NA,
                         "last_model": last["model"] if last is not None else pd.NA,
                         "last_year": int(last["published"].year) if last is not None else pd.NA,
                         "reduction_factor": float(first["compute_gflop"] / last["compute_gflop"]) if first is not None else np.nan,
                         "halving_months": halving_months(records), "paper_halving_months": HERNANDEZ_BROWN_HALVING_MONTHS,
                         "halving_pace": halving_pace(halving_months(records), HERNANDEZ_BROWN_HALVING_MONTHS),
                         "record_models": "; ".join(f"{r.model} ({r.published:%Y-%m})" for r in records.itertuples())})
    return pd.DataFrame(rows, columns=columns)


def _transformer(ctx: ReportContext) -> pd.DataFrame:
    runs = ctx.runs("paper_convention")
    rows = []
    for b in ctx.benchmarks:
        if b.id not in TRANSLATION_BENCHMARKS:
            continue
        score = b.primary_metric.column
        table = ctx.table(b.id)
        table = table.assign(processor_hours=table["training_run"].map(runs["processor_hours"]).astype("float64"))
        match = cheapest_match(table[table["published"].dt.year == SEQ2SEQ_YEAR],
                               table[table["paper_key"] == TRANSFORMER_PAPER], score, "hardware_burden_gflop")
        row = {"benchmark": b.id, "benchmark_title": b.title, "seed_ratio": SEED_TRANSFORMER_VS_SEQ2SEQ}
        early = table[(table["published"].dt.year == SEQ2SEQ_YEAR) & table[score].notna()]
        if len(early):
            best = early.sort_values(score, ascending=False).iloc[0]
            row.update({"best_2014_model": best["model"], "best_2014_score": float(best[score]),
                        "best_2014_has_burden": bool(pd.notna(best["hardware_burden_gflop"]))})
        if match is not None:
            base, cand = match.baseline, match.candidate
            burden, hours = match.ratio("hardware_burden_gflop"), match.ratio("processor_hours")
            row.update({"baseline_model": base["model"], "baseline_score": float(base[score]),
                        "baseline_gflop": float(base["hardware_burden_gflop"]),
                        "model": cand["model"] if cand is not None else pd.NA,
                        "score_pct": float(cand[score]) if cand is not None else np.nan,
                        "hardware_burden_gflop": float(cand["hardware_burden_gflop"]) if cand is not None else np.nan,
                        "seq2seq_burden_ratio": burden, "seq2seq_hours_ratio": hours,
                        "seq2seq_peak_ratio": hours / burden if np.isfinite(burden) and burden > 0 else np.nan})
        rows.append(row)
    return pd.DataFrame(rows, columns=list(DECLARED["transformer_vs_seq2seq"].columns))


def build(ctx: ReportContext) -> dict[str, pd.DataFrame]:
    """Every output of this module, by written name."""
    points, line = _trend_points(ctx)
    return {"trend_points": points, "trend_line": line, "trend_growth": _growth(ctx),
            "years_per_tenfold": _years_per_tenfold(ctx), "algorithmic_halving": _halving(ctx),
            "transformer_vs_seq2seq": _transformer(ctx)}
