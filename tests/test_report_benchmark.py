"""The benchmark pages' outputs (analysis.report.benchmark) on a small synthetic data set of two benchmarks.

ImageNet (the paper's rule: each paper's best result; the paper's points with a map) and MMLU (no paper row,
no window end, chance error). Every number is checked against a computation done here: the samples listed by
hand, hardware burdens from the runs' counts, hours and peaks, OLS with HC3 errors fitted with statsmodels,
the extrapolation and its Fieller interval written out, and the cost formula of the paper's era.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from analysis.report import benchmark as rb
from analysis.data.constants import KG_PER_LB, KG_PER_TONNE, STRUBELL_2019
from analysis.report.context import ReportContext
from analysis.data import Dataset
from analysis.report.outputs import check_frame
from analysis.data.paper import PAPER_CUTOFF_DATE, PAPER_EXTRAPOLATIONS, PAPER_HARDWARE_BURDEN_N
from analysis.data.registry import BENCHMARKS
from analysis.data.constants import MIXED_PRECISION_FROM
from analysis.stats.rules import (BEYOND_DATA_MARK_ORDERS, CHANCE_MARGIN_POINTS, CURVE_MARGIN_ORDERS, CURVE_POINTS, LARGE_GAP_ORDERS,
                            SIGNIFICANCE_LEVEL)

from synthetic import imagenet, prices, processors, runs

# --- the data -------------------------------------------------------------------------------------------------

PEAK_FP32 = {"gtx580": 1.5e12, "p100_sxm2": 1e13, "v100_sxm2": 1.5e13, "h100_sxm": 6e13}
PEAK_FP16 = {"p100_sxm2": 2e13, "v100_sxm2": 1.2e14, "h100_sxm": 1e15, "tpu_v3": 1.2e14}
RELEASED = {"gtx580": "2010-11-09", "p100_sxm2": "2016-04-05", "v100_sxm2": "2017-06-21", "h100_sxm": "2022-09-20"}
"""Release dates of the synthetic catalogue's GPUs (tests/synthetic.py): a run of unstated precision on a GPU released
on or after analysis.data.constants.MIXED_PRECISION_FROM counts at its 16-bit peak when the precision used is counted."""
# run: (processor, count, hours, precision)
RUNS = {"alex": ("gtx580", 2, 132, None), "a": ("p100_sxm2", 8, 24, None), "a2": ("p100_sxm2", 4, 24, None),
        "b": ("p100_sxm2", 8, 48, None), "c": ("v100_sxm2", 64, 24, "fp16"), "d": ("v100_sxm2", 8, 12, None),
        "t": ("tpu_v3", 32, 48, None), "e": ("tpu_v3", 128, 48, None), "f": ("h100_sxm", 64, 48, "fp16"),
        "m1": ("v100_sxm2", 1000, 300, None), "m2": ("v100_sxm2", 100, 100, None), "m3": ("tpu_v3", 1000, 500, None),
        "m4": ("v100_sxm2", 2000, 800, None), "m5": ("h100_sxm", 2000, 1000, "fp16"), "m6": ("h100_sxm", 4000, 2000, None)}
# ImageNet: (model, paper_key, published, top-1, run, FLOPs per pass)
IMAGENET = [("AlexNet", "alex2012", "2012-12-01", 59.3, "alex", 0.7e9),
            ("Net A", "a2014", "2014-06-01", 70.0, "a", 4e9),
            ("Net A-small", "a2014", "2014-06-01", 68.0, "a2", 2e9),  # not its paper's best
            ("ResNet", "he2015", "2015-12-10", 77.15, None, 8e9),      # no run
            ("Net B", "b2016", "2016-06-01", 76.0, "b", 2e9),
            ("Net C", "c2018", "2018-06-01", 80.0, "c", 1e9),
            ("Net D", "d2019", "2019-06-01", 78.0, "d", 0.5e9),
            ("Net T", "t2019", "2019-09-01", 82.0, "t", 5e9),
            ("Net E", "e2021", "2021-03-01", 85.0, "e", 10e9),          # after the cut-off
            ("Net F", "f2022", "2022-01-01", 86.0, "f", None)]
TOP5 = {"AlexNet": 81.8, "Net A": 89.0, "Net A-small": 88.0}  # three points: too few for a fit
# MMLU: (model, paper_key, published, accuracy, run, training operations FLOP)
MMLU = [("M1", "m2020", "2020-09-01", 43.9, "m1", 3e20),
        ("M2", "m2021", "2021-06-01", 30.0, "m2", 1e20),   # error exactly 70: at the chance margin, left out
        ("M3", "m2022", "2022-03-01", 60.0, "m3", 4e21),
        ("M4", "m2022b", "2022-09-01", 55.0, "m4", 2e22),  # no new best: off the frontier
        ("M5", "m2023", "2023-03-01", 80.0, "m5", 1e23),
        ("M6", "m2023", "2023-06-01", 78.0, "m6", None),   # the same paper as M5, lower: off the per-paper sample
        ("M7", "m2023c", "2023-08-01", 25.0, None, 5e22)]  # no run; beyond chance
# the paper's points of ImageNet: (site, year, model, GFLOP, accuracy) and the map's (paper_key, model, verdict)
PAPER = [(1, 2012, "AlexNet", 3e9, 0.60), (2, 2016, "Net B", 5e10, 0.75), (3, 2016, "X", 2e11, 0.755),
         (4, 2018, "Y", 9e11, 0.79), (5, 2019, "Z", 4e12, 0.83)]
MAP = {1: ("alex2012", "AlexNet", "agrees", "within_noise"), 2: ("b2016", "Net B", "authors_slip", "slip")}
"""Net B is an authors' slip: the slips-fixed sample substitutes it alone, the corrected sample both mapped points."""
# by year and error: in 2016, X (24.5%) before Net B (25%); corrected with our row (24%), Net B comes first
PAPER_ORDER = [1, 3, 2, 4, 5]

# the samples, by hand
IMAGENET_SAMPLE = ["AlexNet", "Net A", "Net B", "Net C", "Net D", "Net T"]
IMAGENET_FRONTIER = ["AlexNet", "Net A", "Net B", "Net C", "Net T"]
IMAGENET_PER_PASS = ["AlexNet", "Net A", "ResNet", "Net B", "Net C", "Net D", "Net T"]
IMAGENET_PER_PASS_FRONTIER = ["AlexNet", "Net A", "ResNet", "Net C", "Net T"]  # Net B (24%) is behind ResNet (22.85%)
MMLU_SAMPLE = ["M1", "M3", "M4", "M5", "M6"]
MMLU_PER_PAPER = ["M1", "M3", "M4", "M5"]
MMLU_FRONTIER = ["M1", "M3", "M5"]  # three points: no fit


def burden_gflop(run: str | None, precision_used: bool = False) -> float:
    if run is None:
        return float("nan")
    processor, count, hours, precision = RUNS[run]
    inferred = precision is None and processor in RELEASED and RELEASED[processor] >= MIXED_PRECISION_FROM
    use16 = processor == "tpu_v3" or (precision_used and (precision == "fp16" or inferred) and processor in PEAK_FP16)
    return count * hours * 3600 * (PEAK_FP16[processor] if use16 else PEAK_FP32[processor]) / 1e9


V100_PRICES = [("2019-06-01", 3.0), ("2021-01-01", 2.5)]
"""Two dated cloud prices of the V100 (US$ per processor-hour), one each side of the paper's cut-off."""


def price_rows() -> pd.DataFrame:
    """The TPU v3 price of tests/synthetic.py and the two V100 prices, in the layout of data/cloud_prices.csv."""
    v100 = [prices("v100_sxm2", usd).assign(price_date=pd.Timestamp(day)) for day, usd in V100_PRICES]
    return pd.concat([prices()] + v100, ignore_index=True)


def dataset(with_map: bool = True) -> Dataset:
    results = imagenet(IMAGENET)
    results["top5_pct"] = results["model"].map(TOP5).astype("float64")
    mmlu = pd.DataFrame({"model": [r[0] for r in MMLU], "paper_key": [r[1] for r in MMLU], "paper_url": "https://x",
                         "published": pd.to_datetime([r[2] for r in MMLU]), "mmlu_pct": [r[3] for r in MMLU],
                         "flops_per_pass": np.nan, "flops_kind": None, "training_run": [r[4] for r in MMLU],
                         "training_operations_flop": [np.nan if r[5] is None else r[5] for r in MMLU],
                         "extra_data": None, "ensemble": False, "score_source": "t", "notes": ""})
    training = runs([(name, "train", p, n, h) for name, (p, n, h, _) in RUNS.items()])
    training["precision"] = [RUNS[r][3] for r in training["training_run"]]
    paper = pd.DataFrame({"benchmark": "imagenet", "site_index": [p[0] for p in PAPER], "year": [p[1] for p in PAPER],
                          "model": [p[2] for p in PAPER], "hardware_burden_gflop": [p[3] for p in PAPER],
                          "accuracy": [p[4] for p in PAPER], "accuracy_is": "top-1"})
    mapping = pd.DataFrame({"benchmark": "imagenet", "site_index": [p[0] for p in PAPER],
                            "paper_key": [MAP.get(p[0], ("", "", ""))[0] for p in PAPER],
                            "model": [MAP.get(p[0], ("", "", ""))[1] for p in PAPER],
                            "verdict": [MAP.get(p[0], ("", "", "not_in_our_data"))[2] for p in PAPER],
                            "cause": [MAP.get(p[0], ("", "", "", None))[3] for p in PAPER], "notes": ""})
    return Dataset(processors=processors(), cloud_prices=price_rows(), training_runs=training,
                   results={"imagenet": results, "mmlu": mmlu}, paper_points=paper,
                   paper_points_map=mapping if with_map else None)


ROWS = {r[0]: r for r in IMAGENET} | {r[0]: r for r in MMLU}


def score(model: str) -> float:
    return float(ROWS[model][3])


def ours(models: list[str], precision_used: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(GFLOP, error %) of our rows, hardware burden."""
    return (np.array([burden_gflop(ROWS[m][4], precision_used) for m in models]),
            np.array([100.0 - score(m) for m in models]))


def per_pass(models: list[str]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([ROWS[m][5] / 1e9 for m in models]), np.array([100.0 - score(m) for m in models])


def paper_points(corrected: bool = False, slips: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The authors' points; `corrected`: our values for every mapped point; `slips`: for the mapped slips only."""
    gflop, error = [], []
    for site, _, model, c, accuracy in PAPER:
        if (corrected and site in MAP) or (slips and site in MAP and MAP[site][3] == "slip"):
            gflop.append(burden_gflop(ROWS[model][4]))
            error.append(100.0 - score(model))
        else:
            gflop.append(c)
            error.append(100.0 - 100.0 * accuracy)
    return np.array(gflop), np.array(error)


def transform(model: str, error):
    return np.log10(error) if model == "polynomial" else 1.0 / np.asarray(error)


class Ols:
    """The paper's regression fitted here: OLS of the error transform on log10(GFLOP), HC3 errors, t with n - 2."""

    def __init__(self, gflop, error, model):
        self.x = np.log10(gflop)
        self.y = transform(model, error)
        self.model = model
        self.result = sm.OLS(self.y, sm.add_constant(self.x)).fit(cov_type="HC3", use_t=True)
        self.a, self.b = (float(v) for v in self.result.params)
        self.cov = np.asarray(self.result.cov_params())
        self.n = len(self.x)
        self.t = stats.t.ppf(0.95, self.n - 2)

    @property
    def r2(self):
        return float(self.result.rsquared)

    @property
    def p(self):
        return float(self.result.pvalues[1])

    def required_log10(self, error_pct):
        return (transform(self.model, error_pct) - self.a) / self.b

    def fieller(self, error_pct):
        """The values of log10(C) where the 90% band holds the target, by the quadratic written out."""
        d = self.a - transform(self.model, error_pct)
        t2 = self.t ** 2
        qa = self.b ** 2 - t2 * self.cov[1, 1]
        qb = 2 * (d * self.b - t2 * self.cov[0, 1])
        qc = d ** 2 - t2 * self.cov[0, 0]
        disc = qb ** 2 - 4 * qa * qc
        if qa <= 0 or disc < 0:
            return float("nan"), float("nan")
        return (-qb - math.sqrt(disc)) / (2 * qa), (-qb + math.sqrt(disc)) / (2 * qa)

    def error_at_y(self, y):
        """Error (percent) of a value of the transform; NaN where 1/error is not positive."""
        return 10.0 ** y if self.model == "polynomial" else np.where(y > 0, 1.0 / np.where(y > 0, y, 1.0), np.nan)

    def error_at(self, x):
        return self.error_at_y(self.a + self.b * x)


def close(a, b, rel=1e-9):
    """Equal within rounding, NaN equal to NaN, infinities equal."""
    a, b = np.asarray(a, dtype="float64"), np.asarray(b, dtype="float64")
    return np.allclose(a, b, rtol=rel, atol=0.0, equal_nan=True)


class Tables:
    """The module's tables by written name, each computed when a test reads it, on a context whose samples and
    fits are shared by the tests (so each test runs the code it checks)."""

    def __init__(self, ctx: ReportContext):
        self.ctx = ctx

    def keys(self) -> pd.DataFrame:
        return self.ctx.key_numbers

    def __getitem__(self, instance: str) -> pd.DataFrame:
        if instance == "key_numbers":
            return self.keys()
        name, benchmark_id = instance.split("/")
        function = getattr(rb, f"_{name}")
        if name in ("summary", "extrapolation"):
            return function(self.ctx, BENCHMARKS[benchmark_id], self.keys())
        return function(self.ctx, BENCHMARKS[benchmark_id])


@pytest.fixture(scope="module")
def ctx() -> ReportContext:
    return ReportContext(dataset())


@pytest.fixture
def tables(ctx) -> Tables:
    return Tables(ctx)


EXPECTED_FITS = {  # (benchmark, measure, sample) -> (GFLOP, error) of the points
    ("imagenet", "hardware_burden", "ours"): ours(IMAGENET_SAMPLE),
    ("imagenet", "hardware_burden", "per_paper"): ours(IMAGENET_SAMPLE),
    ("imagenet", "hardware_burden", "frontier"): ours(IMAGENET_FRONTIER),
    ("imagenet", "hardware_burden", "paper_points"): paper_points(),
    ("imagenet", "hardware_burden", "paper_points_slips_fixed"): paper_points(slips=True),
    ("imagenet", "hardware_burden", "paper_points_corrected"): paper_points(corrected=True),
    ("imagenet", "per_pass", "ours"): per_pass(IMAGENET_PER_PASS),
    ("imagenet", "per_pass", "per_paper"): per_pass(IMAGENET_PER_PASS),
    ("imagenet", "per_pass", "frontier"): per_pass(IMAGENET_PER_PASS_FRONTIER),
    ("mmlu", "hardware_burden", "ours"): ours(MMLU_SAMPLE),
    ("mmlu", "hardware_burden", "per_paper"): ours(MMLU_PER_PAPER),
    ("mmlu", "hardware_burden", "frontier"): ours(MMLU_FRONTIER),
}


def ols(benchmark: str, measure: str, sample: str, model: str) -> Ols:
    gflop, error = EXPECTED_FITS[(benchmark, measure, sample)]
    return Ols(gflop, error, model)


# --- the tables and their declarations -------------------------------------------------------------------------

def test_build_writes_every_declared_table_of_each_benchmark_with_data(ctx, tables):
    built = rb.build(ctx)
    per_benchmark = [o.name for o in rb.OUTPUTS if o.per_benchmark]
    assert set(built) == {"key_numbers"} | {f"{name}/{b}" for name in per_benchmark for b in ("imagenet", "mmlu")}
    for instance, frame in built.items():
        check_frame(rb.DECLARED[instance.split("/")[0]], instance, frame)
        assert frame.equals(tables[instance]), instance  # each table under its own name
        assert list(frame.index) == list(range(len(frame))), instance  # rows numbered in order, as written


def test_key_numbers_hold_the_back_test_rows_of_each_benchmark(tables):
    keys = tables["key_numbers"]
    backtest = keys[keys["sample"] == "backtest"]
    assert sorted(backtest["benchmark"]) == ["imagenet", "imagenet", "mmlu", "mmlu"]
    # the paper's own fits are back-tested only where its authors published points (ImageNet here)
    paper = keys[keys["sample"] == "backtest_paper_points"]
    assert sorted(paper["benchmark"]) == ["imagenet", "imagenet"]
    # n counts the points fitted, n_later the later results scored: ImageNet's Net E and Net F after the cut-off;
    # MMLU's back-test cut-off (mid-2023) leaves M7, without a run, as its only later result
    n = {(r.benchmark, r.sample): (r.n, r.n_later) for r in keys[keys["sample"].str.startswith("backtest")].itertuples()}
    assert n[("imagenet", "backtest")] == (len(IMAGENET_SAMPLE), 2) and n[("imagenet", "backtest_paper_points")] == (len(PAPER), 2)
    assert n[("mmlu", "backtest")] == (len(MMLU_SAMPLE), 0)
    # every fit has fewer than eight points and fewer than five later results: none can be judged
    assert set(keys.loc[keys["sample"].str.startswith("backtest"), "backtest_verdict"]) == {"too few to judge"}
    fit, later = ols("imagenet", "hardware_burden", "paper_points", "polynomial"), ours(["Net E", "Net F"])
    errors = np.log10(later[0]) - fit.required_log10(later[1])
    row = paper[paper["model"] == "polynomial"].iloc[0]
    assert close([row["log10_actual_over_predicted_median"], row["quartile_low_orders"], row["quartile_high_orders"]],
                 [np.median(errors), *np.percentile(errors, [25, 75])], rel=1e-7)


# --- summary ---------------------------------------------------------------------------------------------------

def test_summary_counts_and_headline_fit_of_imagenet(tables):
    row = tables["summary/imagenet"].iloc[0]
    b = BENCHMARKS["imagenet"]
    assert (row["benchmark"], row["benchmark_title"], row["task"], row["error_rule"]) == ("imagenet", b.title, b.task, b.error_rule)
    assert not row["beyond_paper"] and row["best_per_paper"]
    assert row["n_results"] == len(IMAGENET) and row["n_papers"] == len({r[1] for r in IMAGENET})
    assert row["n_with_burden"] == sum(r[4] is not None for r in IMAGENET)
    assert row["n_with_per_pass"] == sum(r[5] is not None for r in IMAGENET)
    assert row["n_sample"] == len(IMAGENET_SAMPLE) and row["n_per_pass_sample"] == len(IMAGENET_PER_PASS)
    assert row["paper_n"] == PAPER_HARDWARE_BURDEN_N["imagenet"] and row["cutoff_date"] == PAPER_CUTOFF_DATE
    fit = ols("imagenet", "hardware_burden", "ours", "polynomial")
    assert close([row["slope"], row["r2"], row["p_value"]], [fit.b, fit.r2, fit.p])
    assert row["slope_significant"] == (fit.p < SIGNIFICANCE_LEVEL) and not row["slope_significant"]
    assert row["small_sample"] and row["significance_level"] == SIGNIFICANCE_LEVEL
    theirs = ols("imagenet", "hardware_burden", "paper_points", "polynomial")
    assert row["paper_points_n"] == len(PAPER)
    assert close([row["paper_points_r2"], row["paper_points_p_value"]], [theirs.r2, theirs.p])
    assert row["paper_has_row"]
    gflop, _ = ours(IMAGENET_SAMPLE)
    assert close(row["burden_span_orders"], np.log10(gflop.max() / gflop.min()))
    assert math.isnan(row["chance_error_pct"]) and math.isnan(row["chance_margin_points"]) and row["n_near_chance"] == 0


def test_summary_gaps_at_the_first_target(tables):
    row = tables["summary/imagenet"].iloc[0]
    target = PAPER_EXTRAPOLATIONS["imagenet"].target_errors_pct[0]
    assert row["first_target_pct"] == target
    log10 = {s: ols("imagenet", "hardware_burden", s, "polynomial").required_log10(target)
             for s in ("ours", "paper_points", "paper_points_slips_fixed", "paper_points_corrected")}
    printed = PAPER_EXTRAPOLATIONS["imagenet"].polynomial_log10_gflop[1]
    assert close(row["gap_target_1_orders"], log10["ours"] - printed)
    assert row["large_gap"] == (abs(log10["ours"] - printed) > LARGE_GAP_ORDERS) and row["large_gap_orders"] == LARGE_GAP_ORDERS
    assert row["large_gap"]
    # the three steps: the slips fixed (a') - (a), the other substitutions (b) - (a'), different points (c) - (b)
    assert close(row["gap_slips_orders"], log10["paper_points_slips_fixed"] - log10["paper_points"])
    assert close(row["gap_corrections_orders"], log10["paper_points_corrected"] - log10["paper_points_slips_fixed"])
    assert close(row["gap_points_orders"], log10["ours"] - log10["paper_points_corrected"])
    assert row["gap_slips_orders"] != 0 and row["gap_corrections_orders"] != 0  # each step moves the synthetic fit


def test_summary_of_a_benchmark_beyond_the_paper_with_chance_error(tables):
    row = tables["summary/mmlu"].iloc[0]
    b = BENCHMARKS["mmlu"]
    assert row["beyond_paper"] and not row["best_per_paper"] and not row["paper_has_row"]
    assert pd.isna(row["paper_n"]) and row["cutoff_date"] == ""
    assert row["n_results"] == len(MMLU) and row["n_papers"] == len({r[1] for r in MMLU})
    assert row["n_with_burden"] == 6 and row["n_with_per_pass"] == 0
    assert row["n_sample"] == len(MMLU_SAMPLE) and row["n_per_pass_sample"] == 0
    fit = ols("mmlu", "hardware_burden", "ours", "polynomial")
    assert close([row["slope"], row["r2"], row["p_value"]], [fit.b, fit.r2, fit.p])
    assert row["slope_significant"] == (fit.p < SIGNIFICANCE_LEVEL) and row["slope_significant"]
    assert row["paper_points_n"] == 0 and math.isnan(row["paper_points_r2"]) and math.isnan(row["paper_points_p_value"])
    assert math.isnan(row["gap_target_1_orders"]) and not row["large_gap"]
    assert math.isnan(row["gap_corrections_orders"]) and math.isnan(row["gap_points_orders"])
    assert math.isnan(row["gap_slips_orders"])
    assert row["first_target_pct"] == b.target_errors_pct[0]
    assert row["chance_error_pct"] == b.chance_error_pct and row["chance_margin_points"] == CHANCE_MARGIN_POINTS
    # M2's error is exactly at the margin (70 = 75 - 5) and counts; M7 is beyond chance
    assert row["n_near_chance"] == 2


def test_summary_rules_at_their_thresholds(ctx, tables, monkeypatch):
    keys = tables["key_numbers"]
    fit = ols("imagenet", "hardware_burden", "ours", "polynomial")
    gap = tables["summary/imagenet"]["gap_target_1_orders"].iloc[0]
    monkeypatch.setattr(rb, "SIGNIFICANCE_LEVEL", fit.p)
    monkeypatch.setattr(rb, "LARGE_GAP_ORDERS", abs(gap))
    monkeypatch.setattr(rb, "SMALL_SAMPLE_POINTS", len(IMAGENET_SAMPLE))
    row = rb._summary(ctx, BENCHMARKS["imagenet"], keys).iloc[0]
    assert not row["slope_significant"] and not row["large_gap"] and not row["small_sample"]
    monkeypatch.setattr(rb, "SIGNIFICANCE_LEVEL", np.nextafter(fit.p, 1.0))
    monkeypatch.setattr(rb, "LARGE_GAP_ORDERS", np.nextafter(abs(gap), 0.0))
    monkeypatch.setattr(rb, "SMALL_SAMPLE_POINTS", len(IMAGENET_SAMPLE) + 1)
    row = rb._summary(ctx, BENCHMARKS["imagenet"], keys).iloc[0]
    assert row["slope_significant"] and row["large_gap"] and row["small_sample"]


def test_first_target_logs_only_positive_finite_computation():
    keys = pd.DataFrame({"benchmark": "imagenet", "metric": ["top1_pct"] * 5 + ["top5_pct"], "measure": "hardware_burden",
                         "model": "polynomial", "error_level": "target_1",
                         "sample": ["ours", "paper_points", "paper_points_corrected", "per_paper", "frontier", "top5"],
                         "required_gflop": [1e20, 0.0, np.inf, np.nan, 1e-3, 1e30]})
    with np.errstate(all="raise"):
        logs = rb._first_target_log10(keys, BENCHMARKS["imagenet"])
    assert set(logs) == {"ours", "paper_points", "paper_points_corrected", "per_paper", "frontier"}
    assert logs["ours"] == 20.0 and logs["frontier"] == pytest.approx(-3.0)
    assert all(math.isnan(logs[s]) for s in ("paper_points", "paper_points_corrected", "per_paper"))
    other = keys.assign(model="exponential")
    assert rb._first_target_log10(other, BENCHMARKS["imagenet"]) == {}
    assert rb._first_target_log10(keys.assign(error_level="today"), BENCHMARKS["imagenet"]) == {}
    assert rb._first_target_log10(keys.assign(measure="per_pass"), BENCHMARKS["imagenet"]) == {}
    assert rb._first_target_log10(keys, BENCHMARKS["mmlu"]) == {}


def test_summary_without_first_target_row_leaves_the_gaps_empty(ctx, tables):
    keys = tables["key_numbers"]
    keys = keys[~((keys["benchmark"] == "imagenet") & (keys["error_level"] == "target_1"))]
    row = rb._summary(ctx, BENCHMARKS["imagenet"], keys).iloc[0]
    assert math.isnan(row["gap_target_1_orders"]) and not row["large_gap"]
    assert math.isnan(row["gap_corrections_orders"]) and math.isnan(row["gap_points_orders"])
    assert math.isnan(row["gap_slips_orders"])


# --- points ----------------------------------------------------------------------------------------------------

def test_points_give_each_result_its_role(tables):
    points = tables["points/imagenet"]
    order = sorted(IMAGENET, key=lambda r: (r[2], r[0]))
    assert list(points["model"]) == [r[0] for r in order]
    role = dict(zip(points["model"], points["role"]))
    assert {m for m, r in role.items() if r == rb.ROLE_SAMPLE} == set(IMAGENET_SAMPLE)
    assert {m for m, r in role.items() if r == rb.ROLE_LATER} == {"Net E", "Net F"}
    assert role["Net A-small"] == rb.ROLE_OTHER and role["ResNet"] == rb.ROLE_NO_BURDEN
    in_per_pass = dict(zip(points["model"], points["in_per_pass_sample"]))
    assert {m for m, v in in_per_pass.items() if v} == set(IMAGENET_PER_PASS)
    assert (points["score_label"] == "top-1").all()
    assert close(points["score_pct"], [r[3] for r in order])
    assert close(points["error_pct"], [100.0 - r[3] for r in order])
    assert close(points["hardware_burden_gflop"], [burden_gflop(r[4]) for r in order])
    assert close(points["per_pass_gflop"], [np.nan if r[5] is None else r[5] / 1e9 for r in order])
    assert list(points["paper_key"]) == [r[1] for r in order]
    assert list(points["paper_url"]) == [f"https://x/{r[1]}" for r in order]
    assert list(points["training_run"].fillna("")) == [r[4] or "" for r in order]
    assert list(points["published"]) == list(pd.to_datetime([r[2] for r in order]))
    assert not points["ensemble"].any() and (points["score_source"] == "t").all() and points["extra_data"].isna().all()


def test_points_without_a_window_end_have_no_later_role(tables):
    points = tables["points/mmlu"]
    role = dict(zip(points["model"], points["role"]))
    assert {m for m, r in role.items() if r == rb.ROLE_SAMPLE} == set(MMLU_SAMPLE)
    assert role["M2"] == rb.ROLE_OTHER and role["M7"] == rb.ROLE_NO_BURDEN
    assert (points["score_label"] == "accuracy").all() and not points["in_per_pass_sample"].any()


# --- the paper's points ----------------------------------------------------------------------------------------

def test_paper_points_beside_the_corrected_values(tables):
    table = tables["paper_points/imagenet"]
    assert list(table["site_index"]) == PAPER_ORDER
    position = [[p[0] for p in PAPER].index(site) for site in PAPER_ORDER]
    assert list(table["model"]) == [PAPER[i][2] for i in position] and list(table["year"]) == [PAPER[i][1] for i in position]
    theirs, corrected = paper_points(), paper_points(corrected=True)
    assert close(table["compute_gflop"], theirs[0][position]) and close(table["error_pct"], theirs[1][position])
    assert close(table["corrected_compute_gflop"], corrected[0][position])
    assert close(table["corrected_error_pct"], corrected[1][position])
    assert list(table["corrected"]) == [site in MAP for site in PAPER_ORDER]
    assert list(table["slip_fixed"]) == [site in MAP and MAP[site][3] == "slip" for site in PAPER_ORDER]
    assert table["slip_fixed"].sum() == 1 and table["corrected"].sum() == 2


def test_paper_points_without_a_map_are_their_own_correction_and_absent_for_other_benchmarks(tables):
    ctx = ReportContext(dataset(with_map=False))
    table = rb._paper_points(ctx, BENCHMARKS["imagenet"])
    check_frame(rb.DECLARED["paper_points"], "paper_points", table)
    position = [[p[0] for p in PAPER].index(site) for site in PAPER_ORDER]
    theirs = paper_points()
    assert list(table["site_index"]) == PAPER_ORDER
    assert close(table["corrected_compute_gflop"], theirs[0][position]) and close(table["corrected_error_pct"], theirs[1][position])
    assert table["corrected"].dtype == bool and not table["corrected"].any()
    assert table["slip_fixed"].dtype == bool and not table["slip_fixed"].any()
    assert tables["paper_points/mmlu"].empty


# --- curves, fits, residuals -------------------------------------------------------------------------------------

def test_curves_span_each_sample_with_a_margin_and_follow_the_fit(tables):
    curves = tables["curves/imagenet"]
    groups = curves.groupby(["measure", "sample", "fit_model"], sort=False).size()
    expected = [(m, s, f) for m, samples in (("hardware_burden", ("ours", "paper_points", "paper_points_slips_fixed",
                                                                   "paper_points_corrected")),
                                              ("per_pass", ("ours",))) for s in samples for f in ("polynomial", "exponential")]
    assert list(groups.index) == expected and (groups == CURVE_POINTS).all()
    for (measure, sample, model), curve in curves.groupby(["measure", "sample", "fit_model"]):
        fit = ols("imagenet", measure, sample, model)
        x = np.log10(curve["compute_gflop"].to_numpy())
        assert close(x, np.linspace(fit.x.min() - CURVE_MARGIN_ORDERS, fit.x.max() + CURVE_MARGIN_ORDERS, CURVE_POINTS))
        assert close(curve["error_pct"], fit.error_at(x), rel=1e-8)
        se = np.sqrt(fit.cov[0, 0] + 2 * x * fit.cov[0, 1] + x ** 2 * fit.cov[1, 1])
        y = fit.a + fit.b * x
        below, above = fit.error_at_y(y - fit.t * se), fit.error_at_y(y + fit.t * se)
        with np.errstate(invalid="ignore"):
            assert close(curve["error_low_pct"], np.minimum(below, above), rel=1e-8)
            assert close(curve["error_high_pct"], np.maximum(below, above), rel=1e-8)
    mmlu = tables["curves/mmlu"]
    assert set(mmlu["measure"]) == {"hardware_burden"} and set(mmlu["sample"]) == {"ours"} and len(mmlu) == 2 * CURVE_POINTS


def test_fits_hold_every_fitted_sample_with_statsmodels_values(tables):
    for benchmark in ("imagenet", "mmlu"):
        fits = tables[f"fits/{benchmark}"]
        # samples of three points (MMLU's frontier, ImageNet's top-5) have no fit
        expected = {k[1:] for k, (gflop, _) in EXPECTED_FITS.items() if k[0] == benchmark and len(gflop) >= 4}
        assert {(m, s) for m, s in zip(fits["measure"], fits["sample"])} == expected
        assert len(fits) == 2 * len(expected)
        assert set(fits["metric"]) == {BENCHMARKS[benchmark].primary_metric.column}
        for _, row in fits.iterrows():
            fit = ols(benchmark, row["measure"], row["sample"], row["fit_model"])
            half = fit.t * math.sqrt(fit.cov[1, 1])
            assert row["n"] == fit.n
            assert close([row["intercept"], row["slope"], row["slope_low"], row["slope_high"], row["r2"], row["p_value"]],
                         [fit.a, fit.b, fit.b - half, fit.b + half, fit.r2, fit.p], rel=1e-7)


def test_residuals_are_the_headline_fit_residuals_by_publication_year(tables):
    residuals = tables["residuals/imagenet"]
    assert list(residuals["fit_model"]) == ["polynomial"] * 6 + ["exponential"] * 6
    for model, rows in residuals.groupby("fit_model"):
        fit = ols("imagenet", "hardware_burden", "ours", model)
        by_model = dict(zip(rows["model"], rows["residual"]))
        assert set(by_model) == set(IMAGENET_SAMPLE)
        expected = fit.y - (fit.a + fit.b * fit.x)
        assert close([by_model[m] for m in IMAGENET_SAMPLE], expected, rel=1e-7)
    alexnet = residuals[residuals["model"] == "AlexNet"]["decimal_year"].iloc[0]
    assert alexnet == pytest.approx(2012 + 335 / 365.25)  # 1 December 2012 is day 336 of a leap year


# --- extrapolation, peaks, utilisation --------------------------------------------------------------------------

def test_extrapolation_rows_by_sample_with_the_fit_and_fieller_interval(tables):
    table = tables["extrapolation/imagenet"]
    samples = ("paper_points", "paper_points_slips_fixed", "paper_points_corrected", "ours")
    levels = [("today", 11.5), ("target_1", 5.0), ("target_2", 1.0)]
    assert list(table["sample"]) == [s for s in samples for _ in range(6)]
    assert list(table["fit_model"]) == [m for _ in samples for m in ("polynomial", "exponential") for _ in levels]
    assert list(table["error_level"]) == [name for _ in range(2 * len(samples)) for name, _ in levels]
    for _, row in table.iterrows():
        fit = ols("imagenet", "hardware_burden", row["sample"], row["fit_model"])
        assert row["error_pct"] == dict(levels)[row["error_level"]] and row["n"] == fit.n
        log10 = fit.required_log10(row["error_pct"])
        low, high = fit.fieller(row["error_pct"])
        with np.errstate(over="ignore"):
            assert close([row["required_gflop"], row["required_gflop_low"], row["required_gflop_high"]],
                         np.power(10.0, [log10, low, high]), rel=1e-6)


def test_extrapolation_marks_cells_equal_to_the_paper_at_its_printed_power(tables):
    table = tables["extrapolation/imagenet"]
    row = PAPER_EXTRAPOLATIONS["imagenet"]
    printed = {("polynomial", "today"): row.polynomial_log10_gflop[0], ("polynomial", "target_1"): row.polynomial_log10_gflop[1],
               ("polynomial", "target_2"): row.polynomial_log10_gflop[2], ("exponential", "target_1"): row.exponential_log10_gflop[0],
               ("exponential", "target_2"): row.exponential_log10_gflop[1]}
    for _, r in table.iterrows():
        power = printed.get((r["fit_model"], r["error_level"]))
        assert close(r["paper_required_gflop"], np.nan if power is None else 10.0 ** power)
        assert r["reproduced"] == (power is not None and math.floor(math.log10(r["required_gflop"])) == power)
    assert table["reproduced"].any() and not table["reproduced"].all()


def test_extrapolation_places_each_printed_cell_on_the_scale_and_measures_the_distance_from_the_data(tables):
    table = tables["extrapolation/imagenet"]
    row = PAPER_EXTRAPOLATIONS["imagenet"]
    printed = {("polynomial", "today"): row.polynomial_log10_gflop[0], ("polynomial", "target_1"): row.polynomial_log10_gflop[1],
               ("polynomial", "target_2"): row.polynomial_log10_gflop[2], ("exponential", "target_1"): row.exponential_log10_gflop[0],
               ("exponential", "target_2"): row.exponential_log10_gflop[1]}
    steps = set()
    for _, r in table.iterrows():
        fit = ols("imagenet", "hardware_burden", r["sample"], r["fit_model"])
        gflop, error = EXPECTED_FITS[("imagenet", "hardware_burden", r["sample"])]
        log10 = fit.required_log10(r["error_pct"])
        # how far beyond the sample's largest burden, and the least burden a sample point at that error used
        assert close(r["orders_beyond_data"], log10 - np.log10(gflop.max()), rel=1e-6)
        assert r["beyond_data"] == (log10 - np.log10(gflop.max()) > BEYOND_DATA_MARK_ORDERS)
        reached = gflop[error <= r["error_pct"]]
        assert close(r["reached_gflop"], reached.min() if len(reached) else np.nan)
        power = printed.get((r["fit_model"], r["error_level"]))
        if power is None:
            assert pd.isna(r["orders_from_paper"]) and pd.isna(r["paper_within_interval"]) and r["scale_step"] == ""
            continue
        low, high = fit.fieller(r["error_pct"])
        inside = (math.isnan(low) and math.isnan(high)) or low <= power <= high
        assert close(r["orders_from_paper"], log10 - power, rel=1e-6)
        assert bool(r["paper_within_interval"]) == inside
        expected = ("same power" if math.floor(log10) == power else "inside the interval" if inside else "outside the interval")
        assert r["scale_step"] == expected, (r["sample"], r["fit_model"], r["error_level"])
        steps.add(expected)
    # the synthetic data reach the first two steps of the scale (the others: the boundary test below)
    assert steps == {"same power", "inside the interval"}
    assert table["beyond_data"].any()  # the other side of the mark: the boundary test below
    assert table["reached_gflop"].isna().all()  # no synthetic ImageNet point reaches 11.5%: MMLU's test reaches "today"


def test_extrapolation_scale_step_and_beyond_data_mark_at_their_boundaries(ctx, tables):
    """A cell exactly BEYOND_DATA_MARK_ORDERS beyond the data is not marked, the next float above it is; a value at the
    printed power is the same power, one power above it is inside or outside by the interval test, a cell without a
    value is not computable, a level the paper prints nothing for has no step."""
    keys = tables["key_numbers"].copy()
    cells = keys[(keys["benchmark"] == "imagenet") & (keys["metric"] == "top1_pct") & (keys["measure"] == "hardware_burden")
                 & (keys["sample"] == "ours")]
    today, first, second = PAPER_EXTRAPOLATIONS["imagenet"].polynomial_log10_gflop  # printed 10^14, 10^19, 10^28
    rows = cells.index[cells["model"] == "polynomial"]
    levels = list(cells.loc[rows, "error_level"])
    # (level, required GFLOP, its orders from the printed value, printed value inside the interval, orders beyond the data)
    for level, required, orders, within, beyond in [
            ("today", 10.0 ** today, 0.0, False, BEYOND_DATA_MARK_ORDERS),
            ("target_1", 10.0 ** (first + 1), 1.0, True, np.nextafter(BEYOND_DATA_MARK_ORDERS, 2.0)),
            ("target_2", 10.0 ** (second + 1), 1.0, False, np.nan)]:
        i = rows[levels.index(level)]
        keys.loc[i, ["required_gflop", "orders_from_paper", "orders_beyond_data"]] = [required, orders, beyond]
        keys.loc[i, "paper_within_interval"] = within
    i = cells.index[(cells["model"] == "exponential") & (cells["error_level"] == "target_1")][0]
    keys.loc[i, ["required_gflop", "orders_from_paper"]] = [np.nan, np.nan]
    keys.loc[i, "paper_within_interval"] = pd.NA
    table = rb._extrapolation(ctx, BENCHMARKS["imagenet"], keys)
    ours = table[table["sample"] == "ours"].set_index(["fit_model", "error_level"])
    assert ours.loc[("polynomial", "today"), "scale_step"] == "same power"
    assert ours.loc[("polynomial", "target_1"), "scale_step"] == "inside the interval"
    assert ours.loc[("polynomial", "target_2"), "scale_step"] == "outside the interval"
    assert ours.loc[("exponential", "target_1"), "scale_step"] == "not computable"
    assert ours.loc[("exponential", "today"), "scale_step"] == ""  # the paper prints no exponential "today"
    assert not ours.loc[("polynomial", "today"), "beyond_data"]  # exactly 1.0 order beyond: not marked
    assert ours.loc[("polynomial", "target_1"), "beyond_data"]
    assert not ours.loc[("polynomial", "target_2"), "beyond_data"]  # no distance: no mark


def test_extrapolation_costs_in_the_papers_era(tables):
    table = tables["extrapolation/imagenet"]
    flop = table["required_gflop"].to_numpy() * 1e9
    hours = flop / (PEAK_FP32["v100_sxm2"] * 3600)
    kwh = hours * 300.0 * STRUBELL_2019.pue / 1000.0
    with np.errstate(over="ignore", invalid="ignore"):
        assert close(table["co2_tonnes"], kwh * STRUBELL_2019.lbs_co2_per_kwh * KG_PER_LB / KG_PER_TONNE, rel=1e-9)
        # dollars: the same V100 hours at the V100's price in effect at the paper's cut-off (the 2019 price, not 2021's)
        assert close(table["usd"], hours * V100_PRICES[0][1], rel=1e-9)
    assert table["usd"].notna().any()


def test_extrapolation_of_a_benchmark_without_paper_points_has_our_sample_only(tables):
    table = tables["extrapolation/mmlu"]
    assert set(table["sample"]) == {"ours"} and len(table) == 2 * 4
    assert table["paper_required_gflop"].isna().all() and not table["reproduced"].any()
    assert list(table["error_level"]) == ["today", "target_1", "target_2", "target_3"] * 2
    _, errors = ours(MMLU_SAMPLE)
    assert list(table["error_pct"]) == [errors.min(), 10.0, 5.0, 1.0] * 2
    # "today" is the sample's best error: reached by M5 (80%) at its own burden; no point reaches a target
    assert close(table["reached_gflop"], [burden_gflop("m5"), np.nan, np.nan, np.nan] * 2)
    assert table["required_gflop_boot_low"].notna().all()


def test_peaks_refit_the_headline_with_each_peak(tables):
    for benchmark, sample in (("imagenet", IMAGENET_SAMPLE), ("mmlu", MMLU_SAMPLE)):
        peaks = tables[f"peaks/{benchmark}"]
        assert list(peaks["peak"]) == ["paper_convention", "precision_used"]
        target = BENCHMARKS[benchmark].target_errors_pct[0]
        for _, row in peaks.iterrows():
            gflop, error = ours(sample, precision_used=row["peak"] == "precision_used")
            fit = Ols(gflop, error, "polynomial")
            assert row["n"] == len(sample) and row["first_target_pct"] == target
            assert close([row["slope"], row["r2"], row["p_value"], row["required_gflop"]],
                         [fit.b, fit.r2, fit.p, 10.0 ** fit.required_log10(target)], rel=1e-7)
        assert peaks["slope"].iloc[0] != peaks["slope"].iloc[1]  # a fp16 run moves the line


def test_utilisation_sets_operations_against_both_burdens(tables):
    table = tables["utilisation/mmlu"]
    counted = [r for r in MMLU if r[4] is not None and r[5] is not None]
    assert list(table["model"]) == [r[0] for r in counted]
    assert list(table["published"]) == list(pd.to_datetime([r[2] for r in counted]))
    ops = np.array([r[5] / 1e9 for r in counted])
    fp32 = np.array([burden_gflop(r[4]) for r in counted])
    used = np.array([burden_gflop(r[4], precision_used=True) for r in counted])
    assert close(table["operations_gflop"], ops) and close(table["hardware_burden_gflop"], fp32)
    assert close(table["precision_burden_gflop"], used)
    assert close(table["utilisation_fp32"], ops / fp32) and close(table["utilisation_precision"], ops / used)
    assert (used != fp32).any()
    assert tables["utilisation/imagenet"].empty  # no operation counts in its results
    # M1, M2 and M4 ran on V100s of unstated precision (16-bit by the inference rule), M5 on H100s at a stated fp16;
    # M3 on TPUs, counted at their bf16 peak either way
    assert [r[0] for r in counted] == ["M1", "M2", "M3", "M4", "M5"] and list(used != fp32) == [True, True, False, True, True]


def test_utilisation_of_the_repositorys_data_never_exceeds_the_hardware_at_the_precision_used(dataset):
    """Operations counted for a run cannot exceed what its hardware could do at the precision it used: every
    utilisation_precision of the repository's data is at most 1 (a value above 1 is a wrong count, run or precision)."""
    ctx = ReportContext(dataset)
    seen = 0
    for b in ctx.benchmarks:
        table = rb._utilisation(ctx, b)
        seen += len(table)
        over = table[table["utilisation_precision"] > 1.0]
        assert over.empty, f"{b.id}: operations above the hardware's capacity at the precision used:\n{over}"
        assert close(table["utilisation_precision"], table["operations_gflop"] / table["precision_burden_gflop"])
    assert seen > 0  # the data hold operation counts (MMLU's)


# --- benchmarks with few points or no targets --------------------------------------------------------------------

WMT_PAPER = (np.array([1e9, 1e10, 1e11, 1e12]), np.array([80.0, 76.0, 73.0, 72.0]))
WMT_OURS = (np.array([burden_gflop(r) for r in ("a", "b", "c", "d", "m1")]), np.array([80.0, 76.0, 74.0, 75.0, 74.5]))


def small_dataset() -> Dataset:
    """WMT En-De (no row in the paper's table: no targets) with five results, three on the frontier, and the
    paper's points without a map; MMLU with two results with a run and two near chance."""
    def frame(rows, score):
        return pd.DataFrame({"model": [r[0] for r in rows], "paper_key": [r[0].lower() for r in rows], "paper_url": "https://x",
                             "published": pd.to_datetime([r[1] for r in rows]), score: [r[2] for r in rows],
                             "flops_per_pass": np.nan, "flops_kind": None, "training_run": [r[3] for r in rows],
                             "extra_data": None, "ensemble": False, "score_source": "t", "notes": ""})
    wmt = frame([("W1", "2014-06-01", 20.0, "a"), ("W2", "2015-06-01", 24.0, "b"), ("W3", "2016-06-01", 26.0, "c"),
                 ("W4", "2017-06-01", 25.0, "d"), ("W5", "2018-06-01", 25.5, "m1")], "bleu")
    # error 69.5: inside the chance margin's edge (70), not near chance; error 70.1: near chance
    mmlu = frame([("M1", "2021-01-01", 50.0, "m1"), ("M2", "2022-01-01", 60.0, "m3"), ("M3", "2022-06-01", 30.5, None),
                  ("M4", "2022-09-01", 29.9, None)], "mmlu_pct")
    paper = pd.DataFrame({"benchmark": "wmt14_en_de", "site_index": [1, 2, 3, 4], "year": [2014, 2015, 2016, 2017],
                          "model": ["P1", "P2", "P3", "P4"], "hardware_burden_gflop": WMT_PAPER[0],
                          "accuracy": (100.0 - WMT_PAPER[1]) / 100.0, "accuracy_is": "BLEU (fraction)"})
    training = runs([(name, "train", p, n, h) for name, (p, n, h, _) in RUNS.items()])
    return Dataset(processors=processors(), cloud_prices=prices(), training_runs=training,
                   results={"wmt14_en_de": wmt, "mmlu": mmlu}, paper_points=paper)


@pytest.fixture(scope="module")
def small_ctx() -> ReportContext:
    return ReportContext(small_dataset())


def test_a_benchmark_without_targets_has_only_todays_level_and_no_first_target(small_ctx):
    built = rb.build(small_ctx)
    for instance, frame in built.items():
        check_frame(rb.DECLARED[instance.split("/")[0]], instance, frame)
    tables = Tables(small_ctx)
    keys = tables["key_numbers"]
    assert set(keys["benchmark"]) == {"mmlu", "wmt14_en_de"}
    wmt = keys[(keys["benchmark"] == "wmt14_en_de") & ~keys["sample"].isin(["backtest", "backtest_paper_points"])]
    assert set(wmt["error_level"]) == {"today"}  # our best error, no targets
    row = tables["summary/wmt14_en_de"].iloc[0]
    assert math.isnan(row["first_target_pct"]) and math.isnan(row["gap_target_1_orders"]) and not row["large_gap"]
    assert row["paper_n"] == PAPER_HARDWARE_BURDEN_N["wmt14_en_de"] and not row["paper_has_row"]
    fit = Ols(*WMT_OURS, "polynomial")
    assert close([row["slope"], row["r2"], row["p_value"]], [fit.b, fit.r2, fit.p])
    theirs = Ols(*WMT_PAPER, "polynomial")
    assert row["paper_points_n"] == 4 and close([row["paper_points_r2"], row["paper_points_p_value"]], [theirs.r2, theirs.p])
    peaks = tables["peaks/wmt14_en_de"]
    assert peaks["first_target_pct"].isna().all() and peaks["required_gflop"].isna().all()
    assert close(peaks["slope"].iloc[0], fit.b) and list(peaks["n"]) == [5, 5]
    extrapolation = tables["extrapolation/wmt14_en_de"]
    assert list(extrapolation["sample"]) == ["paper_points"] * 2 + ["ours"] * 2
    assert (extrapolation["error_level"] == "today").all()
    assert list(extrapolation["error_pct"]) == [WMT_PAPER[1].min()] * 2 + [WMT_OURS[1].min()] * 2  # each sample's best


def test_fits_go_on_past_a_sample_too_small_to_fit(small_ctx):
    fits = Tables(small_ctx)["fits/wmt14_en_de"]
    # the frontier (W1-W3) has three points; the paper's points after it are fitted
    assert list(fits["sample"]) == ["ours", "ours", "per_paper", "per_paper", "paper_points", "paper_points"]
    for _, row in fits.iterrows():
        fit = Ols(*(WMT_PAPER if row["sample"] == "paper_points" else WMT_OURS), row["fit_model"])
        assert row["n"] == fit.n and close([row["slope"], row["r2"]], [fit.b, fit.r2])


def test_a_benchmark_with_too_few_points_has_counts_but_no_fit(small_ctx):
    tables = Tables(small_ctx)
    row = tables["summary/mmlu"].iloc[0]
    assert row["n_sample"] == 2 and math.isnan(row["slope"]) and math.isnan(row["r2"]) and math.isnan(row["p_value"])
    assert not row["slope_significant"] and row["n_near_chance"] == 1
    assert close(row["burden_span_orders"], np.log10(burden_gflop("m3") / burden_gflop("m1")))
    for name in ("curves", "fits", "residuals"):
        assert tables[f"{name}/mmlu"].empty
    peaks = tables["peaks/mmlu"]
    assert peaks[["slope", "r2", "p_value", "required_gflop"]].isna().all().all() and list(peaks["n"]) == [2, 2]
    extrapolation = tables["extrapolation/mmlu"]
    assert len(extrapolation) == 2 * 4 and extrapolation["required_gflop"].isna().all()
    one = ReportContext(small_dataset(), cutoff_date="2021-06-01")  # one result before the window end
    row = rb._summary(one, BENCHMARKS["mmlu"], one.key_numbers).iloc[0]
    assert row["n_sample"] == 1 and math.isnan(row["burden_span_orders"])
