"""analysis.stats.costs on a hand-made catalogue: prices, energy, CO2 and dollars of runs and of amounts of computation."""
import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analysis.data.constants import CURRENT, KG_PER_LB, KG_PER_TONNE, PRICE_DATES, REFERENCE_PROCESSORS, STRUBELL_2019
from analysis.stats.costs import flop_to_costs, price_per_hour, price_row, priced, stage_cloud_cost, stage_energy


@pytest.fixture()
def processors():
    return pd.DataFrame({
        "processor": ["v100_sxm2", "tpu_v3", "h100_sxm", "gpu_x"], "processor_type": ["gpu", "tpu", "gpu", "gpu"],
        "peak_flops_fp32": [1.5e13, np.nan, 6.0e13, 1.0e13], "peak_flops_fp16": [1.2e14, 1.2e14, 9.0e14, np.nan],
        "tdp_watts": [300.0, 200.0, 700.0, 100.0],
    })


@pytest.fixture()
def prices():
    return pd.DataFrame({"processor": ["tpu_v3", "tpu_v3", "h100_sxm", "gpu_x", "v100_sxm2", "v100_sxm2"],
                         "provider": ["a", "b", "a", "a", "a", "a"], "usd_per_hour": [2.0, 1.5, 4.0, 9.0, 3.0, 2.5],
                         "price_date": pd.to_datetime(["2019-06-27", "2018-01-01", "2024-01-01", "2020-01-01",
                                                       "2018-06-08", "2025-03-03"])})


def test_price_rules(prices):
    assert price_per_hour(prices, "tpu_v3") == 2.0  # no date: the latest price
    assert price_per_hour(prices, "tpu_v3", "2019-01-01") == 1.5  # the price in effect then, not the later one
    assert price_per_hour(prices, "tpu_v3", "2019-06-27") == 2.0  # a price counts from its own date
    assert price_per_hour(prices, "tpu_v3", "2017-01-01") == 1.5  # none published yet: the earliest after
    assert price_per_hour(prices, "v100_sxm2", "2020-07-01") == 3.0 and price_per_hour(prices, "v100_sxm2") == 2.5
    assert np.isnan(price_per_hour(prices, "tpu_v9")) and price_row(prices, "tpu_v9") is None
    assert price_row(prices, "tpu_v3", "2019-01-01")["provider"] == "b"


def test_each_era_is_priced_on_its_own_processor_at_its_own_date():
    assert REFERENCE_PROCESSORS == {"paper_era": "v100_sxm2", "current": "h100_sxm"}
    assert set(PRICE_DATES) == set(REFERENCE_PROCESSORS) and PRICE_DATES["current"] is None


def test_stage_energy_and_cloud_cost_per_stage(processors, prices):
    stages = pd.DataFrame({"processor": ["tpu_v3", "gpu_x", "tpu_v9"], "processor_count": [4, 2, 1],
                           "hours": [10.0, 3.0, np.nan]})
    energy = stage_energy(stages, processors, CURRENT)
    assert energy["energy_kwh"].iloc[:2].tolist() == pytest.approx([4 * 200 * 10 * 1.10 / 1000, 2 * 100 * 3 * 1.10 / 1000])
    assert np.isnan(energy["energy_kwh"].iloc[2])
    assert energy["co2_lbs"].iloc[0] == pytest.approx(8.8 * 0.81)
    assert energy["co2_kg"].iloc[0] == pytest.approx(8.8 * 0.81 * KG_PER_LB)
    assert list(stages.columns) == ["processor", "processor_count", "hours"]  # input untouched
    usd = stage_cloud_cost(stages, prices, "2019-01-01")
    assert usd.name == "usd"
    assert usd.iloc[:2].tolist() == pytest.approx([4 * 10 * 1.5, 2 * 3 * 9.0])
    assert stage_cloud_cost(stages, prices).iloc[0] == pytest.approx(4 * 10 * 2.0)
    assert np.isnan(usd.iloc[2])
    totals = stages.assign(processor_count=[np.nan, 2, 1], hours=[np.nan, 3.0, np.nan], processor_hours=[40.0, np.nan, np.nan])
    assert stage_cloud_cost(totals, prices, "2019-01-01").iloc[0] == pytest.approx(40 * 1.5)  # a processor-hour total
    assert stage_energy(totals, processors, CURRENT)["energy_kwh"].iloc[0] == pytest.approx(40 * 200 * 1.10 / 1000)


def test_flop_to_costs_of_several_amounts(processors, prices):
    flop = np.array([5.4e16, 1.08e17])  # 1 and 2 hours of a V100 at its FP32 peak
    costs = flop_to_costs(flop, "v100_sxm2", processors, prices, STRUBELL_2019)
    assert costs["hardware_burden_flop"].tolist() == pytest.approx(flop.tolist())
    assert costs["processor_hours"].tolist() == pytest.approx([1.0, 2.0])
    assert costs["energy_kwh"].tolist() == pytest.approx([0.3 * 1.58, 0.6 * 1.58])
    assert costs["co2_lbs"].tolist() == pytest.approx([0.3 * 1.58 * 0.954, 0.6 * 1.58 * 0.954])
    assert costs["co2_kg"].tolist() == pytest.approx([0.3 * 1.58 * 0.954 * KG_PER_LB, 0.6 * 1.58 * 0.954 * KG_PER_LB])
    assert costs["usd"].tolist() == pytest.approx([2.5, 5.0])  # its own latest price
    assert flop_to_costs(flop, "v100_sxm2", processors, prices, STRUBELL_2019, price_date="2020-07-01")["usd"].tolist() \
        == pytest.approx([3.0, 6.0])


def test_flop_to_costs_with_the_precision_used_prices_the_same_processor(processors, prices):
    # precision_used on a GPU with no stated precision and no release date keeps FP32; dollars on the same H100-hours
    costs = flop_to_costs(4.32e17, "h100_sxm", processors, prices, CURRENT, peak="precision_used").iloc[0]
    assert costs["processor_hours"] == pytest.approx(4.32e17 / (6.0e13 * 3600))
    assert costs["usd"] == pytest.approx(4.32e17 / (6.0e13 * 3600) * 4.0)
    assert flop_to_costs(4.32e17, "gpu_x", processors, prices, CURRENT).iloc[0]["usd"] == pytest.approx(12 * 9.0)


def test_a_processor_without_a_price_gives_no_dollars(processors, prices):
    costs = flop_to_costs(1e17, "gpu_x", processors, prices[prices["processor"] != "gpu_x"], CURRENT).iloc[0]
    assert np.isnan(costs["usd"]) and np.isfinite(costs["energy_kwh"])


# usd_per_hour: US$ per hour of the reference processor itself; paper_era reads the V100's price at the paper's cut-off
@pytest.mark.parametrize("era,hours,kwh_per_hour,lbs_per_kwh,usd_per_hour", [
    ("paper_era", 1.0, 0.3 * 1.58, 0.954, 3.0),
    ("current", 0.25, 0.7 * 1.10, 0.81, 4.0),
])
def test_priced_in_each_era(processors, prices, era, hours, kwh_per_hour, lbs_per_kwh, usd_per_hour):
    # 5.4e7 GFLOP = 5.4e16 FLOP: one V100-hour at FP32, a quarter of an H100-hour at FP32
    dataset = SimpleNamespace(processors=processors, cloud_prices=prices)
    required = pd.Series([5.4e7, np.nan], index=["a", "b"])
    costs = priced(dataset, required, era)
    assert list(costs.index) == ["a", "b"]
    assert list(costs.columns) == ["processor_hours", "energy_kwh", "co2_lbs", "co2_tonnes", "usd"]
    row = costs.loc["a"]
    assert row["processor_hours"] == pytest.approx(hours)
    assert row["energy_kwh"] == pytest.approx(hours * kwh_per_hour)
    assert row["co2_lbs"] == pytest.approx(hours * kwh_per_hour * lbs_per_kwh)
    assert row["co2_tonnes"] == pytest.approx(hours * kwh_per_hour * lbs_per_kwh * KG_PER_LB / KG_PER_TONNE)
    assert row["usd"] == pytest.approx(hours * usd_per_hour)
    assert costs.loc["b"].isna().all()


def test_priced_refuses_an_unknown_era(processors, prices):
    with pytest.raises(ValueError, match="paper_era, current"):
        priced(SimpleNamespace(processors=processors, cloud_prices=prices), pd.Series([1.0]), "future")


def test_priced_defaults_to_the_papers_era(processors, prices):
    dataset = SimpleNamespace(processors=processors, cloud_prices=prices)
    required = pd.Series([5.4e7])
    pd.testing.assert_frame_equal(priced(dataset, required), priced(dataset, required, "paper_era"))


def test_priced_is_quiet_about_unbounded_and_huge_amounts(processors, prices):
    """Unbounded extrapolations (inf), huge and missing amounts give inf, huge values or NaN, without numpy warnings."""
    dataset = SimpleNamespace(processors=processors, cloud_prices=prices)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        costs = priced(dataset, pd.Series([1e290, np.inf, -np.inf, np.nan]))
    assert costs["energy_kwh"].iloc[0] > 1e280 and np.isinf(costs["usd"].iloc[1]) and costs.iloc[3].isna().all()
