"""The processor catalogue: complete, and each figure as its cited source states it."""
import re

import numpy as np
import pytest

REQUIRED = ["gtx580", "gtx_titan", "gtx_titan_black", "gtx_titan_x_maxwell", "titan_x_pascal", "gtx1080ti", "k20", "k40",
            "k80", "m40", "p100_pcie", "p100_sxm2", "v100_pcie", "v100_sxm2", "t4", "rtx2080ti", "a100_sxm4", "h100_sxm",
            "tpu_v2", "tpu_v3", "tpu_v4"]
UNITS = {"GFLOPS": 1e9, "TFLOPS": 1e12, "PFLOPS": 1e15}


def quoted_flops(text):
    """Every 'N GFLOPS/TFLOPS' figure a source or note states, in FLOP/s."""
    return [float(n.replace(",", "")) * UNITS[u.upper()]
            for n, u in re.findall(r"(?<![A-Za-z\d.])(\d[\d,]*(?:\.\d+)?)\s*(GFLOPS|TFLOPS|PFLOPS)", text, flags=re.I)]


def test_every_required_processor_is_catalogued(dataset):
    missing = set(REQUIRED) - set(dataset.processors["processor"])
    assert not missing, f"processors missing from data/processors.csv: {sorted(missing)}"


def test_every_processor_used_by_a_run_has_a_peak(dataset):
    used = set(dataset.training_runs["processor"])
    catalogue = dataset.processors.set_index("processor")
    no_peak = [p for p in used if np.isnan(catalogue.loc[p, "peak_flops_fp32"]) and np.isnan(catalogue.loc[p, "peak_flops_fp16"])]
    assert not no_peak, no_peak


def test_tpus_have_their_bf16_peak_and_gpus_their_fp32_peak(dataset):
    catalogue = dataset.processors.set_index("processor")
    for key, row in catalogue.iterrows():
        if row["processor_type"] == "tpu":
            assert row["peak_flops_fp16"] > 0, key
        else:
            assert row["peak_flops_fp32"] > 0, key


def test_a_k80_key_is_one_gpu_of_the_board(dataset):
    k80 = dataset.processors.set_index("processor").loc["k80"]
    assert k80["peak_flops_fp32"] < 5e12, "the K80 key is one GPU: a board (two GPUs) peaks at 5.6-8.7 TFLOPS"


def test_recorded_peaks_match_the_figures_their_sources_quote(dataset):
    """Where a row's source quotes a FLOPS figure, the recorded peak is one of them, per processor or per board/device."""
    mismatches = []
    for _, row in dataset.processors.iterrows():
        figures = quoted_flops(str(row["source"]))
        if not figures:
            continue
        recorded = [v for v in (row["peak_flops_fp32"], row["peak_flops_fp16"]) if np.isfinite(v)]
        per_unit = [f / k for f in figures for k in (1, 2, 4)]  # K80 boards hold 2 GPUs, Cloud TPU devices 4 chips
        if "DERIVED" in str(row["notes"]):  # a documented derivation from the quoted figure (e.g. FP32 = 2 x FP64 lanes)
            per_unit += [f * 2 for f in figures]
        if not any(np.isclose(r, f, rtol=0.02) for r in recorded for f in per_unit):
            mismatches.append(f"{row['processor']}: recorded {recorded}, source quotes {figures}")
    assert not mismatches, "\n".join(mismatches)


def test_every_processor_names_its_source_and_release(dataset):
    assert dataset.processors["source"].notna().all()
    assert dataset.processors["released"].notna().sum() >= len(dataset.processors) - 2
