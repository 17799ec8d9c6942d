"""The column vocabulary of the report's outputs: each column's title, unit and type, declared once.

Pages take their table headers from here (`Column.header`), and `analysis.outputs` describes every
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
        raise KeyError(f"column {name!r} is not in analysis.columns") from None


S, N, I, B, D = "string", "number", "integer", "boolean", "date"
define(
    Column("benchmark", "Benchmark", type=S, description="Benchmark id of analysis.registry"),
    Column("benchmark_title", "Benchmark", type=S),
    Column("model", "Model", type=S),
    Column("paper_key", "Paper", type=S, description="Entry in book/references.bib"),
    Column("paper_url", "Paper address", type=S),
    Column("published", "Published", type=D),
    Column("year", "Year", type=I),
    Column("metric", "Metric", type=S, description="Score column of the results file"),
    Column("metric_label", "Metric", type=S),
    Column("measure", "Compute measure", type=S, description="hardware_burden or per_pass"),
    Column("sample", "Sample", type=S, description="Sample rule (analysis.samples) or authors' points"),
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
    Column("score_pct", "Score", "% (BLEU for WMT)"),
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
    # benchmark pages (analysis.report_benchmark)
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
)

# the map of the paper, the introduction and the extrapolation page (analysis.report_paper)
define(
)

# costs (analysis.report_costs)
define(
)

# trends and algorithmic progress (analysis.report_trends)
define(
)

# five years later: back-test, uncertainty, sensitivity (analysis.report_later)
define(
)

# the data pages (analysis.report_data)
define(
)
