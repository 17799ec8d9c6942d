"""The report beside later work on small synthetic inputs: unit conversions, Fieller's interval, the frontier's
records and growth, the later claims' verdicts, the comparisons table and the introduction's sentence; and, on the
project's own anchors file, that every row names a publication of book/references.bib and a source."""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analysis.data import paths
from analysis.report import field as rf
from analysis.report.context import ReportContext
from analysis.data import Dataset, load_dataset
from analysis.stats.field import fieller_interval, growth_per_year, halving_months, points_per_tenfold, years_per_tenfold
from analysis.report.outputs import check_frame
from analysis.data.paper import HERNANDEZ_BROWN_HALVING_MONTHS, PAPER_YEARS_PER_TENFOLD
from analysis.stats.rules import CLAIM_TOLERANCE_POINTS, claim_verdict
from analysis.stats.trends import frontier_growth, frontier_records

from synthetic import imagenet, prices, processors, runs


def test_unit_conversions_agree_with_their_definitions():
    # ten-fold every Y years: after 12 Y log10(2) months the computation has fallen by 10^(log10 2) = 2
    assert 10 ** ((halving_months(3.0) / 12) / 3.0) == pytest.approx(2.0)
    assert years_per_tenfold(halving_months(2.5)) == pytest.approx(2.5)
    assert growth_per_year(6.0) == pytest.approx(4.0) and growth_per_year(12.0) == pytest.approx(2.0)
    assert math.isnan(halving_months(-1.0)) and math.isnan(years_per_tenfold(0.0))
    assert points_per_tenfold(10.0, -1.0) == pytest.approx(9.0)  # error 10% -> 1% after a tenfold increase


def test_fieller_interval_solves_its_defining_inequality():
    b, g, cov, t = -0.06, -0.02, ((1e-4, 1e-5), (1e-5, 2e-5)), 1.7
    low, high = fieller_interval(b, g, cov, t)
    assert low < b / g < high

    def statistic(r):
        return (b - r * g) ** 2 - t * t * (cov[0][0] - 2 * r * cov[0][1] + r * r * cov[1][1])
    assert statistic(low) == pytest.approx(0, abs=1e-12) and statistic(high) == pytest.approx(0, abs=1e-12)
    assert statistic((low + high) / 2) < 0 and statistic(high + 1) > 0


def test_fieller_interval_is_unbounded_when_the_denominator_is_not_significant():
    assert all(math.isnan(v) for v in fieller_interval(-0.06, -0.001, ((1e-4, 0.0), (0.0, 1e-4)), 1.7))


def dated(years, compute) -> pd.DataFrame:
    return pd.DataFrame({"model": [f"m{i}" for i in range(len(years))], "published": pd.to_datetime(years),
                         "compute_gflop": [float(c) for c in compute]})


def test_frontier_records_keep_only_results_above_every_earlier_one():
    points = dated(["2015-01-01", "2016-01-01", "2016-01-01", "2017-01-01", "2018-01-01"], [10, 5, 100, 50, 1000])
    assert list(frontier_records(points)["compute_gflop"]) == [10, 100, 1000]


def test_frontier_growth_is_the_ols_of_the_records_with_a_t_interval():
    points = dated(["2015-01-01", "2016-01-01", "2017-03-01", "2018-01-01", "2019-06-01", "2017-06-01"],
                   [10, 120, 900, 8e3, 2e5, 1])
    fit = frontier_growth(points)
    records = points.iloc[:5]
    x = (records["published"].dt.year + (records["published"].dt.day_of_year - 1) / 365.25).to_numpy()
    ols = sm.OLS(np.log10(records["compute_gflop"].to_numpy()), sm.add_constant(x)).fit()
    low, high = ols.conf_int(alpha=0.10)[1]
    assert fit.n == 5 and fit.log10_per_year == pytest.approx(ols.params[1])
    assert (fit.log10_low, fit.log10_high) == pytest.approx((low, high))
    assert fit.growth_per_year == pytest.approx(10 ** ols.params[1])
    assert frontier_growth(points.iloc[:2]) is None


@pytest.mark.parametrize("predicted, due, best, end, verdict", [
    (5.0, 2026, 9.0, 2024, "not yet due"), (5.0, 2022, 9.0, 2024, "missed"),
    (5.0, 2022, 5.0 + CLAIM_TOLERANCE_POINTS, 2024, "met"), (5.0, 2030, 4.0, 2024, "met"),
    (5.0, float("nan"), 4.0, 2024, "no date to judge")])
def test_claim_verdict(predicted, due, best, end, verdict):
    assert claim_verdict(predicted, due, best, end) == verdict


ANCHOR_COLUMNS = ["anchor_id", "comparison", "benchmark", "model", "anchor", "value", "low", "high", "unit", "interval",
                  "measures", "dated", "due_year", "source", "notes"]


def anchors(rows) -> pd.DataFrame:
    frame = pd.DataFrame([{c: r.get(c, pd.NA) for c in ANCHOR_COLUMNS} for r in rows])
    for c in ("value", "low", "high", "due_year"):
        frame[c] = pd.to_numeric(frame[c]).astype("float64")
    frame["dated"] = pd.to_datetime(frame["dated"])
    return frame


def synthetic_dataset(with_anchors: bool = True) -> Dataset:
    """ImageNet results whose hardware burden doubles each year from 2013 (gtx580 x 2 x 132 h, then x2 each year)."""
    rows, stages = [], []
    for i, year in enumerate(range(2012, 2020)):
        rows.append((f"Net {year}", f"p{year}", f"{year}-06-01", 60.0 + 3 * i, f"r{year}", None))
        stages.append((f"r{year}", "train", "gtx580", 2 ** i, 132))
    rows.append(("Small 2019", "small2019", "2019-07-01", 50.0, "small", None))
    stages.append(("small", "train", "gtx580", 1, 1))
    data = Dataset(processors=processors(), cloud_prices=prices(), training_runs=runs(stages), results={"imagenet": imagenet(rows)},
                   field_anchors=anchors([
                       dict(anchor_id="eb", comparison="algorithmic_halving", benchmark="imagenet", anchor="erdil2022algorithmic",
                            value=9, low=4, high=25, unit="months", interval="95% confidence interval", source="s", measures="m"),
                       dict(anchor_id="sev", comparison="frontier_growth", anchor="sevilla2022compute", value=6,
                            unit="months per doubling", source="s2", measures="m"),
                       dict(anchor_id="ep", comparison="frontier_growth", anchor="epoch2024frontiercompute", low=4, high=5,
                            unit="x per year", interval="range as stated", source="s3", measures="m"),
                       dict(anchor_id="c", comparison="later_claim", benchmark="imagenet", anchor="ccc2024aaas", value=20,
                            due_year=2018, unit="% error", source="s4", measures="claim", dated="2017-01-01"),
                       dict(anchor_id="c2", comparison="later_claim", benchmark="imagenet", anchor="ccc2024aaas", value=10,
                            due_year=2030, unit="% error", source="s5", measures="claim 2", dated="2017-01-01")]) if with_anchors else None)
    return data


@pytest.fixture(scope="module")
def built():
    ctx = ReportContext(synthetic_dataset())
    return ctx, rf.build(ctx)


def test_outputs_match_their_declarations(built):
    _, tables = built
    for name, frame in tables.items():
        check_frame(rf.DECLARED[name], name, frame)


def test_frontier_rows_measure_the_records_and_convert_doubling_times(built):
    _, tables = built
    table = tables["comparisons"]
    frontier = table[(table["quantity"] == rf.Q_FRONTIER) & (table["benchmark"] == "imagenet")].iloc[0]
    # the burden doubles each year over the records (the small 2019 run is no record): 2x per year exactly
    assert frontier["ours"] == pytest.approx(2.0, rel=1e-3)
    assert frontier["anchor"] == "epoch2024frontiercompute" and (frontier["anchor_low"], frontier["anchor_high"]) == (4, 5)
    sevilla = table[(table["quantity"] == rf.Q_FRONTIER) & (table["anchor"] == "sevilla2022compute")].iloc[0]
    assert pd.isna(sevilla["benchmark"]) and sevilla["anchor_value"] == pytest.approx(4.0)  # 6-month doubling
    assert sevilla["ours"] == pytest.approx(2.0, rel=1e-3)  # one benchmark: the pooled slope is its own


def test_algorithmic_rows_pair_each_unit_and_convert_the_anchor(built):
    ctx, tables = built
    table = tables["comparisons"]
    paper = table[(table["anchor"] == rf.PAPER_ANCHOR) & (table["quantity"] == rf.Q_YEARS)].iloc[0]
    assert paper["anchor_value"] == PAPER_YEARS_PER_TENFOLD
    eb = table[table["anchor"] == "erdil2022algorithmic"].set_index("quantity")
    assert eb.loc[rf.Q_HALVING, "anchor_value"] == 9 and eb.loc[rf.Q_HALVING, "unit"] == "months"
    assert eb.loc[rf.Q_YEARS, "anchor_value"] == pytest.approx(9 / (12 * math.log10(2)))
    assert eb.loc[rf.Q_YEARS, "anchor_low"] == pytest.approx(4 / (12 * math.log10(2)))
    ours_years, ours_months = eb.loc[rf.Q_YEARS, "ours"], eb.loc[rf.Q_HALVING, "ours"]
    if pd.notna(ours_years):
        assert ours_months == pytest.approx(12 * ours_years * math.log10(2))


def test_later_claims_take_the_best_error_by_their_year(built):
    _, tables = built
    claims = tables["later_claims"].set_index("later_claim")
    # by the end of 2018 the best top-1 accuracy is 60 + 3 * 6 = 78%, error 22%: the 20% claim is missed (data run to 2019)
    assert claims.loc["claim", "best_error_pct"] == pytest.approx(22.0) and claims.loc["claim", "claim_verdict"] == "missed"
    assert claims.loc["claim", "best_model"] == "Net 2018"
    assert claims.loc["claim 2", "best_error_pct"] == pytest.approx(19.0) and claims.loc["claim 2", "claim_verdict"] == "not yet due"
    rows = tables["comparisons"][tables["comparisons"]["anchor"] == "ccc2024aaas"]
    assert sorted(rows["ours"]) == pytest.approx([19.0, 22.0])


def test_without_anchors_only_the_papers_rows_remain():
    ctx = ReportContext(synthetic_dataset(with_anchors=False))
    tables = rf.build(ctx)
    assert set(tables["comparisons"]["anchor"]) == {rf.PAPER_ANCHOR}
    assert tables["later_claims"].empty and list(tables["later_claims"].columns) == list(rf.DECLARED["later_claims"].columns)


def test_field_sentence_counts_comparisons_and_intervals():
    table = pd.DataFrame([
        {"quantity": rf.Q_HALVING, "benchmark": "imagenet", "ours": 10.0, "ours_low": 5.0, "ours_high": 20.0, "anchor": "erdil2022algorithmic",
         "anchor_value": 9.0, "anchor_low": 4.0, "anchor_high": 25.0},
        {"quantity": rf.Q_FRONTIER, "benchmark": "imagenet", "ours": 3.0, "ours_low": 2.0, "ours_high": 3.5, "anchor": "x",
         "anchor_value": np.nan, "anchor_low": 4.0, "anchor_high": 5.0},
        {"quantity": rf.Q_UTILISATION, "benchmark": "mmlu", "ours": 30.0, "ours_low": np.nan, "ours_high": np.nan, "anchor": "y",
         "anchor_value": 46.2, "anchor_low": np.nan, "anchor_high": np.nan},
        {"quantity": rf.Q_POINTS, "benchmark": "mmlu", "ours": np.nan, "ours_low": np.nan, "ours_high": np.nan, "anchor": "z",
         "anchor_value": 12.0, "anchor_low": np.nan, "anchor_high": np.nan}])
    sentence = rf.field_sentence(table)
    assert "3 of this report's figures" in sentence and "in 1 of 2 comparisons" in sentence
    assert "10 months against 9 months" in sentence and sentence.endswith(".")
    assert rf.field_sentence(table.iloc[3:]) .startswith("No figure")


# the project's own anchors

def bib_keys() -> set[str]:
    text = (paths.BOOK_DIR / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"@\w+\{([^,\s]+),", text))


def test_every_anchor_and_comparison_names_a_reference_and_a_source():
    data = load_dataset(paths.data_dir())
    keys = bib_keys()
    assert data.field_anchors is not None and len(data.field_anchors)
    assert set(data.field_anchors["anchor"]) <= keys
    assert data.field_anchors["source"].notna().all()
    tables = rf.build(ReportContext(data))
    table = tables["comparisons"]
    assert len(table) and set(table["anchor"]) <= keys
    assert table["anchor_source"].notna().all() and (table["anchor_source"].str.len() > 0).all()
    # an anchor without a value says why in its note
    empty = table[table["anchor_value"].isna() & table["anchor_low"].isna()]
    assert empty["note"].notna().all()


def test_hernandez_brown_in_the_anchors_is_the_papers_constant():
    anchors = load_dataset(paths.data_dir()).field_anchors
    row = anchors[anchors["anchor"] == "hernandez2020measuring"].iloc[0]
    assert row["value"] == HERNANDEZ_BROWN_HALVING_MONTHS


# readable labels and the page's selections

def test_comparisons_carry_benchmark_titles_and_readable_anchor_labels(built):
    _, tables = built
    table = tables["comparisons"]
    assert set(table.loc[table["benchmark"] == "imagenet", "benchmark_title"]) == {"ImageNet"}
    assert set(table.loc[table["benchmark"].isna(), "benchmark_title"]) == {rf.POOLED_TITLE}
    citations = rf.short_citations()
    erdil = table[table["anchor"] == "erdil2022algorithmic"]["anchor_label"]
    assert set(erdil) == {citations["erdil2022algorithmic"]}  # the synthetic anchor id has no scope of its own
    assert not table["anchor_label"].str.contains(r"\d{4}[a-z]", regex=True).any()  # no citation key left in a label


def test_short_citations_name_one_two_or_the_first_of_many_authors(tmp_path):
    bib = tmp_path / "r.bib"
    bib.write_text("@misc{a, author = {Owen, David}, year = {2024}}\n"
                   "@misc{b, author = {Erdil, Ege and Besiroglu, Tamay}, year = {2022}}\n"
                   "@misc{c, author = {Sevilla, Jaime and Heim, Lennart and Ho, Anson}, year = {2022}}\n"
                   "@misc{d, author = {{Epoch AI}}, year = {2024}}\n", encoding="utf-8")
    assert rf.short_citations(bib) == {"a": "Owen (2024)", "b": "Erdil & Besiroglu (2022)", "c": "Sevilla et al. (2022)",
                                       "d": "Epoch AI (2024)"}


def comparison(quantity, benchmark, ours, low, high, anchor, value, a_low=np.nan, a_high=np.nan, label=None, note=pd.NA):
    return {"quantity": quantity, "benchmark": benchmark, "benchmark_title": benchmark or rf.POOLED_TITLE, "ours": ours,
            "ours_low": low, "ours_high": high, "unit": "u", "anchor": anchor, "anchor_label": label or anchor,
            "anchor_value": value, "anchor_low": a_low, "anchor_high": a_high, "anchor_source": "s", "note": note}


def page_table() -> pd.DataFrame:
    return pd.DataFrame([
        comparison(rf.Q_YEARS, "A", 2.0, 1.0, 3.0, rf.PAPER_ANCHOR, 3.0),
        comparison(rf.Q_HALVING, "A", 7.2, 3.6, 10.8, rf.PAPER_ANCHOR, 10.8),
        comparison(rf.Q_YEARS, "B", np.nan, np.nan, np.nan, rf.PAPER_ANCHOR, 3.0, note="not estimated: year term not significant"),
        comparison(rf.Q_HALVING, "A", 7.2, 3.6, 10.8, "eb", 9.0, 4.0, 25.0, label="EB (2022)"),
        comparison(rf.Q_YEARS, "A", 2.0, 1.0, 3.0, "eb", 2.5, 1.1, 6.9, label="EB (2022)"),
        comparison(rf.Q_FRONTIER, "A", 3.0, 2.0, 3.5, "ep", np.nan, 4.0, 5.0, label="EP (2024)"),
        comparison(rf.Q_FRONTIER, "B", 4.5, 4.2, 4.8, "ep", np.nan, 4.0, 5.0, label="EP (2024)"),
        comparison(rf.Q_FRONTIER, None, 4.4, 3.8, 5.2, "ep", np.nan, 4.0, 5.0, label="EP (2024)"),
        comparison(rf.Q_FRONTIER, None, 4.4, 3.8, 5.2, "sev", 2.3, label="SEV (2022)"),
        comparison(rf.Q_UTILISATION, "C", 30.0, np.nan, np.nan, "palm", 46.2, label="P (2022), PaLM"),
        comparison(rf.Q_UTILISATION, "C", 35.0, np.nan, np.nan, "llama", np.nan, 38.0, 43.0, label="L (2024), Llama"),
        comparison(rf.Q_POINTS, "C", 4.0, 2.6, 5.3, "owen", np.nan, label="O (2024)", note="measures; No slope could be read. The row stays empty.")])


def test_key_rows_show_each_comparison_once_in_its_sources_unit_with_both_values():
    rows = rf.key_rows(page_table())
    assert set(rows.loc[rows["anchor"] == rf.PAPER_ANCHOR, "quantity"]) == {rf.Q_YEARS}
    assert set(rows.loc[rows["anchor"] == "eb", "quantity"]) == {rf.Q_HALVING}
    assert rows["ours"].notna().all() and "owen" not in set(rows["anchor"]) and len(rows) == 8


def test_empty_reasons_say_why_a_comparison_has_no_value():
    lines = rf.empty_reasons(page_table())
    assert len(lines) == 2
    assert lines[0].startswith(rf.Q_YEARS + ", B:") and "year term not significant" in lines[0]
    assert "O (2024)" in lines[1] and "No slope could be read." in lines[1] and "stays empty" not in lines[1]


@pytest.mark.parametrize("ours, low, high, value, a_low, a_high, expected", [
    (10, 5, 20, 9, 4, 25, True), (3, 2, 3.5, np.nan, 4, 5, False), (4.4, 3.8, 5.2, np.nan, 4, 5, True),
    (30, np.nan, np.nan, 46.2, np.nan, np.nan, False), (5, np.nan, 14.6, 3, np.nan, np.nan, True),
    (5, np.nan, 14.6, 16, np.nan, np.nan, False)])
def test_agrees_when_later_work_overlaps_our_interval(ours, low, high, value, a_low, a_high, expected):
    row = {"ours": ours, "ours_low": low, "ours_high": high, "anchor_value": value, "anchor_low": a_low, "anchor_high": a_high}
    assert rf.agrees(row) is expected


def test_figure_rows_name_every_mark_once():
    table = page_table()
    frontier = rf.figure_rows(table, rf.Q_FRONTIER)
    # ours once per benchmark, the pooled slope's own anchor after it, the anchor of every benchmark once at the end
    assert list(frontier["label"]) == ["A: this report", "B: this report", f"{rf.POOLED_TITLE}: this report", "SEV (2022)", "EP (2024)"]
    assert list(frontier["kind"]) == ["ours", "ours", "ours", "later", "later"]
    assert frontier["label"].is_unique
    utilisation = rf.figure_rows(table, rf.Q_UTILISATION)
    assert list(utilisation["label"]) == ["C: this report (PaLM)", "P (2022), PaLM", "C: this report (Llama)", "L (2024), Llama"]
    assert rf.figure_rows(table, rf.Q_POINTS).empty  # later work has no figure


def test_field_answer_says_where_the_report_agrees_and_where_it_differs_and_why():
    answer = rf.field_answer(page_table())
    agree, differ = answer.split(" It differs on ")
    assert rf.ANSWER_TOPICS[rf.Q_HALVING][0] in agree and "7.2 months to halve on A" in agree and "against 9 (EB, 2022))" in agree
    # the frontier is judged on the pooled slope: 4.4 overlaps 4-5 though benchmark A's 3.0 [2, 3.5] does not
    assert rf.ANSWER_TOPICS[rf.Q_FRONTIER][0] in agree and "over all benchmarks" in agree
    assert rf.ANSWER_TOPICS[rf.Q_UTILISATION][0] in differ and rf.ANSWER_REASONS[rf.Q_UTILISATION] in differ
    assert "30 and 35% on C" in differ and "against 46 (P, 2022) and 38–43 (L, 2024)" in differ  # each figure with its source
    assert rf.ANSWER_TOPICS[rf.Q_POINTS][0] not in answer  # no figure of later work to judge against
    assert rf.field_answer(page_table().iloc[:3]).startswith("No figure")


def test_project_labels_tell_every_comparison_apart():
    table = rf.build(ReportContext(load_dataset(paths.data_dir())))["comparisons"]
    rows = rf.key_rows(table)
    assert not rows.duplicated(["quantity", "benchmark_title", "anchor_label"]).any()
    for quantity in rf.ANSWER_TOPICS:
        assert rf.figure_rows(table, quantity)["label"].is_unique
