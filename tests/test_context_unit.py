"""A build's context (analysis.report.context.ReportContext): which benchmarks it serves, the what-if switches, the windows
and back-test splits of each sample, the paper's three samples only for the headline regression (and never after the
cut-off), and that every table, sample, fit, derived table and the key numbers are computed once."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from analysis.data import registry
from analysis.report.context import ReportContext
from analysis.data import Dataset
from analysis.data.paper import PAPER_CUTOFF_DATE
from analysis.data.registry import BENCHMARKS, MMLU_BACKTEST_CUTOFF_DATE

from synthetic import imagenet, prices, processors, runs

# (model, paper_key, published, top-1, run, FLOPs per pass)
IMAGENET = [("A", "a", "2013-01-01", 60.0, "r1", 1e9), ("A2", "a", "2013-03-01", 58.0, "r2", 3e9),
            ("B", "b", "2015-01-01", 70.0, "r3", 2e9), ("C", "c", "2016-01-01", 68.0, "r4", 4e9),
            ("D", "d", "2018-01-01", 75.0, "r5", 3e9), ("E", "e", "2019-06-01", 80.0, "r6", None),
            ("L1", "l1", "2020-09-01", 82.0, "r7", 6e9), ("L2", "l2", "2022-03-01", 84.0, "r8", 8e9)]
# (model, paper_key, published, accuracy, run); MMLU's own back-test cut-off is 2023-07-01: M5 on it, M6 after
MMLU = [("M1", "m1", "2021-01-01", 50.0, "m1"), ("M2", "m2", "2022-01-01", 60.0, "m2"), ("M3", "m3", "2022-06-01", 66.0, "m3"),
        ("M4", "m4", "2023-06-30", 71.0, "m4"), ("M5", "m5", "2023-07-01", 78.0, "m5"), ("M6", "m6", "2023-09-01", 82.0, "m6"),
        ("M7", "m7", "2023-06-01", 28.0, "m7")]  # M7: near chance
# V100 runs at a stated fp32, but r8 in fp16 (V100 fp16 peak 1.2e14 against 1.5e13 in fp32) and r7 silent about its
# precision: the "precision used" peak infers 16-bit for a silent V100 (analysis.stats.compute.precision_inferred)
RUNS = {"r1": 8, "r2": 16, "r3": 16, "r4": 32, "r5": 64, "r6": 128, "r7": 256, "r8": 512,
        "m1": 1000, "m2": 2000, "m3": 3000, "m4": 4000, "m5": 6000, "m6": 8000, "m7": 100}
HOURS = 24


def dataset(paper_points: bool = True, paper_map: bool = True, mmlu: bool = True) -> Dataset:
    results = {"imagenet": imagenet(IMAGENET)}
    if mmlu:
        results["mmlu"] = pd.DataFrame({
            "model": [r[0] for r in MMLU], "paper_key": [r[1] for r in MMLU], "paper_url": "https://x",
            "published": pd.to_datetime([r[2] for r in MMLU]), "mmlu_pct": [r[3] for r in MMLU], "flops_per_pass": np.nan,
            "flops_kind": None, "training_run": [r[4] for r in MMLU], "extra_data": None, "ensemble": False,
            "score_source": "t", "notes": ""})
    training = runs([(name, "train", "v100_sxm2", n, HOURS) for name, n in RUNS.items()])
    training["precision"] = "fp32"
    training.loc[training["training_run"] == "r8", "precision"] = "fp16"
    training.loc[training["training_run"] == "r7", "precision"] = pd.NA
    points = pd.DataFrame({"benchmark": "imagenet", "site_index": [1, 2, 3, 4], "year": [2012, 2014, 2016, 2018],
                           "model": ["A", "P2", "P3", "P4"], "hardware_burden_gflop": [2e9, 1e10, 2e11, 3e12],
                           "accuracy": [0.6, 0.7, 0.76, 0.81], "accuracy_is": "top-1"})
    mapping = pd.DataFrame({"benchmark": "imagenet", "site_index": [1, 2, 3, 4], "paper_key": ["a", "", "", ""],
                            "model": ["A", "", "", ""], "verdict": ["agrees"] + ["not_in_our_data"] * 3,
                            "cause": ["within_noise", "", "", ""], "notes": ""})
    return Dataset(processors=processors(), cloud_prices=prices(), training_runs=training, results=results,
                   paper_points=points if paper_points else None, paper_points_map=mapping if paper_points and paper_map else None)


def burden(run: str, fp16: bool = False) -> float:
    return RUNS[run] * HOURS * 3600 * (1.2e14 if fp16 else 1.5e13) / 1e9


def models(frame: pd.DataFrame) -> list[str]:
    return list(frame["model"])


@pytest.fixture(scope="module")
def ctx() -> ReportContext:
    return ReportContext(dataset())


IMAGENET_B, MMLU_B = BENCHMARKS["imagenet"], BENCHMARKS["mmlu"]


# --- switches ----------------------------------------------------------------------------------------------------

def test_unknown_switches_are_refused_with_the_choices():
    with pytest.raises(ValueError, match=r"unknown sample rule 'best'; choose one of ours, per_paper, frontier"):
        ReportContext(None, headline_rule="best")
    with pytest.raises(ValueError, match=r"unknown peak choice 'fp64'; choose one of paper_convention, precision_used"):
        ReportContext(None, peak="fp64")


def test_defaults_are_the_reports():
    c = ReportContext(None)
    assert (c.cutoff_override, c.cutoff_date, c.headline_rule, c.peak) == (None, PAPER_CUTOFF_DATE, "ours", "paper_convention")
    o = ReportContext(None, cutoff_date="2018-01-01", headline_rule="frontier", peak="precision_used")
    assert (o.cutoff_override, o.cutoff_date, o.headline_rule, o.peak) == ("2018-01-01", "2018-01-01", "frontier", "precision_used")


def test_benchmarks_are_those_with_results_in_registry_order(ctx):
    assert [b.id for b in ctx.benchmarks] == ["imagenet", "mmlu"]
    assert [b.id for b in ReportContext(dataset(mmlu=False)).benchmarks] == ["imagenet"]


# --- tables and samples ------------------------------------------------------------------------------------------

def test_table_holds_both_measures_and_errors_and_is_computed_once_per_peak(ctx):
    table = ctx.table("imagenet")
    assert table is ctx.table("imagenet") and table is ctx.table("imagenet", "paper_convention")
    assert list(table["hardware_burden_gflop"]) == pytest.approx([burden(r[4]) for r in IMAGENET])
    assert list(table["top1_error_pct"]) == pytest.approx([100.0 - r[3] for r in IMAGENET])
    fp16 = ctx.table("imagenet", "precision_used")
    assert fp16 is not table and fp16 is ctx.table("imagenet", "precision_used")
    assert fp16["hardware_burden_gflop"].iloc[-1] == pytest.approx(burden("r8", fp16=True))
    switched = ReportContext(dataset(), peak="precision_used")
    assert switched.table("imagenet")["hardware_burden_gflop"].iloc[-1] == pytest.approx(burden("r8", fp16=True))
    assert switched.table("imagenet", "paper_convention")["hardware_burden_gflop"].iloc[-1] == pytest.approx(burden("r8"))


def test_samples_before_and_after_the_window_end(ctx):
    before = ctx.sample("imagenet", "top1_pct", "hardware_burden", "ours")
    assert models(before) == ["A", "B", "C", "D", "E"]  # each paper's best, before 2020-07-01
    assert before is ctx.sample("imagenet", "top1_pct", "hardware_burden", "ours", "before", "paper_convention")
    assert models(ctx.sample("imagenet", "top1_pct", "hardware_burden", "ours", period="after")) == ["L1", "L2"]
    assert models(ctx.sample("imagenet", "top1_pct", "hardware_burden", "frontier")) == ["A", "B", "D", "E"]
    assert models(ctx.sample("imagenet", "top1_pct", "per_pass", "per_paper")) == ["A", "B", "C", "D"]
    assert list(before["compute_gflop"]) == pytest.approx([burden(r) for r in ("r1", "r3", "r4", "r5", "r6")])
    with pytest.raises(ValueError, match="unknown period 'during'"):
        ctx.sample("imagenet", "top1_pct", "hardware_burden", "ours", period="during")


def test_sample_of_a_peak(ctx):
    after = ctx.sample("imagenet", "top1_pct", "hardware_burden", "ours", period="after", peak="precision_used")
    # r8 states fp16, r7 states nothing (a V100: 16-bit inferred); the authors' peak counts both at FP32
    assert list(after["compute_gflop"]) == pytest.approx([burden("r7", fp16=True), burden("r8", fp16=True)])
    authors = ctx.sample("imagenet", "top1_pct", "hardware_burden", "ours", period="after", peak="paper_convention")
    assert list(authors["compute_gflop"]) == pytest.approx([burden("r7"), burden("r8")])
    before = ctx.sample("imagenet", "top1_pct", "hardware_burden", "ours", peak="precision_used")
    assert list(before["compute_gflop"]) == pytest.approx([burden(r) for r in ("r1", "r3", "r4", "r5", "r6")])  # stated fp32


def test_a_benchmark_without_window_end_has_every_result_before_and_none_after(ctx):
    before = ctx.sample("mmlu", "mmlu_pct", "hardware_burden", "ours")
    assert models(before) == ["M1", "M2", "M3", "M4", "M5", "M6"]  # M7 is near chance
    assert ctx.sample("mmlu", "mmlu_pct", "hardware_burden", "ours", period="after").empty
    assert ctx.window_end("mmlu") is None and ctx.window_end("imagenet") == PAPER_CUTOFF_DATE


def test_backtest_splits_at_the_benchmarks_own_cutoff(ctx):
    assert ctx.backtest_cutoff("mmlu") == MMLU_B.backtest_cutoff_date == MMLU_BACKTEST_CUTOFF_DATE == "2023-07-01"
    assert ctx.backtest_cutoff("imagenet") == PAPER_CUTOFF_DATE
    assert models(ctx.sample("mmlu", "mmlu_pct", "hardware_burden", "ours", period="backtest_before")) == ["M1", "M2", "M3", "M4"]
    assert models(ctx.sample("mmlu", "mmlu_pct", "hardware_burden", "ours", period="backtest_after")) == ["M5", "M6"]
    assert models(ctx.sample("imagenet", "top1_pct", "hardware_burden", "ours", period="backtest_before")) == ["A", "B", "C", "D", "E"]
    assert models(ctx.sample("imagenet", "top1_pct", "hardware_burden", "ours", period="backtest_after")) == ["L1", "L2"]


def test_a_cutoff_override_moves_every_window_but_not_a_benchmarks_own_backtest():
    c = ReportContext(dataset(), cutoff_date="2016-01-01")
    assert c.window_end("imagenet") == c.window_end("mmlu") == "2016-01-01"
    assert models(c.sample("imagenet", "top1_pct", "hardware_burden", "ours")) == ["A", "B"]
    assert models(c.sample("imagenet", "top1_pct", "hardware_burden", "ours", period="after")) == ["C", "D", "E", "L1", "L2"]
    assert c.sample("mmlu", "mmlu_pct", "hardware_burden", "ours").empty
    assert c.backtest_cutoff("imagenet") == "2016-01-01" and c.backtest_cutoff("mmlu") == "2023-07-01"


def test_a_benchmark_without_window_end_or_own_backtest_splits_at_the_papers_cutoff(monkeypatch):
    monkeypatch.setitem(registry.BENCHMARKS, "mmlu", dataclasses.replace(MMLU_B, backtest_cutoff_date=None))
    c = ReportContext(dataset())
    assert c.backtest_cutoff("mmlu") == PAPER_CUTOFF_DATE
    assert ReportContext(dataset(), cutoff_date="2022-01-01").backtest_cutoff("mmlu") == "2022-01-01"


def test_the_headline_rule_switch_stands_in_for_the_authors_rule_only():
    c = ReportContext(dataset(), headline_rule="frontier")
    assert models(c.sample("imagenet", "top1_pct", "hardware_burden", "ours")) == ["A", "B", "D", "E"]
    assert models(c.sample("imagenet", "top1_pct", "hardware_burden", "per_paper")) == ["A", "B", "C", "D", "E"]
    assert models(c.sample("imagenet", "top1_pct", "per_pass", "ours", period="after")) == ["L1", "L2"]


def test_the_papers_points_and_their_correction(ctx):
    theirs = ctx.sample("imagenet", "top1_pct", "hardware_burden", "paper_points")
    assert list(theirs["compute_gflop"]) == [2e9, 1e10, 2e11, 3e12] and not theirs["corrected"].any()
    corrected = ctx.sample("imagenet", "top1_pct", "hardware_burden", "paper_points_corrected")
    assert list(corrected["corrected"]) == [True, False, False, False]
    assert corrected["compute_gflop"].iloc[0] == pytest.approx(burden("r1")) and corrected["error_pct"].iloc[0] == pytest.approx(40.0)
    fp16 = ctx.sample("imagenet", "top1_pct", "hardware_burden", "paper_points_corrected", peak="precision_used")
    assert fp16["compute_gflop"].iloc[0] == pytest.approx(burden("r1"))
    # the agreeing point's cause is "within noise", not a slip: the slips-fixed sample is the authors' as published
    slips = ctx.sample("imagenet", "top1_pct", "hardware_burden", "paper_points_slips_fixed")
    assert list(slips["compute_gflop"]) == [2e9, 1e10, 2e11, 3e12] and not slips["corrected"].any()
    assert list(slips["error_pct"]) == pytest.approx([40.0, 30.0, 24.0, 19.0])


def test_a_slip_is_fixed_in_both_corrected_samples():
    data = dataset()
    data.paper_points_map.loc[0, ["verdict", "cause"]] = ["authors_slip", "slip"]
    c = ReportContext(data)
    for sample in ("paper_points_slips_fixed", "paper_points_corrected"):
        points = c.sample("imagenet", "top1_pct", "hardware_burden", sample)
        assert list(points["corrected"]) == [True, False, False, False], sample
        assert list(points["compute_gflop"]) == pytest.approx([burden("r1"), 1e10, 2e11, 3e12]), sample


@pytest.mark.parametrize("sample", ["paper_points", "paper_points_slips_fixed", "paper_points_corrected"])
def test_the_papers_samples_have_no_period_after_the_cutoff(ctx, sample):
    for period in ("after", "backtest_after"):
        with pytest.raises(ValueError, match=f"no period '{period}'"):
            ctx.sample("imagenet", "top1_pct", "hardware_burden", sample, period=period)
    # before either cut-off they are the same points: every one of them was published before the paper
    assert ctx.sample("imagenet", "top1_pct", "hardware_burden", sample, period="backtest_before").equals(
        ctx.sample("imagenet", "top1_pct", "hardware_burden", sample))


def test_has_paper_points(ctx):
    assert ctx.has_paper_points("imagenet") and not ctx.has_paper_points("mmlu")
    assert not ReportContext(dataset(paper_points=False)).has_paper_points("imagenet")


def test_the_corrected_points_use_the_tables_peak(monkeypatch):
    # the first point maps to our run r8 (fp16): its corrected burden follows the peak switch
    data = dataset()
    data.paper_points_map.loc[0, ["paper_key", "model"]] = ["l2", "L2"]
    c = ReportContext(data)
    assert c.sample("imagenet", "top1_pct", "hardware_burden", "paper_points_corrected")["compute_gflop"].iloc[0] == pytest.approx(burden("r8"))
    used = c.sample("imagenet", "top1_pct", "hardware_burden", "paper_points_corrected", peak="precision_used")
    assert used["compute_gflop"].iloc[0] == pytest.approx(burden("r8", fp16=True))


# --- fits --------------------------------------------------------------------------------------------------------

def test_fit_is_labelled_cached_and_absent_under_four_points(ctx):
    fit = ctx.fit("imagenet", "top1_pct", "hardware_burden", "ours", "polynomial")
    assert (fit.model, fit.sample, fit.measure, fit.metric, fit.n) == ("polynomial", "ours", "hardware_burden", "top1_pct", 5)
    assert fit is ctx.fit("imagenet", "top1_pct", "hardware_burden", "ours", "polynomial", "before", "paper_convention")
    x = np.log10([burden(r) for r in ("r1", "r3", "r4", "r5", "r6")])
    slope = np.polyfit(x, np.log10([40.0, 30.0, 32.0, 25.0, 20.0]), 1)[0]
    assert fit.slope == pytest.approx(slope)
    assert ctx.fit("imagenet", "top1_pct", "hardware_burden", "ours", "polynomial", period="after") is None
    later = ctx.fit("mmlu", "mmlu_pct", "hardware_burden", "ours", "exponential", period="backtest_before")
    assert later.n == 4 and later.model == "exponential"
    used = ctx.fit("imagenet", "top1_pct", "hardware_burden", "ours", "polynomial", peak="precision_used")
    assert used is not fit and used.slope == pytest.approx(slope)  # no fp16 run before the cut-off


def test_paper_samples_only_for_the_headline_regression(ctx):
    rules = ("ours", "per_paper", "frontier")
    paper = ("paper_points", "paper_points_slips_fixed", "paper_points_corrected")
    assert ctx.samples_of(IMAGENET_B, "top1_pct", "hardware_burden") == rules + paper
    assert ctx.samples_of(IMAGENET_B, "top5_pct", "hardware_burden") == rules
    assert ctx.samples_of(IMAGENET_B, "top1_pct", "per_pass") == rules
    assert ctx.samples_of(MMLU_B, "mmlu_pct", "hardware_burden") == rules  # no paper points of its own
    assert ReportContext(dataset(paper_map=False)).samples_of(IMAGENET_B, "top1_pct", "hardware_burden") == rules + ("paper_points",)
    assert ReportContext(dataset(paper_points=False)).samples_of(IMAGENET_B, "top1_pct", "hardware_burden") == rules


def test_fits_list_every_sample_and_model(ctx):
    fits = ctx.fits(IMAGENET_B, "top1_pct", "hardware_burden")
    assert [(s, m) for s, m, _ in fits] == [(s, m) for s in ("ours", "per_paper", "frontier", "paper_points",
                                                             "paper_points_slips_fixed", "paper_points_corrected")
                                            for m in ("polynomial", "exponential")]
    for sample, model, fit in fits:
        assert fit is ctx.fit("imagenet", "top1_pct", "hardware_burden", sample, model)
        assert fit.sample == sample and fit.model == model
    assert [f is None for _, _, f in ctx.fits(MMLU_B, "mmlu_pct", "per_pass")] == [True] * 6


# --- derived tables and the key numbers ----------------------------------------------------------------------------

def test_a_derived_table_is_computed_once_per_name():
    c = ReportContext(dataset())
    calls = []

    def compute(context):
        calls.append(context)
        return pd.DataFrame({"n": [len(calls)]})

    first = c.derived("counted", compute)
    assert c.derived("counted", compute) is first and calls == [c]
    other = c.derived("other", compute)
    assert other is not first and list(other["n"]) == [2] and len(calls) == 2


def test_the_key_numbers_are_computed_once_and_hold_both_back_tests(monkeypatch):
    from analysis.report import keynumbers
    from analysis.report import backtests as later

    c = ReportContext(dataset())
    calls = []
    real = keynumbers.key_numbers

    def counted(context):
        calls.append(context)
        return real(context)

    monkeypatch.setattr(keynumbers, "key_numbers", counted)
    keys = c.key_numbers
    assert c.key_numbers is keys and calls == [c]
    assert list(keys.columns) == keynumbers.KEY_COLUMNS + later.LATER_COLUMNS
    backtests = keys[keys["sample"].isin(["backtest_paper_points", "backtest"])]
    # ImageNet has the authors' points: the paper's projection first, then our refit; MMLU has only our refit
    assert list(zip(backtests["benchmark"], backtests["sample"])) == [
        ("imagenet", "backtest_paper_points")] * 2 + [("imagenet", "backtest")] * 2 + [("mmlu", "backtest")] * 2
