"""Rules of the map of the paper and the gap decomposition (analysis.report_paper), on small synthetic inputs."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import report_paper as rp
from analysis.keynumbers import KEY_COLUMNS
from analysis.registry import BENCHMARKS
from analysis.rules import SIGNIFICANCE_LEVEL


# --- status rules ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("gflop, status", [
    (1.0e19, rp.REPRODUCED), (9.9e19, rp.REPRODUCED),      # prints as 10^19, the paper's cell
    (9.9e18, rp.DIFFERS), (1.0e20, rp.DIFFERS),             # one power below or above
    (float("nan"), rp.NOT_POSSIBLE), (float("inf"), rp.NOT_POSSIBLE),
])
def test_extrapolation_status_is_equality_at_the_printed_power(gflop, status):
    assert rp.extrapolation_status("imagenet", "polynomial", "target_1", gflop)[0] == status


def test_extrapolation_status_states_the_gap_and_accepts_either_printed_copy():
    status, note = rp.extrapolation_status("imagenet", "polynomial", "target_1", 10 ** 21.4)
    assert status == rp.DIFFERS and "+2.4 orders of magnitude" in note
    # WMT En-Fr exponential at 10%: printed 10^107 or 10^108 in different copies
    assert rp.extrapolation_status("wmt14_en_fr", "exponential", "target_2", 2e108)[0] == rp.REPRODUCED
    assert rp.extrapolation_status("wmt14_en_fr", "exponential", "target_2", 2e107)[0] == rp.REPRODUCED
    assert rp.extrapolation_status("wmt14_en_fr", "exponential", "target_2", 2e109)[0] == rp.DIFFERS


def test_r2_range_at_the_printed_precision():
    assert rp.r2_range_status([0.2899, 0.45, 0.6818])[0] == rp.REPRODUCED
    assert rp.r2_range_status([0.14, 0.88])[0] == rp.DIFFERS
    assert rp.r2_range_status([0.30, 0.68])[0] == rp.DIFFERS
    assert rp.r2_range_status([float("nan")])[0] == rp.NOT_POSSIBLE


def test_not_significant_uses_the_significance_level():
    assert rp.not_significant_status(0.93)[0] == rp.REPRODUCED
    assert rp.not_significant_status(SIGNIFICANCE_LEVEL)[0] == rp.REPRODUCED
    assert rp.not_significant_status(SIGNIFICANCE_LEVEL / 2)[0] == rp.DIFFERS
    assert rp.not_significant_status(float("nan"))[0] == rp.NOT_POSSIBLE


def test_printed_power_value_and_threshold_rules():
    assert rp.printed_power_status(10 ** 4.93, 1e5)[0] == rp.REPRODUCED
    assert rp.printed_power_status(10 ** 4.47, 1e5)[0] == rp.DIFFERS
    assert rp.printed_power_status(0.0, 1e5)[0] == rp.NOT_POSSIBLE
    assert rp.printed_value_status(2.76, 3.0, 0)[0] == rp.REPRODUCED
    assert rp.printed_value_status(0.86, 0.43, 2)[0] == rp.DIFFERS
    assert rp.exceeds_status(1095.5, 1000)[0] == rp.REPRODUCED
    assert rp.exceeds_status(900, 1000)[0] == rp.DIFFERS
    assert rp.exceeds_status(float("nan"), 1000)[0] == rp.NOT_POSSIBLE


def test_map_counts_count_every_status():
    table = pd.DataFrame({"status": [rp.REPRODUCED, rp.DIFFERS, rp.DIFFERS, rp.COMPARED],
                          "points_status": [rp.REPRODUCED, rp.REPRODUCED, "", ""]})
    counts = rp.map_counts(table).set_index("status")
    assert list(counts.index) == list(rp.STATUSES)
    assert counts.loc[rp.DIFFERS, "n_items"] == 2 and counts.loc[rp.NOT_POSSIBLE, "n_items"] == 0
    assert counts.loc[rp.REPRODUCED, "n_points_items"] == 2 and counts["n_points_items"].sum() == 2


# --- gap decomposition ------------------------------------------------------------------------------------------

def test_gap_parts_add_up():
    parts = rp.gap_parts(1e19, 1e21, 1e18)
    assert parts["gap_corrections_orders"] == pytest.approx(2.0)
    assert parts["gap_points_orders"] == pytest.approx(-3.0)
    assert parts["gap_total_orders"] == pytest.approx(-1.0)
    assert parts["larger_part"] == "different points"
    assert rp.gap_parts(1e19, 1e23, 1e22)["larger_part"] == "corrections of the same points"
    missing = rp.gap_parts(1e19, float("nan"), 1e22)
    assert math.isnan(missing["gap_corrections_orders"]) and missing["gap_total_orders"] == pytest.approx(3.0)
    assert missing["larger_part"] == ""


def _keys(values: dict[str, dict[tuple[str, str], float]], n: dict[str, int]) -> pd.DataFrame:
    """Synthetic key-number rows for ImageNet's headline regression: sample -> (model, level) -> GFLOP."""
    benchmark = BENCHMARKS["imagenet"]
    errors = {"today": 11.5, "target_1": 5.0, "target_2": 1.0}
    rows = []
    for sample, cells in values.items():
        for (model, level), gflop in cells.items():
            row = dict.fromkeys(KEY_COLUMNS, np.nan)
            row.update({"benchmark": "imagenet", "metric": benchmark.primary_metric.column, "measure": "hardware_burden",
                        "model": model, "sample": sample, "n": n[sample], "error_level": level, "error_pct": errors[level],
                        "required_gflop": gflop, "required_gflop_low": gflop / 100, "required_gflop_high": gflop * 100})
            rows.append(row)
    return pd.DataFrame(rows, columns=KEY_COLUMNS)


def test_three_fits_and_gap_decomposition_on_synthetic_key_numbers():
    keys = _keys({
        "paper_points": {("polynomial", "today"): 2e14, ("polynomial", "target_1"): 3e19},
        "paper_points_corrected": {("polynomial", "today"): 2e15, ("polynomial", "target_1"): 3e21},
        "authors": {("polynomial", "today"): 4e14, ("polynomial", "target_1"): 3e18},
    }, {"paper_points": 13, "paper_points_corrected": 13, "authors": 16})
    three = rp.three_fits(keys)
    assert list(three.columns) == list(rp.THREE_COLUMNS)
    assert len(three) == 2  # one row per cell of our sample
    first = three[three["error_level"] == "target_1"].iloc[0]
    assert first["paper_exponent"] == 19
    assert bool(first["points_reproduced"]) and not bool(first["corrected_reproduced"]) and not bool(first["reproduced"])
    assert first["points_required_gflop_low"] == pytest.approx(3e17)
    gaps = rp.gap_decomposition(three, {"imagenet": 5})
    assert list(gaps.columns) == list(rp.GAP_COLUMNS)
    row = gaps.iloc[0]
    assert row["n_corrected_points"] == 5 and row["paper_points_n"] == 13 and row["n_sample"] == 16
    assert row["gap_corrections_orders"] == pytest.approx(2.0)
    assert row["gap_points_orders"] == pytest.approx(-3.0)
    assert row["gap_total_orders"] == pytest.approx(-1.0)
    assert row["gap_corrections_orders"] + row["gap_points_orders"] == pytest.approx(row["gap_total_orders"])


def test_gap_decomposition_without_corrected_points():
    keys = _keys({"paper_points": {("polynomial", "target_1"): 3e19}, "authors": {("polynomial", "target_1"): 3e18}},
                 {"paper_points": 13, "authors": 16})
    gaps = rp.gap_decomposition(rp.three_fits(keys))
    row = gaps.iloc[0]
    assert math.isnan(row["gap_corrections_orders"]) and math.isnan(row["gap_points_orders"])
    assert row["gap_total_orders"] == pytest.approx(-1.0)
    assert pd.isna(row["n_corrected_points"]) and row["larger_part"] == ""


def test_verdict_table_counts_and_totals():
    table = pd.DataFrame({"benchmark": ["imagenet", "imagenet", "mscoco"], "verdict": ["agrees", "authors_slip", "differs"]})
    counts = rp.verdict_table(table).set_index("benchmark")
    assert counts.loc["imagenet", "n_agrees"] == 1 and counts.loc["imagenet", "n_authors_slip"] == 1
    assert counts.loc["all", "n"] == 3 and counts.loc["all", "n_differs"] == 1
    assert counts.loc["all", "benchmark_title"] == "All benchmarks"
    assert rp.verdict_table(None).empty
