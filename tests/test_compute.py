"""Hardware burden, per-pass computation and the conversions, on hand-worked examples."""
import math

import numpy as np
import pandas as pd
import pytest

from analysis.stats.compute import per_pass_flop, run_hardware_burden, stage_peak_flops
from analysis.data.constants import CURRENT, KG_PER_LB, STRUBELL_2019
from analysis.stats.costs import flop_to_costs, stage_cloud_cost, stage_energy


@pytest.fixture()
def processors():
    return pd.DataFrame({
        "processor": ["gpu_a", "tpu_b"], "processor_type": ["gpu", "tpu"],
        "peak_flops_fp32": [1.0e13, np.nan], "peak_flops_fp16": [1.2e14, 1.23e14], "tdp_watts": [250.0, 200.0],
    })


@pytest.fixture()
def prices():
    return pd.DataFrame({"processor": ["gpu_a", "gpu_a"], "provider": ["x", "y"], "usd_per_hour": [1.5, 2.0],
                         "price_date": pd.to_datetime(["2019-01-01", "2020-01-01"])})


def runs(rows):
    return pd.DataFrame(rows, columns=["training_run", "stage", "processor", "processor_count", "hours", "precision"])


def test_eight_gpus_for_three_and_a_half_days(processors):
    # 8 processors x 1e13 FLOP/s x 84 h x 3600 s/h = 2.4192e19 FLOP
    burden = run_hardware_burden(runs([["r", "train", "gpu_a", 8, 84.0, None]]), processors)
    assert burden.loc["r", "hardware_burden_flop"] == pytest.approx(2.4192e19)
    assert burden.loc["r", "processor_hours"] == pytest.approx(672.0)


def test_stages_add_up_and_an_unknown_stage_makes_the_run_unknown(processors):
    table = runs([["r", "pretrain", "gpu_a", 2, 10.0, None], ["r", "finetune", "gpu_a", 1, 1.0, None],
                  ["s", "search", "gpu_a", 4, None, None], ["s", "train", "gpu_a", 4, 5.0, None]])
    burden = run_hardware_burden(table, processors)
    assert burden.loc["r", "hardware_burden_flop"] == pytest.approx(21 * 1e13 * 3600)
    assert math.isnan(burden.loc["s", "hardware_burden_flop"])


def test_peak_switch(processors):
    table = runs([["r", "train", "gpu_a", 1, 1.0, "fp16"], ["t", "train", "tpu_b", 1, 1.0, None]])
    authors = stage_peak_flops(table, processors, "paper_convention")
    used = stage_peak_flops(table, processors, "precision_used")
    assert list(authors) == [1.0e13, 1.23e14]  # FP32 for the GPU, bf16 for the TPU
    assert list(used) == [1.2e14, 1.23e14]
    with pytest.raises(ValueError, match="paper_convention, precision_used"):
        stage_peak_flops(table, processors, "fastest")


def test_macs_count_twice():
    results = pd.DataFrame({"flops_per_pass": [4.1e9, 7.0e9, np.nan], "flops_kind": ["macs", "flops", pd.NA]})
    assert list(per_pass_flop(results)[:2]) == [8.2e9, 7.0e9]
    assert math.isnan(per_pass_flop(results)[2])


def test_energy_co2_and_dollars_of_a_run(processors, prices):
    # 8 x 250 W x 84 h x 1.58 / 1000 = 265.44 kWh; x 0.954 lbs/kWh = 253.23 lbs
    stage = runs([["r", "train", "gpu_a", 8, 84.0, None]])
    energy = stage_energy(stage, processors, STRUBELL_2019).iloc[0]
    assert energy["energy_kwh"] == pytest.approx(265.44)
    assert energy["co2_lbs"] == pytest.approx(253.22976)
    assert energy["co2_kg"] == pytest.approx(253.22976 * KG_PER_LB)
    assert stage_cloud_cost(stage, prices, "2019-06-01").iloc[0] == pytest.approx(672 * 1.5)  # the 2019 price, in effect then
    assert stage_cloud_cost(stage, prices).iloc[0] == pytest.approx(672 * 2.0)  # no date: the latest price


def test_flop_to_costs_inverts_the_burden(processors, prices):
    # 2.4192e19 FLOP on gpu_a at 1e13 FLOP/s is 672 processor-hours
    costs = flop_to_costs(2.4192e19, "gpu_a", processors, prices, CURRENT, price_date="2019-06-01").iloc[0]
    assert costs["processor_hours"] == pytest.approx(672.0)
    assert costs["energy_kwh"] == pytest.approx(672 * 250 * 1.10 / 1000)
    assert costs["usd"] == pytest.approx(1008.0)
    with pytest.raises(KeyError, match="nope"):
        flop_to_costs(1.0, "nope", processors, prices, CURRENT)


def test_transformer_big_on_the_catalogue(dataset):
    """Vaswani et al. (2017): 8 P100 for 3.5 days. NVIDIA's P100 datasheets: 9.3 TFLOPS FP32 (PCIe), 10.6 (SXM2), 250/300 W."""
    stage = runs([["t", "train", "p100_pcie", 8, 84.0, None], ["s", "train", "p100_sxm2", 8, 84.0, None]])
    burden = run_hardware_burden(stage, dataset.processors)
    assert burden.loc["t", "hardware_burden_flop"] == pytest.approx(8 * 9.3e12 * 302400)  # 2.25e19 FLOP
    assert burden.loc["s", "hardware_burden_flop"] == pytest.approx(8 * 10.6e12 * 302400)  # 2.56e19 FLOP
    energy = stage_energy(stage, dataset.processors, STRUBELL_2019)
    assert list(energy["energy_kwh"]) == pytest.approx([8 * 250 * 84 * 1.58 / 1000, 8 * 300 * 84 * 1.58 / 1000])


def test_cloud_tpu_device_is_four_chips(dataset):
    """BERT-Large: 16 Cloud TPUs = 64 chips for 4 days; the catalogue's TPU v2 is one chip (45 TFLOPS bf16, 180 per device)."""
    stage = runs([["b", "pretrain", "tpu_v2", 64, 96.0, None]])
    burden = run_hardware_burden(stage, dataset.processors)
    assert burden.loc["b", "hardware_burden_flop"] == pytest.approx(64 * 45e12 * 96 * 3600)


def test_dollars_are_priced_on_the_reference_processor_itself(processors, prices):
    # 2.4192e19 FLOP on tpu_b (bf16 peak 1.23e14) is 54.63 chip-hours; no price for tpu_b -> NaN dollars
    costs = flop_to_costs(2.4192e19, "tpu_b", processors, prices, CURRENT).iloc[0]
    assert costs["processor_hours"] == pytest.approx(2.4192e19 / (1.23e14 * 3600))
    assert np.isnan(costs["usd"])
    priced = pd.concat([prices, pd.DataFrame({"processor": ["tpu_b"], "provider": ["z"], "usd_per_hour": [2.0],
                                              "price_date": pd.to_datetime(["2019-06-27"])})])
    costs = flop_to_costs(2.4192e19, "tpu_b", processors, priced, CURRENT).iloc[0]
    assert costs["usd"] == pytest.approx(2.4192e19 / (1.23e14 * 3600) * 2.0)
