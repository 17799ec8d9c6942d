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
)
