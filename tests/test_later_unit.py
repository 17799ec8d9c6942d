"""The "Five years later" additions to the key-number table (analysis.report.backtests) on a small synthetic dataset: the
back-test specification (the paper's fit on its authors' points first, then our fit before the cut-off, both scored on
the same later results), its rows (recomputed here with statsmodels and numpy, with the points fitted, the later
results scored and the verdict of the finding rules), the bootstrap bounds of our own hardware-burden rows only, and
the table that joins them."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analysis.report import backtests as later
from analysis.stats.bootstrap import bootstrap_fit
from analysis.report.context import ReportContext
from analysis.data import Dataset
from analysis.report.keynumbers import KEY_COLUMNS, key_numbers
from analysis.stats.models import MIN_POINTS, fit_model
from analysis.data.paper import PAPER_CUTOFF_DATE
from analysis.data.registry import get_benchmark
from analysis.stats.samples import BACKTEST, BACKTEST_PAPER_POINTS, PAPER_POINTS

from synthetic import prices, processors, runs

GFLOP_PER_HOUR = 8 * 3600 * 1.5e13 / 1e9
"""Hardware burden (GFLOP) of one hour on the runs below: 8 V100s at their FP32 peak (1.5e13 FLOP/s)."""

CONLL_BEFORE = [(1, 14.0), (2, 12.5), (4, 11.8), (8, 10.0), (16, 9.6), (32, 8.1), (64, 7.9), (128, 6.6)]
"""(hours, error %) of the results before the cut-off."""
CONLL_LATER = [(PAPER_CUTOFF_DATE, 256, 6.5), ("2021-03-01", 200, 5.0), ("2022-01-01", 1024, 6.0),
               ("2023-06-01", 4096, 4.1), ("2024-01-01", 8192, 3.6)]
"""(published, hours, error %) of the results on or after the cut-off with a finite hardware burden; one more (`overrun`)
has an infinite one: it is a later result, but no projection scores it."""
MMLU = [("2020-03-01", 1, 60.0), ("2020-09-01", 4, 52.0), ("2021-03-01", 16, 47.0), ("2021-09-01", 64, 35.0),
        ("2022-03-01", 256, 33.0), ("2022-09-01", 1024, 25.0), ("2023-07-01", 4096, 22.0), ("2023-09-01", 16384, 14.0)]
"""(published, hours, error %) of MMLU: its headline window has no end, its back-test splits at its own cut-off
(2023-07-01: the seventh result is published on it)."""
PAPER_CONLL = [(1, 2011, 5e9, 0.85), (2, 2012, 2e10, 0.87), (3, 2013, 4e10, 0.882), (4, 2014, 2e11, 0.897),
               (5, 2015, 5e11, 0.905), (6, 2016, 3e12, 0.918), (7, 2017, 8e12, 0.921), (8, 2018, 3e13, 0.934),
               (9, 2019, 1e14, 0.94)]
"""(site index, year, hardware burden in GFLOP, F1 / 100) of the authors' CoNLL-2003 points: 9, enough for a verdict."""


def results(benchmark: str, rows) -> pd.DataFrame:
    """rows: (training_run, paper_key, published, error %); every metric of the benchmark is 100 - error."""
    frame = pd.DataFrame({"model": [r[0] for r in rows], "paper_key": [r[1] for r in rows], "paper_url": "",
                          "published": pd.to_datetime([r[2] for r in rows]), "flops_per_pass": np.nan, "flops_kind": pd.NA,
                          "training_run": [r[0] for r in rows]})
    for metric in get_benchmark(benchmark).metrics:
        frame[metric.column] = [100.0 - r[3] for r in rows]
    return frame


def later_dataset(paper_points: bool = False) -> Dataset:
    """CoNLL-2003 with 8 results before the cut-off and 6 after; SQuAD with exactly MIN_POINTS; WMT En-De with too few;
    MMLU with results on both sides of its own back-test cut-off; with `paper_points`, the authors' CoNLL-2003 points."""
    conll = [(f"c{i}", f"paper{i}", "2016-01-01", e) for i, (_, e) in enumerate(CONLL_BEFORE)]
    conll += [(f"late{i}", f"late{i}", d, e) for i, (d, _, e) in enumerate(CONLL_LATER)] + [("overrun", "ov", "2023-09-01", 3.0)]
    hours = {f"c{i}": h for i, (h, _) in enumerate(CONLL_BEFORE)} | {f"late{i}": h for i, (_, h, _) in enumerate(CONLL_LATER)}
    hours["overrun"] = np.inf
    squad = [(f"s{i}", f"s{i}", "2018-01-01", 20.0 - 3 * i + (i % 2)) for i in range(MIN_POINTS)]
    hours |= {f"s{i}": 4.0**i for i in range(MIN_POINTS)}
    wmt = [(f"w{i}", f"w{i}", "2017-01-01", 80.0 - 5 * i) for i in range(MIN_POINTS - 1)]
    wmt += [("wlate0", "wlate0", "2021-01-01", 60.0), ("wlate1", "wlate1", "2022-01-01", 58.0)]
    hours |= {f"w{i}": 2.0**i for i in range(MIN_POINTS - 1)} | {"wlate0": 16.0, "wlate1": 32.0}
    mmlu = [(f"m{i}", f"m{i}", d, e) for i, (d, _, e) in enumerate(MMLU)]
    hours |= {f"m{i}": h for i, (_, h, _) in enumerate(MMLU)}
    training = runs([(run, "train", "v100_sxm2", 8, h) for run, h in hours.items()])
    paper = pd.DataFrame({"benchmark": "conll2003", "site_index": [p[0] for p in PAPER_CONLL], "year": [p[1] for p in PAPER_CONLL],
                          "model": [f"P{p[0]}" for p in PAPER_CONLL], "hardware_burden_gflop": [p[2] for p in PAPER_CONLL],
                          "accuracy": [p[3] for p in PAPER_CONLL], "accuracy_is": "F1"})
    return Dataset(processors=processors(), cloud_prices=prices(), training_runs=training,
                   results={"conll2003": results("conll2003", conll), "squad11": results("squad11", squad),
                            "wmt14_en_de": results("wmt14_en_de", wmt), "mmlu": results("mmlu", mmlu)},
                   paper_points=paper if paper_points else None)


def y_of(model: str, error_pct):
    e = np.asarray(error_pct, dtype="float64")
    return np.log10(e) if model == "polynomial" else 1.0 / e


def ols(hours_errors, model: str):
    x = np.log10([h * GFLOP_PER_HOUR for h, _ in hours_errors])
    return sm.OLS(y_of(model, [e for _, e in hours_errors]), sm.add_constant(x)).fit(cov_type="HC3", use_t=True)


# back-test rows

def gaps(fit, model: str, later) -> np.ndarray:
    """log10(actual / projected) of later (published, hours, error %) results under a statsmodels fit."""
    intercept, slope = fit.params
    return np.array([np.log10(h * GFLOP_PER_HOUR) - (y_of(model, e) - intercept) / slope for _, h, e in later])


@pytest.mark.parametrize("model, verdict", [("polynomial", "as projected"), ("exponential", "as projected")])
def test_backtest_row_scores_the_fit_before_the_cutoff_on_every_later_result(model, verdict):
    ctx = ReportContext(later_dataset())
    rows = later.backtest_rows(ctx, get_benchmark("conll2003"))
    assert [r["model"] for r in rows] == ["polynomial", "exponential"]
    row = next(r for r in rows if r["model"] == model)
    fit = ols(CONLL_BEFORE, model)
    gap = gaps(fit, model, CONLL_LATER)
    q1, q3 = np.percentile(gap, [25, 75])
    assert row["benchmark"] == "conll2003" and row["metric"] == "f1_pct"
    assert row["measure"] == "hardware_burden" and row["sample"] == BACKTEST
    assert row["n"] == len(CONLL_BEFORE)  # the points fitted
    assert row["n_later"] == len(CONLL_LATER)  # the scored results: not the one with an infinite burden
    assert len(ctx.sample("conll2003", "f1_pct", "hardware_burden", "ours", period="backtest_after")) == len(CONLL_LATER) + 1
    assert row["slope"] == pytest.approx(fit.params[1])
    assert row["r2"] == pytest.approx(fit.rsquared)
    assert row["p_value"] == pytest.approx(fit.pvalues[1])
    assert row["log10_actual_over_predicted_median"] == pytest.approx(np.median(gap))
    assert row["log10_actual_over_predicted_iqr"] == pytest.approx(q3 - q1)
    assert (row["quartile_low_orders"], row["quartile_high_orders"]) == pytest.approx((q1, q3))
    # 8 points fitted, 5 later results, quartiles less than 2 orders apart around 0: as projected
    assert q1 <= 0 <= q3 and q3 - q1 <= 2
    assert row["backtest_verdict"] == verdict


def test_backtest_row_without_a_fit_leaves_the_numbers_empty_and_is_too_few_to_judge():
    ctx = ReportContext(later_dataset())
    rows = later.backtest_rows(ctx, get_benchmark("wmt14_en_de"))
    assert [r["model"] for r in rows] == ["polynomial", "exponential"]
    for row in rows:
        assert row["n"] == MIN_POINTS - 1 and row["metric"] == "bleu" and row["sample"] == BACKTEST
        assert row["backtest_verdict"] == "too few to judge"
        for column in ("slope", "r2", "p_value", "log10_actual_over_predicted_median", "log10_actual_over_predicted_iqr",
                       "quartile_low_orders", "quartile_high_orders"):
            assert np.isnan(row[column]), column


def test_backtest_row_without_a_fit_still_counts_the_later_results():
    ctx = ReportContext(later_dataset())
    assert len(ctx.sample("wmt14_en_de", "bleu", "hardware_burden", "ours", period="backtest_after")) == 2
    for row in later.backtest_rows(ctx, get_benchmark("wmt14_en_de")):
        assert row["n_later"] == 2


def test_backtest_rows_split_at_the_benchmarks_own_backtest_cutoff():
    ctx = ReportContext(later_dataset())
    cutoff = get_benchmark("mmlu").backtest_cutoff_date
    assert cutoff == "2023-07-01"
    before = [(h, e) for d, h, e in MMLU if d < cutoff]
    after = [(d, h, e) for d, h, e in MMLU if d >= cutoff]
    assert len(before) == 6 and len(after) == 2  # the result published on the cut-off is a later one
    (row, _) = later.backtest_rows(ctx, get_benchmark("mmlu"))
    fit = ols(before, "polynomial")
    gap = gaps(fit, "polynomial", after)
    assert row["n"] == 6 and row["n_later"] == 2 and row["slope"] == pytest.approx(fit.params[1])
    assert row["log10_actual_over_predicted_median"] == pytest.approx(np.median(gap))
    assert row["backtest_verdict"] == "too few to judge"  # 6 points fitted, 2 later results
    # the headline fit of the key numbers takes every result (no window end): another slope
    assert fit_model(ctx.sample("mmlu", "mmlu_pct", "hardware_burden", "ours"), "polynomial").slope != pytest.approx(row["slope"])


# the back-test specification: the paper's projection first, where the authors published points

def paper_ols(model: str):
    x = np.log10([p[2] for p in PAPER_CONLL])
    return sm.OLS(y_of(model, [100.0 - 100.0 * p[3] for p in PAPER_CONLL]), sm.add_constant(x)).fit(cov_type="HC3", use_t=True)


def test_backtests_fit_the_papers_points_first_and_score_the_same_later_results():
    ctx = ReportContext(later_dataset(paper_points=True))
    tests = later.backtests(ctx, get_benchmark("conll2003"))
    assert [(t.label, t.fit_sample) for t in tests] == [(BACKTEST_PAPER_POINTS, PAPER_POINTS), (BACKTEST, "ours")]
    paper, ours = tests
    assert list(paper.fit_points["compute_gflop"]) == [p[2] for p in PAPER_CONLL]
    assert list(paper.fit_points["error_pct"]) == pytest.approx([100.0 - 100.0 * p[3] for p in PAPER_CONLL])
    assert len(ours.fit_points) == len(CONLL_BEFORE)
    assert paper.later is ours.later  # one later sample for both projections
    assert list(paper.later["model"]) == ["late0", "late1", "late2", "late3", "overrun", "late4"]  # by date
    for model in ("polynomial", "exponential"):
        assert paper.fits[model].slope == pytest.approx(paper_ols(model).params[1])
        assert paper.fits[model].n == len(PAPER_CONLL)
        assert ours.fits[model].slope == pytest.approx(ols(CONLL_BEFORE, model).params[1])


def test_backtests_of_a_benchmark_without_the_authors_points_are_our_refit_only():
    ctx = ReportContext(later_dataset(paper_points=True))
    for benchmark in ("squad11", "wmt14_en_de", "mmlu"):
        assert [t.label for t in later.backtests(ctx, get_benchmark(benchmark))] == [BACKTEST], benchmark
    assert [t.label for t in later.backtests(ReportContext(later_dataset()), get_benchmark("conll2003"))] == [BACKTEST]


@pytest.mark.parametrize("model, verdict", [("polynomial", "cheaper than projected"), ("exponential", "cheaper than projected")])
def test_the_papers_backtest_rows_carry_points_fitted_later_results_and_the_verdict(model, verdict):
    ctx = ReportContext(later_dataset(paper_points=True))
    rows = later.backtest_rows(ctx, get_benchmark("conll2003"))
    assert [(r["sample"], r["model"]) for r in rows] == [(s, m) for s in (BACKTEST_PAPER_POINTS, BACKTEST)
                                                         for m in ("polynomial", "exponential")]
    row = next(r for r in rows if r["sample"] == BACKTEST_PAPER_POINTS and r["model"] == model)
    fit = paper_ols(model)
    gap = gaps(fit, model, CONLL_LATER)
    q1, q3 = np.percentile(gap, [25, 75])
    assert row["n"] == len(PAPER_CONLL) and row["n_later"] == len(CONLL_LATER)
    assert row["slope"] == pytest.approx(fit.params[1]) and row["r2"] == pytest.approx(fit.rsquared)
    assert row["log10_actual_over_predicted_median"] == pytest.approx(np.median(gap))
    assert (row["quartile_low_orders"], row["quartile_high_orders"]) == pytest.approx((q1, q3))
    # by hand: the polynomial's later results all cost less than projected, within 2 orders of each other;
    # the exponential's quartiles lie more than 2 orders apart, both below 0: the direction is clear however wide
    if model == "polynomial":
        assert q3 < 0 and q3 - q1 <= 2
    else:
        assert q3 < 0 and q3 - q1 > 2
    assert row["backtest_verdict"] == verdict


# bootstrap bounds

def bootstrap_table() -> pd.DataFrame:
    rows = [("wmt14_en_de", "bleu", "hardware_burden", "ours", "polynomial", 20.0),    # too few points: no bounds
            ("conll2003", "f1_pct", "hardware_burden", "ours", "polynomial", 5.0),
            ("conll2003", "f1_pct", "hardware_burden", "ours", "polynomial", 2.0),
            ("conll2003", "f1_pct", "hardware_burden", "ours", "exponential", 5.0),
            ("conll2003", "f1_pct", "per_pass", "ours", "polynomial", 5.0),             # another measure
            ("conll2003", "f1_pct", "hardware_burden", "frontier", "polynomial", 5.0),     # another sample
            ("squad11", "f1_pct", "hardware_burden", "ours", "polynomial", 3.0)]        # exactly MIN_POINTS
    return pd.DataFrame(rows, columns=["benchmark", "metric", "measure", "sample", "model", "error_pct"])


def test_bootstrap_bounds_only_on_our_hardware_burden_rows_with_enough_points():
    ctx = ReportContext(later_dataset())
    table = bootstrap_table()
    out = later.with_bootstrap(ctx, table)
    assert list(out.columns) == list(table.columns) + ["required_gflop_boot_low", "required_gflop_boot_high"]
    assert "required_gflop_boot_low" not in table.columns  # the input is left as it was
    assert out["required_gflop_boot_low"].dtype == "float64" and out["required_gflop_boot_high"].dtype == "float64"
    assert out[["benchmark", "error_pct"]].equals(table[["benchmark", "error_pct"]])
    empty = [0, 4, 5]
    assert out.loc[empty, ["required_gflop_boot_low", "required_gflop_boot_high"]].isna().all().all()

    conll = ctx.sample("conll2003", "f1_pct", "hardware_burden", "ours")
    assert len(conll) == len(CONLL_BEFORE)
    poly = bootstrap_fit(conll, "polynomial", [5.0, 2.0])
    expo = bootstrap_fit(conll, "exponential", [5.0])
    squad = bootstrap_fit(ctx.sample("squad11", "f1_pct", "hardware_burden", "ours"), "polynomial", [3.0])
    expected_low = {1: poly.required_log10_low[0], 2: poly.required_log10_low[1], 3: expo.required_log10_low[0],
                    6: squad.required_log10_low[0]}
    expected_high = {1: poly.required_log10_high[0], 2: poly.required_log10_high[1], 3: expo.required_log10_high[0],
                     6: squad.required_log10_high[0]}
    for i in expected_low:
        assert out.loc[i, "required_gflop_boot_low"] == pytest.approx(10 ** expected_low[i]), i
        assert out.loc[i, "required_gflop_boot_high"] == pytest.approx(10 ** expected_high[i]), i
        assert out.loc[i, "required_gflop_boot_low"] < out.loc[i, "required_gflop_boot_high"]
    # a lower error needs more computation at both bounds
    assert out.loc[2, "required_gflop_boot_low"] > out.loc[1, "required_gflop_boot_low"]


# the joined table

def test_later_key_numbers_appends_one_backtest_row_per_benchmark_and_model():
    ctx = ReportContext(later_dataset())
    keys = key_numbers(ctx)
    table = later.later_key_numbers(ctx, keys)
    assert list(table.columns) == KEY_COLUMNS + later.LATER_COLUMNS
    assert list(table.index) == list(range(len(keys) + 2 * len(ctx.benchmarks)))
    assert table.iloc[:len(keys)][KEY_COLUMNS].equals(keys)
    backtest = table.iloc[len(keys):]
    assert (backtest["sample"] == BACKTEST).all()
    assert list(backtest["benchmark"]) == [b.id for b in ctx.benchmarks for _ in range(2)]
    assert list(backtest["model"]) == ["polynomial", "exponential"] * len(ctx.benchmarks)
    conll = backtest[backtest["benchmark"] == "conll2003"]
    assert (conll["n"] == len(CONLL_BEFORE)).all() and (conll["n_later"] == len(CONLL_LATER)).all()
    assert conll["log10_actual_over_predicted_median"].notna().all()
    assert list(conll["backtest_verdict"]) == ["as projected", "as projected"]
    assert (backtest.loc[backtest["benchmark"] != "conll2003", "backtest_verdict"] == "too few to judge").all()
    assert table.iloc[:len(keys)][["n_later", "backtest_verdict"]].isna().all().all()  # only back-test rows have them
    assert backtest[["required_gflop_boot_low", "required_gflop_boot_high"]].isna().all().all()
    # bounds on our hardware-burden rows with enough points, none elsewhere
    ours = (table["measure"] == "hardware_burden") & (table["sample"] == "ours") & (table["benchmark"] != "wmt14_en_de")
    assert table.loc[ours, "benchmark"].nunique() == 3
    assert table.loc[ours, "required_gflop_boot_high"].notna().all()
    assert table.loc[~ours, "required_gflop_boot_high"].isna().all()


def test_later_key_numbers_put_the_papers_backtest_before_ours():
    ctx = ReportContext(later_dataset(paper_points=True))
    table = later.later_key_numbers(ctx, key_numbers(ctx))
    backtest = table[table["sample"].isin([BACKTEST_PAPER_POINTS, BACKTEST])]
    expected = []
    for b in ctx.benchmarks:  # in the registry's order; only CoNLL-2003 has the authors' points
        expected += ([(b.id, BACKTEST_PAPER_POINTS)] * 2 if b.id == "conll2003" else []) + [(b.id, BACKTEST)] * 2
    assert {b.id for b in ctx.benchmarks} == {"conll2003", "squad11", "wmt14_en_de", "mmlu"}
    assert list(zip(backtest["benchmark"], backtest["sample"])) == expected
    paper = backtest[backtest["sample"] == BACKTEST_PAPER_POINTS]
    assert (paper["n"] == len(PAPER_CONLL)).all() and (paper["n_later"] == len(CONLL_LATER)).all()
    assert list(paper["backtest_verdict"]) == ["cheaper than projected", "cheaper than projected"]
