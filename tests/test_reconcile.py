"""The reconciliation of the authors' points with ours: the agree rule, the checks, sample (b), and the real map."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.data.paper import PAPER_HARDWARE_BURDEN_N
from analysis.stats.reconcile import (
    AGREE_BURDEN_RATIO,
    AGREE_SCORE_POINTS,
    TABLE_COLUMNS,
    VERDICTS,
    _blank,
    agreement_violations,
    agrees_by_rule,
    corrected_points,
    reconciliation_table,
    score_column,
    verdict_counts,
)

DATA = Path(__file__).resolve().parent.parent / "data"


# ---------------------------------------------------------------- synthetic frames

def points(*rows):
    """Authors' points: (site_index, model, burden GFLOP, accuracy fraction)."""
    return pd.DataFrame(
        [{"benchmark": "bench", "site_index": i, "year": 2018, "model": m, "hardware_burden_gflop": c,
          "accuracy": a, "accuracy_is": "F1 (fraction)"} for i, m, c, a in rows])


def mapping(*rows):
    """Map rows: (site_index, paper_key, model, verdict, notes)."""
    return pd.DataFrame([{"benchmark": "bench", "site_index": i, "paper_key": k, "model": m, "verdict": v, "notes": n}
                         for i, k, m, v, n in rows])


def ours(*rows):
    """Our analysis table: (paper_key, model, burden GFLOP or NaN, score percent)."""
    return pd.DataFrame([{"paper_key": k, "model": m, "published": pd.Timestamp("2018-01-01"),
                          "hardware_burden_gflop": c, "f1_pct": s, "em_pct": s - 8.0} for k, m, c, s in rows])


def table(pts, mp, our):
    return reconciliation_table(pts, mp, {"bench": our}, {"bench": "f1_pct"})


def test_constants_are_the_agree_rule():
    assert AGREE_BURDEN_RATIO == 3.0
    assert AGREE_SCORE_POINTS == 0.05
    assert set(VERDICTS) == {"agrees", "differs", "authors_slip", "not_in_our_data", "no_sourced_run",
                             "not_this_benchmark"}


def test_table_sets_their_values_beside_ours():
    t = table(points((1, "X", 1e9, 0.9)), mapping((1, "p2018x", "X-large", "agrees", "")),
              ours(("p2018x", "X-large", 2e9, 90.0)))
    row = t.iloc[0]
    assert row["authors_burden_gflop"] == 1e9 and row["our_burden_gflop"] == 2e9
    assert row["burden_ratio"] == pytest.approx(2.0)
    assert row["authors_score_pct"] == pytest.approx(90.0) and row["our_score_pct"] == 90.0
    assert row["our_row_found"] and row["authors_model"] == "X" and row["model"] == "X-large"


@pytest.mark.parametrize("ours_gflop, ok", [(3e9, True), (3.0001e9, False), (1e9 / 3, True), (0.3333e9, False)])
def test_agree_rule_at_the_3x_boundary(ours_gflop, ok):
    t = table(points((1, "X", 1e9, 0.9)), mapping((1, "p2018x", "X", "agrees", "")),
              ours(("p2018x", "X", ours_gflop, 90.0)))
    assert (agreement_violations(t) == []) is ok


@pytest.mark.parametrize("our_score, ok", [(43.32, True), (43.22, True), (43.33, False), (43.20, False)])
def test_score_tolerance_is_five_hundredths_of_a_point(our_score, ok):
    # 0.4327 x 100 = 43.27 (not exactly representable: the rule must still hold at 43.32 and 43.22)
    t = table(points((1, "X", 1e9, 0.4327)), mapping((1, "p2018x", "X", "agrees", "")),
              ours(("p2018x", "X", 1e9, our_score)))
    assert (agreement_violations(t) == []) is ok


def test_em_accuracy_is_compared_with_em():
    assert score_column("f1_pct", "EM (fraction)") == "em_pct"
    assert score_column("f1_pct", "F1 (fraction)") == "f1_pct"
    pts = points((1, "X", 1e9, 0.82))
    pts["accuracy_is"] = "EM (fraction)"
    t = table(pts, mapping((1, "p2018x", "X", "agrees", "")), ours(("p2018x", "X", 1e9, 90.0)))  # em = 82.0
    assert t.loc[0, "score_column"] == "em_pct" and agreement_violations(t) == []


def test_slip_missing_and_unsourced_rows():
    pts = points((1, "Slip", 1e9, 0.9), (2, "Missing", 1e9, 0.8), (3, "NoRun", 1e9, 0.7))
    mp = mapping((1, "p2018x", "X", "authors_slip", "their sheet counts one board; the paper says 16"),
                 (2, "", "", "not_in_our_data", "no row"),
                 (3, "p2018y", "Y", "no_sourced_run", "paper gives no time"))
    our = ours(("p2018x", "X", 16e9, 90.0), ("p2018y", "Y", np.nan, 70.0))
    t = table(pts, mp, our)
    assert agreement_violations(t) == []
    assert list(t["our_row_found"]) == [True, False, True]
    assert np.isnan(t.loc[1, "our_score_pct"]) and np.isnan(t.loc[2, "burden_ratio"])


def test_violations_are_reported():
    pts = points(*[(i, f"M{i}", 1e9, 0.9) for i in range(1, 8)])
    mp = mapping((1, "p2018x", "X", "agrees", ""),             # 16x: not agreeing
                 (2, "p2018x", "Ghost", "differs", "why"),     # names a row we do not have
                 (3, "p2018x", "X", "maybe", "?"),             # not a verdict
                 (4, "p2018y", "Y", "agrees", ""),             # no sourced burden
                 (5, "p2018y", "Y", "no_sourced_run", ""),     # no notes
                 (6, "p2018z", "Z", "differs", "but it agrees"),
                 (7, "p2018x", "X", "not_in_our_data", "but it is"))
    our = ours(("p2018x", "X", 16e9, 90.0), ("p2018y", "Y", np.nan, 90.0), ("p2018z", "Z", 1e9, 90.0))
    problems = agreement_violations(table(pts, mp, our))
    for needle in ("point 1 (M1): marked agrees but burden ratio 16", "point 2 (M2): map names", "point 3 (M3): verdict 'maybe'",
                   "point 4 (M4): verdict agrees but our row has no sourced", "point 5 (M5): verdict no_sourced_run without notes",
                   "point 6 (M6): marked differs but meets", "point 7 (M7): verdict not_in_our_data but the map names"):
        assert any(needle in p for p in problems), (needle, problems)
    assert len(problems) == 7


def test_a_point_without_a_map_row_or_with_two_is_reported():
    pts = points((1, "A", 1e9, 0.9), (2, "B", 1e9, 0.9))
    mp = mapping((1, "", "", "not_in_our_data", "x"), (1, "", "", "not_in_our_data", "y"))
    problems = agreement_violations(table(pts, mp, ours(("p2018x", "X", 1e9, 90.0))))
    assert any("point 1 (A): more than one map row" in p for p in problems)
    assert any("point 2 (B): no verdict (the point has no map row)" in p for p in problems)


def test_typed_frames_as_the_data_loader_gives_them():
    # analysis.data reads integers as float64 and strings as the string dtype with <NA> for empty cells
    pts = points((1, "Slip", 1e9, 0.9), (2, "Missing", 2e9, 0.8))
    pts["site_index"] = pts["site_index"].astype("float64")
    pts["year"] = pts["year"].astype("float64")
    mp = mapping((1, "p2018x", "X", "authors_slip", "s"), (2, "", "", "not_in_our_data", "n")).astype(
        {"site_index": "float64", "paper_key": "string", "model": "string", "verdict": "string", "notes": "string"})
    mp = mp.replace("", pd.NA)
    t = table(pts, mp, ours(("p2018x", "X", 16e9, 91.0)))
    assert agreement_violations(t) == []
    assert list(t["site_index"]) == [1, 2] and list(t["year"]) == [2018, 2018]
    assert list(t["our_row_found"]) == [True, False] and pd.isna(t.loc[1, "paper_key"])


def test_corrected_points_substitute_our_sourced_values_only():
    pts = points((1, "Slip", 1e9, 0.9), (2, "Missing", 2e9, 0.8), (3, "NoRun", 3e9, 0.7), (4, "Differs", 4e9, 0.6))
    mp = mapping((1, "p2018x", "X", "authors_slip", "s"), (2, "", "", "not_in_our_data", "n"),
                 (3, "p2018y", "Y", "no_sourced_run", "r"), (4, "p2018z", "Z", "differs", "d"))
    our = ours(("p2018x", "X", 16e9, 91.0), ("p2018y", "Y", np.nan, 75.0), ("p2018z", "Z", 40e9, 61.5))
    c = corrected_points(table(pts, mp, our))
    assert list(c.columns) == ["benchmark", "site_index", "model", "compute_gflop", "error_pct", "corrected"]
    assert list(c["corrected"]) == [True, False, False, True]
    assert list(c["compute_gflop"]) == [16e9, 2e9, 3e9, 40e9]
    assert c["error_pct"].tolist() == pytest.approx([9.0, 20.0, 30.0, 38.5])
    assert list(c["model"]) == ["Slip", "Missing", "NoRun", "Differs"]


def test_verdict_counts_cross_benchmark_and_verdict():
    t = pd.DataFrame({"benchmark": ["a", "a", "b"], "verdict": ["agrees", "differs", "agrees"]})
    counts = verdict_counts(t)
    assert list(counts.columns) == list(VERDICTS)
    assert counts.loc["a", "agrees"] == 1 and counts.loc["a", "differs"] == 1 and counts.loc["b", "agrees"] == 1
    assert counts.loc["b", "not_in_our_data"] == 0 and counts.to_numpy().sum() == 3


def test_blank_cells_are_none_nan_na_or_empty():
    assert all(_blank(v) for v in (None, float("nan"), np.nan, pd.NA, ""))
    assert not any(_blank(v) for v in ("x", " ", 0, 0.0, "nan"))


@pytest.mark.parametrize("accuracy_is, column", [
    ("EM (fraction)", "em_pct"), ("  em", "em_pct"), ("Exact match", "em_pct"), ("F1 and EXACT MATCH", "em_pct"),
    ("F1 (fraction)", "f1_pct"), ("", "f1_pct"), (None, "f1_pct"), ("top-1 (fraction) vs em", "f1_pct")])
def test_score_column_is_em_only_where_the_authors_accuracy_is_exact_match(accuracy_is, column):
    assert score_column("f1_pct", accuracy_is) == column


def test_table_columns_types_and_defaults_of_a_point_without_a_map_row():
    pts = points((1, "A", 2e9, 0.5), (2, "B", 1e9, 0.25))
    pts.loc[1, "year"] = np.nan
    t = table(pts, mapping((1, "p2018x", "X", "differs", np.nan)), ours(("p2018x", "X", 1e9, 55.0)))
    assert list(t.columns) == list(TABLE_COLUMNS)
    assert list(t["site_index"]) == [1, 2] and str(t["year"].dtype) == "Int64"
    assert t.loc[0, "year"] == 2018 and pd.isna(t.loc[1, "year"])
    assert t.loc[0, "notes"] == "" and t.loc[0, "verdict"] == "differs"
    assert t.loc[0, "burden_ratio"] == pytest.approx(0.5) and t.loc[0, "our_score_pct"] == 55.0
    assert t.loc[0, "authors_score_pct"] == pytest.approx(50.0) and t.loc[1, "authors_score_pct"] == pytest.approx(25.0)
    second = t.iloc[1]  # no map row: nothing of ours, no verdict
    assert pd.isna(second["verdict"]) and pd.isna(second["paper_key"]) and pd.isna(second["model"])
    assert not second["our_row_found"] and np.isnan(second["our_burden_gflop"]) and second["notes"] == ""
    assert second["authors_burden_gflop"] == 1e9 and second["score_column"] == "f1_pct"


def test_a_benchmark_without_an_analysis_table_finds_no_row():
    t = reconciliation_table(points((1, "A", 1e9, 0.5)), mapping((1, "p2018x", "X", "agrees", "")), {}, {"bench": "f1_pct"})
    row = t.iloc[0]
    assert not row["our_row_found"] and np.isnan(row["our_burden_gflop"]) and np.isnan(row["our_score_pct"])
    assert row["paper_key"] == "p2018x" and row["model"] == "X"


def test_a_zero_authors_burden_has_no_ratio():
    t = table(points((1, "A", 0.0, 0.5)), mapping((1, "p2018x", "X", "differs", "n")), ours(("p2018x", "X", 1e9, 50.0)))
    assert np.isnan(t.loc[0, "burden_ratio"]) and t.loc[0, "our_burden_gflop"] == 1e9


def test_a_score_column_missing_from_our_table_leaves_our_score_empty():
    pts = points((1, "A", 1e9, 0.5))
    pts["accuracy_is"] = "EM (fraction)"
    t = table(pts, mapping((1, "p2018x", "X", "agrees", "")), ours(("p2018x", "X", 1e9, 50.0)).drop(columns="em_pct"))
    assert t.loc[0, "our_row_found"] and t.loc[0, "score_column"] == "em_pct" and np.isnan(t.loc[0, "our_score_pct"])


def test_each_benchmark_is_scored_on_its_own_primary_metric_and_table():
    pts = pd.concat([points((1, "A", 1e9, 0.5)), points((1, "B", 1e9, 0.25)).assign(benchmark="other")], ignore_index=True)
    mp = pd.concat([mapping((1, "k", "A", "agrees", "")), mapping((1, "k", "B", "agrees", "")).assign(benchmark="other")],
                   ignore_index=True)
    other = pd.DataFrame({"paper_key": ["k"], "model": ["B"], "hardware_burden_gflop": [2e9], "bleu": [25.0]})
    t = reconciliation_table(pts, mp, {"bench": ours(("k", "A", 1e9, 50.0)), "other": other},
                             {"bench": "f1_pct", "other": "bleu"})
    assert list(t["score_column"]) == ["f1_pct", "bleu"] and list(t["our_score_pct"]) == [50.0, 25.0]
    assert list(t["our_burden_gflop"]) == [1e9, 2e9] and agreement_violations(t) == []


def test_our_row_named_in_several_splits_is_the_test_dev_one():
    pts = points((1, "A", 1e9, 0.5))
    mp = mapping((1, "k", "A", "agrees", ""))
    splits = ours(("k", "A", 1e9, 40.0), ("k", "A", 2e9, 50.0), ("k", "other", 4e9, 60.0)).assign(split=["val", "test-dev", "test-dev"])
    assert table(pts, mp, splits).loc[0, "our_score_pct"] == 50.0
    no_test_dev = splits.assign(split=["val", "minival", "test-dev"])
    assert table(pts, mp, no_test_dev).loc[0, "our_score_pct"] == 40.0  # the first of the two
    no_split = splits.drop(columns="split")
    assert table(pts, mp, no_split).loc[0, "our_score_pct"] == 40.0


@pytest.mark.parametrize("key, model", [("k", ""), ("", "A"), ("k", np.nan)])
def test_a_map_row_naming_only_half_of_our_row_finds_nothing(key, model):
    # even where our table holds rows with an empty key or model that the half-name would match
    our = ours(("k", "A", 1e9, 50.0), ("", "", 1e9, 50.0), ("k", "", 1e9, 50.0), ("", "A", 1e9, 50.0))
    t = table(points((1, "A", 1e9, 0.5)), mapping((1, key, model, "differs", "n")), our)
    assert not t.loc[0, "our_row_found"]


def test_agrees_by_rule_needs_both_a_burden_and_a_score():
    t = pd.DataFrame({"burden_ratio": [1.0, np.nan, 1.0, 3.0, 1 / 3, 2.0],
                      "authors_score_pct": [50.0, 50.0, 50.0, 50.0, 50.0, 50.0],
                      "our_score_pct": [50.05, 50.0, np.nan, 49.95, 50.0, 50.06]})
    assert list(agrees_by_rule(t)) == [True, False, False, True, True, False]


def test_violation_sentences_name_the_point_and_the_numbers():
    pts = points((1, "M1", 1e9, 0.9), (2, "M2", 1e9, 0.9))
    mp = mapping((1, "k", "X", "agrees", ""), (2, "k", "Y", "no_sourced_run", "n"))
    problems = agreement_violations(table(pts, mp, ours(("k", "X", 5e9, 90.0), ("k", "Y", 2.5e9, 90.0))))
    assert problems == [
        "bench point 1 (M1): marked agrees but burden ratio 5 (limit 3x) and score 90.0 against 90 (limit 0.05 points)",
        "bench point 2 (M2): verdict no_sourced_run but our row has a hardware burden (2.5e+09 GFLOP)",
    ]


def test_a_point_without_a_verdict_does_not_stop_the_checks_of_the_next():
    pts = points((1, "A", 1e9, 0.9), (2, "B", 1e9, 0.9), (3, "C", 1e9, 0.9))
    mp = mapping((2, "", "", "bogus", "n"), (3, "", "", "differs", "n"))
    problems = agreement_violations(table(pts, mp, ours(("k", "X", 1e9, 90.0))))
    assert problems == [
        "bench point 1 (A): no verdict (the point has no map row)",
        f"bench point 2 (B): verdict 'bogus' is not one of {', '.join(VERDICTS)}",
        "bench point 3 (C): verdict differs but no paper_key/model named",
    ]


def test_a_row_named_by_key_alone_counts_as_named():
    pts = points((1, "A", 1e9, 0.9), (2, "B", 1e9, 0.9))
    mp = mapping((1, "k", "", "not_in_our_data", "n"), (2, "", "X", "not_in_our_data", "n"))
    problems = agreement_violations(table(pts, mp, ours(("k", "X", 1e9, 90.0))))
    # the empty half of the name is shown as missing (None or NaN)
    expected = ["bench point 1 (A): map names paper_key='k', model=", "bench point 1 (A): verdict not_in_our_data but the map names k/",
                "bench point 2 (B): map names paper_key=", "bench point 2 (B): verdict not_in_our_data but the map names "]
    assert len(problems) == len(expected) and all(p.startswith(e) for p, e in zip(problems, expected)), problems
    assert problems[2].endswith("model='X', not in our data") and problems[3].endswith("/X")


def test_a_missing_row_is_not_also_reported_as_missing_its_burden():
    pts = points((1, "A", 1e9, 0.9), (2, "B", 1e9, 0.9))
    mp = mapping((1, "k", "Ghost", "agrees", ""), (2, "k", "X", "differs", "n"))
    problems = agreement_violations(table(pts, mp, ours(("k", "X", np.nan, 90.0))))
    assert problems == [
        "bench point 1 (A): map names paper_key='k', model='Ghost', not in our data",
        "bench point 2 (B): verdict differs but our row has no sourced hardware burden",
    ]


def test_notes_are_needed_for_every_verdict_but_agrees():
    verdicts = [v for v in VERDICTS if v != "agrees"]
    pts = points(*[(i, f"M{i}", 1e9, 0.9) for i in range(len(verdicts))])
    mp = mapping(*[(i, "", "", v, "") for i, v in enumerate(verdicts)])
    problems = agreement_violations(table(pts, mp, ours(("k", "X", 1e9, 90.0))))
    for i, v in enumerate(verdicts):
        assert f"bench point {i} (M{i}): verdict {v} without notes" in problems
    agrees = table(points((1, "A", 1e9, 0.9)), mapping((1, "k", "X", "agrees", "")), ours(("k", "X", 1e9, 90.0)))
    assert agreement_violations(agrees) == []


def test_two_map_rows_of_a_point_are_reported_once():
    pts = points((1, "A", 1e9, 0.9))
    mp = mapping((1, "k", "X", "agrees", ""), (1, "k", "X", "agrees", ""))
    problems = agreement_violations(table(pts, mp, ours(("k", "X", 1e9, 90.0))))
    assert problems == ["bench point 1 (A): more than one map row"]


def test_corrected_points_keep_the_authors_score_where_ours_is_empty():
    pts = points((1, "A", 1e9, 0.9), (2, "B", 2e9, 0.8))
    mp = mapping((1, "k", "X", "differs", "n"), (2, "k", "Y", "differs", "n"))
    t = table(pts, mp, ours(("k", "X", 5e9, np.nan), ("k", "Y", 6e9, 81.0)))
    t.index = [7, 3]
    c = corrected_points(t)
    assert list(c.index) == [0, 1] and list(c["site_index"]) == [1, 2] and list(c["benchmark"]) == ["bench", "bench"]
    assert list(c["compute_gflop"]) == [5e9, 6e9] and list(c["corrected"]) == [True, True]
    assert c["error_pct"].tolist() == pytest.approx([10.0, 19.0])
    assert c["compute_gflop"].dtype == "float64" and c["error_pct"].dtype == "float64" and c["corrected"].dtype == bool


def test_verdict_counts_keep_the_order_of_first_appearance_and_every_benchmark():
    t = pd.DataFrame({"benchmark": ["b", "a", "b", "c"], "verdict": ["agrees", "differs", "agrees", None]})
    counts = verdict_counts(t)
    assert list(counts.index) == ["b", "a", "c"] and counts.index.name == "benchmark"
    assert counts.loc["b", "agrees"] == 2 and counts.loc["a", "differs"] == 1
    assert counts.loc["c"].sum() == 0  # a point without a verdict is counted nowhere, its benchmark still listed
    assert (counts.dtypes == "int64").all() and counts.to_numpy().sum() == 3


@pytest.mark.parametrize("side", ["points", "map"])
def test_site_indexes_given_as_text_are_matched_as_numbers(side):
    pts, mp = points((1, "A", 1e9, 0.5), (2, "B", 1e9, 0.5)), mapping((1, "k", "X", "agrees", ""), (2, "", "", "not_in_our_data", "n"))
    frame = pts if side == "points" else mp
    frame["site_index"] = frame["site_index"].astype(str)
    t = table(pts, mp, ours(("k", "X", 1e9, 50.0)))
    assert list(t["site_index"]) == [1, 2] and list(t["verdict"]) == ["agrees", "not_in_our_data"]
    assert list(t["our_row_found"]) == [True, False]


def test_an_authors_point_listed_twice_is_refused():
    with pytest.raises(pd.errors.MergeError):
        table(points((1, "A", 1e9, 0.5), (1, "A", 1e9, 0.5)), mapping((1, "k", "X", "agrees", "")), ours(("k", "X", 1e9, 50.0)))


def test_points_without_an_accuracy_kind_use_the_primary_metric():
    pts = points((1, "A", 1e9, 0.5)).drop(columns="accuracy_is")
    t = table(pts, mapping((1, "k", "X", "agrees", "")), ours(("k", "X", 1e9, 50.0)))
    assert t.loc[0, "score_column"] == "f1_pct" and t.loc[0, "our_score_pct"] == 50.0


def test_a_burden_below_one_gflop_still_has_a_ratio():
    t = table(points((1, "A", 0.5, 0.5)), mapping((1, "k", "X", "differs", "n")), ours(("k", "X", 2.0, 50.0)))
    assert t.loc[0, "burden_ratio"] == pytest.approx(4.0)


def test_empty_cells_of_the_map_are_missing_in_the_table():
    t = table(points((1, "A", 1e9, 0.5)), mapping((1, "", "", "", "")), ours(("k", "X", 1e9, 50.0)))
    row = t.iloc[0]
    assert pd.isna(row["paper_key"]) and pd.isna(row["model"]) and pd.isna(row["verdict"]) and row["notes"] == ""
    assert agreement_violations(t) == ["bench point 1 (A): no verdict (the point has no map row)"]


def test_no_points_give_an_empty_table_with_every_column():
    t = table(points().reindex(columns=["benchmark", "site_index", "year", "model", "hardware_burden_gflop", "accuracy",
                                        "accuracy_is"]),
              mapping().reindex(columns=["benchmark", "site_index", "paper_key", "model", "verdict", "notes"]),
              ours(("k", "X", 1e9, 50.0)))
    assert t.empty and list(t.columns) == list(TABLE_COLUMNS)
    assert agreement_violations(t) == [] and corrected_points(t).empty


# ---------------------------------------------------------------- the real files

@pytest.fixture(scope="module")
def real():
    from analysis.data import load_dataset
    from analysis.data.registry import BENCHMARKS
    from analysis.stats.samples import analysis_table

    paper_points = pd.read_csv(DATA / "paper_points.csv")
    paper_map = pd.read_csv(DATA / "paper_points_map.csv", keep_default_na=False, dtype={"site_index": "int64"})
    dataset = load_dataset(DATA)
    benchmarks = list(dict.fromkeys(paper_points["benchmark"]))
    tables = {b: analysis_table(dataset, b) for b in benchmarks}
    metrics = {b: BENCHMARKS[b].primary_metric.column for b in benchmarks}
    return paper_points, paper_map, reconciliation_table(paper_points, paper_map, tables, metrics)


def test_every_point_has_exactly_one_map_row_with_a_verdict(real):
    paper_points, paper_map, _ = real
    assert len(paper_points) == 101
    keys = paper_map[["benchmark", "site_index"]]
    assert not keys.duplicated().any(), keys[keys.duplicated()]
    joined = paper_points.merge(paper_map, on=["benchmark", "site_index"], how="outer", indicator=True)
    assert (joined["_merge"] == "both").all(), joined[joined["_merge"] != "both"][["benchmark", "site_index"]]
    assert paper_map["verdict"].isin(VERDICTS).all(), paper_map[~paper_map["verdict"].isin(VERDICTS)]
    assert list(paper_map.columns) == ["benchmark", "site_index", "paper_key", "model", "verdict", "cause", "notes",
                                       "source"]
    assert paper_map["source"].fillna("").str.strip().ne("").all(), "every map row names its source"
    assert paper_points["source"].fillna("").str.strip().ne("").all(), "every authors' point names its source"


def test_points_per_benchmark_are_the_paper_sample_sizes(real):
    paper_points, paper_map, _ = real
    assert paper_points["benchmark"].value_counts().to_dict() == PAPER_HARDWARE_BURDEN_N
    assert paper_map["benchmark"].value_counts().to_dict() == PAPER_HARDWARE_BURDEN_N


def test_the_real_map_breaks_no_rule(real):
    _, _, t = real
    assert agreement_violations(t) == []
    counts = verdict_counts(t)
    assert counts.sum(axis=1).to_dict() == PAPER_HARDWARE_BURDEN_N
    assert (t["verdict"] == "agrees").sum() > 0


def test_authors_values_are_unchanged(real):
    # data/paper_points.csv is the authors' file as published: a fingerprint of its values
    paper_points, _, t = real
    assert paper_points["hardware_burden_gflop"].sum() == pytest.approx(6.06497268e13, rel=1e-8)
    assert paper_points["accuracy"].sum() == pytest.approx(57.96555, abs=1e-6)
    assert (t["authors_burden_gflop"].to_numpy() == paper_points["hardware_burden_gflop"].to_numpy()).all()


# ---------------------------------------------------------------- the cause of each difference

CAUSE_BY_VERDICT = {"agrees": {"within_noise"}, "authors_slip": {"slip"}, "differs": {"convention", "version_or_split"}}
"""The causes a verdict allows; every other verdict leaves `cause` empty (the rules of data/datapackage.yaml)."""


def test_every_cause_follows_its_verdict(real):
    _, paper_map, _ = real
    broken = [f"{r.benchmark} point {r.site_index}: verdict {r.verdict}, cause {r.cause!r}"
              for r in paper_map.itertuples(index=False)
              if r.cause not in CAUSE_BY_VERDICT.get(r.verdict, {""})]
    assert broken == []
    assert set(paper_map.loc[paper_map["verdict"] == "differs", "cause"]) <= {"convention", "version_or_split"}
    assert (paper_map["cause"] == "slip").sum() == (paper_map["verdict"] == "authors_slip").sum() > 0


def test_the_data_package_declares_the_causes_the_rules_use():
    from analysis.data import read_package

    resource = next(r for r in read_package(DATA)["resources"] if r["name"] == "paper_points_map")
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    allowed = set().union(*CAUSE_BY_VERDICT.values())
    assert set(fields["cause"]["constraints"]["enum"]) == allowed


def test_the_loader_refuses_an_unknown_cause(data_copy):
    from analysis.data import DataError, load_dataset

    path = data_copy / "paper_points_map.csv"
    frame = pd.read_csv(path, keep_default_na=False, dtype=str)
    line = int(frame.index[frame["cause"] != ""][0]) + 2
    frame.loc[line - 2, "cause"] = "rounding"
    frame.to_csv(path, index=False)
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    assert any(p.startswith(f"data/paper_points_map.csv, line {line}") and 'column "cause"' in p
               for p in error.value.problems), error.value.problems
