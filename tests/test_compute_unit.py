"""analysis.stats.compute on a hand-made catalogue: peaks by the switch, burdens of runs, both measures added to results."""
import numpy as np
import pandas as pd
import pytest

from analysis.stats.compute import (GFLOP, PEAK_CHOICES, SECONDS_PER_HOUR, per_pass_flop, precision_inferred, run_hardware_burden,
                              stage_hardware_burden, stage_peak_flops, stage_processor_hours, with_compute)
from analysis.data.constants import MIXED_PRECISION_FROM


@pytest.fixture()
def processors():
    return pd.DataFrame({
        "processor": ["gpu_a", "gpu_b", "tpu_c", "cpu_d"], "processor_type": ["gpu", "gpu", "tpu", "cpu"],
        "peak_flops_fp32": [1.0e13, 2.0e13, np.nan, 1.0e12], "peak_flops_fp16": [8.0e13, np.nan, 1.0e14, np.nan],
    })


def stages(rows):
    return pd.DataFrame(rows, columns=["training_run", "stage", "processor", "processor_count", "hours", "precision"])


def test_constants():
    assert (SECONDS_PER_HOUR, GFLOP, PEAK_CHOICES) == (3600.0, 1e9, ("paper_convention", "precision_used"))


def test_peaks_for_every_kind_of_stage(processors):
    table = stages([["r", "train", "gpu_a", 1, 1.0, "fp16"], ["r", "train", "gpu_b", 1, 1.0, "bf16"],
                    ["r", "train", "tpu_c", 1, 1.0, "fp32"], ["r", "train", "cpu_d", 1, 1.0, None],
                    ["r", "train", "gpu_a", 1, 1.0, "fp32"], ["r", "train", "nope", 1, 1.0, "fp16"]])
    authors = stage_peak_flops(table, processors)
    used = stage_peak_flops(table, processors, "precision_used")
    # authors: FP32 for GPUs and CPUs, bf16 for TPUs; precision used: fp16 where the run used it and the chip has it
    assert authors.iloc[:5].tolist() == [1.0e13, 2.0e13, 1.0e14, 1.0e12, 1.0e13]
    assert used.iloc[:5].tolist() == [8.0e13, 2.0e13, 1.0e14, 1.0e12, 1.0e13]
    assert np.isnan(authors.iloc[5]) and np.isnan(used.iloc[5])  # an uncatalogued processor has no peak
    assert authors.name == "peak_flops_per_s" and authors.dtype == "float64"
    assert list(authors.index) == list(table.index)


def test_peak_switch_is_checked(processors):
    with pytest.raises(ValueError, match="unknown peak choice 'fastest'; choose one of paper_convention, precision_used"):
        stage_peak_flops(stages([["r", "train", "gpu_a", 1, 1.0, None]]), processors, "fastest")


def test_stage_burden_follows_the_switch(processors):
    table = stages([["r", "train", "gpu_a", 2, 3.0, "fp16"]])
    authors = stage_hardware_burden(table, processors).iloc[0]
    used = stage_hardware_burden(table, processors, "precision_used").iloc[0]
    assert authors["processor_hours"] == 6.0
    assert authors["hardware_burden_flop"] == pytest.approx(6 * 1.0e13 * 3600)
    assert used["hardware_burden_flop"] == pytest.approx(6 * 8.0e13 * 3600)
    assert "peak_flops_per_s" not in table.columns  # the input is not changed


def test_runs_sum_their_stages_in_run_order(processors):
    table = stages([["z", "pretrain", "gpu_a", 1, 2.0, "fp16"], ["z", "finetune", "tpu_c", 2, 1.0, None],
                    ["a", "train", "gpu_b", 1, 1.0, None], ["m", "search", "gpu_a", 1, None, None],
                    ["m", "train", "gpu_a", 1, 1.0, None]])
    runs = run_hardware_burden(table, processors)
    assert list(runs.index) == ["a", "m", "z"]
    assert list(runs.columns) == ["hardware_burden_flop", "processor_hours", "stages"]
    assert runs.loc["z", "hardware_burden_flop"] == pytest.approx((2 * 1.0e13 + 2 * 1.0e14) * 3600)
    assert runs.loc["z", "processor_hours"] == 4.0
    assert runs.loc["z", "stages"] == "pretrain+finetune"
    assert np.isnan(runs.loc["m", "hardware_burden_flop"]) and np.isnan(runs.loc["m", "processor_hours"])
    assert runs.loc["m", "stages"] == "search+train"
    used = run_hardware_burden(table, processors, "precision_used")
    assert used.loc["z", "hardware_burden_flop"] == pytest.approx((2 * 8.0e13 + 2 * 1.0e14) * 3600)


def test_per_pass_flop_is_named():
    out = per_pass_flop(pd.DataFrame({"flops_per_pass": [1.0], "flops_kind": ["macs"]}))
    assert out.name == "per_pass_flop" and out.iloc[0] == 2.0


def test_with_compute_adds_both_measures_in_flop_and_gflop():
    results = pd.DataFrame({"model": ["x", "y", "z"], "training_run": ["r1", "r2", None],
                            "flops_per_pass": [3.0e9, 5.0e9, np.nan], "flops_kind": ["macs", "flops", None]})
    runs = pd.DataFrame({"hardware_burden_flop": [2.0e18, np.nan]}, index=["r1", "r2"])
    out = with_compute(results, runs)
    assert out["hardware_burden_flop"].iloc[0] == 2.0e18
    assert out["hardware_burden_gflop"].iloc[0] == pytest.approx(2.0e9)
    assert out["hardware_burden_gflop"].iloc[1:].isna().all()
    assert out["per_pass_flop"].iloc[:2].tolist() == [6.0e9, 5.0e9]
    assert out["per_pass_gflop"].iloc[:2].tolist() == pytest.approx([6.0, 5.0])
    assert out["hardware_burden_flop"].dtype == "float64"
    assert list(results.columns) == ["model", "training_run", "flops_per_pass", "flops_kind"]


def test_bf16_runs_use_the_tensor_peak_and_the_index_is_kept(processors):
    table = stages([["r", "train", "gpu_a", 1, 1.0, "bf16"], ["r", "train", "gpu_a", 1, 1.0, "fp16"]])
    table.index = [10, 20]
    used = stage_peak_flops(table, processors, "precision_used")
    assert used.tolist() == [8.0e13, 8.0e13]
    assert list(used.index) == [10, 20]
    assert list(stage_hardware_burden(table, processors, "precision_used")["hardware_burden_flop"]) == pytest.approx(
        [8.0e13 * 3600, 8.0e13 * 3600])


def test_a_processor_of_unknown_type_counts_as_a_gpu(processors):
    catalogue = processors.copy()
    catalogue["processor_type"] = pd.array(["gpu", pd.NA, "tpu", "cpu"], dtype="string")
    table = stages([["r", "train", "gpu_b", 1, 1.0, None], ["r", "train", "tpu_c", 1, 1.0, None]])
    assert stage_peak_flops(table, catalogue).tolist() == [2.0e13, 1.0e14]
    catalogue.loc[1, "peak_flops_fp16"] = 4.0e13
    assert stage_peak_flops(table, catalogue).tolist() == [2.0e13, 1.0e14]  # FP32, not its tensor peak


# precision inferred by processor and date, where the source is silent

@pytest.fixture()
def dated(processors):
    """The catalogue with release dates: gpu_a (16-bit peak) on the rule's date, gpu_b (no 16-bit peak) after it."""
    return processors.assign(released=pd.to_datetime([MIXED_PRECISION_FROM, "2021-01-01", "2018-01-01", "2019-01-01"]))


def test_a_silent_stage_on_a_recent_gpu_with_a_16_bit_peak_is_inferred(dated):
    table = stages([["r", "train", "gpu_a", 1, 1.0, None], ["r", "train", "gpu_a", 1, 1.0, "fp32"],
                    ["r", "train", "gpu_b", 1, 1.0, None], ["r", "train", "tpu_c", 1, 1.0, None],
                    ["r", "train", "cpu_d", 1, 1.0, None]])
    assert precision_inferred(table, dated).tolist() == [True, False, False, False, False]
    used = stage_peak_flops(table, dated, "precision_used")
    assert used.tolist() == [8.0e13, 1.0e13, 2.0e13, 1.0e14, 1.0e12]  # a stated fp32 keeps the FP32 peak
    assert stage_peak_flops(table, dated).tolist() == [1.0e13, 1.0e13, 2.0e13, 1.0e14, 1.0e12]  # authors: unchanged


def test_a_gpu_released_before_the_rule_date_keeps_fp32(dated):
    older = dated.assign(released=dated["released"] - pd.Timedelta(days=1))
    table = stages([["r", "train", "gpu_a", 1, 1.0, None]])
    assert not precision_inferred(table, older).iloc[0]
    assert stage_peak_flops(table, older, "precision_used").iloc[0] == 1.0e13
    assert not precision_inferred(table, dated.drop(columns="released")).iloc[0]  # undated catalogue: nothing inferred


# processor-hours stated as a total

def test_a_processor_hour_total_counts_without_count_or_hours(processors):
    table = stages([["t", "train", "gpu_a", np.nan, np.nan, None], ["w", "train", "gpu_a", 4, 2.5, None],
                    ["n", "train", "gpu_a", 4, np.nan, None]]).assign(processor_hours=[1.0e6, np.nan, np.nan])
    assert stage_processor_hours(table).iloc[0] == 1.0e6
    assert stage_processor_hours(table).iloc[1] == 10.0  # count x wall-clock hours
    assert np.isnan(stage_processor_hours(table).iloc[2])
    runs = run_hardware_burden(table, processors)
    assert runs.loc["t", "hardware_burden_flop"] == pytest.approx(1.0e6 * 1.0e13 * 3600)
    assert runs.loc["t", "processor_hours"] == 1.0e6
    assert np.isnan(runs.loc["n", "hardware_burden_flop"])
    assert stage_processor_hours(table.drop(columns="processor_hours")).iloc[1] == 10.0  # the column is optional
