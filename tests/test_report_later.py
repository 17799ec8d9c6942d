"""Rules of the "Five years later" outputs on small synthetic inputs: back-test verdicts and evaluation groups,
leave-one-paper-out and the survival rule, the logit transform, and the assumptions replaced by their alternatives."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import report_later as rl
from analysis import sensitivity as sens
from analysis.context import ReportContext
from analysis.data import Dataset
from analysis.models import LOGIT, error_to_y, fit_model, y_to_error
from analysis.outputs import check_frame
from analysis.registry import get_benchmark
from analysis.rules import BACKTEST_MIN_LATER_POINTS, LEAVE_ONE_OUT_MAX_FLATTENING, backtest_verdict, survives

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
    assert backtest_verdict(1, -0.16, -0.16, -0.16) == "not testable"
    assert backtest_verdict(BACKTEST_MIN_LATER_POINTS, -0.5, -1.0, 0.2) == "as projected"
    assert backtest_verdict(BACKTEST_MIN_LATER_POINTS, -0.5, -1.0, -0.1) == "cheaper than projected"
    assert backtest_verdict(BACKTEST_MIN_LATER_POINTS, 0.5, 0.1, 1.0) == "dearer than projected"


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
             ("late3", "late3", "2023-01-01", 97.2, 90000, "zero_shot")]
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
    assert poly.loc["all", "n_later"] == 4 and poly.loc["all", "evaluation_groups"] == "task-specific, general"
    assert poly.loc["task-specific", "n_later"] == 2 and poly.loc["task-specific", "backtest_verdict"] == "not testable"
    assert poly.loc["all", "backtest_verdict"] != "not testable"
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
