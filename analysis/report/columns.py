"""The column vocabulary of the report's outputs: each column's title, unit and type, declared once.

Pages take their table headers from here (`Column.header`), and `analysis.report.outputs` describes every
written table with it. Report modules add the columns they introduce with `define`; a name defined
twice with different meanings is an error.
"""
from __future__ import annotations

from dataclasses import dataclass

TYPES = ("string", "number", "integer", "boolean", "date")


@dataclass(frozen=True)
class Column:
    """One column: `title` for readers, `unit` (empty if none), `type` (one of TYPES), `description`."""

    name: str
    title: str
    unit: str = ""
    type: str = "number"
    description: str = ""

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"column {self.name!r}: type {self.type!r} is not one of {', '.join(TYPES)}")

    @property
    def header(self) -> str:
        """The header a table shows: the title, with the unit in parentheses."""
        return f"{self.title} ({self.unit})" if self.unit else self.title

    def descriptor(self) -> dict:
        """The Table Schema field of this column."""
        field = {"name": self.name, "type": self.type, "title": self.title}
        if self.unit:
            field["x-unit"] = self.unit
        if self.description:
            field["description"] = self.description
        return field


COLUMNS: dict[str, Column] = {}


def define(*columns: Column) -> None:
    """Add columns to the vocabulary; redefining a name with another meaning is an error."""
    for c in columns:
        known = COLUMNS.get(c.name)
        if known is not None and known != c:
            raise ValueError(f"column {c.name!r} is already defined as {known}")
        COLUMNS[c.name] = c


def column(name: str) -> Column:
    """A column's declaration; an unknown name is an error naming it."""
    try:
        return COLUMNS[name]
    except KeyError:
        raise KeyError(f"column {name!r} is not in analysis.report.columns") from None


S, N, I, B, D = "string", "number", "integer", "boolean", "date"
define(
    Column("benchmark", "Benchmark", type=S, description="Benchmark id of analysis.data.registry"),
    Column("benchmark_title", "Benchmark", type=S),
    Column("model", "Model", type=S),
    Column("paper_key", "Paper", type=S, description="Entry in book/references.bib"),
    Column("paper_url", "Paper address", type=S),
    Column("published", "Published", type=D),
    Column("year", "Year", type=I),
    Column("metric", "Metric", type=S, description="Score column of the results file"),
    Column("metric_label", "Metric", type=S),
    Column("measure", "Compute measure", type=S, description="hardware_burden or per_pass"),
    Column("sample", "Sample", type=S, description="Sample rule (analysis.stats.samples) or authors' points"),
    Column("fit_model", "Model of error", type=S, description="polynomial or exponential"),
    Column("n", "Points", type=I),
    Column("intercept", "Intercept"),
    Column("slope", "Slope", description="Change in the model's error transform per tenfold computation"),
    Column("slope_low", "Slope, 90% low"),
    Column("slope_high", "Slope, 90% high"),
    Column("r2", "R²"),
    Column("p_value", "p-value", description="Two-sided p-value of the slope (robust standard errors)"),
    Column("error_level", "Error level", type=S, description="today, target_1 or target_2 (the paper's)"),
    Column("error_pct", "Error", "%"),
    Column("score_pct", "Score", "%; BLEU for WMT"),
    Column("compute_gflop", "Computation", "GFLOP"),
    Column("error_low_pct", "Error, 90% band low", "%"),
    Column("error_high_pct", "Error, 90% band high", "%"),
    Column("per_pass_gflop", "Computation per pass", "GFLOP"),
    Column("hardware_burden_gflop", "Hardware burden", "GFLOP"),
    Column("required_gflop", "Computation needed", "GFLOP"),
    Column("required_gflop_low", "Computation needed, 90% low (analytic)", "GFLOP"),
    Column("required_gflop_high", "Computation needed, 90% high (analytic)", "GFLOP"),
    Column("required_gflop_boot_low", "Computation needed, 90% low (bootstrap)", "GFLOP"),
    Column("required_gflop_boot_high", "Computation needed, 90% high (bootstrap)", "GFLOP"),
    Column("paper_required_gflop", "Paper's computation needed", "GFLOP", description="10 to the exponent the paper prints"),
    Column("log10_actual_over_predicted_median", "Actual / projected, median", "orders of magnitude"),
    Column("log10_actual_over_predicted_iqr", "Actual / projected, interquartile range", "orders of magnitude"),
    Column("training_run", "Training run", type=S),
    Column("extra_data", "Extra training data", type=S),
    Column("ensemble", "Ensemble", type=B),
    Column("score_source", "Score source", type=S),
    Column("notes", "Notes", type=S),
    Column("role", "Role in the fits", type=S),
    Column("residual", "Residual", "model's error transform"),
    Column("co2_tonnes", "CO₂", "t"),
    Column("energy_kwh", "Energy", "kWh"),
    Column("usd", "Cost", "US$"),
    # benchmark pages (analysis.report.benchmark)
    Column("task", "Task", type=S),
    Column("error_rule", "Error", type=S),
    Column("beyond_paper", "Beyond the paper", type=B),
    Column("n_results", "Results", type=I),
    Column("n_papers", "Papers", type=I),
    Column("n_with_burden", "Results with a hardware burden", type=I),
    Column("n_with_per_pass", "Results with a computation per pass", type=I),
    Column("n_sample", "Points in our headline sample", type=I),
    Column("n_per_pass_sample", "Points in our per-pass sample", type=I),
    Column("paper_n", "Points in the paper's regression", type=I),
    Column("cutoff_date", "Cut-off", type=S),
    Column("best_per_paper", "Each paper's best result only", type=B),
    Column("slope_significant", "Slope significant", type=B),
    Column("small_sample", "Fewer points than the small-sample warning threshold", type=B),
    Column("significance_level", "Significance level"),
    Column("paper_points_r2", "R² on the authors' points"),
    Column("paper_points_p_value", "p-value on the authors' points"),
    Column("paper_points_n", "Authors' points", type=I),
    Column("paper_has_row", "The paper prints an extrapolation", type=B),
    Column("burden_span_orders", "Span of hardware burden", "orders of magnitude"),
    Column("gap_target_1_orders", "Our polynomial extrapolation at the first target minus the paper's", "orders of magnitude"),
    Column("large_gap", "Gap larger than the rule's threshold", type=B),
    Column("large_gap_orders", "Threshold of a large gap", "orders of magnitude"),
    Column("score_label", "Metric", type=S),
    Column("in_per_pass_sample", "In the per-pass sample", type=B),
    Column("site_index", "Authors' site id", type=I),
    Column("corrected_error_pct", "Error, corrected", "%"),
    Column("corrected_compute_gflop", "Computation, corrected", "GFLOP"),
    Column("corrected", "Corrected with our row", type=B),
    Column("reproduced", "Equal at the printed power of ten", type=B),
    Column("decimal_year", "Publication year", "year"),
    Column("first_target_pct", "First target error", "%"),
    Column("gap_corrections_orders", "Change at the first target from correcting the authors' points", "orders of magnitude"),
    Column("gap_points_orders", "Change at the first target from our own points", "orders of magnitude"),
    Column("chance_error_pct", "Error of guessing", "%"),
    Column("chance_margin_points", "Margin to chance within which results are left out", "percentage points"),
    Column("n_near_chance", "Results left out as near chance", type=I),
    Column("operations_gflop", "Training operations (Epoch AI)", "GFLOP"),
    Column("precision_burden_gflop", "Hardware burden at the precision used", "GFLOP"),
    Column("utilisation_fp32", "Operations / hardware burden (FP32 peak)"),
    Column("utilisation_precision", "Operations / hardware burden (precision used)"),
)

# the reproduction scale, the four fits, the back-test of the paper's fits and the report's answer
define(
    Column("orders_from_paper", "Distance from the paper", "orders of magnitude",
           description="log10 of ours minus the printed exponent: 0 to 1 is the same printed power of ten"),
    Column("paper_within_interval", "Paper's value inside the 90% interval", type=B),
    Column("scale_step", "On the scale", type=S,
           description="same power, inside the interval, outside the interval or not computable (analysis.stats.reproduce.SCALE_STEPS)"),
    Column("orders_beyond_data", "Beyond the data", "orders of magnitude",
           description="log10 of the computation needed over the largest of the sample it was fitted on"),
    Column("beyond_data", "Far beyond the data", type=B,
           description="More than analysis.stats.rules.BEYOND_DATA_MARK_ORDERS orders of magnitude beyond the sample's largest computation"),
    Column("reached_gflop", "Least computation that reached this error", "GFLOP",
           description="Least computation of a result of the sample at or below the error level; empty if none reached it"),
    Column("gap_slips_orders", "Change at the first target from fixing the authors' slips", "orders of magnitude"),
    Column("slip_fixed", "A slip of the authors, fixed with our row", type=B),
    Column("cause", "Cause of the difference", type=S, description="slip, convention, version_or_split or within_noise (analysis.stats.reconcile.CAUSES)"),
    Column("fit_sample", "Fitted on", type=S, description="paper_points (the paper's own fits) or authors (our refit)"),
    Column("fit_label", "Projection", type=S),
    Column("n_fit", "Points fitted", type=I),
    Column("backtest_min_fit_points", "Points a verdict's fit needs", type=I),
    Column("backtest_max_iqr_orders", "Widest spread a verdict allows", "orders of magnitude"),
    Column("sample_label", "Sample", type=S),
    Column("n_same_power", "Same power", type=I),
    Column("n_inside_interval", "Inside the interval", type=I),
    Column("n_outside_interval", "Outside the interval", type=I),
    Column("n_not_computable", "Not computable", type=I),
    Column("median_orders_from_paper", "Median distance from the paper", "orders of magnitude"),
    Column("max_abs_orders_from_paper", "Largest distance from the paper", "orders of magnitude"),
    Column("claim_id", "Claim", type=S),
    Column("claim", "The paper's claim", type=S),
    Column("claim_status", "Status", type=S, description="holds, fragile, fails or cannot tell (analysis.report.answer.CLAIM_STATUSES)"),
    Column("evidence", "The number behind it", type=S),
    Column("summary", "In short", type=S),
    Column("agree_burden_ratio_median", "Our hardware burden over the authors', median of the agreeing points"),
)

FIT_PREFIXES = {"points": "(a) the authors' points", "slips": "(a') their slips fixed", "corrected": "(b) all corrections",
                "ours": "(c) our sample"}
"""The four fits of the paper's table, by the prefix of their columns, and how tables name them."""
define(*(column for prefix, label in FIT_PREFIXES.items() for column in (
    Column(f"{prefix}_n", f"{label}: points", type=I),
    Column(f"{prefix}_required_gflop", f"{label}", "GFLOP"),
    Column(f"{prefix}_required_gflop_low", f"{label}: 90% low", "GFLOP"),
    Column(f"{prefix}_required_gflop_high", f"{label}: 90% high", "GFLOP"),
    Column(f"{prefix}_orders_from_paper", f"{label}: distance from the paper", "orders of magnitude"),
    Column(f"{prefix}_within_interval", f"{label}: paper's value inside the 90% interval", type=B),
    Column(f"{prefix}_scale", f"{label}: on the scale", type=S),
)))
define(Column("n_slips_fixed", "Slips fixed with our row", type=I), Column("n_slips", "Slips of the authors", type=I), Column("largest_step", "Largest step of the gap", type=S))

# the map of the paper, the introduction and the extrapolation page (analysis.report.paper)
define(
    Column("item", "Paper item", type=S),
    Column("kind", "Kind of value", type=S, description="computation_gflop, r2_range, p_value, share, multiple, years, months or text"),
    Column("page", "Page", type=S, description="Document of the book that re-derives the item"),
    Column("function", "Function", type=S),
    Column("paper_value", "The paper", description="In the unit of the item's kind"),
    Column("paper_value_high", "The paper, upper value", description="Upper end of a range, or another printed value"),
    Column("our_value", "This report (our data)", description="In the unit of the item's kind"),
    Column("our_value_high", "This report, upper value"),
    Column("status", "Status (our data)", type=S, description="reproduced, differs, not possible, compared without a verdict"),
    Column("status_note", "Why", type=S),
    Column("points_value", "From the authors' points"),
    Column("points_value_high", "From the authors' points, upper value"),
    Column("points_status", "Reproduced from the authors' points", type=S),
    Column("n_items", "Items, our data", type=I),
    Column("n_points_items", "Items, from the authors' points", type=I),
    Column("paper_exponent", "The paper prints 10 to the", type=I),
    Column("paper_exponent_alternative", "or (another copy) 10 to the", type=I),
    Column("n_corrected_points", "Points corrected with our row", type=I),
    Column("gap_total_orders", "Gap (c) − (a)", "orders of magnitude"),
    Column("authors_model", "Model (authors' name)", type=S),
    Column("authors_burden_gflop", "Their hardware burden", "GFLOP"),
    Column("our_burden_gflop", "Our hardware burden", "GFLOP"),
    Column("burden_ratio", "Ours / theirs"),
    Column("authors_score_pct", "Their score", "%; BLEU for WMT"),
    Column("our_score_pct", "Our score", "%; BLEU for WMT"),
    Column("verdict", "Verdict", type=S, description="One of analysis.stats.reconcile.VERDICTS"),
    Column("verdict_label", "Verdict", type=S),
    Column("n_agrees", "Agrees", type=I),
    Column("n_differs", "Differs", type=I),
    Column("n_authors_slip", "Authors' slip", type=I),
    Column("n_not_in_our_data", "Not in our data", type=I),
    Column("n_no_sourced_run", "In our data without a sourced run", type=I),
    Column("n_not_this_benchmark", "Not a result of this benchmark", type=I),
    Column("n_runs", "Training runs", type=I),
    Column("n_benchmarks", "Benchmarks", type=I),
    Column("n_paper_points", "Authors' points", type=I),
    Column("n_cells", "Printed cells of the paper's table", type=I),
    Column("n_cells_reproduced", "Cells reproduced from the authors' points", type=I),
    Column("points_r2_low", "Lowest R², authors' points"),
    Column("points_r2_high", "Highest R², authors' points"),
    Column("ende_points_p_value", "p-value of En-De on the authors' points"),
    Column("r2_low", "Lowest R², our data"),
    Column("r2_high", "Highest R², our data"),
    Column("paper_r2_low", "Lowest R², the paper"),
    Column("paper_r2_high", "Highest R², the paper"),
    Column("n_negative", "Fits sloping downwards", type=I),
    Column("n_fitted", "Fits", type=I),
    Column("imagenet_multiple", "ImageNet: computation at 5% over today's, our data"),
    Column("points_imagenet_multiple", "ImageNet: computation at 5% over today's, authors' points"),
    Column("paper_imagenet_multiple", "ImageNet: computation at 5% over today's, the paper"),
    Column("n_map_items", "Items of the map", type=I),
    Column("n_map_reproduced", "Items reproduced", type=I),
    Column("n_map_differs", "Items that differ", type=I),
    Column("n_map_not_possible", "Items not computable", type=I),
    Column("n_map_compared", "Items compared without a verdict", type=I),
    Column("n_points_map_items", "Items with a value from the authors' points", type=I),
    Column("n_points_reproduced", "Items reproduced from the authors' points", type=I),
    Column("n_points_differs", "Items differing on the authors' points", type=I),
    Column("data_fingerprint", "Data fingerprint", type=S, description="SHA-256 of the data files"),
    Column("quartile_low_orders", "Actual / projected, lower quartile", "orders of magnitude"),
    Column("quartile_high_orders", "Actual / projected, upper quartile", "orders of magnitude"),
    Column("backtest_verdict", "Back-test verdict", type=S),
)

# costs (analysis.report.costs)
define(
    Column("era", "Era", type=S, description="paper_era or current (analysis.stats.costs.ERA_FACTORS)"),
    Column("era_label", "Era", type=S),
    Column("reference_processor", "Energy and CO₂ on", type=S),
    Column("pue", "PUE", description="Power usage effectiveness of the data centre"),
    Column("kg_co2_per_kwh", "Grid intensity", "kg CO₂ per kWh"),
    Column("price_processor", "Dollars at the price of", type=S),
    Column("usd_per_processor_hour", "Price", "US$ per processor-hour"),
    Column("price_published", "A price is published", type=B),
    Column("kwh_per_exaflop", "Energy per 10¹⁸ FLOP", "kWh per 10¹⁸ FLOP"),
    Column("co2_kg_per_exaflop", "CO₂ per 10¹⁸ FLOP", "kg per 10¹⁸ FLOP"),
    Column("usd_per_exaflop", "Cost per 10¹⁸ FLOP", "US$ per 10¹⁸ FLOP"),
    Column("factor_source", "Source", type=S),
    Column("co2_tonnes_current", "CO₂, current", "t"),
    Column("usd_current", "Cost, current", "US$"),
    Column("world_co2_years", "In years of world CO₂ emissions", "years"),
    Column("world_gdp_years", "In years of world GDP", "years"),
    Column("reference", "Reference point", type=S),
    Column("reference_value", "Value"),
    Column("reference_unit", "Unit", type=S),
    Column("companion_usd", "The companion article's price", "US$"),
    Column("usd_over_companion", "Ours / the companion article's", "×"),
    Column("quantity", "Quantity", type=S),
    Column("quantity_unit", "Unit", type=S),
    Column("published_low", "Published, low"),
    Column("published_high", "Published, high"),
    Column("this_report", "This report's conversion"),
    Column("ratio_low", "This report / published, low", "×"),
    Column("ratio_high", "This report / published, high", "×"),
    Column("published_usd", "Published cost", "US$"),
    Column("ratio", "This report / published", "×"),
)

# trends and algorithmic progress (analysis.report.trends)
define(
    Column("relative_to_alexnet", "Hardware burden relative to AlexNet's", "× AlexNet's"),
    Column("figure_label", "Label", type=S, description="Short name shown beside the point in a figure"),
    Column("labelled", "Labelled in the figure", type=B),
    Column("first_year", "First year", type=I),
    Column("last_year", "Last year", type=I),
    Column("log10_per_year", "Growth", "orders of magnitude per year"),
    Column("growth_per_year", "Growth", "× per year"),
    Column("doubling_months", "Doubling time", "months"),
    Column("compute_slope", "Slope of log10(computation)", description="Change in log10(error %) per tenfold computation, year held fixed"),
    Column("year_slope", "Slope of the year", description="Change in log10(error %) per year, computation held fixed"),
    Column("year_p_value", "p-value of the year term", description="Two-sided t test, HC3 robust standard errors"),
    Column("years_per_tenfold", "Years per tenfold computation", "years"),
    Column("paper_years_per_tenfold", "The paper's years per tenfold computation", "years"),
    Column("year_term_reading", "Reading", type=S, description="too few points, later results no better for their computation, year term not significant, or estimated"),
    Column("reference_model", "Error level of", type=S),
    Column("n_reached", "Results that reached it", type=I),
    Column("first_model", "First record", type=S),
    Column("last_model", "Last record", type=S),
    Column("reduction_factor", "Fall from first to last record", "×"),
    Column("halving_months", "Halving time", "months"),
    Column("paper_halving_months", "Hernandez & Brown's halving time", "months"),
    Column("halving_pace", "Against Hernandez & Brown", type=S, description="faster than, slower than or close to their halving time"),
    Column("record_models", "Records (publication month)", type=S),
    Column("baseline_model", "2014 model", type=S),
    Column("baseline_score", "2014 model's BLEU", "BLEU"),
    Column("baseline_gflop", "2014 model's hardware burden", "GFLOP"),
    Column("seq2seq_burden_ratio", "Hardware burden, 2014 model / Transformer", "×"),
    Column("seq2seq_hours_ratio", "Processor-hours, 2014 model / Transformer", "×"),
    Column("seq2seq_peak_ratio", "Peak FLOP/s per processor-hour, Transformer / 2014 model", "×"),
    Column("seed_ratio", "The seed article's ratio", "×"),
    Column("best_2014_model", "Best 2014 model", type=S),
    Column("best_2014_score", "Best 2014 model's BLEU", "BLEU"),
    Column("best_2014_has_burden", "Best 2014 model has a known hardware burden", type=B),
)

# five years later: back-test, uncertainty, sensitivity (analysis.report.later)
define(
    Column("evaluation", "Evaluation", type=S, description="How the result was evaluated: task_specific, fine_tuned, few_shot or zero_shot"),
    Column("evaluation_group", "Models", type=S, description="all, task-specific, general (pre-trained, evaluated fine-tuned, few-shot or zero-shot) or not recorded"),
    Column("evaluation_groups", "Models among the later results", type=S),
    Column("fitted", "Fitted before the cut-off", type=B),
    Column("n_before", "Points before the cut-off", type=I),
    Column("n_later_results", "Later results", type=I, description="Results on or after the cut-off with a known score"),
    Column("n_later", "Later results scored", type=I, description="Later results in the sample rule with a known hardware burden and a finite projection"),
    Column("log10_actual_over_predicted", "Actual / projected", "orders of magnitude"),
    # the same declarations as in the map-of-the-paper block (identical, so either block may come first)
    Column("projected_gflop", "Hardware burden projected", "GFLOP"),
    Column("share_cheaper", "Share cheaper than projected"),
    Column("backtest_min_later_points", "Later results a verdict needs", type=I),
    Column("unbounded_analytic", "Analytic interval unbounded", type=B, description="The Fieller set is not a finite interval: the slope is not significantly different from zero"),
    Column("unbounded_boot", "Bootstrap interval unbounded above", type=B, description="More than the tail share of draws have a slope that never reaches the target"),
    Column("slope_boot_low", "Slope, 90% low (bootstrap)"),
    Column("slope_boot_high", "Slope, 90% high (bootstrap)"),
    Column("co2_tonnes_boot_low", "CO₂, 90% low (bootstrap)", "t"),
    Column("co2_tonnes_boot_high", "CO₂, 90% high (bootstrap)", "t"),
    Column("usd_boot_low", "Cost, 90% low (bootstrap)", "US$"),
    Column("usd_boot_high", "Cost, 90% high (bootstrap)", "US$"),
    Column("interval", "Interval", type=S, description="analysis.stats.coverage.INTERVALS"),
    Column("interval_label", "Interval", type=S),
    Column("nominal", "Claimed coverage", description="Probability the interval claims to contain the truth"),
    Column("covered", "Simulations covered", type=I),
    Column("draws", "Simulations", type=I),
    Column("coverage", "Measured coverage"),
    Column("coverage_margin", "Margin of the measured coverage (95%)", description="1.96 binomial standard errors at the claimed coverage"),
    Column("share_unbounded", "Share unbounded"),
    Column("peak", "Peak counted", type=S, description="authors (FP32 for GPUs, the paper's) or precision_used"),
    Column("error_transform", "Error transform", type=S, description="log (the polynomial model) or logit"),
    Column("loo_paper", "Most influential paper", type=S, description="The paper whose removal moves the slope most towards zero"),
    Column("loo_slope", "Slope without it"),
    Column("loo_retained", "Share of the slope kept without it"),
    Column("survives", "Survives", type=B, description="analysis.stats.rules.survives"),
    Column("loo_max_flattening", "Largest share of the slope one paper may remove"),
    Column("n_variants", "Variants fitted", type=I),
    Column("n_significant", "Significant slope", type=I),
    Column("n_survive", "Surviving", type=I),
    Column("survives_all", "Survives every variant", type=B),
    Column("significant_all", "Significant in every variant", type=B),
    Column("assumption", "Assumption replaced", type=S, description="none, a class of data/training_runs.csv's assumption column, or all"),
    Column("alternative", "Alternative", type=S),
    Column("n_affected", "Points of our sample resting on it", type=I),
    Column("slope_change", "Change of the slope"),
    Column("shift_orders", "Change at the first target", "orders of magnitude"),
)

# the data pages (analysis.report.data)
define(
    Column("data_path", "File", type=S, description="Path under data/"),
    Column("run_stages", "Stages", type=S),
    Column("run_processors", "Processors", type=S),
    Column("max_processor_count", "Processor count (largest stage)", type=I),
    Column("run_hours", "Time, all stages", "hours"),
    Column("run_processor_hours", "Processor time, all stages", "processor-hours"),
    Column("run_complete", "Every stage states its hours", type=B),
    Column("n_stages_without_hours", "Stages without hours", type=I),
    Column("run_assumptions", "Assumptions", type=S, description="Assumptions of its stages (data/training_runs.csv, assumption)"),
    Column("n_complete_runs", "Training runs whose every stage states its hours", type=I),
    Column("n_incomplete_runs", "Training runs with a stage without hours", type=I),
    Column("n_stages", "Training stages", type=I),
    Column("n_processors", "Processors", type=I),
    Column("n_prices", "Cloud prices", type=I),
    Column("file_title", "Title", type=S),
    Column("n_rows", "Rows", type=I),
    Column("file_description", "Description", type=S),
    Column("processor_key", "Key", type=S, description="Key of data/processors.csv"),
    Column("processor_name", "Processor", type=S),
    Column("processor_vendor", "Vendor", type=S),
    Column("processor_type", "Type", type=S),
    Column("processor_released", "Released", type=D),
    Column("peak_flops_fp32", "Peak FP32", "FLOP/s"),
    Column("peak_flops_fp16", "Peak FP16/BF16/tensor", "FLOP/s"),
    Column("tdp_watts", "TDP", "W"),
    Column("fp32_flops_per_watt", "Peak FP32 per watt", "FLOP/s per W"),
    Column("fp16_flops_per_watt", "Peak FP16/BF16/tensor per watt", "FLOP/s per W"),
    Column("peak_flop_per_usd", "Peak FLOP per cloud dollar", "FLOP per US$", description="The paper's peak (FP32; a TPU's bf16) over the lowest published price"),
    Column("processor_source", "Source", type=S),
    Column("price_provider", "Provider", type=S),
    Column("price_date", "Price date", type=D),
)

# how to cite the report (analysis.report.paper.citation)
define(
    Column("citation_text", "Citation", type=S, description="The report's citation, made from CITATION.cff"),
    Column("citation_bibtex", "BibTeX", type=S),
    Column("licence", "Licence", type=S),
    Column("version", "Version", type=S),
)

# the frontier of compute (analysis.report.trends) and the report beside later work (analysis.report.field)
define(
    Column("frontier_n", "Records", type="integer", description="Results that set a record of hardware burden (each above every earlier one)"),
    Column("frontier_growth_per_year", "Growth of the frontier", "× per year"),
    Column("frontier_growth_low", "Growth of the frontier, 90% low", "× per year"),
    Column("frontier_growth_high", "Growth of the frontier, 90% high", "× per year"),
    Column("frontier_doubling_months", "Doubling time of the frontier", "months"),
    Column("ours", "This report"),
    Column("ours_low", "This report, 90% low"),
    Column("ours_high", "This report, 90% high"),
    Column("unit", "Unit", type="string"),
    Column("anchor", "Later work", type="string", description="The publication's entry in book/references.bib"),
    Column("anchor_value", "Later work's value"),
    Column("anchor_low", "Later work, low", description="Lower end of the interval or range the publication prints (its level in note)"),
    Column("anchor_high", "Later work, high"),
    Column("anchor_source", "Source", type="string", description="Where the value is printed and where it was read"),
    Column("note", "Note", type="string"),
    Column("later_claim", "Claim", type="string", description="A dated claim of the paper's authors after 2020"),
    Column("claim_made", "Made", type="date", description="When the claim was made or reported"),
    Column("predicted_error_pct", "Predicted error", "%"),
    Column("due_year", "By", type="integer"),
    Column("best_error_pct", "Best published error so far", "%"),
    Column("best_model", "Best result", type="string"),
    Column("best_published", "Best result published", type="date"),
    Column("claim_verdict", "Verdict", type="string"),
)

# readable labels of the comparisons (analysis.report.field)
define(
    Column("anchor_label", "Later work", type="string", description="Short citation of the publication (authors, year) and the few words that tell its figures apart"),
)
