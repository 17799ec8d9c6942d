"""The verdict on the paper in the built book: the scale, the paper's own back-test and the finding rules, read from
the published key-number table and outputs (the book is built once per session, see conftest.py)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.data.paper import PAPER_EXTRAPOLATIONS
from analysis.stats.rules import (BACKTEST_MAX_IQR_ORDERS, BACKTEST_MIN_FIT_POINTS, BACKTEST_MIN_LATER_POINTS,
                            BEYOND_DATA_MARK_ORDERS, backtest_verdict)


@pytest.fixture(scope="module")
def keys(built_book):
    return pd.read_csv(built_book / "key-numbers.csv")


def test_the_scale_is_filled_exactly_where_the_paper_prints_a_value(keys):
    printed = keys["paper_required_gflop"].notna() & keys["required_gflop"].notna()
    assert keys.loc[printed, "orders_from_paper"].notna().all()
    assert keys.loc[printed, "paper_within_interval"].notna().all()
    assert keys.loc[keys["paper_required_gflop"].isna(), "orders_from_paper"].isna().all()
    distance = np.log10(keys.loc[printed, "required_gflop"]) - np.log10(keys.loc[printed, "paper_required_gflop"])
    assert np.allclose(keys.loc[printed, "orders_from_paper"], distance)


def test_the_paper_s_own_projections_are_back_tested_on_each_of_its_benchmarks(keys):
    paper = keys[keys["sample"] == "backtest_paper_points"]
    assert set(paper["benchmark"]) == set(PAPER_EXTRAPOLATIONS) | {"wmt14_en_de"}
    assert set(paper["model"]) == {"polynomial", "exponential"}
    ours = keys[keys["sample"] == "backtest"]
    assert "mmlu" in set(ours["benchmark"]) and "mmlu" not in set(paper["benchmark"])
    both = paper.merge(ours, on=["benchmark", "model"], suffixes=("_paper", "_ours"))
    # the later results are the same for both projections: only the fit differs
    assert (both["n_later_paper"] == both["n_later_ours"]).all()


def test_every_back_test_verdict_follows_the_finding_rules(keys):
    rows = keys[keys["sample"].isin(["backtest", "backtest_paper_points"])]
    assert len(rows)
    for r in rows.itertuples():
        expected = backtest_verdict(int(r.n) if r.slope == r.slope else 0, int(r.n_later),
                                    r.log10_actual_over_predicted_median, r.quartile_low_orders, r.quartile_high_orders)
        assert r.backtest_verdict == expected, r
        if r.n < BACKTEST_MIN_FIT_POINTS or r.n_later < BACKTEST_MIN_LATER_POINTS:
            assert r.backtest_verdict == "too few to judge"
        elif (r.quartile_low_orders <= 0 <= r.quartile_high_orders
              and r.quartile_high_orders - r.quartile_low_orders > BACKTEST_MAX_IQR_ORDERS):
            assert r.backtest_verdict == "cannot tell"


def test_mmlu_back_test_is_fitted_on_enough_points(keys):
    mmlu = keys[(keys["sample"] == "backtest") & (keys["benchmark"] == "mmlu")]
    assert (mmlu["n"] >= BACKTEST_MIN_FIT_POINTS).all()
    assert (mmlu["n_later"] >= BACKTEST_MIN_LATER_POINTS).all()


def test_distance_beyond_the_data_is_given_for_every_extrapolation(keys):
    fitted = keys[keys["required_gflop"].notna() & ~keys["sample"].isin(["backtest", "backtest_paper_points"])]
    assert fitted["orders_beyond_data"].notna().all()
    # a level no point of the sample reached has no "reached" computation; one the best point reached has one
    levels = fitted[fitted["error_level"] == "today"]
    assert levels["reached_gflop"].notna().any()
    assert (fitted["reached_gflop"].dropna() > 0).all()


def test_the_front_page_says_what_the_claims_table_says(built_book):
    claims = pd.read_csv(built_book / "outputs" / "paper_claims.csv")
    page = (built_book / "book" / "intro.html").read_text(encoding="utf-8")
    for status, label in (("holds", "Holds:"), ("fragile", "Fragile:"), ("fails", "Fails:")):
        assert ((claims["claim_status"] == status).any()) == (label in page), status
    sensitivity = pd.read_csv(built_book / "outputs" / "sensitivity_summary.csv")
    slope = claims.set_index("claim_id").loc["slope", "claim_status"]
    paper_benchmarks = sensitivity[sensitivity["benchmark"].isin(PAPER_EXTRAPOLATIONS)]
    if (paper_benchmarks["n_survive"] == 0).any():
        assert slope != "holds"


def test_costs_far_beyond_the_data_are_marked(built_book):
    rows = pd.read_csv(built_book / "outputs" / "extrapolation" / "imagenet.csv")
    assert (rows["beyond_data"] == rows["orders_beyond_data"].gt(BEYOND_DATA_MARK_ORDERS)).all()
