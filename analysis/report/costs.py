"""Report outputs of the costs page: the conversion factors, the extrapolations priced in two eras, reference
points a reader knows, and the calibration of the conversion against published figures.

Energy and CO₂ of an amount of computation follow `analysis.stats.costs.priced` (the era's reference processor at its
peak and TDP, the era's data-centre PUE and grid intensity); dollars are the same processor's hours at its published
cloud price at the era's date (`analysis.data.constants.PRICE_DATES`), or "no published price" where the data hold none. CO₂ is in metric tonnes; pounds
appear only in the calibration against Strubell et al., who publish pounds. An extrapolation more than
`analysis.stats.rules.BEYOND_DATA_MARK_ORDERS` orders of magnitude beyond the largest hardware burden of the sample it was fitted on
carries `beyond_data`: its costs price the fitted curve far from any observation.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats.compute import GFLOP, run_hardware_burden
from analysis.data.constants import (ENERGY_FACTORS, KG_PER_LB, KG_PER_TONNE, PRICE_DATES, REFERENCE_PROCESSORS,
                        STRUBELL_2019, STRUBELL_TRANSFORMER_BIG, WORLD_CO2_SOURCE, WORLD_CO2_TONNES_PER_YEAR,
                        WORLD_GDP_SOURCE, WORLD_GDP_USD)
from analysis.report.context import ReportContext
from analysis.stats.costs import ERA_FACTORS, price_row, priced, stage_cloud_cost, stage_energy
from analysis.report.keynumbers import headline_rows
from analysis.report.outputs import Output
from analysis.data.paper import IEEE_SPECTRUM_IMAGENET_5PCT_USD, PUBLISHED_TRAINING_COSTS_USD
from analysis.stats.rules import BEYOND_DATA_MARK_ORDERS

EXAFLOP_GFLOP = 1e9
"""10^18 FLOP in GFLOP: the amount the factor table prices."""
ERA_LABELS = {"paper_era": "The paper's era", "current": "Current"}
HEADLINE_BENCHMARK, HEADLINE_LEVEL = "imagenet", "target_1"
"""The extrapolation the companion article prices: ImageNet at the paper's first target (5% error)."""
SEED_TRAINING_RUNS = {"BERT": "devlin2018bert_large", "Grover": "zellers2019defending", "GPT-3": "brown2020language"}
"""Prefixes of the training runs behind the training costs the seed article quotes."""

PRICED_INPUTS = ("results/*.csv", "training_runs.csv", "processors.csv", "cloud_prices.csv", "paper_points.csv")

OUTPUTS = [
    Output("cost_factors", "Conversion factors of each era",
           "Per era: the reference processor, PUE and grid intensity, the processor whose published price gives dollars (the reference processor itself), and what 10^18 FLOP of hardware burden costs in energy, CO₂ and dollars.",
           ("era", "era_label", "reference_processor", "pue", "kg_co2_per_kwh", "price_processor", "usd_per_processor_hour",
            "price_published", "kwh_per_exaflop", "co2_kg_per_exaflop", "usd_per_exaflop", "factor_source"),
           ("processors.csv", "cloud_prices.csv")),
    Output("costs_priced", "The extrapolations priced, in the paper's era and today",
           "Every headline extrapolation (primary metric, hardware burden, our sample, both models): computation needed, the paper's printed value, how far it lies beyond the largest hardware burden of the sample it was fitted on (beyond_data marks more than analysis.stats.rules.BEYOND_DATA_MARK_ORDERS orders of magnitude), CO₂ (metric tonnes) and dollars in both eras, and the paper-era figures in years of world CO₂ emissions and of world GDP.",
           ("benchmark", "benchmark_title", "fit_model", "error_level", "error_pct", "required_gflop", "paper_required_gflop",
            "orders_beyond_data", "beyond_data", "co2_tonnes", "usd", "co2_tonnes_current", "usd_current", "world_co2_years", "world_gdp_years"), PRICED_INPUTS),
    Output("cost_references", "Reference points for huge numbers",
           "Figures a reader knows, each with its source: world GDP, world annual CO₂ emissions, the companion article's price of 5% ImageNet error, and the largest training run in the data priced as the extrapolations are.",
           ("reference", "reference_value", "reference_unit", "factor_source"), ("training_runs.csv", "processors.csv", "cloud_prices.csv")),
    Output("cost_headline", "The price of 5% ImageNet error beside the companion article's",
           "One row: our polynomial extrapolation of ImageNet at 5% error, how far it lies beyond the data (as in costs_priced), its paper-era CO₂ and dollars, the companion article's ~US$100 billion, their ratio, and the cost in years of world GDP and of world CO₂ emissions.",
           ("required_gflop", "orders_beyond_data", "beyond_data", "co2_tonnes", "usd", "companion_usd", "usd_over_companion", "world_gdp_years", "world_co2_years"),
           PRICED_INPUTS),
    Output("calibration_strubell", "Our conversion against Strubell et al.'s Transformer (big)",
           "Strubell et al. (2019), Table 3: Transformer (big), 8 P100 GPUs for 84 hours. Their published CO₂ (pounds, as they publish it, and metric tonnes) and cloud cost beside ours for the same run.",
           ("quantity", "quantity_unit", "published_low", "published_high", "this_report", "ratio_low", "ratio_high"),
           ("processors.csv", "cloud_prices.csv")),
    Output("calibration_seed", "Our conversion against the training costs the seed article quotes",
           "BERT, Grover and GPT-3: the published cost, the training run of the data if any, its hardware burden and its cost at the cloud price of its processors in effect at the paper's cut-off (the earliest published after it where none was published by then).",
           ("model", "published_usd", "training_run", "hardware_burden_gflop", "usd", "ratio", "notes"),
           ("training_runs.csv", "processors.csv", "cloud_prices.csv")),
]

DECLARED = {o.name: o for o in OUTPUTS}


def processor_name(processors: pd.DataFrame, key: str) -> str:
    """A processor's name from the catalogue (its key if it is not catalogued)."""
    row = processors.loc[processors["processor"] == key, "name"]
    return str(row.iloc[0]) if len(row) else key


def _factors(ctx: ReportContext) -> pd.DataFrame:
    rows = []
    processors, prices = ctx.dataset.processors, ctx.dataset.cloud_prices
    for era, factors_name in ERA_FACTORS.items():
        factors = ENERGY_FACTORS[factors_name]
        one = priced(ctx.dataset, pd.Series([EXAFLOP_GFLOP]), era).iloc[0]
        processor = REFERENCE_PROCESSORS[era]
        row = price_row(prices, processor, PRICE_DATES[era])
        price = float("nan") if row is None else float(row["usd_per_hour"])
        price_source = ("no published price in data/cloud_prices.csv" if row is None else
                        f"price: {row['provider']}, US${row['usd_per_hour']:.2f} per processor-hour on "
                        f"{row['price_date']:%Y-%m-%d}, {row['source']}")
        rows.append({"era": era, "era_label": ERA_LABELS[era],
                     "reference_processor": processor_name(processors, processor),
                     "pue": factors.pue, "kg_co2_per_kwh": factors.kg_co2_per_kwh,
                     "price_processor": processor_name(processors, processor),
                     "usd_per_processor_hour": price, "price_published": bool(np.isfinite(price)),
                     "kwh_per_exaflop": one["energy_kwh"], "co2_kg_per_exaflop": one["co2_tonnes"] * KG_PER_TONNE,
                     "usd_per_exaflop": one["usd"], "factor_source": f"{factors.source}; {price_source}"})
    return pd.DataFrame(rows, columns=list(DECLARED["cost_factors"].columns))


def beyond_data(orders_beyond_data: pd.Series) -> pd.Series:
    """True where an extrapolation lies more than BEYOND_DATA_MARK_ORDERS orders of magnitude beyond its sample's largest
    hardware burden (exactly the mark is not beyond it; an unknown distance is not marked)."""
    return pd.Series(orders_beyond_data, dtype="float64").gt(BEYOND_DATA_MARK_ORDERS)


def _headline_extrapolations(ctx: ReportContext, keys: pd.DataFrame) -> pd.DataFrame:
    rows = headline_rows(keys)
    rows = rows[rows["benchmark"].isin([b.id for b in ctx.benchmarks]) & rows["required_gflop"].notna()]
    return rows.drop_duplicates(["benchmark", "model", "error_level"]).reset_index(drop=True)


def _priced(ctx: ReportContext, keys: pd.DataFrame) -> pd.DataFrame:
    rows = _headline_extrapolations(ctx, keys)
    old, new = priced(ctx.dataset, rows["required_gflop"], "paper_era"), priced(ctx.dataset, rows["required_gflop"], "current")
    titles = {b.id: b.title for b in ctx.benchmarks}
    frame = pd.DataFrame({
        "benchmark": rows["benchmark"], "benchmark_title": rows["benchmark"].map(titles), "fit_model": rows["model"],
        "error_level": rows["error_level"], "error_pct": rows["error_pct"], "required_gflop": rows["required_gflop"],
        "paper_required_gflop": rows["paper_required_gflop"], "orders_beyond_data": rows["orders_beyond_data"],
        "beyond_data": beyond_data(rows["orders_beyond_data"]), "co2_tonnes": old["co2_tonnes"].to_numpy(), "usd": old["usd"].to_numpy(),
        "co2_tonnes_current": new["co2_tonnes"].to_numpy(), "usd_current": new["usd"].to_numpy(),
        "world_co2_years": old["co2_tonnes"].to_numpy() / WORLD_CO2_TONNES_PER_YEAR,
        "world_gdp_years": old["usd"].to_numpy() / WORLD_GDP_USD})
    order = {b.id: i for i, b in enumerate(ctx.benchmarks)}
    levels = {"today": 0, "target_1": 1, "target_2": 2, "target_3": 3}
    frame = frame.sort_values(["benchmark", "fit_model", "error_level"],
                              key=lambda s: s.map(order) if s.name == "benchmark" else (s.map(levels) if s.name == "error_level" else s.map({"polynomial": 0, "exponential": 1})))
    return frame[list(DECLARED["costs_priced"].columns)].reset_index(drop=True)


def _run_model(ctx: ReportContext, run: str) -> str:
    """The model a training run trained, as its result names it (the run's key where no result names it)."""
    for table in ctx.dataset.results.values():
        if "training_run" in table.columns:
            rows = table[table["training_run"] == run]
            if len(rows):
                return str(rows["model"].iloc[0])
    return run


def _largest_run(ctx: ReportContext) -> list[dict]:
    """The training run of the data with the largest hardware burden, priced in the paper's era like the extrapolations."""
    burden = ctx.runs("paper_convention")["hardware_burden_flop"].dropna()
    if burden.empty:
        return []
    run = burden.idxmax()
    cost = priced(ctx.dataset, pd.Series([burden[run] / GFLOP]), "paper_era").iloc[0]
    source = f"data/training_runs.csv, run {run}: its hardware burden priced as the extrapolations (paper era)"
    name = _run_model(ctx, run)
    return [{"reference": f"Largest training run in the data ({name}), priced as above", "reference_value": cost["usd"],
             "reference_unit": "US$", "factor_source": source},
            {"reference": f"Largest training run in the data ({name}), its CO₂ as above", "reference_value": cost["co2_tonnes"],
             "reference_unit": "metric tonnes", "factor_source": source}]


def _references(ctx: ReportContext | None = None) -> pd.DataFrame:
    largest = _largest_run(ctx) if ctx is not None else []
    return pd.DataFrame([
        {"reference": "World GDP, 2023", "reference_value": WORLD_GDP_USD, "reference_unit": "US$ per year", "factor_source": WORLD_GDP_SOURCE},
        {"reference": "World fossil CO₂ emissions, 2023", "reference_value": WORLD_CO2_TONNES_PER_YEAR, "reference_unit": "metric tonnes per year",
         "factor_source": WORLD_CO2_SOURCE},
        {"reference": "The companion article's price of 5% ImageNet error", "reference_value": IEEE_SPECTRUM_IMAGENET_5PCT_USD,
         "reference_unit": "US$", "factor_source": "Thompson et al. (2021), IEEE Spectrum, 'Deep Learning's Diminishing Returns' (roughly US$100 billion)"},
    ] + largest, columns=list(DECLARED["cost_references"].columns))


def _headline(priced_rows: pd.DataFrame) -> pd.DataFrame:
    columns = list(DECLARED["cost_headline"].columns)
    row = priced_rows[(priced_rows["benchmark"] == HEADLINE_BENCHMARK) & (priced_rows["fit_model"] == "polynomial")
                      & (priced_rows["error_level"] == HEADLINE_LEVEL)]
    if row.empty:
        return pd.DataFrame([{"companion_usd": IEEE_SPECTRUM_IMAGENET_5PCT_USD}], columns=columns)
    r = row.iloc[0]
    return pd.DataFrame([{"required_gflop": r["required_gflop"], "orders_beyond_data": r["orders_beyond_data"],
                          "beyond_data": r["beyond_data"], "co2_tonnes": r["co2_tonnes"], "usd": r["usd"],
                          "companion_usd": IEEE_SPECTRUM_IMAGENET_5PCT_USD, "usd_over_companion": r["usd"] / IEEE_SPECTRUM_IMAGENET_5PCT_USD,
                          "world_gdp_years": r["world_gdp_years"], "world_co2_years": r["world_co2_years"]}], columns=columns)


def strubell_run() -> pd.DataFrame:
    """Strubell et al.'s Transformer (big) as one training stage."""
    s = STRUBELL_TRANSFORMER_BIG
    return pd.DataFrame({"training_run": ["strubell_transformer_big"], "stage": ["train"], "processor": [s["processor"]],
                         "processor_count": [s["processor_count"]], "hours": [s["hours"]], "processor_hours": [np.nan],
                         "precision": [pd.NA]})


def _calibration_strubell(ctx: ReportContext) -> pd.DataFrame:
    s = STRUBELL_TRANSFORMER_BIG
    run = strubell_run()
    energy = stage_energy(run, ctx.dataset.processors, STRUBELL_2019).iloc[0]
    usd = float(stage_cloud_cost(run, ctx.dataset.cloud_prices, PRICE_DATES["paper_era"]).iloc[0])
    tonnes = s["lbs_co2e"] * KG_PER_LB / KG_PER_TONNE
    rows = [
        {"quantity": "CO₂ (Strubell et al.'s unit)", "quantity_unit": "lbs", "published_low": s["lbs_co2e"], "published_high": s["lbs_co2e"],
         "this_report": energy["co2_lbs"]},
        {"quantity": "CO₂", "quantity_unit": "metric tonnes", "published_low": tonnes, "published_high": tonnes,
         "this_report": energy["co2_kg"] / KG_PER_TONNE},
        {"quantity": "Cloud cost", "quantity_unit": "US$", "published_low": s["usd_low"], "published_high": s["usd_high"], "this_report": usd},
    ]
    frame = pd.DataFrame(rows)
    frame["ratio_low"] = frame["this_report"] / frame["published_high"]
    frame["ratio_high"] = frame["this_report"] / frame["published_low"]
    return frame[list(DECLARED["calibration_strubell"].columns)]


def _calibration_seed(ctx: ReportContext) -> pd.DataFrame:
    runs = ctx.dataset.training_runs
    burden = run_hardware_burden(runs, ctx.dataset.processors)
    stage_usd = stage_cloud_cost(runs, ctx.dataset.cloud_prices, PRICE_DATES["paper_era"])
    usd = stage_usd.groupby(runs["training_run"]).sum(min_count=1)
    priced_all = stage_usd.notna().groupby(runs["training_run"]).all()
    rows = []
    for name, prefix in SEED_TRAINING_RUNS.items():
        keys = sorted(k for k in runs["training_run"].unique() if k.startswith(prefix))
        published = PUBLISHED_TRAINING_COSTS_USD[name]
        if not keys:
            rows.append({"model": name, "published_usd": published,
                         "notes": "not possible: no training run of this model with a sourced processor count and time is in the data"})
            continue
        key = keys[0]
        ours = float(usd.get(key, np.nan)) if bool(priced_all.get(key, False)) else np.nan
        rows.append({"model": name, "published_usd": published, "training_run": key,
                     "hardware_burden_gflop": burden.loc[key, "hardware_burden_flop"] / GFLOP, "usd": ours,
                     "ratio": ours / published if np.isfinite(ours) else np.nan,
                     "notes": ("every stage as recorded in data/training_runs.csv" if np.isfinite(ours)
                               else "no published price: the data hold no cloud price for a processor of this run")})
    return pd.DataFrame(rows, columns=list(DECLARED["calibration_seed"].columns))


def build(ctx: ReportContext) -> dict[str, pd.DataFrame]:
    """Every output of this module, by written name."""
    priced_rows = _priced(ctx, ctx.key_numbers)  # the key-number table, computed once by the context
    return {"cost_factors": _factors(ctx), "costs_priced": priced_rows, "cost_references": _references(ctx),
            "cost_headline": _headline(priced_rows), "calibration_strubell": _calibration_strubell(ctx),
            "calibration_seed": _calibration_seed(ctx)}
