"""Rules of `analysis.stats.sensitivity` on small hand-made inputs: which scenarios replace which assumption classes, how
a scenario swaps processors or drops runs (and leaves the data as recorded otherwise), the leave-one-paper-out slopes
against numpy's own least squares (with the minimum number of points left), and the paper whose removal flattens a
slope most."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from analysis.stats import sensitivity as sens
from analysis.data import Dataset
from analysis.stats.models import MIN_POINTS


def stages(rows) -> pd.DataFrame:
    """rows: (training_run, processor, assumption or None, alternative_processor or None)."""
    return pd.DataFrame({"training_run": [r[0] for r in rows], "stage": "train", "processor": [r[1] for r in rows],
                         "processor_count": 1, "hours": 1.0,
                         "assumption": pd.array([r[2] for r in rows], dtype="string"),
                         "alternative_processor": pd.array([r[3] for r in rows], dtype="string")})


RUNS = stages([
    ("gen", "tpu_v3", "processor_generation", "tpu_v2"),
    ("form", "v100_sxm2", "form_factor", "v100_pcie"),
    ("form_blank", "a100_sxm", "form_factor", ""),
    ("form_none", "a100_pcie", "form_factor", None),
    ("form_short", "x100_sxm", "form_factor", "z"),
    ("scaled", "p100_sxm2", "time_scaled", None),
    ("second", "k80", "second_hand", None),
    ("plain", "v100_sxm2", None, "p100_sxm2"),
])


def processors_of(runs: pd.DataFrame) -> dict:
    return dict(zip(runs["training_run"], runs["processor"]))


# scenarios and assumption classes

def test_every_scenario_names_its_classes():
    assert sens.scenario_classes(sens.BASELINE) == ()
    assert sens.scenario_classes(sens.ALL_ASSUMPTIONS) == sens.ASSUMPTION_CLASSES
    for name in sens.ASSUMPTION_CLASSES:
        assert sens.scenario_classes(name) == (name,)
    assert sens.SCENARIOS == ("none", "processor_generation", "form_factor", "time_scaled", "second_hand", "precision_inferred", "all")
    assert set(sens.ALTERNATIVES) == set(sens.SCENARIOS)


def test_an_unknown_scenario_is_refused_with_the_choices():
    with pytest.raises(ValueError) as error:
        sens.scenario_classes("Form_factor")
    assert "'Form_factor'" in str(error.value)
    assert "none, processor_generation, form_factor, time_scaled, second_hand, precision_inferred, all" in str(error.value)


def test_assumptions_need_both_columns():
    assert sens.has_assumptions(RUNS)
    assert sens.has_assumptions(pd.DataFrame(columns=["assumption", "alternative_processor"]))  # those two alone
    assert not sens.has_assumptions(RUNS.drop(columns="alternative_processor"))
    assert not sens.has_assumptions(RUNS.drop(columns="assumption"))
    assert not sens.has_assumptions(RUNS.drop(columns=["assumption", "alternative_processor"]))


def test_runs_resting_on_a_class():
    assert sens.runs_with(RUNS, ("time_scaled",)) == {"scaled"}
    assert sens.runs_with(RUNS, ("form_factor", "second_hand")) == {"form", "form_blank", "form_none", "form_short", "second"}
    assert sens.runs_with(RUNS, ()) == set()
    assert sens.runs_with(RUNS.drop(columns="alternative_processor"), ("time_scaled",)) == set()


# alternative readings of the training runs

def test_a_swapped_class_takes_the_alternative_processor_where_one_is_given():
    swapped = processors_of(sens.alternative_runs(RUNS, "form_factor"))
    assert swapped == {"gen": "tpu_v3", "form": "v100_pcie", "form_blank": "a100_sxm", "form_none": "a100_pcie",
                       "form_short": "z", "scaled": "p100_sxm2", "second": "k80", "plain": "v100_sxm2"}
    generation = processors_of(sens.alternative_runs(RUNS, "processor_generation"))
    assert generation == {**processors_of(RUNS), "gen": "tpu_v2"}


def test_a_dropped_class_removes_its_runs_and_swaps_nothing():
    for scenario, gone in (("time_scaled", "scaled"), ("second_hand", "second")):
        runs = sens.alternative_runs(RUNS, scenario)
        assert list(runs["training_run"]) == [r for r in RUNS["training_run"] if r != gone]
        assert list(runs["processor"]) == [p for r, p in zip(RUNS["training_run"], RUNS["processor"]) if r != gone]


def test_every_alternative_at_once():
    runs = sens.alternative_runs(RUNS, sens.ALL_ASSUMPTIONS)
    assert processors_of(runs) == {"gen": "tpu_v2", "form": "v100_pcie", "form_blank": "a100_sxm", "form_none": "a100_pcie",
                                   "form_short": "z", "plain": "v100_sxm2"}


def test_a_run_with_one_dropped_stage_loses_every_stage():
    runs = stages([("mixed", "v100_sxm2", None, None), ("mixed", "tpu_v3", "second_hand", None), ("kept", "k80", None, None)])
    assert list(sens.alternative_runs(runs, "second_hand")["training_run"]) == ["kept"]


def test_the_recorded_runs_are_never_modified():
    before = RUNS.copy()
    baseline = sens.alternative_runs(RUNS, sens.BASELINE)
    assert baseline.equals(RUNS) and baseline is not RUNS
    sens.alternative_runs(RUNS, sens.ALL_ASSUMPTIONS)
    pd.testing.assert_frame_equal(RUNS, before)
    plain = RUNS.drop(columns=["assumption", "alternative_processor"])
    unchanged = sens.alternative_runs(plain, sens.ALL_ASSUMPTIONS)
    assert unchanged.equals(plain) and unchanged is not plain


def test_the_alternative_dataset_changes_only_the_training_runs():
    processors, prices = pd.DataFrame({"processor": ["k80"]}), pd.DataFrame({"processor": ["k80"], "usd_per_hour": [1.0]})
    results = {"imagenet": pd.DataFrame({"training_run": ["second"]})}
    dataset = Dataset(processors=processors, cloud_prices=prices, training_runs=RUNS, results=results, fingerprint="abc")
    alternative = sens.alternative_dataset(dataset, "second_hand")
    assert list(alternative.training_runs["training_run"]) == [r for r in RUNS["training_run"] if r != "second"]
    assert alternative.processors is processors and alternative.cloud_prices is prices
    assert alternative.results is results and alternative.fingerprint == "abc"
    assert len(dataset.training_runs) == len(RUNS)
    with pytest.raises(ValueError, match="unknown assumption scenario"):
        sens.alternative_dataset(dataset, "guess")


# leave one paper out

def points(x, error, papers) -> pd.DataFrame:
    return pd.DataFrame({"compute_gflop": 10.0 ** np.asarray(x, dtype="float64"), "error_pct": error,
                         "paper_key": papers})


def test_leave_one_paper_out_is_least_squares_without_the_paper():
    x = [10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0]
    error = [40.0, 30.0, 28.0, 20.0, 15.0, 14.0, 9.0]
    papers = ["b", "a", "b", "c", "a", "d", "e"]
    loo = sens.leave_one_paper_out(points(x, error, papers), "polynomial")
    assert list(loo["paper_key"]) == ["a", "b", "c", "d", "e"]
    assert list(loo["n"]) == [5, 5, 6, 6, 6] and loo["n"].dtype == "int64"
    for paper, slope in zip(loo["paper_key"], loo["slope"]):
        keep = [p != paper for p in papers]
        expected = np.polyfit(np.array(x)[keep], np.log10(np.array(error)[keep]), 1)[0]
        assert slope == pytest.approx(expected, rel=1e-9)


def test_leave_one_paper_out_of_the_logit_transform():
    x = [10.0, 11.0, 12.0, 13.0, 14.0]
    error = [60.0, 45.0, 30.0, 22.0, 10.0]
    papers = ["a", "b", "c", "d", "e"]
    loo = sens.leave_one_paper_out(points(x, error, papers), "logit")
    e = np.array(error)
    for i, slope in enumerate(loo["slope"]):
        keep = np.arange(5) != i
        assert slope == pytest.approx(np.polyfit(np.array(x)[keep], np.log(e / (100 - e))[keep], 1)[0], rel=1e-9)


def test_a_slope_needs_min_points_left():
    # MIN_POINTS + 1 points of distinct papers: each refit keeps exactly MIN_POINTS
    n = MIN_POINTS + 1
    x = np.arange(n, dtype="float64") + 10
    loo = sens.leave_one_paper_out(points(x, 10.0 ** (1 - 0.1 * (x - 10)), [f"p{i}" for i in range(n)]), "polynomial")
    assert (loo["n"] == MIN_POINTS).all()
    assert loo["slope"].to_numpy() == pytest.approx(np.full(n, -0.1))
    # one point fewer: MIN_POINTS - 1 left, no slope
    short = sens.leave_one_paper_out(points(x[:-1], 10.0 ** (1 - 0.1 * (x[:-1] - 10)), [f"p{i}" for i in range(n - 1)]),
                                     "polynomial")
    assert (short["n"] == MIN_POINTS - 1).all() and short["slope"].isna().all() and short["slope"].dtype == "float64"


def test_no_slope_without_spread_or_without_points_and_no_warning():
    # leaving out "lever" leaves four points at one computation; one paper alone leaves nothing
    shared = points([12.0, 12.0, 12.0, 12.0, 14.0], [20.0, 21.0, 19.0, 20.5, 5.0], ["a", "b", "c", "d", "lever"])
    alone = points([10.0, 11.0, 12.0, 13.0], [30.0, 20.0, 10.0, 5.0], ["solo"] * 4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loo = sens.leave_one_paper_out(shared, "polynomial").set_index("paper_key")
        solo = sens.leave_one_paper_out(alone, "polynomial")
    assert np.isnan(loo.loc["lever", "slope"]) and loo.loc["lever", "n"] == 4
    assert np.isfinite(loo.loc["a", "slope"]) and loo.loc["a", "n"] == 4
    assert list(solo["paper_key"]) == ["solo"] and list(solo["n"]) == [0] and solo["slope"].isna().all()


def test_no_points_no_rows():
    empty = sens.leave_one_paper_out(points([], [], []), "polynomial")
    assert list(empty.columns) == ["paper_key", "n", "slope"] and empty.empty
    assert str(empty["paper_key"].dtype) == "string" and empty["n"].dtype == "int64" and empty["slope"].dtype == "float64"


def test_paper_keys_that_are_not_strings_are_named_as_text():
    loo = sens.leave_one_paper_out(points([10.0, 11.0, 12.0, 13.0, 14.0], [50.0, 40.0, 30.0, 20.0, 10.0], [5, 4, 3, 2, 1]),
                                   "polynomial")
    assert list(loo["paper_key"]) == ["1", "2", "3", "4", "5"]


# the flattest refit

def loo_table(slopes: dict) -> pd.DataFrame:
    return pd.DataFrame({"paper_key": list(slopes), "n": 5, "slope": list(slopes.values())})


def test_flattest_of_a_negative_slope_is_the_largest_refit():
    loo = loo_table({"a": -0.12, "b": -0.02, "c": np.nan, "d": -0.3})
    paper, slope = sens.flattest(loo, -0.1)
    assert (paper, slope) == ("b", -0.02) and type(paper) is str and type(slope) is float
    assert sens.flattest(loo_table({"a": -0.12, "b": 0.05}), -0.1) == ("b", 0.05)  # past zero


def test_flattest_of_a_positive_slope_is_the_smallest_refit():
    loo = loo_table({"a": 0.8, "b": 1.3, "c": 0.2})
    assert sens.flattest(loo, 1.0) == ("c", 0.2)
    assert sens.flattest(loo_table({"a": 0.8, "b": -0.1}), 0.5) == ("b", -0.1)


def test_no_flattest_refit_without_a_slope():
    loo = loo_table({"a": -0.12, "b": -0.02})
    for slope in (0.0, float("nan"), float("inf"), float("-inf")):
        paper, flat = sens.flattest(loo, slope)
        assert paper is None and np.isnan(flat)
    paper, flat = sens.flattest(loo_table({"a": np.nan, "b": np.nan}), -0.1)
    assert paper is None and np.isnan(flat)
