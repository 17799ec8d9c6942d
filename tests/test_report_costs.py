"""Rules of the costs outputs on small synthetic inputs: factors per era with "no published price" where the data
hold none, world reference points, the ImageNet 5% headline against the companion article, and the calibrations."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analysis import report_costs as rc
from analysis.constants import (KG_PER_LB, KG_PER_TONNE, STRUBELL_2019, STRUBELL_TRANSFORMER_BIG, WORLD_CO2_TONNES_PER_YEAR,
                                WORLD_GDP_USD)
from analysis.costs import priced
from analysis.data import Dataset
from analysis.outputs import check_frame
from analysis.paper import IEEE_SPECTRUM_IMAGENET_5PCT_USD, PUBLISHED_TRAINING_COSTS_USD

from synthetic import imagenet, prices, processors, runs


def context(training=None, cloud=None) -> SimpleNamespace:
    data = Dataset(processors=processors(), cloud_prices=prices() if cloud is None else cloud,
                   training_runs=training if training is not None else runs([("x", "train", "v100_sxm2", 1, 1)]))
    return SimpleNamespace(dataset=data, benchmarks=[])


def test_factors_mark_an_era_without_a_published_price():
    factors = rc._factors(context()).set_index("era")
    check_frame(rc.DECLARED["cost_factors"], "cost_factors", factors.reset_index())
    assert factors.loc["paper_era", "price_published"] and not factors.loc["current", "price_published"]
    assert np.isnan(factors.loc["current", "usd_per_exaflop"])
    # 10^18 FLOP on a V100 at 1.5e13 FLOP/s: hours x TDP x PUE
    hours = 1e18 / (1.5e13 * 3600)
    assert factors.loc["paper_era", "kwh_per_exaflop"] == pytest.approx(hours * 300 * STRUBELL_2019.pue / 1000)
    # dollars at the TPU v3 price: its hours at its bf16 peak times US$2
    assert factors.loc["paper_era", "usd_per_exaflop"] == pytest.approx(1e18 / (1.2e14 * 3600) * 2.0)
    assert factors.loc["paper_era", "co2_kg_per_exaflop"] == pytest.approx(
        factors.loc["paper_era", "kwh_per_exaflop"] * STRUBELL_2019.kg_co2_per_kwh)


def test_priced_rows_carry_world_reference_points():
    ctx = context()
    keys = pd.DataFrame({"benchmark": "imagenet", "metric": "top1_pct", "measure": "hardware_burden", "sample": "authors",
                         "model": ["polynomial", "polynomial", "exponential"], "error_level": ["target_1", "today", "target_1"],
                         "error_pct": [5.0, 11.5, 5.0], "required_gflop": [1e19, 1e14, 1e27], "paper_required_gflop": [1e19, 1e14, 1e27]})
    ctx.benchmarks = [SimpleNamespace(id="imagenet", title="ImageNet")]
    rows = rc._priced(ctx, keys)
    check_frame(rc.DECLARED["costs_priced"], "costs_priced", rows)
    assert list(zip(rows["fit_model"], rows["error_level"])) == [("polynomial", "today"), ("polynomial", "target_1"), ("exponential", "target_1")]
    expected = priced(ctx.dataset, pd.Series([1e19]), "paper_era").iloc[0]
    five = rows.iloc[1]
    assert five["usd"] == pytest.approx(expected["usd"]) and five["co2_tonnes"] == pytest.approx(expected["co2_tonnes"])
    assert five["world_gdp_years"] == pytest.approx(expected["usd"] / WORLD_GDP_USD)
    assert five["world_co2_years"] == pytest.approx(expected["co2_tonnes"] / WORLD_CO2_TONNES_PER_YEAR)
    assert rows["usd_current"].isna().all()  # no H100 price in these data
    headline = rc._headline(rows).iloc[0]
    assert headline["companion_usd"] == IEEE_SPECTRUM_IMAGENET_5PCT_USD
    assert headline["usd_over_companion"] == pytest.approx(expected["usd"] / IEEE_SPECTRUM_IMAGENET_5PCT_USD)
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
    assert np.isnan(table.loc["US$", "this_report"])  # no P100 price: the page says "no published price"
    priced_p100 = rc._calibration_strubell(context(cloud=prices("p100_sxm2", 1.0))).set_index("quantity_unit")
    assert priced_p100.loc["US$", "this_report"] == pytest.approx(8 * 84 * 1.0)
    assert priced_p100.loc["US$", "ratio_high"] == pytest.approx(8 * 84 / s["usd_low"])


def test_seed_calibration_prices_complete_runs_only():
    training = runs([("devlin2018bert_large_x", "pretrain", "tpu_v3", 64, 96), ("devlin2018bert_large_x", "finetune", "tpu_v3", 4, 1),
                     ("zellers2019defending", "train", "v100_sxm2", 8, 100)])
    table = rc._calibration_seed(context(training)).set_index("model")
    check_frame(rc.DECLARED["calibration_seed"], "calibration_seed", table.reset_index())
    assert table.loc["BERT", "usd"] == pytest.approx((64 * 96 + 4) * 2.0)
    assert table.loc["BERT", "ratio"] == pytest.approx((64 * 96 + 4) * 2.0 / PUBLISHED_TRAINING_COSTS_USD["BERT"])
    assert np.isnan(table.loc["Grover", "usd"]) and "no published price" in table.loc["Grover", "notes"]
    assert table.loc["GPT-3", "notes"].startswith("not possible")


def test_the_largest_run_is_priced_like_the_extrapolations():
    training = runs([("small", "train", "v100_sxm2", 1, 10), ("big", "train", "v100_sxm2", 100, 10), ("open", "train", "v100_sxm2", 1000, None)])
    refs = rc._references(context(training))
    big = refs[refs["reference"].str.contains(r"\(big\)")]
    flop = 100 * 10 * 1.5e13 * 3600
    expected = priced(context(training).dataset, pd.Series([flop / 1e9]), "paper_era").iloc[0]
    assert list(big["reference_unit"]) == ["US$", "metric tonnes"]
    assert list(big["reference_value"]) == pytest.approx([expected["usd"], expected["co2_tonnes"]])
