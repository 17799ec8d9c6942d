"""analysis.stats.samples on hand-made tables: error columns, the date window, the sample rules, the chance rule, the paper's points."""
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analysis.stats.rules import CHANCE_MARGIN_POINTS
from analysis.stats.samples import (BACKTEST, BACKTEST_FIT_SAMPLES, BACKTEST_PAPER_POINTS, MEASURES, PAPER_POINTS,
                              PAPER_POINTS_CORRECTED, PAPER_POINTS_SLIPS_FIXED, PAPER_SAMPLES, SAMPLE_RULES,
                              analysis_table, authors_points, best_per_paper, error_column, frontier, select_sample)


def test_error_column_names():
    assert error_column("top1_pct") == "top1_error_pct"
    assert error_column("bleu") == "bleu_error_pct"
    assert error_column("pct_top1_pct") == "pct_top1_error_pct"  # only the suffix goes


def results_table():
    """Six results of three papers (p1 twice, p2 twice, p3 twice) with both measures and an error column."""
    return pd.DataFrame({
        "paper_key": ["p1", "p1", "p2", "p2", "p3", "p3"],
        "published": pd.to_datetime(["2014-01-01", "2014-01-01", "2016-01-01", "2016-06-01", "2019-01-01", "2021-01-01"]),
        "f1_error_pct": [30.0, 25.0, 28.0, 20.0, 22.0, 10.0],
        "hardware_burden_gflop": [1e9, 2e9, np.nan, 4e9, 8e9, 1.6e10],
        "per_pass_gflop": [1.0, 3.0, 2.0, 2.0, 0.0, 5.0],
    })


def test_a_point_needs_a_positive_error_and_measure():
    table = results_table()
    table.loc[0, "f1_error_pct"] = 0.0
    points = select_sample(table, "squad11", "f1_pct", "hardware_burden", "ours")
    assert list(points.index) == [1, 3, 4, 5]  # row 0: zero error, row 2: no burden
    assert points["error_pct"].tolist() == [25.0, 20.0, 22.0, 10.0]
    assert points["compute_gflop"].tolist() == [2e9, 4e9, 8e9, 1.6e10]
    per_pass = select_sample(table, "squad11", "f1_pct", "per_pass", "ours")
    assert 4 not in per_pass.index and per_pass["compute_gflop"].tolist() == [3.0, 2.0, 2.0, 5.0]


def test_the_date_window_is_half_open():
    table = results_table()
    before = select_sample(table, "squad11", "f1_pct", "hardware_burden", "ours", published_before="2016-06-01")
    after = select_sample(table, "squad11", "f1_pct", "hardware_burden", "ours", published_from="2016-06-01")
    assert list(before.index) == [1, 0]  # same day: lower error first
    assert list(after.index) == [3, 4, 5]


def test_sample_rules():
    table = results_table()
    per_paper = select_sample(table, "squad11", "f1_pct", "hardware_burden", "per_paper")
    assert sorted(per_paper.index) == [1, 3, 5]
    frontier_points = select_sample(table, "squad11", "f1_pct", "hardware_burden", "frontier")
    assert list(frontier_points.index) == [1, 3, 5]  # row 0, the same day as row 1, is not a new best
    # ImageNet's authors' rule keeps each paper's best result; other benchmarks keep every result
    imagenet = table.rename(columns={"f1_error_pct": "top1_error_pct"})
    assert sorted(select_sample(imagenet, "imagenet", "top1_pct", "hardware_burden", "ours").index) == [1, 3, 5]
    assert len(select_sample(table, "squad11", "f1_pct", "hardware_burden", "ours")) == 6 - 1


def test_points_come_sorted_by_date_then_error():
    table = results_table().iloc[::-1]
    points = select_sample(table, "squad11", "f1_pct", "hardware_burden", "ours")
    assert list(points.index) == [1, 0, 3, 4, 5]


def test_unknown_rule_or_measure_is_refused():
    with pytest.raises(ValueError, match="unknown sample rule 'best'; choose one of ours, per_paper, frontier"):
        select_sample(results_table(), "squad11", "f1_pct", "hardware_burden", "best")
    with pytest.raises(ValueError, match="unknown compute measure 'tokens'; choose one of hardware_burden, per_pass"):
        select_sample(results_table(), "squad11", "f1_pct", "tokens", "ours")
    assert SAMPLE_RULES == ("ours", "per_paper", "frontier")
    assert MEASURES == {"hardware_burden": "hardware_burden_gflop", "per_pass": "per_pass_gflop"}


def test_results_near_chance_are_left_out():
    chance = 75.0  # MMLU: four choices
    table = results_table().rename(columns={"f1_error_pct": "mmlu_error_pct"})
    table["mmlu_error_pct"] = [80.0, chance - CHANCE_MARGIN_POINTS, chance - CHANCE_MARGIN_POINTS - 0.1, 40.0, 30.0, 20.0]
    points = select_sample(table, "mmlu", "mmlu_pct", "hardware_burden", "ours")
    assert list(points.index) == [3, 4, 5]


def test_best_per_paper_breaks_ties_by_lower_compute():
    points = pd.DataFrame({"paper_key": ["a", "a", "a", "b"], "error_pct": [10.0, 10.0, 12.0, 15.0],
                           "compute_gflop": [5.0, 3.0, 1.0, 2.0]})
    best = best_per_paper(points)
    assert best["compute_gflop"].tolist() == [3.0, 2.0]


def test_frontier_of_unsorted_points():
    points = pd.DataFrame({"published": pd.to_datetime(["2015-01-01", "2012-01-01", "2013-01-01"]),
                           "error_pct": [20.0, 30.0, 30.0], "compute_gflop": [1.0, 2.0, 3.0]})
    assert frontier(points)["error_pct"].tolist() == [30.0, 20.0]


def test_analysis_table_adds_an_error_column_per_metric(dataset):
    table = analysis_table(dataset, "squad11")
    for column in ("f1", "em"):
        known = table[f"{column}_pct"].notna()
        assert (table.loc[known, f"{column}_error_pct"] == 100.0 - table.loc[known, f"{column}_pct"]).all()
    assert {"hardware_burden_gflop", "per_pass_gflop"} <= set(table.columns)
    used = analysis_table(dataset, "squad11", peak="precision_used")["hardware_burden_gflop"]
    assert not np.allclose(used.fillna(0), table["hardware_burden_gflop"].fillna(0))


def test_the_papers_points_as_a_sample():
    paper_points = pd.DataFrame({"benchmark": ["imagenet", "imagenet", "squad11"], "site_index": [7, 3, 9],
                                 "year": [2016, 2014, 2018], "model": ["B", "A", "C"],
                                 "hardware_burden_gflop": [5e9, 1e9, 2e9], "accuracy": [0.78, 0.70, 0.9]})
    points = authors_points(SimpleNamespace(paper_points=paper_points), "imagenet")
    assert points["model"].tolist() == ["A", "B"]  # by year
    assert points["paper_key"].tolist() == ["site_3", "site_7"]
    assert points["error_pct"].tolist() == pytest.approx([30.0, 22.0])
    assert points["compute_gflop"].tolist() == [1e9, 5e9]
    assert points["year"].tolist() == [2014, 2016] and not points["corrected"].any()
    assert list(points.index) == [0, 1]
    assert list(points.columns) == ["site_index", "model", "paper_key", "year", "error_pct", "compute_gflop", "corrected"]
    assert points["site_index"].dtype == "int64" and points["year"].dtype == "int64"


def test_corrected_points_take_our_sourced_values(dataset):
    published = authors_points(dataset, "imagenet")
    corrected = authors_points(dataset, "imagenet", sample=PAPER_POINTS_CORRECTED)
    assert len(corrected) == len(published) and corrected["corrected"].dtype == bool
    changed = corrected["corrected"]
    assert changed.any()
    same = corrected[~changed].set_index("site_index")
    base = published.set_index("site_index").loc[same.index]
    assert (same["compute_gflop"] == base["compute_gflop"]).all()
    assert (same["error_pct"] == base["error_pct"]).all()
    assert corrected["error_pct"].notna().all() and corrected["compute_gflop"].notna().all()
    assert list(corrected.index) == list(range(len(corrected)))
    assert list(corrected.columns) == list(published.columns)
    moved = corrected[changed].set_index("site_index")
    assert (moved["compute_gflop"] != published.set_index("site_index").loc[moved.index, "compute_gflop"]).any()


def test_the_slips_fixed_points_substitute_only_the_points_whose_cause_is_a_slip(dataset):
    mapping = dataset.paper_points_map
    for benchmark in sorted(set(dataset.paper_points["benchmark"]) & set(dataset.results)):
        published = authors_points(dataset, benchmark).set_index("site_index")
        slips = authors_points(dataset, benchmark, sample=PAPER_POINTS_SLIPS_FIXED).set_index("site_index")
        corrected = authors_points(dataset, benchmark, sample=PAPER_POINTS_CORRECTED).set_index("site_index")
        assert sorted(slips.index) == sorted(published.index) == sorted(corrected.index)
        slip_sites = set(mapping.loc[(mapping["benchmark"] == benchmark) & (mapping["cause"] == "slip"), "site_index"].astype(int))
        fixed = set(slips.index[slips["corrected"]])
        assert fixed <= slip_sites, benchmark  # nothing but slips
        assert fixed <= set(corrected.index[corrected["corrected"]]), benchmark  # every slip fixed is also corrected
        kept = slips.loc[~slips["corrected"]]
        assert (kept["compute_gflop"] == published.loc[kept.index, "compute_gflop"]).all(), benchmark
        assert (kept["error_pct"] == published.loc[kept.index, "error_pct"]).all(), benchmark
        both = slips.loc[slips["corrected"]]
        assert (both["compute_gflop"] == corrected.loc[both.index, "compute_gflop"]).all(), benchmark


# the slip-only substitution on a synthetic map: one slip, one convention, one agreeing point, one not in our data

SYNTHETIC_POINTS = pd.DataFrame({
    "benchmark": "imagenet", "site_index": [1, 2, 3, 4], "year": [2012, 2014, 2016, 2018],
    "model": ["Slip", "Conv", "Agree", "Absent"], "hardware_burden_gflop": [1e8, 1e10, 1e11, 1e12],
    "accuracy": [0.60, 0.70, 0.75, 0.80], "accuracy_is": "top-1"})
SYNTHETIC_MAP = pd.DataFrame({
    "benchmark": "imagenet", "site_index": [1, 2, 3, 4], "paper_key": ["s", "c", "a", ""], "model": ["S", "C", "A", ""],
    "verdict": ["authors_slip", "differs", "agrees", "not_in_our_data"],
    "cause": ["slip", "convention", "within_noise", ""], "notes": ""})
OUR_ROWS = pd.DataFrame({"paper_key": ["s", "c", "a", "x"], "model": ["S", "C", "A", "X"],
                         "hardware_burden_gflop": [8e9, 9e10, 1.5e11, 5e12], "top1_pct": [61.0, 69.0, 75.0, 90.0]})
"""Our rows: the slip's burden is 80x the authors', the convention's 9x, the agreeing point's 1.5x (same score)."""


def synthetic_points(sample: str) -> pd.DataFrame:
    data = SimpleNamespace(paper_points=SYNTHETIC_POINTS, paper_points_map=SYNTHETIC_MAP)
    return authors_points(data, "imagenet", sample=sample, table=OUR_ROWS).set_index("model")


def test_the_three_samples_of_the_papers_points():
    assert PAPER_SAMPLES == (PAPER_POINTS, PAPER_POINTS_SLIPS_FIXED, PAPER_POINTS_CORRECTED)
    assert (PAPER_POINTS, PAPER_POINTS_SLIPS_FIXED, PAPER_POINTS_CORRECTED) == (
        "paper_points", "paper_points_slips_fixed", "paper_points_corrected")
    assert BACKTEST_FIT_SAMPLES == {BACKTEST_PAPER_POINTS: PAPER_POINTS, BACKTEST: "ours"}
    assert list(BACKTEST_FIT_SAMPLES) == ["backtest_paper_points", "backtest"]  # the paper's projection first


def test_slips_fixed_changes_only_the_slip_and_corrected_every_sourced_point():
    published = synthetic_points(PAPER_POINTS)
    assert list(published["compute_gflop"]) == [1e8, 1e10, 1e11, 1e12]
    assert list(published["error_pct"]) == pytest.approx([40.0, 30.0, 25.0, 20.0])
    assert not published["corrected"].any()
    slips = synthetic_points(PAPER_POINTS_SLIPS_FIXED)
    assert list(slips.index) == ["Slip", "Conv", "Agree", "Absent"]  # by year, as published
    assert list(slips["corrected"]) == [True, False, False, False]
    assert list(slips["compute_gflop"]) == [8e9, 1e10, 1e11, 1e12]
    assert list(slips["error_pct"]) == pytest.approx([39.0, 30.0, 25.0, 20.0])  # our score of the slip: 61
    corrected = synthetic_points(PAPER_POINTS_CORRECTED)
    assert list(corrected["corrected"]) == [True, True, True, False]
    assert list(corrected["compute_gflop"]) == [8e9, 9e10, 1.5e11, 1e12]
    assert list(corrected["error_pct"]) == pytest.approx([39.0, 31.0, 25.0, 20.0])
    for frame in (slips, corrected):
        assert list(frame.columns) == list(published.columns)
        assert list(frame["paper_key"]) == ["site_1", "site_2", "site_3", "site_4"]  # the authors' ids, never ours
    assert list(SYNTHETIC_POINTS["hardware_burden_gflop"]) == [1e8, 1e10, 1e11, 1e12]  # the authors' values untouched


def test_a_map_without_causes_fixes_no_slip_but_corrects_every_sourced_point():
    data = SimpleNamespace(paper_points=SYNTHETIC_POINTS, paper_points_map=SYNTHETIC_MAP.drop(columns="cause"))
    slips = authors_points(data, "imagenet", sample=PAPER_POINTS_SLIPS_FIXED, table=OUR_ROWS)
    corrected = authors_points(data, "imagenet", sample=PAPER_POINTS_CORRECTED, table=OUR_ROWS)
    assert not slips["corrected"].any() and list(corrected["corrected"]) == [True, True, True, False]


def test_an_unknown_sample_of_the_papers_points_is_refused():
    data = SimpleNamespace(paper_points=SYNTHETIC_POINTS, paper_points_map=SYNTHETIC_MAP)
    with pytest.raises(ValueError, match="unknown sample of the paper's points 'ours'"):
        authors_points(data, "imagenet", sample="ours", table=OUR_ROWS)


def test_errors_and_measures_below_one_count():
    table = results_table()
    table.loc[1, "f1_error_pct"] = 0.5  # 99.5 F1
    table.loc[1, "per_pass_gflop"] = 0.5  # half a GFLOP per pass
    assert 1 in select_sample(table, "squad11", "f1_pct", "hardware_burden", "ours").index
    assert 1 in select_sample(table, "squad11", "f1_pct", "per_pass", "ours").index


def test_the_window_start_keeps_the_other_filters():
    table = results_table()
    table.loc[5, "f1_error_pct"] = 0.0  # after the start, but no error
    after = select_sample(table, "squad11", "f1_pct", "hardware_burden", "ours", published_from="2016-06-01")
    assert list(after.index) == [3, 4]
    both = select_sample(table, "squad11", "f1_pct", "hardware_burden", "ours", published_before="2019-06-01",
                         published_from="2016-06-01")
    assert list(both.index) == [3, 4]
