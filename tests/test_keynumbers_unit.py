"""The key-number table (analysis.report.keynumbers): error levels, the paper's printed cells, and one row per benchmark x
metric x measure x sample x model x level with the fit and extrapolation, checked against statsmodels and the
extrapolation formula on a small synthetic data set; beside each extrapolation its distance from the paper's printed
value and whether that value lies in the 90% interval, how far it lies beyond the sample's data, and the computation
a sample point actually needed to reach its error."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from analysis.report import keynumbers as kn
from analysis.report.context import ReportContext
from analysis.data import Dataset
from analysis.data.paper import PAPER_EXTRAPOLATIONS
from analysis.data.registry import BENCHMARKS

from synthetic import imagenet, prices, processors, runs

PEAK = {"p100_sxm2": 1e13, "v100_sxm2": 1.5e13}
RUNS = {"r1": ("p100_sxm2", 8, 24), "r2": ("p100_sxm2", 16, 24), "r3": ("p100_sxm2", 8, 12), "r4": ("v100_sxm2", 16, 48),
        "r5": ("v100_sxm2", 32, 48), "r6": ("v100_sxm2", 64, 96), "r7": ("v100_sxm2", 256, 96),
        "m1": ("v100_sxm2", 1000, 100), "m2": ("v100_sxm2", 2000, 300), "m3": ("v100_sxm2", 4000, 500)}
# (model, paper_key, published, top-1, run, FLOPs per pass, top-5)
IMAGENET = [("A", "a", "2013-01-01", 60.0, "r1", 1e9, 80.0), ("B", "b", "2014-01-01", 70.0, "r2", 2e9, 88.0),
            ("B2", "b", "2014-02-01", 69.0, "r3", 1.5e9, None), ("C", "c", "2016-01-01", 75.0, "r4", None, 91.0),
            ("D", "d", "2018-01-01", 74.0, "r5", 3e9, 90.0), ("E", "e", "2019-01-01", 80.0, "r6", 5e9, 94.0),
            ("L", "l", "2021-01-01", 85.0, "r7", 9e9, 97.0)]  # L: after the cut-off
MMLU = [("M1", "m1", "2021-01-01", 50.0, "m1"), ("M2", "m2", "2022-01-01", 65.0, "m2"), ("M3", "m3", "2023-01-01", 72.0, "m3")]
PAPER = [(1, 2012, "P1", 1e9, 0.6), (2, 2014, "P2", 1e10, 0.7), (3, 2016, "P3", 2e11, 0.76), (4, 2018, "P4", 3e12, 0.81)]

# the samples, by hand: (benchmark, metric, measure, sample) -> models; on these results top-1 and top-5 select the
# same ImageNet models (B2, the only one without a top-5 score, is never selected: B is the better result of its paper)
IMAGENET_SAMPLES = {
    ("hardware_burden", "ours"): ["A", "B", "C", "D", "E"],
    ("hardware_burden", "per_paper"): ["A", "B", "C", "D", "E"],
    ("hardware_burden", "frontier"): ["A", "B", "C", "E"],
    ("per_pass", "ours"): ["A", "B", "D", "E"],
    ("per_pass", "per_paper"): ["A", "B", "D", "E"],
    ("per_pass", "frontier"): ["A", "B", "D", "E"],
}
SAMPLES = {
    **{("imagenet", metric, measure, sample): models for metric in ("top1_pct", "top5_pct")
       for (measure, sample), models in IMAGENET_SAMPLES.items()},
    ("mmlu", "mmlu_pct", "hardware_burden", "ours"): ["M1", "M2", "M3"],
    ("mmlu", "mmlu_pct", "hardware_burden", "per_paper"): ["M1", "M2", "M3"],
    ("mmlu", "mmlu_pct", "hardware_burden", "frontier"): ["M1", "M2", "M3"],
    ("mmlu", "mmlu_pct", "per_pass", "ours"): [],
    ("mmlu", "mmlu_pct", "per_pass", "per_paper"): [],
    ("mmlu", "mmlu_pct", "per_pass", "frontier"): [],
}


def dataset() -> Dataset:
    results = imagenet([r[:6] for r in IMAGENET])
    results["top5_pct"] = [np.nan if r[6] is None else r[6] for r in IMAGENET]
    mmlu = pd.DataFrame({"model": [r[0] for r in MMLU], "paper_key": [r[1] for r in MMLU], "paper_url": "https://x",
                         "published": pd.to_datetime([r[2] for r in MMLU]), "mmlu_pct": [r[3] for r in MMLU],
                         "flops_per_pass": np.nan, "flops_kind": None, "training_run": [r[4] for r in MMLU],
                         "extra_data": None, "ensemble": False, "score_source": "t", "notes": ""})
    paper = pd.DataFrame({"benchmark": "imagenet", "site_index": [p[0] for p in PAPER], "year": [p[1] for p in PAPER],
                          "model": [p[2] for p in PAPER], "hardware_burden_gflop": [p[3] for p in PAPER],
                          "accuracy": [p[4] for p in PAPER], "accuracy_is": "top-1"})
    training = runs([(name, "train", p, n, h) for name, (p, n, h) in RUNS.items()])
    return Dataset(processors=processors(), cloud_prices=prices(), training_runs=training,
                   results={"imagenet": results, "mmlu": mmlu}, paper_points=paper)


ROWS = {r[0]: r for r in IMAGENET} | {r[0]: r for r in MMLU}
SCORE = {"top1_pct": 3, "mmlu_pct": 3, "top5_pct": 6}


def points(benchmark, metric, measure, sample) -> tuple[np.ndarray, np.ndarray]:
    """(GFLOP, error %) of one sample, from the rows above."""
    if sample == "paper_points":
        return np.array([p[3] for p in PAPER]), np.array([100.0 - 100.0 * p[4] for p in PAPER])
    models = SAMPLES[(benchmark, metric, measure, sample)]
    if measure == "hardware_burden":
        gflop = [RUNS[ROWS[m][4]][1] * RUNS[ROWS[m][4]][2] * 3600 * PEAK[RUNS[ROWS[m][4]][0]] / 1e9 for m in models]
    else:
        gflop = [ROWS[m][5] / 1e9 for m in models]
    return np.array(gflop, dtype="float64"), np.array([100.0 - ROWS[m][SCORE[metric]] for m in models], dtype="float64")


def transform(model, error):
    return np.log10(error) if model == "polynomial" else 1.0 / error


def expected_row(benchmark, metric, measure, sample, model, error_pct) -> dict:
    """Fit (statsmodels, HC3, t with n - 2) and the computation at `error_pct` with its Fieller interval."""
    gflop, error = points(benchmark, metric, measure, sample)
    if len(gflop) < 4:
        return {"n": len(gflop), "slope": np.nan, "r2": np.nan, "p_value": np.nan,
                "required_gflop": np.nan, "required_gflop_low": np.nan, "required_gflop_high": np.nan}
    x = np.log10(gflop)
    result = sm.OLS(transform(model, error), sm.add_constant(x)).fit(cov_type="HC3", use_t=True)
    a, b = result.params
    v = np.asarray(result.cov_params())
    t2 = stats.t.ppf(0.95, len(x) - 2) ** 2
    d = a - transform(model, error_pct)
    qa, qb, qc = b ** 2 - t2 * v[1, 1], 2 * (d * b - t2 * v[0, 1]), d ** 2 - t2 * v[0, 0]
    disc = qb ** 2 - 4 * qa * qc
    low, high = ((-qb - math.sqrt(disc)) / (2 * qa), (-qb + math.sqrt(disc)) / (2 * qa)) if qa > 0 and disc >= 0 else (np.nan, np.nan)
    with np.errstate(over="ignore"):
        needed = np.power(10.0, [-d / b, low, high])
    return {"n": len(x), "slope": b, "r2": result.rsquared, "p_value": result.pvalues[1],
            "required_gflop": needed[0], "required_gflop_low": needed[1], "required_gflop_high": needed[2]}


@pytest.fixture(scope="module")
def ctx() -> ReportContext:
    return ReportContext(dataset())


@pytest.fixture
def keys(ctx) -> pd.DataFrame:
    """The table, computed in each test that reads it (the context's samples and fits are shared)."""
    return kn.key_numbers(ctx)


# --- error levels and the paper's cells ------------------------------------------------------------------------

def test_error_levels_take_the_papers_today_and_targets():
    imagenet = BENCHMARKS["imagenet"]
    row = PAPER_EXTRAPOLATIONS["imagenet"]
    expected = [("today", row.today_error_pct), ("target_1", row.target_errors_pct[0]), ("target_2", row.target_errors_pct[1])]
    assert kn.error_levels(imagenet, 3.0) == expected
    assert kn.error_levels(imagenet, None) == expected


def test_error_levels_without_a_paper_row_use_our_best_error_or_the_targets_alone():
    mmlu = BENCHMARKS["mmlu"]
    assert kn.error_levels(mmlu, 14.0) == [("today", 14.0), ("target_1", 10.0), ("target_2", 5.0), ("target_3", 1.0)]
    assert kn.error_levels(mmlu, None) == [("target_1", 10.0), ("target_2", 5.0), ("target_3", 1.0)]


def test_a_metric_other_than_the_primary_one_has_only_today_at_its_own_best_error():
    imagenet, squad = BENCHMARKS["imagenet"], BENCHMARKS["squad11"]
    assert kn.error_levels(imagenet, 6.0, "top5_pct") == [("today", 6.0)]
    assert kn.error_levels(imagenet, None, "top5_pct") == []
    assert kn.error_levels(squad, 18.5, "em_pct") == [("today", 18.5)]
    # the primary metric named explicitly: the paper's levels, as without a metric
    assert kn.error_levels(imagenet, 6.0, "top1_pct") == kn.error_levels(imagenet, 6.0)
    assert len(kn.error_levels(squad, 18.5, squad.primary_metric.column)) > 1


def test_paper_required_gflop_is_the_printed_power_of_the_headline_regression_only():
    imagenet = BENCHMARKS["imagenet"]
    row = PAPER_EXTRAPOLATIONS["imagenet"]
    assert kn.paper_required_gflop(imagenet, "top1_pct", "hardware_burden", "polynomial", "today") == 10.0 ** row.polynomial_log10_gflop[0]
    assert kn.paper_required_gflop(imagenet, "top1_pct", "hardware_burden", "exponential", "target_2") == 10.0 ** row.exponential_log10_gflop[1]
    assert math.isnan(kn.paper_required_gflop(imagenet, "top1_pct", "hardware_burden", "exponential", "today"))
    assert math.isnan(kn.paper_required_gflop(imagenet, "top1_pct", "per_pass", "polynomial", "today"))
    assert math.isnan(kn.paper_required_gflop(imagenet, "top5_pct", "hardware_burden", "polynomial", "today"))
    assert math.isnan(kn.paper_required_gflop(BENCHMARKS["mmlu"], "mmlu_pct", "hardware_burden", "polynomial", "target_1"))
    # two printed copies: the first exponent
    assert kn.paper_required_gflop(BENCHMARKS["wmt14_en_fr"], "bleu", "hardware_burden", "exponential", "target_2") == 1e107


# --- the table -------------------------------------------------------------------------------------------------

def test_key_numbers_have_one_row_per_benchmark_metric_measure_sample_model_and_level(keys):
    assert list(keys.columns) == kn.KEY_COLUMNS
    expected = []
    for (benchmark, metric, measure, sample) in SAMPLES:
        samples = [sample] + (["paper_points"] if (metric, measure, sample) == ("top1_pct", "hardware_burden", "frontier") else [])
        for s in samples:
            _, error = points(benchmark, metric, measure, s)
            for model in ("polynomial", "exponential"):
                levels = kn.error_levels(BENCHMARKS[benchmark], float(error.min()) if len(error) else None, metric)
                expected += [(benchmark, metric, measure, s, model, level) for level, _ in levels]
    got = list(keys[["benchmark", "metric", "measure", "sample", "model", "error_level"]].itertuples(index=False, name=None))
    assert got == expected
    assert list(keys.index) == list(range(len(keys)))  # one label per row: later steps assign by label


def test_key_numbers_hold_the_fit_and_the_extrapolation(keys):
    for row in keys.itertuples(index=False):
        want = expected_row(row.benchmark, row.metric, row.measure, row.sample, row.model, row.error_pct)
        got = {k: getattr(row, k) for k in want}
        assert got["n"] == want["n"], row
        assert np.allclose([got[k] for k in want if k != "n"], [want[k] for k in want if k != "n"], rtol=1e-6, equal_nan=True), row


def test_levels_of_a_benchmark_without_a_paper_row_start_at_each_samples_best_error(keys):
    mmlu = keys[keys["benchmark"] == "mmlu"]
    burden = mmlu[mmlu["measure"] == "hardware_burden"]
    assert list(burden["error_level"][:4]) == ["today", "target_1", "target_2", "target_3"]
    assert (burden.loc[burden["error_level"] == "today", "error_pct"] == 100.0 - 72.0).all()
    assert (burden["n"] == 3).all() and burden["slope"].isna().all() and burden["required_gflop"].isna().all()
    per_pass = mmlu[mmlu["measure"] == "per_pass"]  # no points: the targets alone
    assert set(per_pass["error_level"]) == {"target_1", "target_2", "target_3"} and (per_pass["n"] == 0).all()
    assert mmlu["paper_required_gflop"].isna().all()


def test_paper_cells_sit_beside_every_sample_of_the_headline_regression(keys):
    headline = keys[(keys["benchmark"] == "imagenet") & (keys["metric"] == "top1_pct") & (keys["measure"] == "hardware_burden")]
    cell = headline[(headline["model"] == "polynomial") & (headline["error_level"] == "target_1")]
    assert set(cell["sample"]) == {"ours", "per_paper", "frontier", "paper_points"}
    assert (cell["paper_required_gflop"] == 10.0 ** PAPER_EXTRAPOLATIONS["imagenet"].polynomial_log10_gflop[1]).all()
    others = keys[(keys["benchmark"] == "imagenet") & ((keys["metric"] != "top1_pct") | (keys["measure"] != "hardware_burden"))]
    assert len(others) and others["paper_required_gflop"].isna().all()


def test_headline_rows_keep_the_primary_metric_and_hardware_burden_of_one_sample():
    keys = pd.DataFrame({"benchmark": ["imagenet", "imagenet", "imagenet", "imagenet", "squad11", "squad11", "mmlu"],
                         "metric": ["top1_pct", "top5_pct", "top1_pct", "top1_pct", "f1_pct", "em_pct", "mmlu_pct"],
                         "measure": ["hardware_burden", "hardware_burden", "per_pass", "hardware_burden", "hardware_burden",
                                     "hardware_burden", "hardware_burden"],
                         "sample": ["ours", "ours", "ours", "paper_points", "ours", "ours", "frontier"]})
    assert list(kn.headline_rows(keys).index) == [0, 4]
    assert list(kn.headline_rows(keys, "paper_points").index) == [3]
    assert list(kn.headline_rows(keys, sample="frontier").index) == [6]


def test_a_benchmark_without_targets_or_points_has_no_rows_but_every_column():
    # WMT En-De has no row in the paper's table (no targets); its results here have no computation
    results = pd.DataFrame({"model": ["W1", "W2"], "paper_key": ["w1", "w2"], "paper_url": "https://x",
                            "published": pd.to_datetime(["2016-01-01", "2017-01-01"]), "bleu": [25.0, 27.0],
                            "flops_per_pass": np.nan, "flops_kind": None, "training_run": None, "extra_data": None,
                            "ensemble": False, "score_source": "t", "notes": ""})
    ctx = ReportContext(Dataset(processors=processors(), cloud_prices=prices(), training_runs=runs([]),
                                results={"wmt14_en_de": results}))
    rows = kn.benchmark_key_numbers(ctx, BENCHMARKS["wmt14_en_de"])
    assert rows.empty and list(rows.columns) == kn.KEY_COLUMNS
    assert list(kn.key_numbers(ctx).columns) == kn.KEY_COLUMNS


# --- the distance from the paper and from the data ---------------------------------------------------------------

def test_orders_beyond_data():
    assert kn.orders_beyond_data(1e15, 1e12) == pytest.approx(3.0)
    assert kn.orders_beyond_data(1e11, 1e12) == pytest.approx(-1.0)  # inside the data: negative
    assert kn.orders_beyond_data(1e12, 1e12) == 0.0
    for required, largest in ((np.nan, 1e12), (1e15, np.nan), (0.0, 1e12), (1e15, 0.0)):
        assert math.isnan(kn.orders_beyond_data(required, largest)), (required, largest)


def test_reached_gflop_is_the_least_computation_at_or_below_the_error():
    points = pd.DataFrame({"error_pct": [30.0, 20.0, 25.0, 20.0, 10.0], "compute_gflop": [1e9, 8e10, 5e9, 3e10, 1e12]})
    assert kn.reached_gflop(points, 20.0) == 3e10     # two points exactly at the level: the cheaper
    assert kn.reached_gflop(points, 26.0) == 5e9      # the 25% point is cheaper than the 20% ones
    assert kn.reached_gflop(points, 40.0) == 1e9
    assert kn.reached_gflop(points, 10.0) == 1e12
    assert math.isnan(kn.reached_gflop(points, 9.99))  # no point reached it
    assert math.isnan(kn.reached_gflop(points.iloc[0:0], 20.0))


def test_top5_rows_are_only_today_at_the_best_top5_error(keys):
    top5 = keys[keys["metric"] == "top5_pct"]
    assert set(top5["error_level"]) == {"today"} and len(top5) == len(IMAGENET_SAMPLES) * 2
    # E's 94% is the best top-5 score of every sample (E is in each)
    assert (top5["error_pct"] == 100.0 - 94.0).all()
    assert top5["paper_required_gflop"].isna().all() and top5["paper_within_interval"].isna().all()


def test_distance_from_the_data_and_what_reaching_it_took_on_synthetic_samples(keys):
    # by hand: E (64 V100s for 96 hours) has the best top-5 and the largest burden of our sample
    e_burden = 64 * 96 * 3600 * 1.5e13 / 1e9
    row = keys[(keys["metric"] == "top5_pct") & (keys["measure"] == "hardware_burden") & (keys["sample"] == "ours")
               & (keys["model"] == "polynomial")].iloc[0]
    assert row["reached_gflop"] == pytest.approx(e_burden)
    assert row["orders_beyond_data"] == pytest.approx(np.log10(row["required_gflop"] / e_burden))
    # MMLU "today" is M3's 28% error: reached by M3 (4000 V100s for 500 hours); no fit, so no distance
    mmlu = keys[(keys["benchmark"] == "mmlu") & (keys["measure"] == "hardware_burden") & (keys["error_level"] == "today")]
    assert np.allclose(mmlu["reached_gflop"], 4000 * 500 * 3600 * 1.5e13 / 1e9) and mmlu["orders_beyond_data"].isna().all()
    targets = keys[(keys["benchmark"] == "mmlu") & (keys["error_level"] != "today")]
    assert targets["reached_gflop"].isna().all()  # nothing reached 10%, 5% or 1%
    # ImageNet's paper "today" (11.5%) is below every top-1 error of the synthetic data (best 19%): not reached
    assert keys.loc[keys["metric"] == "top1_pct", "reached_gflop"].isna().all()
    # every row, from the sample by hand
    for r in keys.itertuples(index=False):
        gflop, error = points(r.benchmark, r.metric, r.measure, r.sample)
        reached = gflop[error <= r.error_pct]
        assert (math.isnan(r.reached_gflop) if not len(reached) else r.reached_gflop == pytest.approx(reached.min())), r
        if len(gflop) and r.required_gflop == r.required_gflop:
            assert r.orders_beyond_data == pytest.approx(np.log10(r.required_gflop) - np.log10(gflop.max())), r
        else:
            assert math.isnan(r.orders_beyond_data), r


def test_distance_from_the_paper_is_filled_exactly_where_the_paper_prints_a_value(keys):
    assert str(keys["paper_within_interval"].dtype) == "boolean"
    printed = keys["paper_required_gflop"].notna()
    headline = (keys["benchmark"] == "imagenet") & (keys["metric"] == "top1_pct") & (keys["measure"] == "hardware_burden")
    assert printed.sum() == 4 * 5  # four samples x five printed cells (three polynomial, two exponential)
    assert (printed == headline & ~((keys["model"] == "exponential") & (keys["error_level"] == "today"))).all()
    assert keys.loc[printed, "required_gflop"].notna().all()  # every printed cell is fitted here: filled exactly there
    assert keys["paper_within_interval"].notna().equals(printed)
    assert keys["orders_from_paper"].notna().equals(printed)
    for r in keys[printed].itertuples(index=False):
        want = expected_row(r.benchmark, r.metric, r.measure, r.sample, r.model, r.error_pct)
        assert r.orders_from_paper == pytest.approx(np.log10(want["required_gflop"]) - np.log10(r.paper_required_gflop)), r
        low, high = want["required_gflop_low"], want["required_gflop_high"]
        inside = True if (np.isnan(low) or np.isnan(high)) else bool(low <= r.paper_required_gflop <= high)
        assert bool(r.paper_within_interval) == inside, r
