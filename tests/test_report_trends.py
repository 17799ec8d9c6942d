"""Rules of the trends and algorithmic-progress outputs on small synthetic inputs: which points the figure labels,
the growth line, the year-term reading, fixed-error records and their pace against Hernandez & Brown, and the
Transformer matched against a 2014 baseline."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analysis.report import trends as rt
from analysis.report.context import ReportContext
from analysis.data import Dataset
from analysis.report.outputs import check_frame
from analysis.data.paper import HERNANDEZ_BROWN_HALVING_MONTHS, PAPER_YEARS_PER_TENFOLD
from analysis.stats.rules import SIGNIFICANCE_LEVEL
from analysis.stats.trends import cheapest_match, growth, notable, records_to_reach

from synthetic import imagenet, prices, processors, runs


def dated(models, years, compute, errors=None) -> pd.DataFrame:
    return pd.DataFrame({"model": models, "published": pd.to_datetime([f"{y}-01-01" for y in years]),
                         "compute_gflop": [float(c) for c in compute],
                         "error_pct": [float(e) for e in (errors if errors is not None else [30.0] * len(models))]})


# labels of the trend figure

def test_notable_labels_the_reference_and_the_largest_record_per_window():
    points = dated(["ref", "a", "b", "c", "small", "d"], [2012, 2013, 2014, 2015, 2016, 2018], [1, 2, 10, 20, 5, 1000])
    keep = notable(points, reference_model="ref", window_years=2)
    labelled = set(points.loc[keep, "model"])
    # 2012-13 holds the reference (no other label); 2014-15: c (largest record); 2016-17: no record; 2018-19: d
    assert labelled == {"ref", "c", "d"}


def test_notable_without_reference_and_short_labels():
    points = dated(["a", "b"], [2012, 2016], [1, 2])
    assert list(notable(points)) == [True, True]
    assert rt.short_label("Meta Pseudo Labels (EfficientNet-L2 student)") == "Meta Pseudo Labels"
    assert rt.short_label("ViT-22B") == "ViT-22B"


def test_growth_line_passes_through_an_exact_exponential():
    points = dated(list("abcd"), [2012, 2013, 2014, 2015], [1, 10, 100, 1000])
    trend = growth(points)
    assert trend.log10_per_year == pytest.approx(1.0)
    assert trend.doubling_months == pytest.approx(12 * np.log10(2))
    assert trend.intercept + trend.log10_per_year * 2013 == pytest.approx(1.0)


# the year term

def test_year_term_reading():
    fit = lambda b, g, p: SimpleNamespace(compute_slope=b, year_slope=g, year_slope_p_value=p)  # noqa: E731
    assert rt.year_term_reading(None) == rt.READING_FEW
    assert rt.year_term_reading(fit(-0.05, 0.01, 0.001)) == rt.READING_WRONG_SIGN
    assert rt.year_term_reading(fit(0.05, -0.01, 0.001)) == rt.READING_WRONG_SIGN
    assert rt.year_term_reading(fit(-0.05, -0.01, SIGNIFICANCE_LEVEL)) == rt.READING_NOT_SIGNIFICANT
    assert rt.year_term_reading(fit(-0.05, -0.01, SIGNIFICANCE_LEVEL / 10)) == rt.READING_ESTIMATED


# fixed-error records and their pace

def test_records_to_reach_counts_every_result_that_reached_the_error():
    points = dated(list("abcde"), [2012, 2013, 2014, 2015, 2016], [100, 200, 50, np.nan, 10], [40, 35, 39, 20, 41])
    records, reached = records_to_reach(points, 40.0)
    assert list(records["model"]) == ["a", "c"]  # b reached it but cost more; d has no computation; e missed it
    assert reached == 3


def test_halving_pace():
    hb = HERNANDEZ_BROWN_HALVING_MONTHS
    assert rt.halving_pace(hb * (1 + rt.HALVING_CLOSE_SHARE / 2), hb) == "close to"
    assert rt.halving_pace(hb / 2, hb) == "faster than"
    assert rt.halving_pace(hb * 2, hb) == "slower than"
    assert rt.halving_pace(float("nan"), hb) == ""


def test_cheapest_match_takes_the_best_baseline_and_the_cheapest_candidate_that_matches_it():
    baselines = pd.DataFrame({"model": ["weak", "strong", "unknown"], "bleu": [20.0, 28.0, 35.0], "burden": [5.0, 8.0, np.nan]})
    candidates = pd.DataFrame({"model": ["big", "base", "tiny"], "bleu": [41.0, 38.0, 25.0], "burden": [40.0, 4.0, 1.0]})
    match = cheapest_match(baselines, candidates, "bleu", "burden")
    assert match.baseline["model"] == "strong" and match.candidate["model"] == "base"
    assert match.ratio("burden") == pytest.approx(2.0)
    none = cheapest_match(baselines, candidates[candidates["bleu"] < 28], "bleu", "burden")
    assert none.candidate is None and np.isnan(none.ratio("burden"))
    assert cheapest_match(baselines.iloc[2:], candidates, "bleu", "burden") is None


# the whole module on a small data set

def synthetic_dataset() -> Dataset:
    results = imagenet([
        ("1 CNN", "krizhevsky2012imagenet", "2012-12-01", 59.3, "alex", None),
        ("Net A", "a2014", "2014-06-01", 70.0, "a", 4e9),
        ("Net B", "b2016", "2016-06-01", 76.0, "b", 2e9),
        ("ResNet-50", "he2015deep", "2015-12-10", 77.15, None, 8e9),
        ("Net C", "c2018", "2018-06-01", 80.0, "c", 1e9),
        ("Net D", "d2019", "2019-06-01", 78.0, "d", 0.5e9),
    ])
    training = runs([("alex", "train", "gtx580", 2, 132), ("a", "train", "p100_sxm2", 8, 24), ("b", "train", "p100_sxm2", 8, 48),
                     ("c", "train", "v100_sxm2", 64, 24), ("d", "train", "v100_sxm2", 8, 12)])
    return Dataset(processors=processors(), cloud_prices=prices(), training_runs=training, results={"imagenet": results})


def test_build_on_synthetic_data_matches_declarations():
    tables = rt.build(ReportContext(synthetic_dataset()))
    for name, frame in tables.items():
        check_frame(rt.DECLARED[name], name, frame)
    points = tables["trend_points"]
    alexnet = points[points["paper_key"] == "krizhevsky2012imagenet"].iloc[0]
    assert alexnet["relative_to_alexnet"] == pytest.approx(1.0) and alexnet["labelled"] and alexnet["figure_label"] == "AlexNet"
    assert len(tables["trend_line"]) == 2
    assert (tables["years_per_tenfold"]["paper_years_per_tenfold"] == PAPER_YEARS_PER_TENFOLD).all()
    halving = tables["algorithmic_halving"]
    assert set(halving["reference_model"]) == {"AlexNet", "ResNet-50"}
    per_pass = halving[(halving["reference_model"] == "AlexNet") & (halving["measure"] == "per_pass")].iloc[0]
    # ResNet-50 (2015) reached AlexNet's error with more computation per pass than Net A: not a record
    assert per_pass["record_models"] == "Net A (2014-06); Net B (2016-06); Net C (2018-06); Net D (2019-06)"
    assert per_pass["n_reached"] == 5 and per_pass["reduction_factor"] == pytest.approx(8.0)
    burden = halving[(halving["reference_model"] == "AlexNet") & (halving["measure"] == "hardware_burden")].iloc[0]
    assert burden["first_model"] == "AlexNet"  # the reference's own run is named by its reference label
    translation = tables["transformer_vs_seq2seq"]
    assert translation.empty  # no WMT data in this set


def test_transformer_against_the_best_2014_result_with_a_burden():
    wmt = pd.DataFrame({"model": ["seq2seq", "RNNsearch", "Transformer base", "Transformer big"],
                        "paper_key": ["s2014", "b2014", "vaswani2017attention", "vaswani2017attention"],
                        "paper_url": "https://x", "published": pd.to_datetime(["2014-09-10", "2014-09-01", "2017-06-12", "2017-06-12"]),
                        "bleu": [34.8, 28.0, 38.1, 41.0], "flops_per_pass": np.nan, "flops_kind": None,
                        "training_run": [None, "b", "t_base", "t_big"], "extra_data": None, "ensemble": False, "score_source": "t", "notes": ""})
    training = runs([("b", "train", "gtx580", 1, 100), ("t_base", "train", "p100_sxm2", 8, 12), ("t_big", "train", "p100_sxm2", 8, 84)])
    data = Dataset(processors=processors(), cloud_prices=prices(), training_runs=training, results={"wmt14_en_fr": wmt})
    row = rt.build(ReportContext(data))["transformer_vs_seq2seq"].iloc[0]
    assert row["baseline_model"] == "RNNsearch" and row["model"] == "Transformer base"
    assert row["seq2seq_hours_ratio"] == pytest.approx(100 / 96)
    assert row["seq2seq_peak_ratio"] == pytest.approx(1e13 / 1.5e12)  # P100 over GTX 580 peak
    assert row["seq2seq_burden_ratio"] == pytest.approx((1.5e12 * 100) / (8 * 1e13 * 12))
    assert row["best_2014_model"] == "seq2seq" and not row["best_2014_has_burden"]


# the outputs, value by value, against the analysis table they are computed from

def decimal(date: str) -> float:
    """A date as a decimal year, by hand: the year plus the days before it over 365.25."""
    stamp = pd.Timestamp(date)
    return stamp.year + (stamp.day_of_year - 1) / 365.25


def labelled_dataset(with_alexnet: bool = True) -> Dataset:
    """ImageNet rows with a second (worse) result of one paper, a second model called '1 CNN' and two records in 2016-17.

    Computation per pass (GFLOP): Net A small 2, Net B 2, ResNet-50 8, copy2017's '1 CNN' 1.5, Net C 1; none for AlexNet and Net A."""
    rows = [("1 CNN", "krizhevsky2012imagenet", "2012-12-01", 59.3, "alex", None),
            ("Net A", "a2014", "2014-06-01", 70.0, "a", None),
            ("Net A small", "a2014", "2014-06-01", 65.0, "a_small", 2e9),
            ("Net B (wide)", "b2016", "2016-06-01", 76.0, "b", 2e9),
            ("1 CNN", "copy2017", "2017-03-01", 72.0, "c17", 1.5e9),
            ("ResNet-50", "he2015deep", "2015-12-10", 77.15, None, 8e9),
            ("Net C", "c2018", "2018-06-01", 80.0, "c", 1e9)]
    if not with_alexnet:
        rows = rows[1:]
    training = runs([("alex", "train", "gtx580", 2, 132), ("a", "train", "p100_sxm2", 8, 24), ("a_small", "train", "p100_sxm2", 1, 1),
                     ("b", "train", "p100_sxm2", 8, 48), ("c17", "train", "p100_sxm2", 16, 48), ("c", "train", "v100_sxm2", 64, 24)])
    return Dataset(processors=processors(), cloud_prices=prices(), training_runs=training, results={"imagenet": imagenet(rows)})


@pytest.fixture
def labelled():
    """The context over `labelled_dataset()` and every output built from it."""
    ctx = ReportContext(labelled_dataset())
    return ctx, rt.build(ctx)


def burden_of(table: pd.DataFrame, paper_key: str) -> float:
    return float(table.loc[table["paper_key"] == paper_key, "hardware_burden_gflop"].max())


def test_trend_points_are_each_papers_best_result_over_alexnets_burden(labelled):
    ctx, tables = labelled
    points = tables["trend_points"]
    table = ctx.table("imagenet")
    keys = ["krizhevsky2012imagenet", "a2014", "b2016", "copy2017", "c2018"]  # by date; ResNet-50 has no burden
    assert list(points.index) == list(range(5)) and list(points["paper_key"]) == keys
    assert list(points["model"]) == ["1 CNN", "Net A", "Net B (wide)", "1 CNN", "Net C"]
    alexnet = burden_of(table, "krizhevsky2012imagenet")
    burdens = [float(table.loc[(table["paper_key"] == k) & (table["model"] != "Net A small"), "hardware_burden_gflop"].iloc[0])
               for k in keys]
    assert points["hardware_burden_gflop"].tolist() == pytest.approx(burdens, rel=1e-12)
    assert points["relative_to_alexnet"].tolist() == pytest.approx([b / alexnet for b in burdens], rel=1e-12)
    dates = ["2012-12-01", "2014-06-01", "2016-06-01", "2017-03-01", "2018-06-01"]
    assert points["decimal_year"].tolist() == pytest.approx([decimal(d) for d in dates], abs=1e-12)
    # only AlexNet's own row is called AlexNet; details in parentheses are dropped from labels
    assert list(points["figure_label"]) == ["AlexNet", "Net A", "Net B", "1 CNN", "Net C"]
    # 2012-13: AlexNet; 2014-15: Net A; 2016-17: the larger of the two records (copy2017); 2018-19: Net C
    assert burdens[3] > burdens[2] > burdens[1] and burdens[4] > burdens[3]
    assert list(points["labelled"]) == [True, True, False, True, True]


def test_trend_line_is_the_log_linear_fit_at_the_first_and_last_year_over_alexnet(labelled):
    ctx, tables = labelled
    points, line = tables["trend_points"], tables["trend_line"]
    x = points["decimal_year"].to_numpy()
    slope, intercept = np.polyfit(x, np.log10(points["hardware_burden_gflop"].to_numpy()), 1)
    alexnet = burden_of(ctx.table("imagenet"), "krizhevsky2012imagenet")
    assert line["decimal_year"].tolist() == pytest.approx([x.min(), x.max()], abs=1e-12)
    expected = [10 ** (intercept + slope * year) / alexnet for year in (x.min(), x.max())]
    assert line["relative_to_alexnet"].tolist() == pytest.approx(expected, rel=1e-9)


def test_without_alexnet_there_is_no_ratio_and_no_line_and_labels_are_records():
    tables = rt.build(ReportContext(labelled_dataset(with_alexnet=False)))
    points = tables["trend_points"]
    assert points["relative_to_alexnet"].isna().all() and len(points) == 4
    assert tables["trend_line"].empty and list(tables["trend_line"].columns) == list(rt.DECLARED["trend_line"].columns)
    assert list(points["figure_label"]) == ["Net A", "Net B", "1 CNN", "Net C"]
    assert list(points["labelled"]) == [True, False, True, True]  # one per two-year window, no reference
    assert set(tables["algorithmic_halving"]["reference_model"]) == {"ResNet-50"}


def test_with_fewer_than_three_points_there_is_no_growth_and_no_line():
    data = labelled_dataset()
    data.results["imagenet"] = data.results["imagenet"].iloc[:3]  # AlexNet and a2014's two results: two papers
    tables = rt.build(ReportContext(data))
    assert len(tables["trend_points"]) == 2 and tables["trend_line"].empty
    growth_row = tables["trend_growth"].iloc[0]
    assert growth_row["n"] == 2 and growth_row["first_year"] == 2012 and growth_row["last_year"] == 2014
    assert np.isnan(growth_row["log10_per_year"]) and np.isnan(growth_row["growth_per_year"]) and np.isnan(growth_row["doubling_months"])


def test_growth_per_benchmark_is_the_fit_of_log10_burden_on_decimal_year(labelled):
    ctx, tables = labelled
    points, row = tables["trend_points"], tables["trend_growth"].iloc[0]
    slope = np.polyfit(points["decimal_year"].to_numpy(), np.log10(points["hardware_burden_gflop"].to_numpy()), 1)[0]
    assert len(tables["trend_growth"]) == 1 and row["benchmark"] == "imagenet" and row["benchmark_title"] == "ImageNet"
    assert row["n"] == 5 and row["first_year"] == 2012 and row["last_year"] == 2018
    assert row["log10_per_year"] == pytest.approx(slope, rel=1e-9)
    assert row["growth_per_year"] == pytest.approx(10 ** slope, rel=1e-9)
    assert row["doubling_months"] == pytest.approx(12 * np.log10(2) / slope, rel=1e-9)


def test_years_per_tenfold_is_the_year_term_fit_of_the_headline_sample(labelled):
    ctx, tables = labelled
    row = tables["years_per_tenfold"].iloc[0]
    sample = ctx.sample("imagenet", "top1_pct", "hardware_burden", "ours")
    years = np.array([decimal(str(d.date())) for d in sample["published"]])
    x = np.column_stack([np.ones(len(sample)), np.log10(sample["compute_gflop"].to_numpy()), years])
    fit = sm.OLS(np.log10(sample["error_pct"].to_numpy()), x).fit(cov_type="HC3", use_t=True)
    b, g, p = fit.params[1], fit.params[2], fit.pvalues[2]
    assert row["benchmark"] == "imagenet" and row["benchmark_title"] == "ImageNet" and row["n"] == len(sample) == 5
    assert row["compute_slope"] == pytest.approx(b, rel=1e-8) and row["year_slope"] == pytest.approx(g, rel=1e-8)
    assert row["year_p_value"] == pytest.approx(p, rel=1e-6, abs=1e-12)
    assert row["years_per_tenfold"] == pytest.approx(b / g, rel=1e-8)
    assert row["paper_years_per_tenfold"] == PAPER_YEARS_PER_TENFOLD and row["significance_level"] == SIGNIFICANCE_LEVEL
    reading = (rt.READING_WRONG_SIGN if not (b < 0 and g < 0) else
               rt.READING_NOT_SIGNIFICANT if not p < SIGNIFICANCE_LEVEL else rt.READING_ESTIMATED)
    assert row["year_term_reading"] == reading


def test_a_benchmark_with_too_few_points_has_no_year_term():
    data = labelled_dataset()
    data.results["imagenet"] = data.results["imagenet"].iloc[:4]  # three papers
    row = rt.build(ReportContext(data))["years_per_tenfold"].iloc[0]
    assert row["n"] == 3 and row["year_term_reading"] == rt.READING_FEW
    assert all(np.isnan(row[c]) for c in ("compute_slope", "year_slope", "year_p_value", "years_per_tenfold"))
    assert row["paper_years_per_tenfold"] == PAPER_YEARS_PER_TENFOLD and row["significance_level"] == SIGNIFICANCE_LEVEL


def test_year_term_reading_of_a_zero_slope_is_the_wrong_sign():
    fit = lambda b, g: SimpleNamespace(compute_slope=b, year_slope=g, year_slope_p_value=0.0)  # noqa: E731
    assert rt.year_term_reading(fit(-0.05, 0.0)) == rt.READING_WRONG_SIGN
    assert rt.year_term_reading(fit(0.0, -0.01)) == rt.READING_WRONG_SIGN
    assert rt.year_term_reading(fit(-0.05, -0.01)) == rt.READING_ESTIMATED


def test_halving_pace_at_the_edge_of_close():
    assert rt.HALVING_CLOSE_SHARE == 0.1
    assert rt.halving_pace(11.0, 10.0) == "close to" and rt.halving_pace(9.0, 10.0) == "close to"
    assert rt.halving_pace(10.0, 10.0) == "close to"
    assert rt.halving_pace(11.01, 10.0) == "slower than" and rt.halving_pace(8.99, 10.0) == "faster than"
    assert rt.halving_pace(float("inf"), 10.0) == ""


def test_algorithmic_halving_rows_follow_the_records_that_reached_each_reference(labelled):
    ctx, tables = labelled
    halving = tables["algorithmic_halving"]
    table = ctx.table("imagenet")
    assert list(zip(halving["reference_model"], halving["measure"])) == [
        ("AlexNet", "hardware_burden"), ("AlexNet", "per_pass"), ("ResNet-50", "hardware_burden"), ("ResNet-50", "per_pass")]
    assert halving["error_pct"].tolist() == pytest.approx([100 - 59.3] * 2 + [100 - 77.15] * 2)
    assert (halving["paper_halving_months"] == HERNANDEZ_BROWN_HALVING_MONTHS).all()
    # AlexNet's error (40.7%): every row reached it; records of burden: AlexNet, then Net A small (1 P100 for an hour)
    burden = halving.iloc[0]
    assert burden["n_reached"] == 6 and burden["n"] == 2  # ResNet-50 has no burden
    assert (burden["first_model"], burden["first_year"], burden["last_model"], burden["last_year"]) == ("AlexNet", 2012, "Net A small", 2014)
    alexnet, small = burden_of(table, "krizhevsky2012imagenet"), float(table.loc[table["model"] == "Net A small", "hardware_burden_gflop"].iloc[0])
    assert burden["reduction_factor"] == pytest.approx(alexnet / small, rel=1e-12)
    slope = np.polyfit([decimal("2012-12-01"), decimal("2014-06-01")], np.log10([alexnet, small]), 1)[0]
    assert burden["halving_months"] == pytest.approx(-12 * np.log10(2) / slope, rel=1e-9)
    assert burden["halving_months"] < 0.9 * HERNANDEZ_BROWN_HALVING_MONTHS and burden["halving_pace"] == "faster than"
    assert burden["record_models"] == "AlexNet (2012-12); Net A small (2014-06)"
    # per pass (AlexNet and Net A have none): Net A small 2 (2014-06), copy2017's '1 CNN' 1.5 (2017-03), Net C 1 (2018-06);
    # only AlexNet's own row is renamed, not another paper's model of the same name
    per_pass = halving.iloc[1]
    assert per_pass["n_reached"] == 5 and per_pass["n"] == 3
    assert per_pass["record_models"] == "Net A small (2014-06); 1 CNN (2017-03); Net C (2018-06)"
    assert (per_pass["first_model"], per_pass["first_year"], per_pass["last_model"], per_pass["last_year"]) == ("Net A small", 2014, "Net C", 2018)
    assert per_pass["reduction_factor"] == pytest.approx(2.0)
    slope = np.polyfit([decimal("2014-06-01"), decimal("2017-03-01"), decimal("2018-06-01")], np.log10([2.0, 1.5, 1.0]), 1)[0]
    assert per_pass["halving_months"] == pytest.approx(-12 * np.log10(2) / slope, rel=1e-9)
    assert per_pass["halving_pace"] == "slower than" and per_pass["halving_months"] > 1.1 * HERNANDEZ_BROWN_HALVING_MONTHS
    # ResNet-50's error (22.85%): only Net C (20%); ResNet-50 itself reached it per pass, named by its label
    resnet_burden, resnet_pass = halving.iloc[2], halving.iloc[3]
    assert resnet_burden["n_reached"] == 1 and resnet_burden["record_models"] == "Net C (2018-06)"
    assert resnet_pass["n_reached"] == 2 and resnet_pass["record_models"] == "ResNet-50 (2015-12); Net C (2018-06)"
    assert resnet_pass["reduction_factor"] == pytest.approx(8.0)
    assert float(table.loc[table["model"] == "ResNet-50", "per_pass_gflop"].iloc[0]) == pytest.approx(8.0)


def test_a_reference_without_a_score_is_skipped():
    data = labelled_dataset()
    results = data.results["imagenet"].copy()
    results.loc[results["model"] == "ResNet-50", "top1_pct"] = np.nan
    data.results["imagenet"] = results
    halving = rt.build(ReportContext(data))["algorithmic_halving"]
    assert list(halving["reference_model"]) == ["AlexNet", "AlexNet"]


def wmt_rows(rows) -> pd.DataFrame:
    """rows: (model, paper_key, published, bleu, training_run or None)."""
    return pd.DataFrame({"model": [r[0] for r in rows], "paper_key": [r[1] for r in rows], "paper_url": "https://x",
                         "published": pd.to_datetime([r[2] for r in rows]), "bleu": [r[3] for r in rows],
                         "flops_per_pass": np.nan, "flops_kind": None, "training_run": [r[4] for r in rows],
                         "extra_data": None, "ensemble": False, "score_source": "t", "notes": ""})


def test_without_imagenet_the_imagenet_outputs_are_empty_and_each_wmt_benchmark_has_a_row():
    fr = wmt_rows([("RNNsearch", "b2014", "2014-09-01", 28.0, "b"), ("Transformer big", "vaswani2017attention", "2017-06-12", 41.0, "t")])
    de = wmt_rows([("GNMT", "w2016", "2016-09-26", 24.6, None), ("Transformer base", "vaswani2017attention", "2017-06-12", 27.3, None)])
    training = runs([("b", "train", "gtx580", 1, 100), ("t", "train", "p100_sxm2", 8, 84)])
    data = Dataset(processors=processors(), cloud_prices=prices(), training_runs=training,
                   results={"wmt14_en_de": de, "wmt14_en_fr": fr})
    tables = rt.build(ReportContext(data))
    for name in ("trend_points", "trend_line", "algorithmic_halving"):
        assert tables[name].empty and list(tables[name].columns) == list(rt.DECLARED[name].columns)
    assert set(tables["trend_growth"]["benchmark"]) == {"wmt14_en_fr", "wmt14_en_de"}
    growth = tables["trend_growth"].set_index("benchmark")
    assert growth.loc["wmt14_en_fr", "n"] == 2 and growth.loc["wmt14_en_fr", "first_year"] == 2014
    assert growth.loc["wmt14_en_fr", "last_year"] == 2017 and np.isnan(growth.loc["wmt14_en_fr", "log10_per_year"])
    assert growth.loc["wmt14_en_de", "n"] == 0  # no result with a known burden: no years, no fit
    assert pd.isna(growth.loc["wmt14_en_de", "first_year"]) and pd.isna(growth.loc["wmt14_en_de", "last_year"])
    assert np.isnan(growth.loc["wmt14_en_de", "doubling_months"])
    translation = tables["transformer_vs_seq2seq"].set_index("benchmark")
    assert set(translation.index) == {"wmt14_en_fr", "wmt14_en_de"} and (translation["seed_ratio"] == 61.0).all()
    fr_row, de_row = translation.loc["wmt14_en_fr"], translation.loc["wmt14_en_de"]
    assert fr_row["benchmark_title"] == "WMT 2014 En-Fr" and fr_row["model"] == "Transformer big"
    assert fr_row["baseline_score"] == 28.0 and fr_row["score_pct"] == 41.0
    assert fr_row["baseline_gflop"] == pytest.approx(1.5e12 * 100 * 3600 / 1e9)
    assert fr_row["hardware_burden_gflop"] == pytest.approx(1e13 * 8 * 84 * 3600 / 1e9)
    # no 2014 result on En-De: no baseline and no best 2014 result
    assert pd.isna(de_row["baseline_model"]) and pd.isna(de_row["model"]) and pd.isna(de_row["best_2014_model"])
    assert np.isnan(de_row["seq2seq_burden_ratio"]) and np.isnan(de_row["seq2seq_peak_ratio"])


def test_a_transformer_that_never_matched_the_baseline_leaves_the_ratios_empty():
    wmt = wmt_rows([("RNNsearch", "b2014", "2014-09-01", 30.0, "b"), ("Transformer base", "vaswani2017attention", "2017-06-12", 29.0, "t")])
    training = runs([("b", "train", "gtx580", 1, 100), ("t", "train", "p100_sxm2", 8, 12)])
    data = Dataset(processors=processors(), cloud_prices=prices(), training_runs=training, results={"wmt14_en_fr": wmt})
    row = rt.build(ReportContext(data))["transformer_vs_seq2seq"].iloc[0]
    assert row["baseline_model"] == "RNNsearch" and row["baseline_score"] == 30.0
    assert pd.isna(row["model"]) and np.isnan(row["score_pct"]) and np.isnan(row["hardware_burden_gflop"])
    assert np.isnan(row["seq2seq_burden_ratio"]) and np.isnan(row["seq2seq_hours_ratio"]) and np.isnan(row["seq2seq_peak_ratio"])
    assert row["best_2014_model"] == "RNNsearch" and row["best_2014_score"] == 30.0 and row["best_2014_has_burden"]


def test_a_baseline_without_hours_has_no_peak_ratio():
    wmt = wmt_rows([("RNNsearch", "b2014", "2014-09-01", 30.0, "b"), ("Transformer base", "vaswani2017attention", "2017-06-12", 31.0, "t")])
    training = runs([("b", "train", "gtx580", 1, 0.0), ("t", "train", "p100_sxm2", 8, 12)])
    data = Dataset(processors=processors(), cloud_prices=prices(), training_runs=training, results={"wmt14_en_fr": wmt})
    row = rt.build(ReportContext(data))["transformer_vs_seq2seq"].iloc[0]
    assert row["baseline_gflop"] == 0.0 and row["seq2seq_burden_ratio"] == 0.0 and row["seq2seq_hours_ratio"] == 0.0
    assert np.isnan(row["seq2seq_peak_ratio"])


def test_the_reference_keeps_its_label_when_a_larger_result_shares_its_window():
    rows = [("1 CNN", "krizhevsky2012imagenet", "2012-12-01", 59.3, "alex", None),
            ("Net Y", "y2013", "2013-06-01", 65.0, "y", None), ("Net C", "c2018", "2018-06-01", 80.0, "c", None)]
    training = runs([("alex", "train", "gtx580", 2, 132), ("y", "train", "p100_sxm2", 8, 24), ("c", "train", "v100_sxm2", 64, 24)])
    data = Dataset(processors=processors(), cloud_prices=prices(), training_runs=training, results={"imagenet": imagenet(rows)})
    points = rt.build(ReportContext(data))["trend_points"]
    # Net Y (2013) is a record larger than AlexNet, but 2012-13 is AlexNet's window: only AlexNet is labelled there
    assert points["relative_to_alexnet"].iloc[1] > 1
    assert list(points["labelled"]) == [True, False, True]


def test_a_label_of_details_only_is_kept_whole():
    assert rt.short_label("(unnamed ensemble)") == "(unnamed ensemble)"
    assert rt.short_label("Net (large) (v2)") == "Net"


def test_imagenet_without_either_reference_has_no_halving_rows():
    rows = [("Net A", "a2014", "2014-06-01", 70.0, "a", 4e9), ("Net C", "c2018", "2018-06-01", 80.0, "c", 1e9)]
    training = runs([("a", "train", "p100_sxm2", 8, 24), ("c", "train", "v100_sxm2", 64, 24)])
    data = Dataset(processors=processors(), cloud_prices=prices(), training_runs=training, results={"imagenet": imagenet(rows)})
    halving = rt.build(ReportContext(data))["algorithmic_halving"]
    assert halving.empty and list(halving.columns) == list(rt.DECLARED["algorithmic_halving"].columns)


def test_without_results_every_output_is_empty_with_its_declared_columns():
    tables = rt.build(ReportContext(Dataset(processors=processors(), cloud_prices=prices(), training_runs=runs([]))))
    assert set(tables) == set(rt.DECLARED)
    for name, frame in tables.items():
        assert frame.empty and list(frame.columns) == list(rt.DECLARED[name].columns), name


def test_the_transformer_row_follows_other_benchmarks():
    data = labelled_dataset()
    wmt = wmt_rows([("RNNsearch", "b2014", "2014-09-01", 28.0, "b"), ("Transformer big", "vaswani2017attention", "2017-06-12", 41.0, "t")])
    training = pd.concat([data.training_runs, runs([("t", "train", "p100_sxm2", 8, 84)])], ignore_index=True)
    data = Dataset(processors=processors(), cloud_prices=prices(), training_runs=training,
                   results={"imagenet": data.results["imagenet"], "wmt14_en_fr": wmt})
    translation = rt.build(ReportContext(data))["transformer_vs_seq2seq"]
    assert list(translation["benchmark"]) == ["wmt14_en_fr"]
    # the 2014 baseline reuses ImageNet's run "b" (8 P100s for 48 hours)
    assert translation["seq2seq_hours_ratio"].iloc[0] == pytest.approx((8 * 48) / (8 * 84))


def test_a_measure_without_records_has_an_empty_row():
    rows = [("1 CNN", "krizhevsky2012imagenet", "2012-12-01", 59.3, "alex", None), ("Net A", "a2014", "2014-06-01", 70.0, "a", None)]
    training = runs([("alex", "train", "gtx580", 2, 132), ("a", "train", "p100_sxm2", 8, 24)])
    data = Dataset(processors=processors(), cloud_prices=prices(), training_runs=training, results={"imagenet": imagenet(rows)})
    halving = rt.build(ReportContext(data))["algorithmic_halving"].set_index("measure")
    per_pass = halving.loc["per_pass"]  # no result has a computation per pass
    assert per_pass["reference_model"] == "AlexNet" and per_pass["n_reached"] == 0 and per_pass["n"] == 0
    assert all(pd.isna(per_pass[c]) for c in ("first_model", "first_year", "last_model", "last_year", "reduction_factor", "halving_months"))
    assert per_pass["halving_pace"] == "" and per_pass["record_models"] == ""
    assert halving.loc["hardware_burden", "n"] == 1 and halving.loc["hardware_burden", "n_reached"] == 2
