"""Rules of the trends and algorithmic-progress outputs on small synthetic inputs: which points the figure labels,
the growth line, the year-term reading, fixed-error records and their pace against Hernandez & Brown, and the
Transformer matched against a 2014 baseline."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analysis import report_trends as rt
from analysis.context import ReportContext
from analysis.data import Dataset
from analysis.outputs import check_frame
from analysis.paper import HERNANDEZ_BROWN_HALVING_MONTHS, PAPER_YEARS_PER_TENFOLD
from analysis.rules import SIGNIFICANCE_LEVEL
from analysis.trends import cheapest_match, growth, notable, records_to_reach

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
