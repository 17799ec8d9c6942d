"""Rules of the costs outputs on small synthetic inputs: factors per era with "no published price" where the data
hold none, which extrapolations are priced and in what order, the mark of an extrapolation far beyond its data, world
reference points and the largest run, the ImageNet 5% headline against the companion article, and the calibrations, each
column against a hand computation.

Each era is priced on its own processor: energy, CO₂ and dollars of an amount of computation are hours of the era's
reference processor at its peak (paper era: the V100 at its FP32 peak, 1.5e13 FLOP/s, 300 W in the synthetic catalogue;
current: the H100, 6e13 FLOP/s, 700 W), and dollars are those same hours at that processor's own cloud price: for the
paper's era the price in effect at the paper's cut-off (2020-07-01; the earliest after it if none was published by
then), for the current era its latest price."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analysis.report import costs as rc
from analysis.report.context import ReportContext
from analysis.data.constants import (CURRENT, KG_PER_LB, KG_PER_TONNE, STRUBELL_2019, STRUBELL_TRANSFORMER_BIG, WORLD_CO2_SOURCE,
                                WORLD_CO2_TONNES_PER_YEAR, WORLD_GDP_SOURCE, WORLD_GDP_USD)
from analysis.data import Dataset
from analysis.report.outputs import check_frame
from analysis.data.paper import IEEE_SPECTRUM_IMAGENET_5PCT_USD, PUBLISHED_TRAINING_COSTS_USD
from analysis.data.registry import get_benchmark
from analysis.stats.rules import BEYOND_DATA_MARK_ORDERS

from synthetic import imagenet, price_table, prices, processors, runs

V100_USD = 3.0
"""The synthetic V100 price in effect at the paper's cut-off (published 2018-06-08)."""
H100_USD = 5.0
"""The synthetic H100's latest price (published 2025-03-17)."""
BOTH_ERAS = (("tpu_v3", 1.0, "2019-06-27"),    # cheaper, but another processor than either era's
             ("v100_sxm2", V100_USD, "2018-06-08"),
             ("v100_sxm2", 2.5, "2021-01-01"),  # after the paper's cut-off: not the paper era's price
             ("h100_sxm", 4.0, "2023-01-01"),   # an earlier H100 price: not the latest
             ("h100_sxm", H100_USD, "2025-03-17"))
"""Dated prices of both eras' processors, with prices that neither era may use."""
TPU_V3_PRICES = (("tpu_v3", 2.0, "2019-06-27"), ("tpu_v3", 1.35, "2021-06-01"))
"""TPU v3 prices only: US$2 in effect at the paper's cut-off, a lower one published after it (not used)."""


def context(training=None, cloud=None) -> ReportContext:
    data = Dataset(processors=processors(), cloud_prices=price_table(BOTH_ERAS) if cloud is None else cloud,
                   training_runs=training if training is not None else runs([("x", "train", "v100_sxm2", 1, 1)]),
                   results={})
    return ReportContext(data)


def v100_hours(gflop):
    """Hours of one V100 at its FP32 peak (1.5e13 FLOP/s) for `gflop` GFLOP."""
    return np.asarray(gflop, dtype="float64") * 1e9 / (1.5e13 * 3600)


def h100_hours(gflop):
    """Hours of one H100 at its FP32 peak (6e13 FLOP/s) for `gflop` GFLOP."""
    return np.asarray(gflop, dtype="float64") * 1e9 / (6e13 * 3600)


def paper_era_tonnes(gflop):
    """Metric tonnes of CO₂ of `gflop` GFLOP on V100s: hours x 300 W x Strubell et al.'s PUE and grid."""
    return v100_hours(gflop) * 300 * STRUBELL_2019.pue / 1000 * STRUBELL_2019.lbs_co2_per_kwh * KG_PER_LB / 1000


def current_tonnes(gflop):
    """Metric tonnes of CO₂ of `gflop` GFLOP on H100s: hours x 700 W x the current PUE and grid."""
    return h100_hours(gflop) * 700 * CURRENT.pue / 1000 * CURRENT.lbs_co2_per_kwh * KG_PER_LB / 1000


def test_factors_mark_an_era_without_a_published_price():
    v100_only = price_table([("tpu_v3", 2.0, "2019-06-27"), ("v100_sxm2", V100_USD, "2018-06-08")])
    factors = rc._factors(context(cloud=v100_only)).set_index("era")
    check_frame(rc.DECLARED["cost_factors"], "cost_factors", factors.reset_index())
    assert factors.loc["paper_era", "price_published"] and not factors.loc["current", "price_published"]
    assert np.isnan(factors.loc["current", "usd_per_exaflop"]) and np.isnan(factors.loc["current", "usd_per_processor_hour"])
    assert "no published price" in factors.loc["current", "factor_source"]
    # 10^18 FLOP on a V100 at 1.5e13 FLOP/s: hours x TDP x PUE
    hours = 1e18 / (1.5e13 * 3600)
    assert factors.loc["paper_era", "kwh_per_exaflop"] == pytest.approx(hours * 300 * STRUBELL_2019.pue / 1000)
    # dollars on the same V100-hours at the V100's own price, not at the TPU v3's
    assert factors.loc["paper_era", "usd_per_exaflop"] == pytest.approx(hours * V100_USD)
    assert factors.loc["paper_era", "co2_kg_per_exaflop"] == pytest.approx(
        factors.loc["paper_era", "kwh_per_exaflop"] * STRUBELL_2019.kg_co2_per_kwh)
    # the energy needs no price: with only another processor's price, both eras keep their energy and lose their dollars
    unpriced = rc._factors(context(cloud=prices("tpu_v3", 2.0))).set_index("era")
    assert not unpriced["price_published"].any() and unpriced["usd_per_exaflop"].isna().all()
    assert unpriced.loc["paper_era", "kwh_per_exaflop"] == pytest.approx(hours * 300 * STRUBELL_2019.pue / 1000)


def test_priced_rows_carry_world_reference_points():
    ctx = context()
    keys = pd.DataFrame({"benchmark": "imagenet", "metric": "top1_pct", "measure": "hardware_burden", "sample": "ours",
                         "model": ["polynomial", "polynomial", "exponential"], "error_level": ["target_1", "today", "target_1"],
                         "error_pct": [5.0, 11.5, 5.0], "required_gflop": [1e19, 1e14, 1e27], "paper_required_gflop": [1e19, 1e14, 1e27],
                         "orders_beyond_data": [3.0, 0.0, 11.0]})
    ctx.benchmarks = [SimpleNamespace(id="imagenet", title="ImageNet")]
    rows = rc._priced(ctx, keys)
    check_frame(rc.DECLARED["costs_priced"], "costs_priced", rows)
    assert list(zip(rows["fit_model"], rows["error_level"])) == [("polynomial", "today"), ("polynomial", "target_1"), ("exponential", "target_1")]
    # by hand: 10^19 GFLOP = 10^28 FLOP on V100s at 1.5e13 FLOP/s is 10^28 / 5.4e16 hours, at US$3 an hour
    hours = 1e28 / 5.4e16
    usd = hours * V100_USD
    tonnes = hours * 300 * STRUBELL_2019.pue / 1000 * STRUBELL_2019.lbs_co2_per_kwh * KG_PER_LB / 1000
    five = rows.iloc[1]
    assert five["usd"] == pytest.approx(usd) and five["co2_tonnes"] == pytest.approx(tonnes)
    assert five["world_gdp_years"] == pytest.approx(usd / WORLD_GDP_USD)
    assert five["world_co2_years"] == pytest.approx(tonnes / WORLD_CO2_TONNES_PER_YEAR)
    assert five["usd_current"] == pytest.approx(1e28 / (6e13 * 3600) * H100_USD)
    assert list(rows["beyond_data"]) == [False, True, True]
    no_h100 = context(cloud=price_table(BOTH_ERAS[:3]))
    no_h100.benchmarks = ctx.benchmarks
    assert rc._priced(no_h100, keys)["usd_current"].isna().all()  # no H100 price: no current dollars
    headline = rc._headline(rows).iloc[0]
    assert headline["companion_usd"] == IEEE_SPECTRUM_IMAGENET_5PCT_USD
    assert headline["usd_over_companion"] == pytest.approx(usd / IEEE_SPECTRUM_IMAGENET_5PCT_USD)
    assert headline["beyond_data"] and headline["orders_beyond_data"] == 3.0
    empty = rc._headline(rows[rows["fit_model"] == "exponential"])
    check_frame(rc.DECLARED["cost_headline"], "cost_headline", empty)
    assert np.isnan(empty["usd"].iloc[0])


def test_references_are_the_named_constants():
    refs = rc._references().set_index("reference")["reference_value"]
    assert WORLD_GDP_USD in set(refs) and WORLD_CO2_TONNES_PER_YEAR in set(refs) and IEEE_SPECTRUM_IMAGENET_5PCT_USD in set(refs)


def test_strubell_calibration_in_pounds_and_tonnes_without_a_p100_price():
    table = rc._calibration_strubell(context()).set_index("quantity_unit")
    s = STRUBELL_TRANSFORMER_BIG
    kwh = s["processor_count"] * 300 * s["hours"] * STRUBELL_2019.pue / 1000
    assert table.loc["lbs", "this_report"] == pytest.approx(kwh * STRUBELL_2019.lbs_co2_per_kwh)
    assert table.loc["metric tonnes", "published_low"] == pytest.approx(s["lbs_co2e"] * KG_PER_LB / KG_PER_TONNE)
    assert table.loc["lbs", "ratio_low"] == pytest.approx(table.loc["metric tonnes", "ratio_low"])
    assert np.isnan(table.loc["US$", "this_report"])  # no P100 price (only the eras' processors'): "no published price"
    priced_p100 = rc._calibration_strubell(context(cloud=prices("p100_sxm2", 1.0))).set_index("quantity_unit")
    assert priced_p100.loc["US$", "this_report"] == pytest.approx(8 * 84 * 1.0)
    assert priced_p100.loc["US$", "ratio_high"] == pytest.approx(8 * 84 / s["usd_low"])


def test_seed_calibration_prices_complete_runs_only():
    training = runs([("devlin2018bert_large_x", "pretrain", "tpu_v3", 64, 96), ("devlin2018bert_large_x", "finetune", "tpu_v3", 4, 1),
                     ("zellers2019defending", "train", "v100_sxm2", 8, 100)])
    table = rc._calibration_seed(context(training, price_table(TPU_V3_PRICES))).set_index("model")
    check_frame(rc.DECLARED["calibration_seed"], "calibration_seed", table.reset_index())
    assert table.loc["BERT", "usd"] == pytest.approx((64 * 96 + 4) * 2.0)
    assert table.loc["BERT", "ratio"] == pytest.approx((64 * 96 + 4) * 2.0 / PUBLISHED_TRAINING_COSTS_USD["BERT"])
    assert np.isnan(table.loc["Grover", "usd"]) and "no published price" in table.loc["Grover", "notes"]
    assert table.loc["GPT-3", "notes"].startswith("not possible")


def test_the_largest_run_is_priced_like_the_extrapolations():
    training = runs([("small", "train", "v100_sxm2", 1, 10), ("big", "train", "v100_sxm2", 100, 10), ("open", "train", "v100_sxm2", 1000, None)])
    refs = rc._references(context(training))
    big = refs[refs["reference"].str.contains(r"\(big\)")]
    # 100 V100s for 10 hours at the FP32 peak, priced back on V100s: its own 1,000 processor-hours
    hours = 100 * 10
    tonnes = hours * 300 * STRUBELL_2019.pue / 1000 * STRUBELL_2019.lbs_co2_per_kwh * KG_PER_LB / 1000
    assert list(big["reference_unit"]) == ["US$", "metric tonnes"]
    assert list(big["reference_value"]) == pytest.approx([hours * V100_USD, tonnes])


# every column of every output

def test_a_processor_is_named_from_the_catalogue_else_by_its_key():
    assert rc.processor_name(processors(), "v100_sxm2") == "V100"
    assert rc.processor_name(processors(), "tpu_v3") == "TPU v3"
    assert rc.processor_name(processors(), "k80") == "k80"


def test_factors_of_both_eras_column_by_column():
    factors = rc._factors(context())
    assert list(factors["era"]) == ["paper_era", "current"]
    assert list(factors["era_label"]) == ["The paper's era", "Current"]
    assert list(factors["reference_processor"]) == ["V100", "H100"]
    assert list(factors["price_processor"]) == ["V100", "H100"]  # dollars on the same processor as the CO₂
    assert list(factors["pue"]) == [STRUBELL_2019.pue, CURRENT.pue]
    assert list(factors["kg_co2_per_kwh"]) == pytest.approx([0.954 * KG_PER_LB, 0.81 * KG_PER_LB])
    # the V100's price in effect at 2020-07-01 (not its later, lower one, nor the TPU v3's); the H100's latest
    assert list(factors["usd_per_processor_hour"]) == [V100_USD, H100_USD]
    assert list(factors["price_published"]) == [True, True]
    sources = list(factors["factor_source"])
    assert sources[0].startswith(STRUBELL_2019.source + "; price: ") and sources[1].startswith(CURRENT.source + "; price: ")
    assert "US$3.00 per processor-hour on 2018-06-08" in sources[0] and "US$5.00 per processor-hour on 2025-03-17" in sources[1]
    h100_hours = 1e18 / (6e13 * 3600)
    current = factors.iloc[1]
    assert current["kwh_per_exaflop"] == pytest.approx(h100_hours * 700 * CURRENT.pue / 1000)
    assert current["co2_kg_per_exaflop"] == pytest.approx(h100_hours * 700 * CURRENT.pue / 1000 * 0.81 * KG_PER_LB)
    assert current["usd_per_exaflop"] == pytest.approx(h100_hours * H100_USD)
    assert factors.iloc[0]["usd_per_exaflop"] == pytest.approx(1e18 / (1.5e13 * 3600) * V100_USD)


def test_the_paper_era_takes_the_earliest_price_after_its_cut_off_when_none_was_published_by_then():
    later_only = price_table([("v100_sxm2", 2.5, "2021-01-01"), ("v100_sxm2", 2.0, "2022-01-01")])
    factors = rc._factors(context(cloud=later_only)).set_index("era")
    assert factors.loc["paper_era", "usd_per_processor_hour"] == 2.5
    assert factors.loc["paper_era", "usd_per_exaflop"] == pytest.approx(1e18 / (1.5e13 * 3600) * 2.5)


def keys_table(rows) -> pd.DataFrame:
    """rows: (benchmark, metric, measure, sample, model, error_level, error_pct, required_gflop[, orders_beyond_data])."""
    names = ("benchmark", "metric", "measure", "sample", "model", "error_level", "error_pct", "required_gflop", "orders_beyond_data")
    frame = pd.DataFrame([dict(zip(names, r)) for r in rows], columns=list(names))
    frame["paper_required_gflop"] = frame["required_gflop"] * 2
    return frame


def bench(id_: str, title: str) -> SimpleNamespace:
    return SimpleNamespace(id=id_, title=title)


def test_only_headline_extrapolations_of_the_shown_benchmarks_are_priced():
    keys = keys_table([
        ("imagenet", "top1_pct", "hardware_burden", "ours", "polynomial", "target_1", 5.0, 1e19),
        ("imagenet", "top5_pct", "hardware_burden", "ours", "polynomial", "target_1", 5.0, 1e20),   # not the primary metric
        ("imagenet", "top1_pct", "per_pass", "ours", "polynomial", "target_1", 5.0, 1e21),          # not the hardware burden
        ("imagenet", "top1_pct", "hardware_burden", "all", "polynomial", "target_1", 5.0, 1e22),       # not our sample
        ("imagenet", "top1_pct", "hardware_burden", "ours", "exponential", "target_1", 5.0, np.nan),  # no extrapolation
        ("mscoco", "box_ap_pct", "hardware_burden", "ours", "polynomial", "target_1", 30.0, 1e23),  # benchmark not shown
        ("imagenet", "top1_pct", "hardware_burden", "ours", "polynomial", "target_1", 5.0, 1e24),   # a repeat
        ("imagenet", "top1_pct", "hardware_burden", "ours", "polynomial", "today", 11.0, 1e15),
    ])
    ctx = context()
    ctx.benchmarks = [bench("imagenet", "ImageNet")]
    rows = rc._headline_extrapolations(ctx, keys)
    assert list(rows["required_gflop"]) == [1e19, 1e15]
    assert list(rows.index) == [0, 1] and list(rows.columns) == list(keys.columns)


def test_an_extrapolation_more_than_the_mark_beyond_its_data_is_marked():
    above = float(np.nextafter(BEYOND_DATA_MARK_ORDERS, np.inf))
    keys = keys_table([
        ("imagenet", "top1_pct", "hardware_burden", "ours", "polynomial", "target_2", 3.0, 1e30, above),
        ("imagenet", "top1_pct", "hardware_burden", "ours", "polynomial", "today", 11.0, 1e15, np.nan),
        ("imagenet", "top1_pct", "hardware_burden", "ours", "polynomial", "target_1", 5.0, 1e19, BEYOND_DATA_MARK_ORDERS),
        ("imagenet", "top1_pct", "hardware_burden", "ours", "exponential", "target_1", 5.0, 1e24, BEYOND_DATA_MARK_ORDERS + 2),
        ("imagenet", "top1_pct", "hardware_burden", "ours", "exponential", "today", 11.0, 1e14, -0.5),
    ])
    ctx = context()
    ctx.benchmarks = [bench("imagenet", "ImageNet")]
    rows = rc._priced(ctx, keys)
    check_frame(rc.DECLARED["costs_priced"], "costs_priced", rows)
    # the mark travels with its row through the sort (polynomial today, first, second target; exponential today, first)
    assert list(rows["required_gflop"]) == [1e15, 1e19, 1e30, 1e14, 1e24]
    assert list(rows["orders_beyond_data"].fillna(-99)) == [-99, BEYOND_DATA_MARK_ORDERS, above, -0.5, BEYOND_DATA_MARK_ORDERS + 2]
    # exactly the mark is not beyond it; a hair above it is; an unknown distance is not marked
    assert list(rows["beyond_data"]) == [False, False, True, False, True]
    assert rows["beyond_data"].dtype == bool
    assert BEYOND_DATA_MARK_ORDERS == 1.0  # the rule the page's legend states: more than one order of magnitude
    headline = rc._headline(rows).iloc[0]  # ImageNet, polynomial, first target: exactly at the mark
    assert headline["orders_beyond_data"] == BEYOND_DATA_MARK_ORDERS and not headline["beyond_data"]


def test_priced_rows_follow_the_benchmark_order_then_model_then_level():
    keys = keys_table([
        ("imagenet", "top1_pct", "hardware_burden", "ours", "exponential", "target_2", 3.0, 1e30),
        ("imagenet", "top1_pct", "hardware_burden", "ours", "polynomial", "target_2", 3.0, 1e25),
        ("squad11", "f1_pct", "hardware_burden", "ours", "polynomial", "target_1", 4.0, 1e22),
        ("imagenet", "top1_pct", "hardware_burden", "ours", "polynomial", "today", 11.0, 1e15),
        ("imagenet", "top1_pct", "hardware_burden", "ours", "exponential", "today", 11.0, 1e16),
        ("imagenet", "top1_pct", "hardware_burden", "ours", "polynomial", "target_1", 5.0, 1e19),
    ])
    ctx = context()
    ctx.benchmarks = [bench("squad11", "SQuAD 1.1"), bench("imagenet", "ImageNet")]  # the registry's order, not the alphabet's
    rows = rc._priced(ctx, keys)
    assert list(zip(rows["benchmark"], rows["fit_model"], rows["error_level"])) == [
        ("squad11", "polynomial", "target_1"),
        ("imagenet", "polynomial", "today"), ("imagenet", "polynomial", "target_1"), ("imagenet", "polynomial", "target_2"),
        ("imagenet", "exponential", "today"), ("imagenet", "exponential", "target_2")]
    assert list(rows.index) == list(range(6))
    assert list(rows["benchmark_title"]) == ["SQuAD 1.1"] + ["ImageNet"] * 5
    assert list(rows["required_gflop"]) == [1e22, 1e15, 1e19, 1e25, 1e16, 1e30]
    assert list(rows["paper_required_gflop"]) == [2e22, 2e15, 2e19, 2e25, 2e16, 2e30]
    assert list(rows["error_pct"]) == [4.0, 11.0, 5.0, 3.0, 11.0, 3.0]
    gflop = [1e22, 1e15, 1e19, 1e25, 1e16, 1e30]
    old_tonnes = paper_era_tonnes(gflop)
    assert rows["co2_tonnes"].to_numpy() == pytest.approx(old_tonnes)
    assert rows["usd"].to_numpy() == pytest.approx(v100_hours(gflop) * V100_USD)
    assert rows["co2_tonnes_current"].to_numpy() == pytest.approx(current_tonnes(gflop))
    assert rows["usd_current"].to_numpy() == pytest.approx(h100_hours(gflop) * H100_USD)
    assert rows["world_co2_years"].to_numpy() == pytest.approx(old_tonnes / WORLD_CO2_TONNES_PER_YEAR)
    assert rows["world_gdp_years"].to_numpy() == pytest.approx(v100_hours(gflop) * V100_USD / WORLD_GDP_USD)
    assert rows["orders_beyond_data"].isna().all() and not rows["beyond_data"].any()  # no distance known: nothing marked


def test_the_headline_is_imagenet_polynomial_at_the_first_target():
    rows = pd.DataFrame({"benchmark": ["squad11", "imagenet", "imagenet", "imagenet"],
                         "fit_model": ["polynomial", "exponential", "polynomial", "polynomial"],
                         "error_level": ["target_1", "target_1", "today", "target_1"],
                         "required_gflop": [1.0, 2.0, 3.0, 4.0], "orders_beyond_data": [0.1, 0.2, 0.3, 1.5],
                         "beyond_data": [False, False, False, True], "co2_tonnes": [10.0, 20.0, 30.0, 40.0],
                         "usd": [1e9, 2e9, 3e9, 5e10], "world_gdp_years": [0.1, 0.2, 0.3, 0.4],
                         "world_co2_years": [0.01, 0.02, 0.03, 0.04]})
    headline = rc._headline(rows)
    check_frame(rc.DECLARED["cost_headline"], "cost_headline", headline)
    assert len(headline) == 1
    assert headline.iloc[0].to_dict() == {"required_gflop": 4.0, "orders_beyond_data": 1.5, "beyond_data": True,
                                          "co2_tonnes": 40.0, "usd": 5e10,
                                          "companion_usd": IEEE_SPECTRUM_IMAGENET_5PCT_USD, "usd_over_companion": 0.5,
                                          "world_gdp_years": 0.4, "world_co2_years": 0.04}
    empty = rc._headline(rows.iloc[:3]).iloc[0]
    assert empty["companion_usd"] == IEEE_SPECTRUM_IMAGENET_5PCT_USD
    assert empty.drop("companion_usd").isna().all()


def test_the_reference_points_with_their_units():
    refs = rc._references()
    check_frame(rc.DECLARED["cost_references"], "cost_references", refs)
    assert list(refs["reference_value"]) == [WORLD_GDP_USD, WORLD_CO2_TONNES_PER_YEAR, IEEE_SPECTRUM_IMAGENET_5PCT_USD]
    assert list(refs["reference_unit"]) == ["US$ per year", "metric tonnes per year", "US$"]
    assert list(refs["factor_source"][:2]) == [WORLD_GDP_SOURCE, WORLD_CO2_SOURCE]
    assert refs["factor_source"].notna().all() and refs["reference"].notna().all() and refs["reference"].is_unique
    assert list(refs.index) == [0, 1, 2]


def test_no_run_with_a_known_burden_adds_no_reference():
    training = runs([("open", "train", "v100_sxm2", 8, None), ("uncatalogued", "train", "k80", 8, 10)])
    assert len(rc._references(context(training))) == 3
    assert rc._largest_run(context(training)) == []


def test_the_largest_run_names_itself_and_its_source():
    training = runs([("small", "train", "v100_sxm2", 1, 10), ("big", "pretrain", "tpu_v3", 10, 10), ("big", "train", "v100_sxm2", 10, 10)])
    largest = rc._largest_run(context(training))
    assert [r["reference_unit"] for r in largest] == ["US$", "metric tonnes"]
    assert all("(big)" in r["reference"] for r in largest)
    assert all(r["factor_source"].startswith("data/training_runs.csv, run big") for r in largest)
    # its burden (the TPU v3 stage at its bf16 peak, the V100 stage at FP32) priced on V100s at the V100's price,
    # not the TPU stage at the TPU's price: 100 TPU-hours are 800 V100-hours of computation
    flop = 10 * 10 * 3600 * (1.2e14 + 1.5e13)
    hours = flop / (1.5e13 * 3600)
    assert hours == pytest.approx(900)
    assert largest[0]["reference_value"] == pytest.approx(hours * V100_USD)
    assert largest[1]["reference_value"] == pytest.approx(hours * 300 * STRUBELL_2019.pue / 1000 * STRUBELL_2019.kg_co2_per_kwh / 1000)


def test_strubell_calibration_every_published_figure_and_ratio():
    table = rc._calibration_strubell(context(cloud=prices("p100_sxm2", 1.0)))
    check_frame(rc.DECLARED["calibration_strubell"], "calibration_strubell", table)
    s = STRUBELL_TRANSFORMER_BIG
    tonnes = s["lbs_co2e"] * KG_PER_LB / KG_PER_TONNE
    assert list(table["quantity_unit"]) == ["lbs", "metric tonnes", "US$"]
    assert table["quantity"].notna().all() and table["quantity"].is_unique
    assert list(table["published_low"]) == pytest.approx([s["lbs_co2e"], tonnes, s["usd_low"]])
    assert list(table["published_high"]) == pytest.approx([s["lbs_co2e"], tonnes, s["usd_high"]])
    kwh = 8 * 300 * 84 * STRUBELL_2019.pue / 1000
    ours = [kwh * STRUBELL_2019.lbs_co2_per_kwh, kwh * STRUBELL_2019.kg_co2_per_kwh / 1000, 8 * 84 * 1.0]
    assert list(table["this_report"]) == pytest.approx(ours)
    assert list(table["ratio_low"]) == pytest.approx([ours[0] / s["lbs_co2e"], ours[1] / tonnes, ours[2] / s["usd_high"]])
    assert list(table["ratio_high"]) == pytest.approx([ours[0] / s["lbs_co2e"], ours[1] / tonnes, ours[2] / s["usd_low"]])
    assert s["usd_low"] < s["usd_high"]


def test_strubell_run_is_one_stage_of_the_published_hardware():
    run = rc.strubell_run().iloc[0]
    s = STRUBELL_TRANSFORMER_BIG
    assert (run["processor"], run["processor_count"], run["hours"]) == (s["processor"], s["processor_count"], s["hours"])
    assert run["stage"] == "train" and pd.isna(run["precision"]) and len(rc.strubell_run()) == 1
    assert pd.isna(run["processor_hours"])  # a count and hours, not a processor-hour total
    # the layout of data/training_runs.csv
    assert list(rc.strubell_run().columns) == ["training_run", "stage", "processor", "processor_count", "hours", "processor_hours",
                                               "precision"]


def test_seed_calibration_every_column():
    training = runs([("devlin2018bert_large_b", "pretrain", "tpu_v3", 16, 10),
                     ("devlin2018bert_large_a", "pretrain", "tpu_v3", 64, 96), ("devlin2018bert_large_a", "finetune", "tpu_v3", 4, 1),
                     ("zellers2019defending", "pretrain", "tpu_v3", 8, 100), ("zellers2019defending", "train", "tpu_v3", 8, None)])
    table = rc._calibration_seed(context(training, price_table(TPU_V3_PRICES))).set_index("model")
    assert list(table.index) == ["BERT", "Grover", "GPT-3"]
    assert list(table["published_usd"]) == [PUBLISHED_TRAINING_COSTS_USD[m] for m in ("BERT", "Grover", "GPT-3")]
    bert = table.loc["BERT"]
    assert bert["training_run"] == "devlin2018bert_large_a"  # the first run of the model by name
    assert bert["hardware_burden_gflop"] == pytest.approx((64 * 96 + 4) * 3600 * 1.2e14 / 1e9)
    assert bert["notes"] == "every stage as recorded in data/training_runs.csv"
    grover = table.loc["Grover"]  # a stage without hours: neither a partial price nor a burden
    assert grover["training_run"] == "zellers2019defending"
    assert np.isnan(grover["usd"]) and np.isnan(grover["ratio"]) and np.isnan(grover["hardware_burden_gflop"])
    assert grover["notes"].startswith("no published price")
    gpt = table.loc["GPT-3"]
    assert pd.isna(gpt["training_run"]) and pd.isna(gpt["usd"]) and pd.isna(gpt["hardware_burden_gflop"])


def test_build_prices_the_key_numbers_of_the_context_and_returns_every_output():
    keys = keys_table([("imagenet", "top1_pct", "hardware_burden", "ours", "polynomial", "target_1", 5.0, 1e19, 2.5)])
    ctx = context()
    ctx.benchmarks = [bench("imagenet", "ImageNet")]
    ctx.key_numbers = keys  # the context's table, computed once for every output
    outputs = rc.build(ctx)
    assert list(outputs) == ["cost_factors", "costs_priced", "cost_references", "cost_headline", "calibration_strubell",
                             "calibration_seed"]
    for name, frame in outputs.items():
        check_frame(rc.DECLARED[name], name, frame)
    assert list(outputs["costs_priced"]["required_gflop"]) == [1e19]
    assert outputs["cost_headline"]["required_gflop"].iloc[0] == 1e19
    assert outputs["cost_headline"]["usd"].iloc[0] == pytest.approx(1e19 * 1e9 / (1.5e13 * 3600) * V100_USD)
    assert bool(outputs["costs_priced"]["beyond_data"].iloc[0]) and bool(outputs["cost_headline"]["beyond_data"].iloc[0])
    assert len(outputs["cost_references"]) == 5  # the run "x" is the largest


def test_seed_calibration_of_a_one_stage_run_and_of_models_without_a_run():
    training = runs([("brown2020language_175b", "train", "tpu_v3", 1000, 10)])
    table = rc._calibration_seed(context(training, price_table(TPU_V3_PRICES))).set_index("model")
    assert list(table.index) == ["BERT", "Grover", "GPT-3"]  # a model without a run ends no row after it
    assert table.loc["BERT", "notes"].startswith("not possible") and table.loc["Grover", "notes"].startswith("not possible")
    gpt = table.loc["GPT-3"]
    assert gpt["training_run"] == "brown2020language_175b"
    assert gpt["usd"] == pytest.approx(1000 * 10 * 2.0)
    assert gpt["ratio"] == pytest.approx(1000 * 10 * 2.0 / PUBLISHED_TRAINING_COSTS_USD["GPT-3"])
    # only a price published after the paper's cut-off: the earliest of those
    later = rc._calibration_seed(context(training, price_table(TPU_V3_PRICES[1:] + (("tpu_v3", 1.1, "2023-01-01"),)))).set_index("model")
    assert later.loc["GPT-3", "usd"] == pytest.approx(1000 * 10 * 1.35)


def test_a_third_target_comes_after_the_second():
    metric = get_benchmark("mmlu").primary_metric.column
    keys = keys_table([("mmlu", metric, "hardware_burden", "ours", "polynomial", level, pct, gflop)
                       for level, pct, gflop in (("target_3", 5.0, 1e24), ("target_1", 20.0, 1e18), ("today", 25.0, 1e17),
                                                 ("target_2", 10.0, 1e20))])
    ctx = context()
    ctx.benchmarks = [bench("mmlu", "MMLU")]
    assert list(rc._priced(ctx, keys)["error_level"]) == ["today", "target_1", "target_2", "target_3"]


def test_the_largest_run_is_named_by_the_model_it_trained():
    training = runs([("small", "train", "v100_sxm2", 1, 10), ("big", "train", "v100_sxm2", 10, 10)])
    ctx = context(training)
    ctx.dataset.results["imagenet"] = pd.DataFrame({"model": ["Small net", "Big net"], "training_run": ["small", "big"]})
    largest = rc._largest_run(ctx)
    assert all("(Big net)" in r["reference"] for r in largest)
    assert all(r["factor_source"].startswith("data/training_runs.csv, run big") for r in largest)  # the key stays in the source
