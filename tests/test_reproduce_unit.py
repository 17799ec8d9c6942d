"""The rule for "equal" of the paper's extrapolation table (analysis.reproduce): the printed power of ten of a
computation, a cell equal when it prints as (one of) the paper's exponent(s), and the table of printed cells
refitted on the authors' points, on small synthetic key-number rows."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.keynumbers import KEY_COLUMNS
from analysis.paper import PAPER_EXTRAPOLATIONS
from analysis.reproduce import equal_at_printed_power, printed_power, reproduction_table
from analysis.samples import PAPER_POINTS, PAPER_POINTS_CORRECTED

REPRODUCTION_COLUMNS = ["benchmark", "model", "error_level", "error_pct", "paper_exponent", "paper_exponent_alternative",
                        "required_gflop", "printed_power", "reproduced"]


def test_the_printed_power_rule():
    assert printed_power(9.99e18) == 18
    assert printed_power(1.0e19) == 19
    assert np.isnan(printed_power(float("inf")))
    assert equal_at_printed_power("imagenet", "polynomial", "target_1", 5e19)
    assert not equal_at_printed_power("imagenet", "polynomial", "target_1", 5e20)
    assert equal_at_printed_power("wmt14_en_fr", "exponential", "target_2", 3e108)  # printed 10^107 or 10^108
    assert not equal_at_printed_power("wmt14_en_de", "polynomial", "today", 1e12)  # the paper prints no En-De row


@pytest.mark.parametrize("gflop, power", [(1.0, 0.0), (0.5, -1.0), (9.5, 0.0), (10.0, 1.0), (2e-3, -3.0), (3e108, 108.0)])
def test_printed_power_is_the_floor_of_log10(gflop, power):
    value = printed_power(gflop)
    assert value == power and isinstance(value, float)


@pytest.mark.parametrize("gflop", [None, 0.0, -1e19, float("nan"), float("inf"), float("-inf")])
def test_printed_power_of_no_computation_is_nan(gflop):
    assert math.isnan(printed_power(gflop))


def test_equal_at_printed_power_needs_a_printed_cell_and_a_computation():
    assert equal_at_printed_power("imagenet", "polynomial", "today", 1e14) is True  # exactly the printed 10^14
    assert equal_at_printed_power("imagenet", "polynomial", "today", 9.99e13) is False
    assert not equal_at_printed_power("imagenet", "polynomial", "today", float("nan"))
    assert not equal_at_printed_power("imagenet", "polynomial", "today", 0.0)
    assert not equal_at_printed_power("imagenet", "exponential", "today", 1e14)  # the paper prints no exponential "today"
    assert not equal_at_printed_power("wmt14_en_fr", "exponential", "target_2", 3e106)
    assert equal_at_printed_power("wmt14_en_fr", "exponential", "target_2", 3e107)


def _key(benchmark, model, level, error, sample, gflop, paper_gflop):
    row = dict.fromkeys(KEY_COLUMNS, np.nan)
    row.update({"benchmark": benchmark, "metric": "m", "measure": "hardware_burden", "model": model, "sample": sample,
                "n": 13, "error_level": level, "error_pct": error, "required_gflop": gflop, "paper_required_gflop": paper_gflop})
    return row


def test_reproduction_table_lists_the_printed_cells_of_the_authors_points():
    keys = pd.DataFrame([
        _key("imagenet", "polynomial", "target_1", 5.0, PAPER_POINTS, 3e19, 1e19),          # prints as 10^19: reproduced
        _key("imagenet", "polynomial", "target_2", 1.0, PAPER_POINTS, 2e29, 1e28),          # 10^29 against 10^28
        _key("imagenet", "exponential", "today", 11.5, PAPER_POINTS, 1e15, np.nan),         # not printed: no row
        _key("imagenet", "polynomial", "target_1", 5.0, "authors", 3e19, 1e19),             # our sample: no row
        _key("imagenet", "polynomial", "target_1", 5.0, PAPER_POINTS_CORRECTED, 3e19, 1e19),  # corrected points: no row
        _key("wmt14_en_fr", "exponential", "target_2", 10.0, PAPER_POINTS, 4e107, 1e107),   # either copy's exponent
        _key("wmt14_en_fr", "polynomial", "today", 54.4, PAPER_POINTS, np.nan, 1e12),       # no fit
    ], columns=KEY_COLUMNS)
    table = reproduction_table(keys)
    assert list(table.columns) == REPRODUCTION_COLUMNS
    assert list(zip(table["benchmark"], table["model"], table["error_level"])) == [
        ("imagenet", "polynomial", "target_1"), ("imagenet", "polynomial", "target_2"),
        ("wmt14_en_fr", "exponential", "target_2"), ("wmt14_en_fr", "polynomial", "today")]
    assert list(table["error_pct"]) == [5.0, 1.0, 10.0, 54.4]
    en_fr = PAPER_EXTRAPOLATIONS["wmt14_en_fr"]
    assert list(table["paper_exponent"]) == [19, 28, en_fr.exponential_log10_gflop[1], en_fr.polynomial_log10_gflop[0]]
    alternative = table["paper_exponent_alternative"]
    assert alternative.iloc[2] == en_fr.exponential_alternatives[1] and alternative.drop(index=2).isna().all()
    assert list(table["required_gflop"].iloc[:3]) == [3e19, 2e29, 4e107] and math.isnan(table["required_gflop"].iloc[3])
    assert list(table["printed_power"].iloc[:3]) == [19.0, 29.0, 107.0] and math.isnan(table["printed_power"].iloc[3])
    assert list(table["reproduced"]) == [True, False, True, False]


def test_reproduction_table_of_no_printed_cell_is_empty_with_its_columns():
    keys = pd.DataFrame([_key("wmt14_en_de", "polynomial", "today", 70.0, PAPER_POINTS, 1e12, np.nan)], columns=KEY_COLUMNS)
    table = reproduction_table(keys)
    assert table.empty and list(table.columns) == REPRODUCTION_COLUMNS
