"""The reproduction scale of the paper's extrapolation table (analysis.stats.reproduce): the printed power of ten of a
computation, a cell equal when it prints as (one of) the paper's exponent(s), the signed distance from the printed
value, whether the printed value lies inside a fit's 90% interval, the step of the scale and its part in a claim,
and the table of printed cells refitted on the authors' points, on small synthetic key-number rows."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.report.keynumbers import KEY_COLUMNS
from analysis.data.paper import PAPER_EXTRAPOLATIONS
from analysis.stats.reproduce import (INSIDE_INTERVAL, NOT_COMPUTABLE, OUTSIDE_INTERVAL, SAME_POWER, SCALE_STEPS,
                                equal_at_printed_power, orders_from_paper, printed_power, reproduction_table, scale_status,
                                scale_step, within_interval)
from analysis.stats.rules import FAILS, FRAGILE, HOLDS, UNJUDGED
from analysis.stats.samples import PAPER_POINTS, PAPER_POINTS_CORRECTED

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
        _key("imagenet", "polynomial", "target_1", 5.0, "ours", 3e19, 1e19),             # our sample: no row
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


# the scale: distance from the printed value, the interval test, the step

@pytest.mark.parametrize("ours, paper, orders", [
    (1e19, 1e19, 0.0),              # exactly the printed value
    (3e19, 1e19, math.log10(3.0)),  # the same printed power, 0.48 orders above
    (9.99e19, 1e19, math.log10(9.99)),
    (1e20, 1e19, 1.0),              # the next power: one order
    (10 ** 27.6, 1e28, -0.4),       # the issue's example: a power below, 0.4 orders from the printed value
    (10 ** 14.9, 1e14, 0.9),        # ... and the same power, 0.9 orders above it
    (1e10, 1e14, -4.0),
])
def test_orders_from_paper_is_log10_ours_minus_the_printed_exponent(ours, paper, orders):
    assert orders_from_paper(ours, paper) == pytest.approx(orders, abs=1e-12)


def test_orders_from_paper_between_0_and_1_is_the_same_printed_power():
    paper = 1e19
    for ours in (1e19, 2e19, 5.5e19, 9.9e19, 9.99999e19):
        assert 0 <= orders_from_paper(ours, paper) < 1 and printed_power(ours) == 19
    for ours in (9.99e18, 1e20, 3e17):
        assert not 0 <= orders_from_paper(ours, paper) < 1 and printed_power(ours) != 19
    assert orders_from_paper(2e18, paper) < 0 < orders_from_paper(2e20, paper)  # the sign says which side


@pytest.mark.parametrize("ours, paper", [(float("nan"), 1e19), (1e19, float("nan")), (0.0, 1e19), (-1e19, 1e19),
                                         (1e19, 0.0), (float("inf"), 1e19), (None, 1e19)])
def test_orders_from_paper_of_a_missing_value_is_nan(ours, paper):
    assert math.isnan(orders_from_paper(ours, paper))


@pytest.mark.parametrize("paper, low, high, inside", [
    (1e19, 1e18, 1e20, True),                       # inside
    (1e21, 1e18, 1e20, False),                      # above the interval
    (1e17, 1e18, 1e20, False),                      # below it
    (1e18, 1e18, 1e20, True),                       # on the lower bound
    (1e20, 1e18, 1e20, True),                       # on the upper bound
    (1e19, 1e18, float("nan"), True),               # no upper bound: unbounded above
    (1e15, float("nan"), 1e20, True),               # no lower bound
    (1e40, float("nan"), float("nan"), True),       # unbounded both ways: contains every value
])
def test_within_interval(paper, low, high, inside):
    assert within_interval(paper, low, high) is inside


def test_within_interval_without_a_printed_value_is_false():
    assert within_interval(float("nan"), 1e18, 1e20) is False
    assert within_interval(float("nan"), float("nan"), float("nan")) is False
    assert within_interval(0.0, float("nan"), float("nan")) is False


def test_scale_step():
    assert SCALE_STEPS == (SAME_POWER, INSIDE_INTERVAL, OUTSIDE_INTERVAL, NOT_COMPUTABLE)
    assert scale_step(True, 0.3, True) == SAME_POWER
    assert scale_step(True, 0.3, False) == SAME_POWER  # the printed power wins over a narrow interval
    assert scale_step(False, -0.4, True) == INSIDE_INTERVAL
    assert scale_step(False, 2.5, False) == OUTSIDE_INTERVAL
    assert scale_step(False, float("nan"), True) == NOT_COMPUTABLE
    assert scale_step(True, float("nan"), True) == NOT_COMPUTABLE  # no fitted value: nothing to place


def test_scale_step_of_the_issues_two_cells():
    # 10^27.6 against a printed 10^28: another power, but inside an interval of [10^26, 10^29]
    ours = 10 ** 27.6
    same = equal_at_printed_power("imagenet", "polynomial", "target_2", ours)
    orders = orders_from_paper(ours, 1e28)
    assert not same and orders == pytest.approx(-0.4)
    assert scale_step(same, orders, within_interval(1e28, 1e26, 1e29)) == INSIDE_INTERVAL
    assert scale_step(same, orders, within_interval(1e28, 1e26, 10 ** 27.9)) == OUTSIDE_INTERVAL
    # 10^14.9 against the printed 10^14 of ImageNet's "today": the same power
    same = equal_at_printed_power("imagenet", "polynomial", "today", 10 ** 14.9)
    assert same and scale_step(same, orders_from_paper(10 ** 14.9, 1e14), False) == SAME_POWER


def test_scale_status_of_each_step():
    assert [scale_status(s) for s in (SAME_POWER, INSIDE_INTERVAL, OUTSIDE_INTERVAL, NOT_COMPUTABLE, "")] == [
        HOLDS, FRAGILE, FAILS, UNJUDGED, UNJUDGED]
