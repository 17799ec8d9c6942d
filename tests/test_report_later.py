"""Rules of the "Five years later" outputs on small synthetic inputs: back-test verdicts and evaluation groups,
leave-one-paper-out and the survival rule, the logit transform, and the assumptions replaced by their alternatives."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analysis.stats import coverage as coverage_module
from analysis.report import later as rl
from analysis.stats import sensitivity as sens
from analysis.stats.backtest import BacktestSummary
from analysis.stats.bootstrap import bootstrap_fit
from analysis.data.constants import ENERGY_FACTORS, KG_PER_LB
from analysis.report.context import ReportContext
from analysis.stats.coverage import INTERVALS
from analysis.data import Dataset
from analysis.stats.models import LOGIT, MIN_POINTS, error_to_y, fit_model, y_to_error
from analysis.report.outputs import check_frame
from analysis.data.paper import PAPER_EXTRAPOLATIONS
from analysis.data.registry import get_benchmark
from analysis.stats.rules import (BACKTEST_MAX_IQR_ORDERS, BACKTEST_MIN_FIT_POINTS, BACKTEST_MIN_LATER_POINTS,
                            LEAVE_ONE_OUT_MAX_FLATTENING, SIGNIFICANCE_LEVEL, SMALL_SAMPLE_POINTS, backtest_verdict, survives)

from synthetic import price_table, prices, processors, runs

BENCHMARK = "conll2003"


def line_points(n: int = 8, slope: float = -0.05, papers: list[str] | None = None) -> pd.DataFrame:
    x = np.linspace(10, 17, n)
    noise = np.resize([0.01, -0.01, 0.005, -0.005], n)
    return pd.DataFrame({"compute_gflop": 10.0**x, "error_pct": 10.0 ** (1.5 + slope * (x - 10) + noise),
                         "paper_key": papers or [f"p{i}" for i in range(n)]})


# the logit transform

def test_logit_round_trip_and_fit():
    errors = np.array([1.0, 10.0, 50.0, 90.0])
    assert np.allclose(y_to_error(LOGIT, error_to_y(LOGIT, errors)), errors)
    assert error_to_y(LOGIT, 50.0) == pytest.approx(0.0)
    fit = fit_model(line_points(), LOGIT)
    assert fit.model == LOGIT and fit.slope < 0
    with pytest.raises(ValueError, match="unknown model"):
        error_to_y("quadratic", errors)


# leave one paper out and the survival rule

def test_leave_one_paper_out_matches_refits():
    points = line_points(8)
    loo = sens.leave_one_paper_out(points, "polynomial")
    assert list(loo["paper_key"]) == sorted(points["paper_key"])
    for paper, slope in zip(loo["paper_key"], loo["slope"]):
        assert slope == pytest.approx(fit_model(points[points["paper_key"] != paper], "polynomial").slope)


def test_flattest_finds_the_paper_that_carries_the_slope():
    flat = line_points(6, slope=0.0)
    lever = pd.DataFrame({"compute_gflop": [1e19], "error_pct": [3.0], "paper_key": ["lever"]})
    points = pd.concat([flat, lever], ignore_index=True)
    full = fit_model(points, "polynomial").slope
    paper, slope = sens.flattest(sens.leave_one_paper_out(points, "polynomial"), full)
    assert paper == "lever"
    assert abs(slope) < abs(full) * (1 - LEAVE_ONE_OUT_MAX_FLATTENING)
    assert not survives(full, slope)


def test_leave_one_out_needs_enough_points_left():
    points = line_points(4)
    assert sens.leave_one_paper_out(points, "polynomial")["slope"].isna().all()
    assert sens.flattest(sens.leave_one_paper_out(points, "polynomial"), -0.1) == (None, pytest.approx(float("nan"), nan_ok=True))


def test_survival_rule():
    kept = 1 - LEAVE_ONE_OUT_MAX_FLATTENING
    assert survives(-0.1, -0.1 * kept)
    assert survives(-0.1, -0.2)
    assert not survives(-0.1, -0.1 * kept * 0.99)
    assert not survives(-0.1, 0.01)             # leaving out one paper reverses it
    assert not survives(0.05, 0.05)             # not negative to begin with
    assert not survives(-0.1, float("nan"))     # no paper can be left out


# back-test verdicts

def test_backtest_verdict_rule():
    enough = BACKTEST_MIN_FIT_POINTS
    # SQuAD of the issue: 3 later results, median -0.16 orders: too few to judge, not "cheaper"
    assert backtest_verdict(enough, 3, -0.16, -0.16, -0.16) == "too few to judge"
    assert backtest_verdict(4, BACKTEST_MIN_LATER_POINTS, -0.5, -1.0, 0.2) == "too few to judge"  # MMLU's 4-point fit
    assert backtest_verdict(enough, BACKTEST_MIN_LATER_POINTS, -0.5, -1.0, 0.2) == "as projected"
    assert backtest_verdict(enough, BACKTEST_MIN_LATER_POINTS, -0.5, -1.0, -0.1) == "cheaper than projected"
    assert backtest_verdict(enough, BACKTEST_MIN_LATER_POINTS, 0.5, 0.1, 1.0) == "dearer than projected"
    assert backtest_verdict(enough, BACKTEST_MIN_LATER_POINTS, -1.0, -3.4, 0.3) == "cannot tell"  # MS COCO of the issue


def test_evaluation_groups():
    values = pd.Series(["task_specific", "fine_tuned", "few_shot", "zero_shot", None])
    groups = rl.evaluation_group(values, values.index)
    assert list(groups) == ["task-specific", "general", "general", "general", rl.NOT_RECORDED]
    assert set(rl.evaluation_group(None, pd.RangeIndex(2))) == {rl.NOT_RECORDED}


# a synthetic dataset: one benchmark, GPUs with and without assumptions

def synthetic_dataset(with_assumptions: bool = True, with_evaluation: bool = True) -> Dataset:
    processors = pd.DataFrame({"processor": ["gpu_sxm", "gpu_pcie", "tpu_old", "tpu_new"],
                               "processor_type": ["gpu", "gpu", "tpu", "tpu"],
                               "peak_flops_fp32": [1.5e13, 1.0e13, np.nan, np.nan],
                               "peak_flops_fp16": [1.2e14, 1.0e14, 4.5e13, 1.2e14],
                               "tdp_watts": [300, 250, 200, 250]})
    before = [(f"r{i}", f"paper{i}", f"201{5 + i % 5}-03-01", 90 + i * 0.8, 10 * 2**i) for i in range(8)]
    later = [("late0", "late0", "2021-05-01", 96.5, 3000, "task_specific"),
             ("late1", "late1", "2022-05-01", 96.8, 5000, "task_specific"),
             ("late2", "late2", "2022-09-01", 97.0, 200, "few_shot"),
             ("late3", "late3", "2023-01-01", 97.2, 90000, "zero_shot"),
             ("late4", "late4", "2023-06-01", 97.5, 150000, "task_specific")]
    rows = [dict(zip(("training_run", "paper_key", "published", "f1_pct", "hours"), r), evaluation="task_specific") for r in before]
    rows += [dict(zip(("training_run", "paper_key", "published", "f1_pct", "hours", "evaluation"), r)) for r in later]
    results = pd.DataFrame({
        "model": [r["training_run"] for r in rows], "paper_key": [r["paper_key"] for r in rows],
        "paper_url": "", "published": pd.to_datetime([r["published"] for r in rows]),
        "f1_pct": [r["f1_pct"] for r in rows], "flops_per_pass": np.nan, "flops_kind": pd.NA,
        "training_run": [r["training_run"] for r in rows], "evaluation": [r["evaluation"] for r in rows]})
    if not with_evaluation:
        results = results.drop(columns="evaluation")
    runs = pd.DataFrame({"training_run": [r["training_run"] for r in rows], "stage": "train",
                         "processor": "gpu_sxm", "processor_count": 8, "hours": [float(r["hours"]) for r in rows],
                         "precision": pd.NA, "assumption": pd.NA, "alternative_processor": pd.NA})
    runs.loc[runs["training_run"].isin(["r1", "r2"]), ["assumption", "alternative_processor"]] = ["form_factor", "gpu_pcie"]
    runs.loc[runs["training_run"] == "r6", "assumption"] = "second_hand"
    runs.loc[runs["training_run"] == "r4", "assumption"] = "time_scaled"
    if not with_assumptions:
        runs = runs.drop(columns=["assumption", "alternative_processor"])
    return Dataset(processors=processors, cloud_prices=pd.DataFrame(columns=["processor", "usd_per_hour", "price_date"]),
                   training_runs=runs, results={BENCHMARK: results})


def test_alternative_runs():
    runs = synthetic_dataset().training_runs
    swapped = sens.alternative_runs(runs, "form_factor")
    assert set(swapped.loc[swapped["training_run"].isin(["r1", "r2"]), "processor"]) == {"gpu_pcie"}
    assert (swapped.loc[~swapped["training_run"].isin(["r1", "r2"]), "processor"] == "gpu_sxm").all()
    assert len(swapped) == len(runs)
    dropped = sens.alternative_runs(runs, "second_hand")
    assert "r6" not in set(dropped["training_run"]) and len(dropped) == len(runs) - 1
    both = sens.alternative_runs(runs, sens.ALL_ASSUMPTIONS)
    assert not {"r4", "r6"} & set(both["training_run"])
    assert set(both.loc[both["training_run"].isin(["r1", "r2"]), "processor"]) == {"gpu_pcie"}
    assert sens.alternative_runs(runs, sens.BASELINE).equals(runs)
    plain = synthetic_dataset(with_assumptions=False).training_runs
    assert sens.alternative_runs(plain, sens.ALL_ASSUMPTIONS).equals(plain)
    with pytest.raises(ValueError, match="unknown assumption scenario"):
        sens.scenario_classes("guess")


def test_assumption_effects_on_synthetic_data():
    ctx = ReportContext(synthetic_dataset())
    table = rl.assumption_effects(ctx)
    check_frame(rl.DECLARED["assumption_effects"], "assumption_effects", table)
    poly = table[table["fit_model"] == "polynomial"].set_index("assumption")
    assert poly.loc["none", "n"] == 8 and poly.loc["none", "shift_orders"] == 0
    assert poly.loc["second_hand", "n"] == 7 and poly.loc["second_hand", "n_affected"] == 1
    assert poly.loc["time_scaled", "n"] == 7
    assert poly.loc["all", "n"] == 6 and poly.loc["all", "n_affected"] == 4
    assert poly.loc["processor_generation", "slope_change"] == 0  # no stage of that class
    # PCIe has two thirds of the SXM peak: two early runs lose burden, so the line changes
    assert poly.loc["form_factor", "n_affected"] == 2 and poly.loc["form_factor", "slope_change"] != 0
    assert np.isfinite(poly.loc["form_factor", "shift_orders"])
    assert (poly["error_pct"] == get_benchmark(BENCHMARK).target_errors_pct[0]).all()
    without = rl.assumption_effects(ReportContext(synthetic_dataset(with_assumptions=False)))
    assert (without["slope_change"] == 0).all()


def test_backtest_groups_on_synthetic_data():
    verdicts, points = rl.backtest(ReportContext(synthetic_dataset()))
    check_frame(rl.DECLARED["backtest_verdicts"], "backtest_verdicts", verdicts)
    check_frame(rl.DECLARED["backtest_points"], "backtest_points", points)
    poly = verdicts[verdicts["fit_model"] == "polynomial"].set_index("evaluation_group")
    assert set(poly.index) == {"all", "task-specific", "general"}
    assert poly.loc["all", "n_later"] == 5 and poly.loc["all", "evaluation_groups"] == "task-specific, general"
    assert (poly["n_fit"] == 8).all() and (poly["fit_sample"] == "ours").all() and (poly["fit_label"] == "our refit").all()
    assert poly.loc["task-specific", "n_later"] == 3 and poly.loc["task-specific", "backtest_verdict"] == "too few to judge"
    assert poly.loc["general", "n_later"] == 2 and poly.loc["general", "backtest_verdict"] == "too few to judge"
    assert poly.loc["all", "backtest_verdict"] != "too few to judge"  # 8 points fitted, 5 later results
    assert set(points["evaluation_group"]) == {"task-specific", "general"}
    # without an evaluation column: one row per model, all later results "not recorded"
    verdicts, points = rl.backtest(ReportContext(synthetic_dataset(with_evaluation=False)))
    assert list(verdicts["evaluation_group"]) == ["all", "all"]
    assert set(verdicts["evaluation_groups"]) == {rl.NOT_RECORDED}


def test_variants_and_summary_on_synthetic_data():
    ctx = ReportContext(synthetic_dataset())
    table = rl.variants(ctx)
    check_frame(rl.DECLARED["sensitivity_variants"], "sensitivity_variants", table)
    assert set(table["error_transform"]) == {"log", "logit"} and len(table) == 2 * 3 * 2
    assert (table["survives"] == [survives(s, l) for s, l in zip(table["slope"], table["loo_slope"])]).all()
    summary = rl.survival_summary(ctx, table)
    assert summary["n_survive"].iloc[0] == table["survives"].sum()
    assert summary["loo_max_flattening"].iloc[0] == LEAVE_ONE_OUT_MAX_FLATTENING


def test_coverage_output_is_small_and_seeded():
    first = rl.coverage(sizes=(6,), draws=10, bootstrap_draws=20)
    check_frame(rl.DECLARED["interval_coverage"], "interval_coverage", first)
    assert first.equals(rl.coverage(sizes=(6,), draws=10, bootstrap_draws=20))
    assert first["interval_label"].notna().all()


# a second synthetic dataset: three benchmarks, one with too few points to fit, one without the paper's targets

GFLOP_PER_HOUR = 8 * 3600 * 1.5e13 / 1e9
"""Hardware burden (GFLOP) of one hour of the runs below: 8 V100s at their FP32 peak (1.5e13 FLOP/s)."""
PCIE_SHARE = 1.0e13 / 1.5e13
"""The alternative processor of the form-factor assumption (the P100 of tests/synthetic.py) has this share of the peak."""
CONLL_BEFORE = [(1, 14.0), (2, 12.5), (4, 11.8), (8, 10.0), (16, 9.6), (32, 8.1), (64, 7.9), (128, 6.6), (256, 6.9), (512, 5.5)]
"""(hours, error %) of CoNLL-2003's results before the cut-off; the last two share a paper."""
CONLL_LATER = [("2020-07-01", 600, 5.2, "task_specific"), ("2021-03-01", 300, 5.0, "task_specific"),
               ("2021-09-01", 2000, 4.0, "fine_tuned"), ("2022-01-01", 900, 6.0, "few_shot"),
               ("2023-01-01", 5000, 3.5, "zero_shot"), ("2023-06-01", 8000, 3.9, None)]
"""(published, hours, error %, evaluation) of the later results with a known hardware burden (the first on the cut-off)."""
OVERRUN = ("overrun", "ov", "2023-09-01", 3.0, "task_specific")
"""A later result whose run has an infinite time: its burden is beyond any projection, and it is not scored."""
PRECISION_FP16 = ("c3", "c7", "c9")
"""Runs recorded at fp16: the "precision used" peak (1.2e14 FLOP/s on a V100) counts 8 times their FP32 burden; every
other run is recorded at fp32 (a silent V100 run would be inferred 16-bit, `analysis.stats.compute.precision_inferred`)."""
WMT_BEFORE = [(3.0**i, 80.0 - 4 * i - (i % 2) * 2) for i in range(5)]
SQUAD_BEFORE = [(4.0**i, 20.0 - 3 * i) for i in range(MIN_POINTS - 1)]


def results_frame(benchmark: str, rows, evaluation: bool = True) -> pd.DataFrame:
    """rows: (training_run, paper_key, published, error %, evaluation); every metric is 100 - error."""
    frame = pd.DataFrame({"model": [r[0] for r in rows], "paper_key": [r[1] for r in rows], "paper_url": "",
                          "published": pd.to_datetime([r[2] for r in rows]), "flops_per_pass": np.nan, "flops_kind": pd.NA,
                          "training_run": [r[0] for r in rows]})
    for metric in get_benchmark(benchmark).metrics:
        frame[metric.column] = [100.0 - r[3] for r in rows]
    if evaluation:
        frame["evaluation"] = [r[4] for r in rows]
    return frame


PAPER_CONLL = [(i + 1, 2011 + i, 10.0 ** (9.5 + 0.6 * i), 15.0 - 1.1 * i + 0.3 * (i % 2)) for i in range(9)]
"""(site index, year, hardware burden in GFLOP, error %) of the authors' CoNLL-2003 points, for the paper's own back-test."""


def report_dataset(benchmarks: tuple[str, ...] = ("conll2003", "squad11", "wmt14_en_de"), paper_points: bool = False) -> Dataset:
    """CoNLL-2003: 10 results before the cut-off (9 papers), three of them at fp16, and later ones of every evaluation
    group, one without a hardware burden, one with an infinite one and one with no error left; SQuAD: 3 results before (no fit), one later; WMT En-De (no targets in
    the paper): 5 results before, none later, no evaluation column. V100 runs; the form-factor alternative is a P100."""
    conll = [(f"c{i}", f"paper{min(i, 8)}", f"201{5 + i % 5}-01-01", e, "task_specific") for i, (_, e) in enumerate(CONLL_BEFORE)]
    conll += [(f"late{i}", f"late{i}", d, e, g) for i, (d, _, e, g) in enumerate(CONLL_LATER)]
    conll += [("noburden", "nb", "2022-02-01", 4.5, "task_specific"), ("perfect", "pf", "2022-03-01", 0.0, "task_specific"),
              ("nearly", "nr", "2022-04-01", 0.5, "fine_tuned"), OVERRUN]
    hours = {f"c{i}": h for i, (h, _) in enumerate(CONLL_BEFORE)} | {f"late{i}": h for i, (_, h, _, _) in enumerate(CONLL_LATER)}
    hours |= {"noburden": None, "perfect": 100.0, "nearly": None, "overrun": np.inf}
    squad = [(f"s{i}", f"s{i}", "2018-01-01", e, None) for i, (_, e) in enumerate(SQUAD_BEFORE)]
    squad += [("slate", "slate", "2021-01-01", 8.0, "fine_tuned"), ("slate2", "slate2", "2022-01-01", 7.0, "task_specific")]
    hours |= {f"s{i}": h for i, (h, _) in enumerate(SQUAD_BEFORE)} | {"slate": 1000.0, "slate2": 2000.0}
    wmt = [(f"w{i}", f"w{i}", "2017-01-01", e, None) for i, (_, e) in enumerate(WMT_BEFORE)]
    hours |= {f"w{i}": h for i, (h, _) in enumerate(WMT_BEFORE)}
    training = runs([(run, "train", "v100_sxm2", 8, h) for run, h in hours.items()])
    training["assumption"] = training["assumption"].astype(object)
    training["precision"] = ["fp16" if run in PRECISION_FP16 else "fp32" for run in training["training_run"]]
    training.loc[training["training_run"].isin(["c1", "c2"]), ["assumption", "alternative_processor"]] = ["form_factor", "p100_sxm2"]
    training.loc[training["training_run"] == "c6", "assumption"] = "second_hand"
    training.loc[training["training_run"] == "c4", "assumption"] = "time_scaled"
    results = {"conll2003": results_frame("conll2003", conll), "squad11": results_frame("squad11", squad),
               "wmt14_en_de": results_frame("wmt14_en_de", wmt, evaluation=False)}
    paper = pd.DataFrame({"benchmark": "conll2003", "site_index": [p[0] for p in PAPER_CONLL], "year": [p[1] for p in PAPER_CONLL],
                          "model": [f"P{p[0]}" for p in PAPER_CONLL], "hardware_burden_gflop": [p[2] for p in PAPER_CONLL],
                          "accuracy": [(100.0 - p[3]) / 100.0 for p in PAPER_CONLL], "accuracy_is": "F1"})
    return Dataset(processors=processors(), cloud_prices=prices(), training_runs=training,
                   results={b: results[b] for b in benchmarks}, paper_points=paper if paper_points else None)


def y_of(model: str, error_pct):
    e = np.asarray(error_pct, dtype="float64")
    return {"polynomial": np.log10, "exponential": lambda v: 1.0 / v, "logit": lambda v: np.log(v / (100.0 - v))}[model](e)


def ols(hours_errors, model: str = "polynomial"):
    """statsmodels' OLS of the model's error transform on log10(GFLOP), HC3 errors as the report."""
    x = np.log10([h * GFLOP_PER_HOUR for h, _ in hours_errors])
    return sm.OLS(y_of(model, [e for _, e in hours_errors]), sm.add_constant(x)).fit(cov_type="HC3", use_t=True)


def later_gap(fit, model: str, later) -> np.ndarray:
    """log10(actual / projected) of later (hours, error %) results under a statsmodels fit."""
    intercept, slope = fit.params
    return np.array([np.log10(h * GFLOP_PER_HOUR) - (y_of(model, e) - intercept) / slope for h, e in later])


# back-test, row by row

def test_evaluation_group_is_a_string_column():
    assert rl.evaluation_group(pd.Series(["few_shot"]), pd.RangeIndex(1)).dtype == "string"
    assert rl.evaluation_group(None, pd.RangeIndex(3)).dtype == "string"
    assert list(rl.evaluation_group(None, pd.Index([4, 7, 9]))) == [rl.NOT_RECORDED] * 3
    # one type whether or not the results record how they were evaluated
    assert rl.evaluation_group(None, pd.RangeIndex(1)).dtype == rl.evaluation_group(pd.Series(["few_shot"]), pd.RangeIndex(1)).dtype
    assert list(rl.evaluation_group(None, pd.Index([4, 7, 9])).index) == [4, 7, 9]
    assert list(rl.evaluation_group(pd.Series(["task_specific", "guess"]), pd.RangeIndex(2))) == ["task-specific", rl.NOT_RECORDED]


def test_verdict_row_takes_its_numbers_from_the_summary():
    benchmark = get_benchmark(BENCHMARK)
    later = pd.DataFrame({"x": range(7)})
    summary = BacktestSummary("polynomial", 5, -0.3, 0.4, 0.8, -0.5, -0.1)
    row = rl.verdict_row(benchmark, "ours", "polynomial", "general", "general", 10, 9, later, summary)
    assert list(row) == list(rl.VERDICT_COLUMNS)
    assert row == {"benchmark": BENCHMARK, "benchmark_title": "CoNLL-2003", "fit_sample": "ours",
                   "fit_label": "our refit", "fit_model": "polynomial",
                   "evaluation_group": "general", "evaluation_groups": "general", "fitted": True, "n_fit": 10,
                   "n_later_results": 9, "n_later": 5, "log10_actual_over_predicted_median": -0.3,
                   "quartile_low_orders": -0.5, "quartile_high_orders": -0.1, "log10_actual_over_predicted_iqr": 0.4,
                   "share_cheaper": 0.8, "backtest_verdict": "cheaper than projected",
                   "backtest_min_fit_points": 8, "backtest_min_later_points": 5, "backtest_max_iqr_orders": 2.0}
    dearer = rl.verdict_row(benchmark, "paper_points", "exponential", "all", "a, b", 8, 6, later,
                            BacktestSummary("exponential", 5, 0.6, 0.2, 0.0, 0.5, 0.7))
    assert dearer["backtest_verdict"] == "dearer than projected" and dearer["fit_model"] == "exponential"
    assert dearer["fit_sample"] == "paper_points" and dearer["fit_label"] == "the paper's projection"
    assert dearer["evaluation_group"] == "all" and dearer["evaluation_groups"] == "a, b"
    # one point fewer in the fit, or one later result fewer: too few to judge
    short = rl.verdict_row(benchmark, "paper_points", "exponential", "all", "a, b", 7, 6, later,
                           BacktestSummary("exponential", 5, 0.6, 0.2, 0.0, 0.5, 0.7))
    assert short["backtest_verdict"] == "too few to judge" and short["n_fit"] == 7
    few = rl.verdict_row(benchmark, "paper_points", "exponential", "all", "a, b", 8, 6, later,
                         BacktestSummary("exponential", 4, 0.6, 0.2, 0.0, 0.5, 0.7))
    assert few["backtest_verdict"] == "too few to judge" and few["n_later"] == 4
    wide = rl.verdict_row(benchmark, "ours", "polynomial", "all", "a", 8, 5, later,
                          BacktestSummary("polynomial", 5, -1.0, 3.7, 0.6, -3.4, 0.3))
    assert wide["backtest_verdict"] == "cannot tell"


def test_verdict_row_without_a_fit_or_without_scored_results():
    benchmark = get_benchmark(BENCHMARK)
    later = pd.DataFrame({"x": range(7)})
    unfitted = rl.verdict_row(benchmark, "ours", "polynomial", "all", "general", 3, 8, later, None)
    assert unfitted["fitted"] is False and unfitted["n_later"] == 7  # the later results, none scored
    assert unfitted["n_fit"] == 3  # the points the fit would have used: too few to fit
    assert unfitted["backtest_verdict"] == "too few to judge"
    empty = rl.verdict_row(benchmark, "ours", "polynomial", "all", "", 9, 0, later.iloc[:0],
                           BacktestSummary("polynomial", 0, *(float("nan"),) * 5))
    assert empty["fitted"] is True and empty["n_later"] == 0 and empty["backtest_verdict"] == "too few to judge"
    assert empty["n_fit"] == 9
    for row in (unfitted, empty):
        for column in ("log10_actual_over_predicted_median", "quartile_low_orders", "quartile_high_orders",
                       "log10_actual_over_predicted_iqr", "share_cheaper"):
            assert np.isnan(row[column]), column


def test_later_results_start_on_the_cutoff_and_need_an_error():
    ctx = ReportContext(report_dataset(("conll2003",)))
    later = rl.later_results(ctx, get_benchmark(BENCHMARK))
    # every later result with an error left, with or without a hardware burden; "perfect" has no error left
    assert set(later["model"]) == {f"late{i}" for i in range(len(CONLL_LATER))} | {"noburden", "nearly", "overrun"}


def test_backtest_verdicts_and_points_against_a_fit_by_hand():
    ctx = ReportContext(report_dataset())
    verdicts, points = rl.backtest(ctx)
    check_frame(rl.DECLARED["backtest_verdicts"], "backtest_verdicts", verdicts)
    check_frame(rl.DECLARED["backtest_points"], "backtest_points", points)
    groups = {"late0": "task-specific", "late1": "task-specific", "late2": "general", "late3": "general",
              "late4": "general", "late5": rl.NOT_RECORDED, "overrun": "task-specific"}
    conll = verdicts[verdicts["benchmark"] == BENCHMARK]
    assert list(conll["evaluation_group"]) == ["all", "task-specific", "general", rl.NOT_RECORDED] * 2
    assert list(conll["evaluation_groups"]) == ["task-specific, general, not recorded", "task-specific", "general",
                                                rl.NOT_RECORDED] * 2
    assert (conll["n_fit"] == len(CONLL_BEFORE)).all() and conll["fitted"].all()
    assert (conll["fit_sample"] == "ours").all() and (conll["fit_label"] == "our refit").all()  # no authors' points
    assert (points["fit_sample"] == "ours").all() and (points["fit_label"] == "our refit").all()
    for model in ("polynomial", "exponential"):
        fit = ols(CONLL_BEFORE, model)
        gap = later_gap(fit, model, [(h, e) for _, h, e, _ in CONLL_LATER])
        rows = conll[conll["fit_model"] == model].set_index("evaluation_group")
        # the later results with an error, with or without a burden: 9 in all; those without a finite burden are
        # not scored
        assert list(rows["n_later_results"]) == [9, 4, 4, 1]
        assert list(rows["n_later"]) == [6, 2, 3, 1]
        for group, part in [("all", gap), *[(g, gap[[groups[f"late{i}"] == g for i in range(len(gap))]])
                                            for g in ("task-specific", "general", rl.NOT_RECORDED)]]:
            q1, q3 = np.percentile(part, [25, 75])
            row = rows.loc[group]
            assert row["log10_actual_over_predicted_median"] == pytest.approx(np.median(part)), (model, group)
            assert row["quartile_low_orders"] == pytest.approx(q1) and row["quartile_high_orders"] == pytest.approx(q3)
            assert row["log10_actual_over_predicted_iqr"] == pytest.approx(q3 - q1)
            assert row["share_cheaper"] == pytest.approx((part < 0).mean())
            assert row["backtest_verdict"] == backtest_verdict(len(CONLL_BEFORE), len(part), np.median(part), q1, q3)
            assert row["backtest_min_later_points"] == BACKTEST_MIN_LATER_POINTS
            assert row["backtest_min_fit_points"] == BACKTEST_MIN_FIT_POINTS
            assert row["backtest_max_iqr_orders"] == BACKTEST_MAX_IQR_ORDERS
        assert rows.loc["task-specific", "backtest_verdict"] == "too few to judge"  # 2 later results
        assert rows.loc["all", "backtest_verdict"] != "too few to judge"  # 10 points fitted, 6 later results
        scored = points[points["fit_model"] == model]
        assert list(scored["model"]) == [f"late{i}" for i in range(len(CONLL_LATER))] + ["overrun"]
        overrun = scored.iloc[-1]
        assert np.isinf(overrun["hardware_burden_gflop"]) and np.isnan(overrun["log10_actual_over_predicted"])
        assert overrun["evaluation_group"] == "task-specific"
        scored = scored.iloc[:-1]
        assert list(scored["paper_key"]) == list(scored["model"])
        assert list(scored["evaluation_group"]) == [groups[m] for m in scored["model"]]
        assert list(scored["evaluation"].iloc[:5]) == ["task_specific", "task_specific", "fine_tuned", "few_shot", "zero_shot"]
        assert pd.isna(scored["evaluation"].iloc[5])
        assert list(scored["published"]) == list(pd.to_datetime([d for d, _, _, _ in CONLL_LATER]))
        assert np.allclose(scored["error_pct"], [e for _, _, e, _ in CONLL_LATER])
        assert np.allclose(scored["hardware_burden_gflop"], [h * GFLOP_PER_HOUR for _, h, _, _ in CONLL_LATER])
        assert np.allclose(scored["log10_actual_over_predicted"], gap)
        assert np.allclose(np.log10(scored["projected_gflop"]), np.log10(scored["hardware_burden_gflop"]) - gap)
        assert (scored["benchmark_title"] == "CoNLL-2003").all()
    # SQuAD: too few results before the cut-off to fit; its one later result is general
    squad = verdicts[verdicts["benchmark"] == "squad11"]
    assert list(squad["evaluation_group"]) == ["all", "task-specific", "general"] * 2
    assert list(squad["fit_model"]) == ["polynomial"] * 3 + ["exponential"] * 3
    assert list(squad["evaluation_groups"]) == ["task-specific, general", "task-specific", "general"] * 2
    assert list(squad["n_later"]) == [2, 1, 1] * 2 and list(squad["n_later_results"]) == [2, 1, 1] * 2
    assert not squad["fitted"].any() and (squad["n_fit"] == 3).all()  # its 3 points, too few to fit
    assert (squad["backtest_verdict"] == "too few to judge").all() and squad["log10_actual_over_predicted_median"].isna().all()
    # WMT: a fit, but nothing later to score; no evaluation column
    wmt = verdicts[verdicts["benchmark"] == "wmt14_en_de"]
    assert list(wmt["evaluation_group"]) == ["all", "all"] and wmt["fitted"].all()
    assert (wmt["n_later"] == 0).all() and (wmt["n_later_results"] == 0).all() and (wmt["evaluation_groups"] == "").all()
    assert wmt["log10_actual_over_predicted_median"].isna().all()
    assert set(points["benchmark"]) == {BENCHMARK}
    assert list(points.index) == list(range(len(points)))


def test_the_papers_projection_is_back_tested_first_on_the_same_later_results():
    ctx = ReportContext(report_dataset(paper_points=True))
    verdicts, points = rl.backtest(ctx)
    check_frame(rl.DECLARED["backtest_verdicts"], "backtest_verdicts", verdicts)
    check_frame(rl.DECLARED["backtest_points"], "backtest_points", points)
    conll = verdicts[verdicts["benchmark"] == BENCHMARK]
    # one set of rows per projection, the paper's first: 2 models x 4 groups each
    assert list(conll["fit_sample"]) == ["paper_points"] * 8 + ["ours"] * 8
    assert list(conll["fit_label"]) == ["the paper's projection"] * 8 + ["our refit"] * 8
    assert list(conll["n_fit"]) == [len(PAPER_CONLL)] * 8 + [len(CONLL_BEFORE)] * 8
    assert list(conll["n_later"]) == [6, 2, 3, 1] * 4  # the same later results for both
    x = np.log10([p[2] for p in PAPER_CONLL])
    for model in ("polynomial", "exponential"):
        fit = sm.OLS(y_of(model, [p[3] for p in PAPER_CONLL]), sm.add_constant(x)).fit(cov_type="HC3", use_t=True)
        gap = later_gap(fit, model, [(h, e) for _, h, e, _ in CONLL_LATER])
        q1, q3 = np.percentile(gap, [25, 75])
        row = conll[(conll["fit_sample"] == "paper_points") & (conll["fit_model"] == model)].set_index("evaluation_group").loc["all"]
        assert row["log10_actual_over_predicted_median"] == pytest.approx(np.median(gap))
        assert (row["quartile_low_orders"], row["quartile_high_orders"]) == pytest.approx((q1, q3))
        assert row["backtest_verdict"] == backtest_verdict(len(PAPER_CONLL), len(gap), np.median(gap), q1, q3)
        scored = points[(points["fit_sample"] == "paper_points") & (points["fit_model"] == model)]
        assert (scored["fit_label"] == "the paper's projection").all()
        assert np.allclose(scored["log10_actual_over_predicted"].iloc[:len(gap)], gap)
    # the paper's points and ours project differently, so the same later results score differently
    paper_all = conll[(conll["fit_sample"] == "paper_points") & (conll["evaluation_group"] == "all")]
    ours_all = conll[(conll["fit_sample"] == "ours") & (conll["evaluation_group"] == "all")]
    assert not np.allclose(paper_all["log10_actual_over_predicted_median"], ours_all["log10_actual_over_predicted_median"])
    # benchmarks without the authors' points: our refit only
    assert (verdicts.loc[verdicts["benchmark"] != BENCHMARK, "fit_sample"] == "ours").all()
    assert list(points["fit_sample"].drop_duplicates()) == ["paper_points", "ours"]


def test_backtest_without_later_results_has_no_points():
    verdicts, points = rl.backtest(ReportContext(report_dataset(("wmt14_en_de",))))
    assert list(points.columns) == list(rl.BACKTEST_POINT_COLUMNS) and points.empty
    assert len(verdicts) == 2 and (verdicts["n_later"] == 0).all()


def test_backtest_points_without_an_evaluation_column_are_not_recorded():
    _, points = rl.backtest(ReportContext(synthetic_dataset(with_evaluation=False)))
    assert len(points) == 2 * 5
    assert points["evaluation"].isna().all() and (points["evaluation_group"] == rl.NOT_RECORDED).all()


# uncertainty

def test_bootstrap_intervals_beside_the_analytic_ones():
    ctx = ReportContext(report_dataset())
    table = rl.bootstrap_intervals(ctx)
    check_frame(rl.DECLARED["bootstrap_intervals"], "bootstrap_intervals", table)
    # CoNLL: both models at the paper's "today" and two targets; WMT: its best error only; SQuAD: no fit
    assert list(zip(table["benchmark"], table["fit_model"], table["error_level"])) == [
        (BENCHMARK, m, level) for m in ("polynomial", "exponential") for level in ("today", "target_1", "target_2")] + [
        ("wmt14_en_de", m, "today") for m in ("polynomial", "exponential")]
    conll = table[table["benchmark"] == BENCHMARK]
    assert (conll["n"] == len(CONLL_BEFORE)).all() and (conll["n_papers"] == len(CONLL_BEFORE) - 1).all()
    assert (conll["metric_label"] == "F1").all() and (conll["benchmark_title"] == "CoNLL-2003").all()
    assert list(conll["error_pct"]) == [6.5, 2.0, 1.0] * 2
    poly = conll[conll["fit_model"] == "polynomial"]
    assert np.allclose(poly["paper_required_gflop"], [10.0**e for e in PAPER_EXTRAPOLATIONS[BENCHMARK].polynomial_log10_gflop])
    wmt = table[table["benchmark"] == "wmt14_en_de"]
    assert (wmt["metric_label"] == "BLEU").all() and (wmt["error_pct"] == 100 - (100 - WMT_BEFORE[-1][1])).all()
    for (benchmark, model), part in table.groupby(["benchmark", "fit_model"]):
        fit = ols(CONLL_BEFORE if benchmark == BENCHMARK else WMT_BEFORE, model)
        intercept, slope = fit.params
        assert np.allclose(np.log10(part["required_gflop"]), (y_of(model, part["error_pct"]) - intercept) / slope)
        points = ctx.sample(benchmark, get_benchmark(benchmark).primary_metric.column, "hardware_burden", "ours")
        boot = bootstrap_fit(points, model, list(part["error_pct"]))
        assert np.allclose(part["required_gflop_boot_low"], np.power(10.0, boot.required_log10_low))
        assert np.allclose(part["required_gflop_boot_high"], np.power(10.0, boot.required_log10_high))
        assert list(part["unbounded_boot"]) == [not np.isfinite(h) for h in boot.required_log10_high]
        assert list(part["unbounded_analytic"]) == list(part["required_gflop_low"].isna())
        largest = max(h for h, _ in (CONLL_BEFORE if benchmark == BENCHMARK else WMT_BEFORE)) * GFLOP_PER_HOUR
        assert np.allclose(part["orders_beyond_data"], np.log10(part["required_gflop"] / largest))
    # five results of WMT: some draws flatten the line, and the upper bound is unbounded
    assert wmt["unbounded_boot"].all() and not conll["unbounded_boot"].any()
    assert not table["unbounded_analytic"].any()


def test_bootstrap_slopes_beside_the_analytic_ones():
    ctx = ReportContext(report_dataset())
    table = rl.bootstrap_slopes(ctx)
    check_frame(rl.DECLARED["bootstrap_slopes"], "bootstrap_slopes", table)
    assert list(zip(table["benchmark"], table["fit_model"])) == [
        (b, m) for b in ("squad11", BENCHMARK, "wmt14_en_de") for m in ("polynomial", "exponential")]
    rows = table.set_index(["benchmark", "fit_model"])
    for benchmark, data in ((BENCHMARK, CONLL_BEFORE), ("wmt14_en_de", WMT_BEFORE)):
        points = ctx.sample(benchmark, get_benchmark(benchmark).primary_metric.column, "hardware_burden", "ours")
        for model in ("polynomial", "exponential"):
            fit = ols(data, model)
            low, high = np.asarray(fit.conf_int(alpha=0.10))[1]
            boot = bootstrap_fit(points, model, [])
            row = rows.loc[(benchmark, model)]
            assert row["n"] == len(data) and row["benchmark_title"] == get_benchmark(benchmark).title
            assert row["slope"] == pytest.approx(fit.params[1])
            assert row["slope_low"] == pytest.approx(low) and row["slope_high"] == pytest.approx(high)
            assert row["slope_boot_low"] == pytest.approx(boot.slope_low)
            assert row["slope_boot_high"] == pytest.approx(boot.slope_high)
    assert rows.loc[(BENCHMARK, "polynomial"), "n_papers"] == len(CONLL_BEFORE) - 1
    squad = rows.loc["squad11"]
    assert (squad["n"] == len(SQUAD_BEFORE)).all() and (squad["n_papers"] == len(SQUAD_BEFORE)).all()
    assert squad[["slope", "slope_low", "slope_high", "slope_boot_low", "slope_boot_high"]].isna().all().all()


def test_bound_costs_price_the_polynomial_headline_at_each_bound():
    # the paper's era is priced on its own processor, the V100, at its price in effect at the paper's cut-off (2020-07-01)
    data = replace(report_dataset(("conll2003", "squad11")),
                   cloud_prices=price_table([("tpu_v3", 2.0, "2019-06-27"), ("v100_sxm2", 3.0, "2019-01-01"),
                                             ("v100_sxm2", 2.5, "2020-01-01"), ("v100_sxm2", 1.0, "2021-01-01")]))
    ctx = ReportContext(data)
    intervals = pd.DataFrame({
        "benchmark": [BENCHMARK, BENCHMARK, "squad11", "squad11"], "benchmark_title": ["CoNLL-2003", "CoNLL-2003", "SQuAD 1.1", "SQuAD 1.1"],
        "metric_label": ["F1", "F1", "EM", "F1"], "fit_model": ["polynomial", "exponential", "polynomial", "polynomial"],
        "error_level": ["target_1", "target_1", "target_1", "today"], "error_pct": [2.0, 2.0, 2.0, 4.6],
        "required_gflop": [1e9, 5e9, 7e9, 2e10], "required_gflop_boot_low": [5e8, 1e9, 1e9, 1e10],
        "required_gflop_boot_high": [np.inf, 1e10, 1e10, 4e10], "unbounded_boot": [True, False, False, False],
        "orders_beyond_data": [1.0, 4.0, 3.0, 1.5]}, index=[3, 5, 8, 9])
    costs = rl.bound_costs(ctx, intervals)
    check_frame(rl.DECLARED["bound_costs"], "bound_costs", costs)
    # the headline metric's polynomial rows only (SQuAD's EM is a second metric)
    assert list(costs.index) == [0, 1]
    assert list(costs["benchmark"]) == [BENCHMARK, "squad11"] and list(costs["error_level"]) == ["target_1", "today"]
    assert list(costs["unbounded_boot"]) == [True, False] and list(costs["error_pct"]) == [2.0, 4.6]
    # marked beyond the data only more than one order beyond it: exactly one order is not marked
    assert list(costs["orders_beyond_data"]) == [1.0, 1.5] and list(costs["beyond_data"]) == [False, True]
    # by hand: hours on a V100 at its FP32 peak, its TDP, Strubell et al.'s PUE and grid; dollars at the V100's price
    # of 2020-01-01, the latest before the cut-off
    factors = ENERGY_FACTORS["strubell2019"]

    def tonnes(gflop):
        return gflop * 1e9 / (1.5e13 * 3600) * 300 * factors.pue / 1000 * factors.lbs_co2_per_kwh * KG_PER_LB / 1000

    def usd(gflop):
        return gflop * 1e9 / (1.5e13 * 3600) * 2.5

    for column, suffix in (("required_gflop", ""), ("required_gflop_boot_low", "_boot_low"), ("required_gflop_boot_high", "_boot_high")):
        gflop = intervals.loc[[3, 9], column].to_numpy()
        assert np.allclose(costs[f"co2_tonnes{suffix}"], tonnes(gflop)), column
        assert np.allclose(costs[f"usd{suffix}"], usd(gflop)), column
    assert np.isinf(costs.loc[0, "usd_boot_high"]) and np.isinf(costs.loc[0, "co2_tonnes_boot_high"])


def fake_worlds(monkeypatch, covered_by_call):
    """Simulated worlds replaced by fixed outcomes: the k-th world of every size is covered as covered_by_call[k]."""
    calls = []

    def fake(rng, n, bootstrap_draws):
        calls.append((n, bootstrap_draws, rng.bit_generator.state["state"]["state"]))
        covered = covered_by_call[sum(c[0] == n for c in calls) - 1]
        return {i: (covered, i == "fieller" and not covered) for i in INTERVALS}

    monkeypatch.setattr(coverage_module, "world_outcomes", fake)
    return calls


def test_coverage_table_sorted_by_interval_and_size_with_a_binomial_margin(monkeypatch):
    calls = fake_worlds(monkeypatch, [True, True, False, True])
    table = rl.coverage(sizes=(13, 6), draws=4, bootstrap_draws=5, seed=3)
    assert [n for n, _, _ in calls] == [13] * 4 + [6] * 4 and {d for _, d, _ in calls} == {5}
    assert [calls[0][2], calls[4][2]] == [np.random.default_rng([3, n]).bit_generator.state["state"]["state"] for n in (13, 6)]
    check_frame(rl.DECLARED["interval_coverage"], "interval_coverage", table)
    assert list(table.index) == list(range(2 * len(INTERVALS)))
    assert list(zip(table["interval"], table["n"])) == [(i, n) for i in INTERVALS for n in (6, 13)]
    assert list(table["interval_label"]) == [rl.INTERVAL_LABELS[i] for i in table["interval"]]
    assert (table["coverage"] == 0.75).all() and (table["covered"] == 3).all() and (table["draws"] == 4).all()
    fieller = table["interval"] == "fieller"
    assert (table.loc[fieller, "share_unbounded"] == 0.25).all() and (table.loc[~fieller, "share_unbounded"] == 0).all()
    nominal = table["interval"].map({"backtest_median": 0.5, "backtest_quartiles": 0.4}).fillna(0.9)
    assert np.allclose(table["nominal"], nominal)
    assert np.allclose(table["coverage_margin"], 1.96 * np.sqrt(nominal * (1 - nominal) / 4))


def test_the_built_coverage_uses_the_report_settings(monkeypatch):
    calls = fake_worlds(monkeypatch, [True] * rl.COVERAGE_DRAWS)
    table = rl.coverage()
    assert sorted(set(table["n"])) == sorted(rl.COVERAGE_SIZES) and (table["draws"] == rl.COVERAGE_DRAWS).all()
    assert {d for _, d, _ in calls} == {rl.COVERAGE_BOOTSTRAP_DRAWS}
    first = {}
    for n, _, state in calls:
        first.setdefault(n, state)
    assert first == {n: np.random.default_rng([rl.COVERAGE_SEED, n]).bit_generator.state["state"]["state"]
                     for n in rl.COVERAGE_SIZES}


# sensitivity, by hand

def test_variants_against_refits_by_hand():
    ctx = ReportContext(report_dataset())
    table = rl.variants(ctx)
    check_frame(rl.DECLARED["sensitivity_variants"], "sensitivity_variants", table)
    assert len(table) == 3 * len(sens.PEAKS) * 3 * 2
    for (benchmark, peak, rule, transform), row in table.set_index(["benchmark", "peak", "sample", "error_transform"]).iterrows():
        points = ctx.sample(benchmark, get_benchmark(benchmark).primary_metric.column, "hardware_burden", rule, peak=peak)
        model = "polynomial" if transform == "log" else "logit"
        assert row["n"] == len(points) and row["n_papers"] == points["paper_key"].nunique()
        assert row["small_sample"] == (len(points) < SMALL_SAMPLE_POINTS)
        assert row["benchmark_title"] == get_benchmark(benchmark).title
        if len(points) < MIN_POINTS:
            assert np.isnan(row["slope"]) and not row["slope_significant"] and not row["survives"]
            assert pd.isna(row["loo_paper"]) and np.isnan(row["loo_slope"]) and np.isnan(row["loo_retained"])
            continue
        x = np.log10(points["compute_gflop"].to_numpy())
        y = y_of(model, points["error_pct"])
        fit = sm.OLS(y, sm.add_constant(x)).fit(cov_type="HC3", use_t=True)
        low, high = np.asarray(fit.conf_int(alpha=0.10))[1]
        assert row["slope"] == pytest.approx(fit.params[1]) and row["p_value"] == pytest.approx(fit.pvalues[1])
        assert row["slope_low"] == pytest.approx(low) and row["slope_high"] == pytest.approx(high)
        assert row["slope_significant"] == (fit.pvalues[1] < SIGNIFICANCE_LEVEL)
        # leave each paper out and refit; the most influential paper leaves the flattest (largest) slope
        papers = points["paper_key"].to_numpy()
        loo = {p: np.polyfit(x[papers != p], y[papers != p], 1)[0] for p in set(papers) if (papers != p).sum() >= MIN_POINTS}
        if not loo:
            assert pd.isna(row["loo_paper"]) and np.isnan(row["loo_slope"]) and not row["survives"]
            continue
        paper = max(loo, key=loo.get)
        assert row["loo_paper"] == paper and row["loo_slope"] == pytest.approx(loo[paper])
        assert row["loo_retained"] == pytest.approx(loo[paper] / fit.params[1])
        assert row["survives"] == (fit.params[1] < 0 and loo[paper] / fit.params[1] >= 1 - LEAVE_ONE_OUT_MAX_FLATTENING)
    headline = table[(table["benchmark"] == BENCHMARK) & (table["sample"] == "ours")]
    assert (headline["n"] == SMALL_SAMPLE_POINTS).all() and not headline["small_sample"].any()
    # runs at fp16 count more under the precision-used peak: the two peaks give two slopes
    by_peak = headline[headline["error_transform"] == "log"].set_index("peak")["slope"]
    assert by_peak[sens.PEAKS[0]] != pytest.approx(by_peak[sens.PEAKS[1]])
    assert table.loc[table["benchmark"] == "squad11", "small_sample"].all()
    assert table["survives"].any() and table["slope_significant"].any()


def summary_table() -> pd.DataFrame:
    peak0, peak1 = sens.PEAKS
    rows = [  # benchmark, peak, sample, transform, slope, significant, survives, loo_paper, loo_slope, loo_retained
        (BENCHMARK, peak1, "ours", "log", -0.20, True, True, "a", -0.15, 0.75),
        (BENCHMARK, peak0, "ours", "logit", -0.50, False, False, "b", -0.10, 0.2),
        (BENCHMARK, peak0, "ours", "log", -0.10, True, True, "c", -0.08, 0.8),  # the headline
        (BENCHMARK, peak0, "frontier", "log", 0.05, False, False, "d", 0.04, 0.8),
        (BENCHMARK, peak1, "frontier", "log", 0.0, False, False, "g", 0.0, np.nan),  # flat: fitted, not negative
        (BENCHMARK, peak0, "per_paper", "log", np.nan, False, False, None, np.nan, np.nan),  # no fit: not counted
        ("wmt14_en_de", peak0, "ours", "log", -0.3, True, True, "e", -0.3, 1.0),
        ("wmt14_en_de", peak0, "per_paper", "logit", -0.3, True, True, "f", -0.3, 1.0),
        ("squad11", peak0, "ours", "log", np.nan, False, False, None, np.nan, np.nan)]
    return pd.DataFrame(rows, columns=["benchmark", "peak", "sample", "error_transform", "slope", "slope_significant",
                                       "survives", "loo_paper", "loo_slope", "loo_retained"])


def test_survival_summary_counts_the_fitted_variants_and_reads_the_headline():
    ctx = ReportContext(report_dataset())
    summary = rl.survival_summary(ctx, summary_table())
    check_frame(rl.DECLARED["sensitivity_summary"], "sensitivity_summary", summary)
    rows = summary.set_index("benchmark")
    assert list(rows.index) == ["squad11", BENCHMARK, "wmt14_en_de"]
    conll = rows.loc[BENCHMARK]
    assert conll["benchmark_title"] == "CoNLL-2003"
    assert (conll["n_variants"], conll["n_negative"], conll["n_significant"], conll["n_survive"]) == (5, 3, 2, 2)
    assert summary["survives_all"].dtype == bool and summary["significant_all"].dtype == bool
    assert not conll["survives_all"] and not conll["significant_all"]
    assert (conll["slope"], conll["loo_paper"], conll["loo_slope"], conll["loo_retained"]) == (-0.10, "c", -0.08, 0.8)
    wmt = rows.loc["wmt14_en_de"]
    assert (wmt["n_variants"], wmt["n_negative"], wmt["n_significant"], wmt["n_survive"]) == (2, 2, 2, 2)
    assert wmt["survives_all"] and wmt["significant_all"] and wmt["loo_paper"] == "e"
    squad = rows.loc["squad11"]  # nothing fitted
    assert squad["n_variants"] == 0 and squad["n_survive"] == 0
    assert not squad["survives_all"] and not squad["significant_all"]
    assert np.isnan(squad["slope"]) and pd.isna(squad["loo_paper"]) and np.isnan(squad["loo_slope"])
    assert np.isnan(squad["loo_retained"])
    assert (summary["loo_max_flattening"] == LEAVE_ONE_OUT_MAX_FLATTENING).all()
    assert (summary["significance_level"] == SIGNIFICANCE_LEVEL).all()


def test_assumption_effects_against_refits_by_hand():
    ctx = ReportContext(report_dataset())
    table = rl.assumption_effects(ctx)
    check_frame(rl.DECLARED["assumption_effects"], "assumption_effects", table)
    assert list(zip(table["benchmark"], table["assumption"], table["fit_model"])) == [
        (b, s, m) for b in ("squad11", BENCHMARK, "wmt14_en_de") for s in sens.SCENARIOS for m in ("polynomial", "exponential")]
    assert list(table["alternative"]) == [sens.ALTERNATIVES[s] for s in table["assumption"]]
    assert list(table["benchmark_title"]) == [get_benchmark(b).title for b in table["benchmark"]]
    target = PAPER_EXTRAPOLATIONS[BENCHMARK].target_errors_pct[0]
    swapped = [(h * PCIE_SHARE if i in (1, 2) else h, e) for i, (h, e) in enumerate(CONLL_BEFORE)]
    scenarios = {"none": CONLL_BEFORE, "processor_generation": CONLL_BEFORE, "form_factor": swapped,
                 "time_scaled": [p for i, p in enumerate(CONLL_BEFORE) if i != 4],
                 "second_hand": [p for i, p in enumerate(CONLL_BEFORE) if i != 6],
                 "all": [p for i, p in enumerate(swapped) if i not in (4, 6)]}
    affected = {"none": 0, "processor_generation": 0, "form_factor": 2, "time_scaled": 1, "second_hand": 1, "all": 4}
    conll = table[table["benchmark"] == BENCHMARK].set_index(["assumption", "fit_model"])
    for model in ("polynomial", "exponential"):
        base = ols(CONLL_BEFORE, model)
        base_need = (y_of(model, target) - base.params[0]) / base.params[1]
        for scenario, data in scenarios.items():
            fit = ols(data, model)
            need = (y_of(model, target) - fit.params[0]) / fit.params[1]
            row = conll.loc[(scenario, model)]
            assert row["n"] == len(data) and row["n_affected"] == affected[scenario], scenario
            assert row["slope"] == pytest.approx(fit.params[1]) and row["p_value"] == pytest.approx(fit.pvalues[1])
            assert row["r2"] == pytest.approx(fit.rsquared) and row["error_pct"] == target
            assert np.log10(row["required_gflop"]) == pytest.approx(need)
            assert row["required_gflop_low"] < row["required_gflop"] < row["required_gflop_high"]
            assert row["slope_change"] == pytest.approx(fit.params[1] - base.params[1], abs=1e-12)
            assert row["shift_orders"] == pytest.approx(need - base_need, abs=1e-9)
    assert conll.loc[("form_factor", "polynomial"), "shift_orders"] != 0
    # WMT has no target in the paper: fits, but nothing to extrapolate
    wmt = table[table["benchmark"] == "wmt14_en_de"]
    assert wmt["error_pct"].isna().all() and wmt["required_gflop"].isna().all() and wmt["shift_orders"].isna().all()
    assert wmt["required_gflop_low"].isna().all() and wmt["required_gflop_high"].isna().all()
    assert np.allclose(wmt["slope"], [ols(WMT_BEFORE, m).params[1] for m in ("polynomial", "exponential")] * len(sens.SCENARIOS))
    assert (wmt["slope_change"] == 0).all() and (wmt["n"] == len(WMT_BEFORE)).all()
    # SQuAD: too few points to fit under any scenario, the baseline included
    squad = table[table["benchmark"] == "squad11"]
    assert squad[["slope", "p_value", "r2", "required_gflop", "slope_change", "shift_orders"]].isna().all().all()
    assert (squad["n"] == len(SQUAD_BEFORE)).all() and (squad["error_pct"] == PAPER_EXTRAPOLATIONS["squad11"].target_errors_pct[0]).all()


def test_build_wires_each_output_to_its_computation(monkeypatch):
    made = {}

    def stub(name, result=None):
        def f(*args):
            made[name] = args
            return result if result is not None else pd.DataFrame({"made_by": [name]})
        return f

    verdicts, points = pd.DataFrame({"made_by": ["verdicts"]}), pd.DataFrame({"made_by": ["points"]})
    monkeypatch.setattr(rl, "backtest", stub("backtest", (verdicts, points)))
    for name in ("bootstrap_intervals", "bootstrap_slopes", "bound_costs", "coverage", "variants", "survival_summary",
                 "assumption_effects"):
        monkeypatch.setattr(rl, name, stub(name))
    ctx = ReportContext(report_dataset(("conll2003",)))
    built = rl.build(ctx)
    assert set(built) == set(rl.DECLARED)
    assert built["backtest_verdicts"] is verdicts and built["backtest_points"] is points
    for output, maker in (("bootstrap_intervals", "bootstrap_intervals"), ("bootstrap_slopes", "bootstrap_slopes"),
                          ("bound_costs", "bound_costs"), ("interval_coverage", "coverage"),
                          ("sensitivity_variants", "variants"), ("sensitivity_summary", "survival_summary"),
                          ("assumption_effects", "assumption_effects")):
        assert list(built[output]["made_by"]) == [maker], output
    for maker in ("backtest", "bootstrap_intervals", "bootstrap_slopes", "variants", "assumption_effects"):
        assert len(made[maker]) == 1 and made[maker][0] is ctx, maker
    assert made["coverage"] == ()
    assert made["bound_costs"][0] is ctx and list(made["bound_costs"][1]["made_by"]) == ["bootstrap_intervals"]
    assert made["survival_summary"][0] is ctx and list(made["survival_summary"][1]["made_by"]) == ["variants"]


def mmlu_dataset() -> Dataset:
    """MMLU (a headline window without an end, its own back-test cut-off in 2023): 9 results 2019-2023, the last on
    that cut-off, some runs at fp16 (the others at fp32), one known only second-hand, three with a time scaled from
    another run."""
    errors = [66.0, 60.0, 55.0, 58.0, 39.0, 41.0, 24.0, 20.0, 18.0]  # two results are no new best (the frontier has 7)
    rows = [(f"m{i}", f"m{i}", f"{2019 + i // 2}-0{1 + 4 * (i % 2)}-01", e, None) for i, e in enumerate(errors)]
    rows[-1] = rows[-1][:2] + (get_benchmark("mmlu").backtest_cutoff_date,) + rows[-1][3:]  # the last on the back-test cut-off
    training = runs([(f"m{i}", "train", "v100_sxm2", 8, 2.0 ** (2 * i)) for i in range(len(errors))])
    training["precision"] = ["fp16" if i % 3 == 0 else "fp32" for i in range(len(errors))]
    training["assumption"] = training["assumption"].astype(object)
    training.loc[training["training_run"] == "m5", "assumption"] = "second_hand"
    training.loc[training["training_run"].isin(["m1", "m2", "m3"]), "assumption"] = "time_scaled"
    return Dataset(processors=processors(), cloud_prices=prices(), training_runs=training,
                   results={"mmlu": results_frame("mmlu", rows, evaluation=False)})


def test_assumption_scenarios_keep_each_benchmark_window_and_the_build_switches():
    dataset = mmlu_dataset()
    published = dataset.results["mmlu"]["published"]
    for ctx, n in ((ReportContext(dataset), 9),  # MMLU's own window: every result, after the paper's cut-off too
                   (ReportContext(dataset, cutoff_date="2021-06-01"), int((published < "2021-06-01").sum()))):
        table = rl.assumption_effects(ctx).set_index(["assumption", "fit_model"])
        assert table.loc[("none", "polynomial"), "n"] == n
        assert table.loc[("processor_generation", "polynomial"), "n"] == n  # no run of that class: the same sample
        assert table.loc[("second_hand", "polynomial"), "n"] == n - 1
        assert table.loc[("time_scaled", "polynomial"), "n"] == n - 3
        assert table.loc[("processor_generation", "polynomial"), "slope_change"] == 0
    # within the overridden window, dropping the time-scaled runs leaves too few points to fit: nothing moves
    assert n == 6 and table.loc[("none", "polynomial"), "slope"] < 0
    dropped = table.loc[("time_scaled", "polynomial")]
    assert np.isnan(dropped["slope"]) and np.isnan(dropped["slope_change"]) and np.isnan(dropped["shift_orders"])
    assert np.isnan(dropped["required_gflop"]) and dropped["error_pct"] == get_benchmark("mmlu").target_errors_pct[0]
    # a build with another headline rule and peak keeps them in every scenario
    ctx = ReportContext(dataset, headline_rule="frontier", peak="precision_used")
    table = rl.assumption_effects(ctx).set_index(["assumption", "fit_model"])
    sample = ctx.sample("mmlu", "mmlu_pct", "hardware_burden", "ours")
    fit = fit_model(sample, "polynomial")
    for scenario in ("none", "processor_generation"):
        assert table.loc[(scenario, "polynomial"), "n"] == len(sample)
        assert table.loc[(scenario, "polynomial"), "slope"] == pytest.approx(fit.slope)
    # (the frontier has 7 of the 9 results; at the FP32 peak its slope would differ)
    assert len(sample) == 7
    fp32 = ReportContext(dataset, headline_rule="frontier").sample("mmlu", "mmlu_pct", "hardware_burden", "ours")
    assert fit_model(fp32, "polynomial").slope != pytest.approx(fit.slope)


def test_without_results_every_table_is_empty_with_its_columns():
    ctx = ReportContext(Dataset(processors=processors(), cloud_prices=prices(), training_runs=runs([]), results={}))
    verdicts, points = rl.backtest(ctx)
    tables = {"backtest_verdicts": verdicts, "backtest_points": points, "bootstrap_slopes": rl.bootstrap_slopes(ctx),
              "sensitivity_variants": rl.variants(ctx), "assumption_effects": rl.assumption_effects(ctx)}
    tables["sensitivity_summary"] = rl.survival_summary(ctx, tables["sensitivity_variants"])
    for name, table in tables.items():
        assert list(table.columns) == list(rl.DECLARED[name].columns) and table.empty, name


def test_a_slope_exactly_at_the_significance_level_is_not_significant(monkeypatch):
    ctx = ReportContext(report_dataset(("conll2003",)))
    real_fit = ctx.fit

    def fit_at_the_level(*args, **kwargs):
        fit = real_fit(*args, **kwargs)
        return replace(fit, p_value=SIGNIFICANCE_LEVEL) if fit is not None else None

    monkeypatch.setattr(ctx, "fit", fit_at_the_level)
    table = rl.variants(ctx)
    assert table["slope"].notna().all() and (table["p_value"] == SIGNIFICANCE_LEVEL).all()
    assert not table["slope_significant"].any()


def test_backtest_splits_at_the_benchmarks_own_cutoff():
    dataset = mmlu_dataset()
    cutoff = get_benchmark("mmlu").backtest_cutoff_date
    scores = dataset.results["mmlu"].set_index("training_run")
    hours = dataset.training_runs.set_index("training_run")["hours"]
    before = [(hours[r], 100 - scores.loc[r, "mmlu_pct"]) for r in scores.index if scores.loc[r, "published"] < pd.Timestamp(cutoff)]
    after = [(hours[r], 100 - scores.loc[r, "mmlu_pct"]) for r in scores.index if scores.loc[r, "published"] >= pd.Timestamp(cutoff)]
    assert (len(before), len(after)) == (8, 1)  # the last result is published on the cut-off
    verdicts, points = rl.backtest(ReportContext(dataset))
    row = verdicts.set_index("fit_model").loc["polynomial"]
    gap = later_gap(ols(before), "polynomial", after)
    assert row["n_fit"] == 8 and row["n_later"] == 1 and row["n_later_results"] == 1
    assert row["backtest_verdict"] == "too few to judge"  # 8 points fitted, but one later result
    assert row["log10_actual_over_predicted_median"] == pytest.approx(np.median(gap))
    assert np.allclose(points.loc[points["fit_model"] == "polynomial", "log10_actual_over_predicted"], gap)
