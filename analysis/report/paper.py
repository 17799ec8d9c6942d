"""Report outputs about the paper itself: the map of the paper with its status rules, the paper's table
reproduced from the authors' points beside the corrected points and our data, the reconciliation of the
authors' points with our rows, and the numbers the introduction states.

Every status the map shows is decided here, by the rule functions below (`extrapolation_status`,
`r2_range_status`, `not_significant_status`, `printed_power_status`, `printed_value_status`,
`exceeds_status`), each using named constants of `analysis.stats.rules` and the paper's values of `analysis.data.paper`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data import paper
from analysis.stats.backtest import summarise
from analysis.report.context import ReportContext
from analysis.report.keynumbers import headline_rows
from analysis.stats.models import MODELS
from analysis.report.columns import FIT_PREFIXES
from analysis.report.outputs import Output
from analysis.stats.reconcile import VERDICTS, reconciliation_table, verdict_counts
from analysis.data.registry import BENCHMARKS
from analysis.stats.reproduce import (SCALE_STEPS, equal_at_printed_power, printed_power, reproduction_table, scale_step,
                        within_interval)
from analysis.stats.extrapolate import power10
from analysis.stats.rules import (CURVE_MARGIN_ORDERS, CURVE_POINTS, R2_PRINTED_DECIMALS, SIGNIFICANCE_LEVEL, YEARS_PRINTED_DECIMALS,
                    backtest_verdict)
from analysis.stats.samples import PAPER_POINTS, PAPER_POINTS_CORRECTED, PAPER_POINTS_SLIPS_FIXED
from analysis.stats.trends import years_per_tenfold

REPRODUCED, DIFFERS, NOT_POSSIBLE, COMPARED = "reproduced", "differs", "not possible", "compared without a verdict"
STATUSES = (REPRODUCED, DIFFERS, NOT_POSSIBLE, COMPARED)
"""The statuses of a map item: equal at the paper's printed precision, not equal, not computable, or set side by side only."""

NOT_SIGNIFICANT_BENCHMARK = "wmt14_en_de"
"""The benchmark whose slope the paper reports as not significant (it prints no extrapolation for it)."""

LEVEL_TITLES = {"today": "today", "target_1": "first target", "target_2": "second target", "target_3": "third target"}

VERDICT_LABELS = {
    "agrees": "agrees", "differs": "differs", "authors_slip": "authors' slip", "not_in_our_data": "not in our data",
    "no_sourced_run": "in our data without a sourced run", "not_this_benchmark": "not a result of this benchmark",
}
"""Readable names of the reconciliation verdicts (`analysis.stats.reconcile.VERDICTS`)."""

VERDICT_COLUMNS = tuple(f"n_{v}" for v in VERDICTS)

MAP_COLUMNS = ("item", "kind", "page", "function", "paper_value", "paper_value_high", "our_value", "our_value_high",
               "status", "status_note", "points_value", "points_value_high", "points_status")
FIT_SAMPLES = dict(zip(FIT_PREFIXES, (PAPER_POINTS, PAPER_POINTS_SLIPS_FIXED, PAPER_POINTS_CORRECTED, "ours")))
"""The four fits of the paper's table, by column prefix: (a) the authors' points, (a') their slips fixed, (b) every
substitution, (c) our own sample."""
FIT_LABELS = FIT_PREFIXES
FIT_PARTS = ("n", "required_gflop", "required_gflop_low", "required_gflop_high", "orders_from_paper", "within_interval",
             "scale")
FOUR_COLUMNS = (("benchmark", "benchmark_title", "fit_model", "error_level", "error_pct", "paper_exponent",
                 "paper_exponent_alternative", "paper_required_gflop")
                + tuple(f"{p}_{part}" for p in FIT_SAMPLES for part in FIT_PARTS))
GAP_COLUMNS = ("benchmark", "benchmark_title", "points_n", "n_slips", "n_slips_fixed", "n_corrected_points", "ours_n",
               "points_required_gflop", "slips_required_gflop", "corrected_required_gflop", "ours_required_gflop",
               "gap_total_orders", "gap_slips_orders", "gap_corrections_orders", "gap_points_orders", "largest_step")
SCALE_COUNT_COLUMNS = dict(zip(SCALE_STEPS, ("n_same_power", "n_inside_interval", "n_outside_interval", "n_not_computable")))
"""The column that counts the cells of each step of the scale."""
SCALE_COLUMNS = ("fit_sample", "sample_label", "benchmark", "benchmark_title", "n_cells", "n_same_power", "n_inside_interval",
                 "n_outside_interval", "n_not_computable", "median_orders_from_paper", "max_abs_orders_from_paper")
RECONCILIATION_COLUMNS = ("site_index", "authors_model", "year", "model", "authors_burden_gflop", "our_burden_gflop",
                          "burden_ratio", "authors_score_pct", "our_score_pct", "verdict", "verdict_label", "notes",
                          "paper_key", "paper_url")
HEADLINE_COLUMNS = ("n_results", "n_papers", "n_runs", "n_benchmarks", "n_paper_points", "n_cells", "n_cells_reproduced",
                    "points_r2_low", "points_r2_high",
                    "ende_points_p_value", "r2_low", "r2_high", "paper_r2_low", "paper_r2_high", "n_negative", "n_fitted",
                    "imagenet_multiple", "points_imagenet_multiple", "paper_imagenet_multiple", "n_map_items",
                    "n_map_reproduced", "n_map_differs", "n_map_not_possible", "n_map_compared", "n_points_map_items",
                    "n_points_reproduced", "n_points_differs", "agree_burden_ratio_median", "significance_level",
                    "data_fingerprint")
BACKTEST_COLUMNS = ("benchmark", "benchmark_title", "fit_sample", "fit_label", "n_fit", "n_later",
                    "log10_actual_over_predicted_median", "quartile_low_orders", "quartile_high_orders", "backtest_verdict")

_POINT_INPUTS = ("paper_points.csv", "paper_points_map.csv", "results/*.csv", "training_runs.csv", "processors.csv")
OUTPUTS = [
    Output("paper_map", "Map of the paper",
           "Each figure, table and headline claim of the paper: the page and function that re-derive it, the paper's value, "
           "ours, the status decided by analysis.report.paper's rules, and the same item from the authors' points.",
           MAP_COLUMNS, _POINT_INPUTS),
    Output("paper_map_counts", "Statuses of the map of the paper",
           "How many items of the map have each status, from our data and from the authors' points.",
           ("status", "n_items", "n_points_items"), _POINT_INPUTS),
    Output("four_fits", "The extrapolation table in four fits",
           "Every cell of the headline extrapolations fitted on (a) the authors' points, (a') the same points with only the "
           "authors' slips fixed, (b) the same points with every sourced row of ours substituted, (c) our own sample before "
           "the cut-off, each with its 90% interval, its distance from the printed value in orders of magnitude, whether the "
           "printed value lies inside the interval, and its step on the reproduction scale.",
           FOUR_COLUMNS, _POINT_INPUTS),
    Output("gap_decomposition", "Where the gap between the authors' points and our data comes from",
           "Per benchmark, the polynomial extrapolation at the first target on (a), (a'), (b) and (c), and the gap (c) - (a) "
           "in orders of magnitude split into its three steps: fixing the slips (a') - (a), the other substitutions "
           "(conventions, versions and splits, agreeing points) (b) - (a'), and different points (c) - (b).",
           GAP_COLUMNS, _POINT_INPUTS),
    Output("reproduction_scale", "The paper's printed cells on the reproduction scale",
           "Per fit sample, for every benchmark and for all together: printed cells at the same power of ten, inside the 90% "
           "interval, outside it, or not computable, with the median and largest distance from the printed values.",
           SCALE_COLUMNS, _POINT_INPUTS),
    Output("reconciliation", "The authors' points beside our rows",
           "One row per authors' point: their hardware burden and score, ours, the ratio, the verdict and its evidence.",
           RECONCILIATION_COLUMNS, ("paper_points.csv", "paper_points_map.csv", "results/{benchmark}.csv",
                                    "training_runs.csv", "processors.csv"), per_benchmark=True),
    Output("verdict_counts", "Verdicts of the reconciliation",
           "Points per benchmark and verdict, with a total row.",
           ("benchmark", "benchmark_title") + VERDICT_COLUMNS + ("n",), _POINT_INPUTS),
    Output("headline", "The numbers the introduction states",
           "One row: counts of the data, cells of the paper's table reproduced from the authors' points, R² ranges, the ImageNet 5% multiple, the map's statuses and the data fingerprint.",
           HEADLINE_COLUMNS, _POINT_INPUTS + ("cloud_prices.csv",)),
    Output("headline_points", "The authors' points of every benchmark",
           "One row per authors' point: benchmark, model, year, error and hardware burden (for the introduction's figure).",
           ("benchmark", "benchmark_title", "model", "year", "error_pct", "compute_gflop"), ("paper_points.csv",)),
    Output("headline_curves", "Both models fitted on the authors' points of every benchmark",
           "Each fit drawn over its points' range of computation plus a margin, with its 90% confidence band.",
           ("benchmark", "fit_model", "compute_gflop", "error_pct", "error_low_pct", "error_high_pct"), ("paper_points.csv",)),
    Output("backtest_summary", "Back-test verdict per benchmark",
           "The polynomial projection of the paper (its fit on the authors' points) and of our refit (our sample before the "
           "cut-off) scored on later results: median and quartiles of log10(actual/projected), and the verdict of "
           "analysis.stats.rules.backtest_verdict.",
           BACKTEST_COLUMNS, ("results/*.csv", "training_runs.csv", "processors.csv", "paper_points.csv")),
    Output("paper_claims", "The paper's claims and how they fare",
           "Each claim the report tests: its status (holds, fragile, fails, cannot tell) by the rules the other pages apply "
           "(the reproduction scale of the four fits, the sensitivity page's survival rule, the back-test of the paper's own "
           "projections), the number behind it, and the page that shows it.",
           ("claim_id", "claim", "claim_status", "evidence", "summary", "page"), _POINT_INPUTS),
    Output("citation", "How to cite this report", "The report's citation and its BibTeX entry, made from CITATION.cff.",
           ("citation_text", "citation_bibtex", "licence", "version"), ("../CITATION.cff",)),
]
DECLARED = {o.name: o for o in OUTPUTS}


# --- status rules --------------------------------------------------------------------------------------------

def _finite(value) -> bool:
    return value is not None and not pd.isna(value) and bool(np.isfinite(float(value)))


def extrapolation_status(benchmark_id: str, model: str, level: str, required_gflop: float,
                         low_gflop: float = float("nan"), high_gflop: float = float("nan")) -> tuple[str, str]:
    """A cell of the extrapolation table: reproduced when equal at the paper's printed power of ten.

    Returns (status, note); the note places the cell on the reproduction scale: its distance from the printed value
    in orders of magnitude and whether the printed value lies inside the fit's 90% interval (`low_gflop`, `high_gflop`).
    """
    exponents = paper.printed_exponents(benchmark_id, model, level)
    if not _finite(required_gflop) or required_gflop <= 0:
        return NOT_POSSIBLE, "too few points with a known hardware burden"
    if equal_at_printed_power(benchmark_id, model, level, required_gflop):
        return REPRODUCED, ""
    gap = float(np.log10(required_gflop)) - exponents[0]
    inside = within_interval(10.0 ** exponents[0], low_gflop, high_gflop)
    return DIFFERS, f"{gap:+.1f} orders of magnitude from the printed value, {'inside' if inside else 'outside'} the 90% interval"


def r2_range_status(r2_values, paper_range: tuple[float, float] = paper.PAPER_R2_RANGE) -> tuple[str, str]:
    """The R² range: reproduced when its lowest and highest values equal the paper's at its printed precision."""
    values = [float(v) for v in r2_values if _finite(v)]
    if not values:
        return NOT_POSSIBLE, "no fit"
    low, high = round(min(values), R2_PRINTED_DECIMALS), round(max(values), R2_PRINTED_DECIMALS)
    if (low, high) == tuple(round(v, R2_PRINTED_DECIMALS) for v in paper_range):
        return REPRODUCED, ""
    return DIFFERS, "other points give another range"


def not_significant_status(p_value: float) -> tuple[str, str]:
    """The paper's "no significant slope": reproduced when p is at least `rules.SIGNIFICANCE_LEVEL`."""
    if not _finite(p_value):
        return NOT_POSSIBLE, "no fit"
    if p_value >= SIGNIFICANCE_LEVEL:
        return REPRODUCED, ""
    return DIFFERS, f"the slope is significant at {SIGNIFICANCE_LEVEL:g}"


def printed_power_status(value: float, paper_value: float) -> tuple[str, str]:
    """A multiple the paper prints as a power of ten ("about 10^5"): reproduced when log10 rounds to the same power."""
    if not _finite(value) or value <= 0:
        return NOT_POSSIBLE, "not estimable"
    if round(np.log10(value)) == round(np.log10(paper_value)):
        return REPRODUCED, ""
    return DIFFERS, f"{np.log10(value) - np.log10(paper_value):+.1f} orders of magnitude"


def printed_value_status(value: float, paper_value: float, decimals: int) -> tuple[str, str]:
    """A value the paper prints to `decimals` decimals: reproduced when ours rounds to it."""
    if not _finite(value):
        return NOT_POSSIBLE, "not estimable"
    if round(float(value), decimals) == round(float(paper_value), decimals):
        return REPRODUCED, ""
    return DIFFERS, ""


def exceeds_status(value: float, threshold: float) -> tuple[str, str]:
    """A claim of "more than `threshold`": reproduced when ours is above it."""
    if not _finite(value):
        return NOT_POSSIBLE, "not estimable"
    return (REPRODUCED, "") if value > threshold else (DIFFERS, "")


GAP_STEPS = {"gap_slips_orders": "fixing the authors' slips", "gap_corrections_orders": "the other substitutions",
             "gap_points_orders": "different points"}
"""The three steps from the authors' points to our sample, with the words a page names each by."""


def gap_parts(points_gflop: float, slips_gflop: float, corrected_gflop: float, ours_gflop: float) -> dict:
    """The gap (c) - (a) in orders of magnitude, split into its steps: (a') - (a), (b) - (a'), (c) - (b).

    `largest_step` names the step of largest size ("" when a step is not computable or two tie at 0.05 orders).
    """
    def log(v):
        return float(np.log10(v)) if _finite(v) and v > 0 else float("nan")
    a, a2, b, c = log(points_gflop), log(slips_gflop), log(corrected_gflop), log(ours_gflop)
    steps = {"gap_slips_orders": a2 - a, "gap_corrections_orders": b - a2, "gap_points_orders": c - b}
    largest = ""
    if all(np.isfinite(v) for v in steps.values()):
        ranked = sorted(steps, key=lambda k: abs(steps[k]), reverse=True)
        if abs(steps[ranked[0]]) - abs(steps[ranked[1]]) >= 0.05:
            largest = GAP_STEPS[ranked[0]]
    return {"gap_total_orders": c - a, **steps, "largest_step": largest}


# --- tables ------------------------------------------------------------------------------------------------------

def _cell(rows: pd.DataFrame, benchmark_id: str, model: str, level: str, column: str = "required_gflop") -> float:
    row = rows[(rows["benchmark"] == benchmark_id) & (rows["model"] == model) & (rows["error_level"] == level)]
    return float(row[column].iloc[0]) if len(row) else float("nan")


def _multiple(rows: pd.DataFrame) -> float:
    """ImageNet's polynomial computation at its first target over that at today's error."""
    return _cell(rows, "imagenet", "polynomial", "target_1") / _cell(rows, "imagenet", "polynomial", "today")


def _paper_fit(ctx: ReportContext, benchmark_id: str, sample: str):
    benchmark = BENCHMARKS[benchmark_id]
    metric = benchmark.primary_metric.column
    if benchmark_id not in ctx.dataset.results or sample not in ctx.samples_of(benchmark, metric, "hardware_burden"):
        return None
    return ctx.fit(benchmark_id, metric, "hardware_burden", sample, "polynomial")


def _r2_by_benchmark(ctx: ReportContext, sample: str) -> dict[str, float]:
    """R² of the polynomial headline fit of every benchmark with a fit on `sample`."""
    out = {}
    for b in ctx.benchmarks:
        fit = _paper_fit(ctx, b.id, sample)
        if fit is not None:
            out[b.id] = fit.r2
    return out


def _row(item, kind, page, function, paper_value, ours, status, points=(np.nan, np.nan), points_status=("", ""),
         paper_high=np.nan, ours_high=np.nan):
    return {"item": item, "kind": kind, "page": page, "function": function, "paper_value": paper_value,
            "paper_value_high": paper_high, "our_value": ours, "our_value_high": ours_high, "status": status[0],
            "status_note": status[1], "points_value": points[0], "points_value_high": points[1],
            "points_status": points_status[0]}


def paper_map(ctx: ReportContext, keys: pd.DataFrame) -> pd.DataFrame:
    """The map of the paper: one row per item, with its status on our data and on the authors' points."""
    ours, theirs = headline_rows(keys), headline_rows(keys, PAPER_POINTS)
    rows = []
    for benchmark_id, row in paper.PAPER_EXTRAPOLATIONS.items():
        title = BENCHMARKS[benchmark_id].title
        for model in MODELS:
            levels = ("today", "target_1", "target_2") if model == "polynomial" else ("target_1", "target_2")
            for level in levels:
                exponents = paper.printed_exponents(benchmark_id, model, level)
                mine, points = _cell(ours, benchmark_id, model, level), _cell(theirs, benchmark_id, model, level)
                bounds = {frame_name: (_cell(frame, benchmark_id, model, level, "required_gflop_low"),
                                       _cell(frame, benchmark_id, model, level, "required_gflop_high"))
                          for frame_name, frame in (("ours", ours), ("points", theirs))}
                error = _cell(ours, benchmark_id, model, level, "error_pct")
                rows.append(_row(
                    f"Extrapolation table: {title}, {model} model, {LEVEL_TITLES[level]} ({error:g}% error)",
                    "computation_gflop", f"benchmarks/{benchmark_id}", "analysis.report.keynumbers.benchmark_key_numbers",
                    10.0 ** exponents[0], mine, extrapolation_status(benchmark_id, model, level, mine, *bounds["ours"]),
                    (points, np.nan), extrapolation_status(benchmark_id, model, level, points, *bounds["points"]),
                    paper_high=10.0 ** exponents[1] if len(exponents) > 1 else np.nan))
    low, high = paper.PAPER_R2_RANGE
    our_r2 = {b: r for b, r in _r2_by_benchmark(ctx, "ours").items() if b != NOT_SIGNIFICANT_BENCHMARK}
    their_r2 = {b: r for b, r in _r2_by_benchmark(ctx, PAPER_POINTS).items() if b != NOT_SIGNIFICANT_BENCHMARK}
    rng = lambda d: (min(d.values()), max(d.values())) if d else (np.nan, np.nan)  # noqa: E731
    rows.append(_row("R² of the hardware-burden regressions, all benchmarks but WMT En-De", "r2_range", "report/extrapolation",
                     "analysis.stats.models.fit_model", low, rng(our_r2)[0], r2_range_status(our_r2.values()),
                     rng(their_r2), r2_range_status(their_r2.values()), paper_high=high, ours_high=rng(our_r2)[1]))
    ende_ours = _paper_fit(ctx, NOT_SIGNIFICANT_BENCHMARK, "ours")
    ende_points = _paper_fit(ctx, NOT_SIGNIFICANT_BENCHMARK, PAPER_POINTS)
    p_ours = ende_ours.p_value if ende_ours else np.nan
    p_points = ende_points.p_value if ende_points else np.nan
    rows.append(_row(f"WMT 2014 En-De: no significant slope (p at least {SIGNIFICANCE_LEVEL:g})", "p_value",
                     f"benchmarks/{NOT_SIGNIFICANT_BENCHMARK}", "analysis.stats.models.fit_model", SIGNIFICANCE_LEVEL, p_ours,
                     not_significant_status(p_ours), (p_points, np.nan), not_significant_status(p_points)))
    per_pass = keys[(keys["benchmark"] == "imagenet") & (keys["metric"] == BENCHMARKS["imagenet"].primary_metric.column)
                    & (keys["measure"] == "per_pass") & (keys["sample"] == "ours") & (keys["model"] == "polynomial")]
    share = float(per_pass["r2"].dropna().iloc[0]) if per_pass["r2"].notna().any() else np.nan
    rows.append(_row("Computation explains 43% of the variance in ImageNet accuracy (computation per pass)", "share",
                     "benchmarks/imagenet", "analysis.stats.models.fit_model", paper.PAPER_IMAGENET_VARIANCE_EXPLAINED, share,
                     printed_value_status(share, paper.PAPER_IMAGENET_VARIANCE_EXPLAINED, R2_PRINTED_DECIMALS)))
    multiple, points_multiple = _multiple(ours), _multiple(theirs)
    rows.append(_row("About 10⁵ times today's computation for 5% ImageNet error (polynomial model)", "multiple",
                     "benchmarks/imagenet", "analysis.stats.extrapolate.requirement", paper.PAPER_IMAGENET_5PCT_MULTIPLE, multiple,
                     printed_power_status(multiple, paper.PAPER_IMAGENET_5PCT_MULTIPLE), (points_multiple, np.nan),
                     printed_power_status(points_multiple, paper.PAPER_IMAGENET_5PCT_MULTIPLE)))
    sample = ctx.sample("imagenet", BENCHMARKS["imagenet"].primary_metric.column, "hardware_burden", "ours")
    term = years_per_tenfold(sample)
    years = term.years_per_tenfold if term else np.nan
    rows.append(_row("Three years of algorithmic progress are worth a tenfold increase in computation", "years",
                     "report/trends", "analysis.stats.trends.years_per_tenfold", paper.PAPER_YEARS_PER_TENFOLD, years,
                     printed_value_status(years, paper.PAPER_YEARS_PER_TENFOLD, YEARS_PRINTED_DECIMALS)))
    rows.append(_nasnet_row(ctx))
    rows.append(_row("Compute for a fixed ImageNet accuracy halves every 16 months (Hernandez & Brown, cited)", "months",
                     "later/algorithmic", "analysis.stats.trends.halving_months", paper.HERNANDEZ_BROWN_HALVING_MONTHS, np.nan,
                     (COMPARED, "compared on the page")))
    rows.append(_row("The Transformer needed 61 times less computation than sequence-to-sequence (seed article)", "multiple",
                     "later/algorithmic", "analysis.stats.trends", paper.SEED_TRANSFORMER_VS_SEQ2SEQ, np.nan,
                     (COMPARED, "compared on the page where the data allow")))
    rows.append(_row("Cost and CO₂ of the extrapolations", "text", "report/costs", "analysis.stats.costs.flop_to_costs", np.nan,
                     np.nan, (COMPARED, "the paper's conversion factors are not published: orders of magnitude compared")))
    rows.append(_row("Figure: hardware burden of ImageNet results relative to AlexNet", "text", "report/trends",
                     "analysis.stats.trends.relative_to", np.nan, np.nan, (COMPARED, "re-drawn from our data")))
    return pd.DataFrame(rows, columns=list(MAP_COLUMNS))


def _nasnet_row(ctx: ReportContext) -> dict:
    table = ctx.table("imagenet").dropna(subset=["hardware_burden_gflop"])
    alex = table[table["paper_key"].str.startswith("krizhevsky2012")]["hardware_burden_gflop"]
    nas = table[table["paper_key"].str.startswith("zoph2017learning")]["hardware_burden_gflop"]
    ratio = float(nas.max() / alex.min()) if len(alex) and len(nas) else np.nan
    points = ctx.dataset.paper_points
    ratio_points = np.nan
    if points is not None:
        inet = points[points["benchmark"] == "imagenet"]
        alex_p = inet[inet["model"].str.contains("AlexNet", na=False)]["hardware_burden_gflop"]
        nas_p = inet[inet["model"].str.contains("NASNet", na=False)]["hardware_burden_gflop"]
        if len(alex_p) and len(nas_p):
            ratio_points = float(nas_p.max() / alex_p.min())
    threshold = 10.0 ** np.floor(np.log10(paper.PAPER_NASNET_OVER_ALEXNET))
    status = exceeds_status(ratio, threshold)
    if status[0] == NOT_POSSIBLE:
        status = (NOT_POSSIBLE, "NASNet's ImageNet training stage has no stated time in our sources, so its burden is unknown")
    return _row(f"NASNet-A halved AlexNet's error with more than {threshold:,.0f} times its computation", "multiple",
                "report/trends", "analysis.stats.compute.run_hardware_burden", paper.PAPER_NASNET_OVER_ALEXNET, ratio, status,
                (ratio_points, np.nan), exceeds_status(ratio_points, threshold))


def map_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Items per status, from our data and from the authors' points (items without a points status not counted there)."""
    return pd.DataFrame({"status": list(STATUSES),
                         "n_items": [int((table["status"] == s).sum()) for s in STATUSES],
                         "n_points_items": [int((table["points_status"] == s).sum()) for s in STATUSES]})


def four_fits(keys: pd.DataFrame) -> pd.DataFrame:
    """The headline extrapolations of every benchmark on the four samples side by side, each placed on the scale."""
    ours = headline_rows(keys)
    frames = {prefix: headline_rows(keys, sample) for prefix, sample in FIT_SAMPLES.items()}
    rows = []
    for r in ours.itertuples(index=False):
        exponents = paper.printed_exponents(r.benchmark, r.model, r.error_level)
        row = {"benchmark": r.benchmark, "benchmark_title": BENCHMARKS[r.benchmark].title, "fit_model": r.model,
               "error_level": r.error_level, "error_pct": r.error_pct,
               "paper_exponent": exponents[0] if exponents else pd.NA,
               "paper_exponent_alternative": exponents[1] if len(exponents) > 1 else pd.NA,
               "paper_required_gflop": r.paper_required_gflop}
        for prefix, frame in frames.items():
            hit = frame[(frame["benchmark"] == r.benchmark) & (frame["model"] == r.model) & (frame["error_level"] == r.error_level)]
            cell = hit.iloc[0] if len(hit) else None
            value = cell["required_gflop"] if cell is not None else np.nan
            orders = cell["orders_from_paper"] if cell is not None else np.nan
            within = cell["paper_within_interval"] if cell is not None else pd.NA
            row.update({
                f"{prefix}_n": cell["n"] if cell is not None else pd.NA, f"{prefix}_required_gflop": value,
                f"{prefix}_required_gflop_low": cell["required_gflop_low"] if cell is not None else np.nan,
                f"{prefix}_required_gflop_high": cell["required_gflop_high"] if cell is not None else np.nan,
                f"{prefix}_orders_from_paper": orders, f"{prefix}_within_interval": within,
                f"{prefix}_scale": scale_step(equal_at_printed_power(r.benchmark, r.model, r.error_level, value),
                                              orders, bool(within) if not pd.isna(within) else False) if exponents else "",
            })
        rows.append(row)
    out = pd.DataFrame(rows, columns=list(FOUR_COLUMNS))
    for c in ("paper_exponent", "paper_exponent_alternative") + tuple(f"{p}_n" for p in FIT_SAMPLES):
        out[c] = out[c].astype("Int64")
    for p in FIT_SAMPLES:
        out[f"{p}_within_interval"] = out[f"{p}_within_interval"].astype("boolean")
    return out


def gap_decomposition(four: pd.DataFrame, substituted: dict[str, dict[str, int]] | None = None) -> pd.DataFrame:
    """Per benchmark with a printed row: the first-target polynomial cells of (a), (a'), (b), (c) and the gap's steps.

    `substituted` gives, per benchmark, the points each corrected sample changed: {"slips": n, "corrected": n}.
    """
    substituted = substituted or {}
    cells = four[(four["fit_model"] == "polynomial") & (four["error_level"] == "target_1") & four["paper_exponent"].notna()]
    rows = []
    for r in cells.itertuples(index=False):
        counts = substituted.get(r.benchmark, {})
        rows.append({"benchmark": r.benchmark, "benchmark_title": r.benchmark_title, "points_n": r.points_n,
                     "n_slips": counts.get("slips_all", pd.NA),
                     "n_slips_fixed": counts.get("slips", pd.NA), "n_corrected_points": counts.get("corrected", pd.NA),
                     "ours_n": r.ours_n, "points_required_gflop": r.points_required_gflop,
                     "slips_required_gflop": r.slips_required_gflop, "corrected_required_gflop": r.corrected_required_gflop,
                     "ours_required_gflop": r.ours_required_gflop,
                     **gap_parts(r.points_required_gflop, r.slips_required_gflop, r.corrected_required_gflop,
                                 r.ours_required_gflop)})
    out = pd.DataFrame(rows, columns=list(GAP_COLUMNS))
    for c in ("points_n", "n_slips", "n_slips_fixed", "n_corrected_points", "ours_n"):
        out[c] = out[c].astype("Int64")
    return out


def reproduction_scale(four: pd.DataFrame) -> pd.DataFrame:
    """Printed cells per step of the scale, for each of the four fits: every benchmark, then all together (`all`)."""
    printed = four[four["paper_exponent"].notna()]
    rows = []
    for prefix, sample in FIT_SAMPLES.items():
        groups = [(b, printed[printed["benchmark"] == b]) for b in dict.fromkeys(printed["benchmark"])] + [("all", printed)]
        for benchmark_id, part in groups:
            steps = part[f"{prefix}_scale"].value_counts()
            orders = part[f"{prefix}_orders_from_paper"].astype("float64").dropna()
            rows.append({
                "fit_sample": sample, "sample_label": FIT_LABELS[prefix], "benchmark": benchmark_id,
                "benchmark_title": BENCHMARKS[benchmark_id].title if benchmark_id in BENCHMARKS else "All benchmarks",
                "n_cells": len(part), **{column: int(steps.get(step, 0)) for step, column in SCALE_COUNT_COLUMNS.items()},
                "median_orders_from_paper": float(orders.median()) if len(orders) else np.nan,
                "max_abs_orders_from_paper": float(orders.abs().max()) if len(orders) else np.nan,
            })
    return pd.DataFrame(rows, columns=list(SCALE_COLUMNS))


def _reconciliation(ctx: ReportContext) -> pd.DataFrame | None:
    """The reconciliation table of every benchmark with points (None without the map)."""
    points, mapping = ctx.dataset.paper_points, ctx.dataset.paper_points_map
    if points is None or mapping is None:
        return None
    ids = [b.id for b in ctx.benchmarks if (points["benchmark"] == b.id).any()]
    return reconciliation_table(points[points["benchmark"].isin(ids)], mapping, {i: ctx.table(i) for i in ids},
                                {i: BENCHMARKS[i].primary_metric.column for i in ids})


def reconciliation_for(ctx: ReportContext, table: pd.DataFrame | None, benchmark_id: str) -> pd.DataFrame:
    """One benchmark's reconciliation rows with readable verdicts and each of our rows' paper address."""
    if table is None:
        return pd.DataFrame(columns=list(RECONCILIATION_COLUMNS))
    part = table[table["benchmark"] == benchmark_id].copy()
    ours = ctx.table(benchmark_id)[["paper_key", "paper_url"]].drop_duplicates("paper_key").set_index("paper_key")["paper_url"]
    part["paper_url"] = part["paper_key"].map(ours)
    part["verdict_label"] = part["verdict"].map(VERDICT_LABELS)
    part["site_index"] = part["site_index"].astype("Int64")
    part["year"] = pd.to_numeric(part["year"]).astype("Int64")
    return part[list(RECONCILIATION_COLUMNS)].sort_values("site_index").reset_index(drop=True)


def verdict_table(table: pd.DataFrame | None) -> pd.DataFrame:
    """Points per benchmark and verdict, with a row for all benchmarks."""
    columns = list(DECLARED["verdict_counts"].columns)
    if table is None or table.empty:
        return pd.DataFrame(columns=columns)
    counts = verdict_counts(table)
    counts.columns = [f"n_{c}" for c in counts.columns]
    counts.loc["all"] = counts.sum()
    counts["n"] = counts[list(VERDICT_COLUMNS)].sum(axis=1)
    counts = counts.reset_index()
    counts["benchmark_title"] = counts["benchmark"].map(lambda b: BENCHMARKS[b].title if b in BENCHMARKS else "All benchmarks")
    return counts[columns]


def backtest_summary(ctx: ReportContext) -> pd.DataFrame:
    """Per benchmark and projection (the paper's fit, then our refit): the polynomial back-test over all later results."""
    from analysis.report.backtests import BACKTEST_FIT_LABELS, backtest_rows
    from analysis.stats.samples import BACKTEST_FIT_SAMPLES

    rows = []
    for b in ctx.benchmarks:
        for row in backtest_rows(ctx, b):
            if row["model"] != "polynomial":
                continue
            fit_sample = BACKTEST_FIT_SAMPLES[row["sample"]]
            rows.append({"benchmark": b.id, "benchmark_title": b.title, "fit_sample": fit_sample,
                         "fit_label": BACKTEST_FIT_LABELS[fit_sample], "n_fit": row["n"], "n_later": row["n_later"],
                         **{c: row[c] for c in BACKTEST_COLUMNS[6:]}})
    out = pd.DataFrame(rows, columns=list(BACKTEST_COLUMNS))
    for c in ("n_fit", "n_later"):
        out[c] = out[c].astype("Int64")
    return out


def headline(ctx: ReportContext, keys: pd.DataFrame, the_map: pd.DataFrame,
             reconciled: pd.DataFrame | None = None) -> pd.DataFrame:
    """The one row of numbers the introduction states (`reconciled`: the reconciliation table, for the agreeing points' ratio)."""
    dataset = ctx.dataset
    agreeing = reconciled[reconciled["verdict"] == "agrees"]["burden_ratio"] if reconciled is not None else pd.Series(dtype=float)
    cells = reproduction_table(keys)
    their_r2 = {b: r for b, r in _r2_by_benchmark(ctx, PAPER_POINTS).items() if b != NOT_SIGNIFICANT_BENCHMARK}
    ours = headline_rows(keys)
    fits = {b.id: _paper_fit(ctx, b.id, "ours") for b in ctx.benchmarks}
    fitted = {k: f for k, f in fits.items() if f is not None}
    our_r2 = [f.r2 for k, f in fitted.items() if k != NOT_SIGNIFICANT_BENCHMARK]
    ende = _paper_fit(ctx, NOT_SIGNIFICANT_BENCHMARK, PAPER_POINTS)
    status = the_map["status"].value_counts()
    points_status = the_map["points_status"].value_counts()
    return pd.DataFrame([{
        "n_results": sum(len(t) for t in dataset.results.values()),
        "n_papers": len({k for t in dataset.results.values() for k in t["paper_key"]}),
        "n_runs": int(ctx.runs("paper_convention")["hardware_burden_flop"].notna().sum()),
        "n_benchmarks": len(ctx.benchmarks),
        "n_paper_points": 0 if dataset.paper_points is None else len(dataset.paper_points),
        "n_cells": len(cells), "n_cells_reproduced": int(cells["reproduced"].sum()),
        "points_r2_low": min(their_r2.values()) if their_r2 else np.nan,
        "points_r2_high": max(their_r2.values()) if their_r2 else np.nan,
        "ende_points_p_value": ende.p_value if ende else np.nan,
        "r2_low": min(our_r2) if our_r2 else np.nan, "r2_high": max(our_r2) if our_r2 else np.nan,
        "paper_r2_low": paper.PAPER_R2_RANGE[0], "paper_r2_high": paper.PAPER_R2_RANGE[1],
        "n_negative": sum(f.slope < 0 for f in fitted.values()), "n_fitted": len(fitted),
        "imagenet_multiple": _multiple(ours), "points_imagenet_multiple": _multiple(headline_rows(keys, PAPER_POINTS)),
        "paper_imagenet_multiple": paper.PAPER_IMAGENET_5PCT_MULTIPLE,
        "n_map_items": len(the_map), "n_map_reproduced": int(status.get(REPRODUCED, 0)),
        "n_map_differs": int(status.get(DIFFERS, 0)), "n_map_not_possible": int(status.get(NOT_POSSIBLE, 0)),
        "n_map_compared": int(status.get(COMPARED, 0)), "n_points_map_items": int((the_map["points_status"] != "").sum()),
        "n_points_reproduced": int(points_status.get(REPRODUCED, 0)), "n_points_differs": int(points_status.get(DIFFERS, 0)),
        "agree_burden_ratio_median": float(agreeing.median()) if len(agreeing) else np.nan,
        "significance_level": SIGNIFICANCE_LEVEL, "data_fingerprint": dataset.fingerprint,
    }], columns=list(HEADLINE_COLUMNS))


def headline_figure(ctx: ReportContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The authors' points of every benchmark with a fit on them, and both models' curves with 90% bands."""
    points, curves = [], []
    for b in ctx.benchmarks:
        metric = b.primary_metric.column
        if PAPER_POINTS not in ctx.samples_of(b, metric, "hardware_burden"):
            continue
        sample = ctx.sample(b.id, metric, "hardware_burden", PAPER_POINTS)
        points.append(sample.assign(benchmark=b.id, benchmark_title=b.title))
        x = np.log10(sample["compute_gflop"].to_numpy(dtype="float64"))
        grid = np.linspace(x.min() - CURVE_MARGIN_ORDERS, x.max() + CURVE_MARGIN_ORDERS, CURVE_POINTS)
        for model in MODELS:
            fit = ctx.fit(b.id, metric, "hardware_burden", PAPER_POINTS, model)
            if fit is None:
                continue
            low, high = fit.band_error_pct(grid)
            curves.append(pd.DataFrame({"benchmark": b.id, "fit_model": model, "compute_gflop": power10(grid),
                                        "error_pct": fit.predict_error_pct(grid), "error_low_pct": low, "error_high_pct": high}))
    point_columns, curve_columns = list(DECLARED["headline_points"].columns), list(DECLARED["headline_curves"].columns)
    return (pd.concat(points, ignore_index=True)[point_columns] if points else pd.DataFrame(columns=point_columns),
            pd.concat(curves, ignore_index=True)[curve_columns] if curves else pd.DataFrame(columns=curve_columns))


def citation() -> pd.DataFrame:
    """The report's citation (text and BibTeX) and licences, from CITATION.cff."""
    import yaml

    from analysis.data import paths

    cff = yaml.safe_load(paths.CITATION_FILE.read_text(encoding="utf-8"))
    authors = " and ".join(a.get("name") or f"{a.get('family-names', '')}, {a.get('given-names', '')}" for a in cff["authors"])
    year = str(cff["date-released"])[:4]
    licences = cff["license"] if isinstance(cff["license"], list) else [cff["license"]]
    text = f"{authors} ({year}). {cff['title']}. Version {cff['version']}."
    bibtex = (f"@software{{computational_limits_rederived_{year},\n  author = {{{{{authors}}}}},\n  title = {{{cff['title']}}},\n"
              f"  version = {{{cff['version']}}},\n  year = {{{year}}}\n}}")
    return pd.DataFrame([{"citation_text": text, "citation_bibtex": bibtex, "licence": ", ".join(licences),
                          "version": str(cff["version"])}])


def claims(ctx: ReportContext, four: pd.DataFrame, backtest: pd.DataFrame) -> pd.DataFrame:
    """The `paper_claims` table, from the four fits, the sensitivity summary and the back-test of the paper's projections."""
    from analysis.report.answer import paper_claims
    from analysis.report.later import survival_summary, variants

    sensitivity = survival_summary(ctx, ctx.derived("sensitivity_variants", variants))
    return paper_claims(four, sensitivity, backtest)


def substituted_counts(ctx: ReportContext) -> dict[str, dict[str, int]]:
    """Per benchmark with the authors' points: how many points the slips-fixed and the corrected samples changed, and
    how many of its points are slips at all (`slips_all`: some cannot be fixed, where our row has no sourced burden)."""
    out = {}
    mapping = ctx.dataset.paper_points_map
    for b in ctx.benchmarks:
        metric = b.primary_metric.column
        samples = ctx.samples_of(b, metric, "hardware_burden")
        out[b.id] = {prefix: int(ctx.sample(b.id, metric, "hardware_burden", sample)["corrected"].sum())
                     for prefix, sample in (("slips", PAPER_POINTS_SLIPS_FIXED), ("corrected", PAPER_POINTS_CORRECTED))
                     if sample in samples}
        if mapping is not None and "cause" in mapping.columns:
            out[b.id]["slips_all"] = int(((mapping["benchmark"] == b.id) & (mapping["cause"] == "slip")).sum())
    return out


def build(ctx: ReportContext) -> dict[str, pd.DataFrame]:
    """Every output of this module, by written name."""
    keys = ctx.key_numbers
    the_map = paper_map(ctx, keys)
    four = four_fits(keys)
    reconciled = _reconciliation(ctx)
    tables = {
        "paper_map": the_map, "paper_map_counts": map_counts(the_map), "four_fits": four,
        "gap_decomposition": gap_decomposition(four, substituted_counts(ctx)), "reproduction_scale": reproduction_scale(four),
        "verdict_counts": verdict_table(reconciled), "headline": headline(ctx, keys, the_map, reconciled),
        "backtest_summary": backtest_summary(ctx),
    }
    tables["paper_claims"] = claims(ctx, four, tables["backtest_summary"])
    tables["headline_points"], tables["headline_curves"] = headline_figure(ctx)
    for b in ctx.benchmarks:
        tables[f"reconciliation/{b.id}"] = reconciliation_for(ctx, reconciled, b.id)
    tables["citation"] = citation()
    return tables
