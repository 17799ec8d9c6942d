"""Rules of the data-page outputs on small synthetic inputs: coverage counts, training runs complete or not (a run
with a stage without hours has no hardware burden and is counted apart), the files offered, and the processor
catalogue priced at the paper's peak."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import paths
from analysis import report_data as rd
from analysis.context import ReportContext
from analysis.data import Dataset
from analysis.outputs import check_frame

from synthetic import imagenet, prices, processors, runs


def synthetic_context() -> ReportContext:
    results = imagenet([
        ("1 CNN", "krizhevsky2012imagenet", "2012-12-01", 59.3, "alex", None),
        ("Net A", "a2014", "2014-06-01", 70.0, "a", 4e9),
        ("Net A small", "a2014", "2014-06-01", 68.0, None, 2e9),
        ("Net B", "b2016", "2016-06-01", 76.0, "b", None),
    ])
    training = runs([("alex", "train", "gtx580", 2, 132), ("a", "pretrain", "tpu_v3", 32, 10), ("a", "train", "p100_sxm2", 8, 24),
                     ("b", "pretrain", "v100_sxm2", 16, None), ("b", "train", "v100_sxm2", 16, 48)])
    return ReportContext(Dataset(processors=processors(), cloud_prices=prices(), training_runs=training, results={"imagenet": results}))


def test_coverage_and_summary_count_results_per_year():
    coverage, summary = rd._coverage(synthetic_context())
    check_frame(rd.DECLARED["data_coverage"], "data_coverage", coverage)
    by_year = coverage.set_index("year")
    assert list(by_year.loc[2014, ["n_results", "n_with_per_pass", "n_with_burden"]]) == [2, 2, 1]
    row = summary.iloc[0]
    assert (row["n_results"], row["n_papers"], row["n_with_per_pass"], row["n_with_burden"]) == (4, 3, 2, 2)  # b has a stage without hours
    assert (row["first_year"], row["last_year"], row["data_path"]) == (2012, 2016, "results/imagenet.csv")


def test_a_run_with_a_stage_without_hours_is_counted_apart():
    ctx = synthetic_context()
    runs_table = rd._runs(ctx).set_index("training_run")
    assert runs_table.loc["a", "run_complete"] and not runs_table.loc["b", "run_complete"]
    assert np.isnan(runs_table.loc["b", "hardware_burden_gflop"]) and np.isnan(runs_table.loc["b", "run_hours"])
    assert runs_table.loc["b", "n_stages_without_hours"] == 1
    assert runs_table.loc["a", "run_stages"] == "pretrain + train" and runs_table.loc["a", "max_processor_count"] == 32
    assert runs_table.loc["a", "run_processor_hours"] == pytest.approx(32 * 10 + 8 * 24)
    assert runs_table.loc["a", "hardware_burden_gflop"] == pytest.approx((32 * 10 * 1.2e14 + 8 * 24 * 1e13) * 3600 / 1e9)
    assert runs_table.loc["alex", "paper_url"] == "https://x/krizhevsky2012imagenet"
    counts = rd._counts(ctx, rd._runs(ctx)).iloc[0]
    check_frame(rd.DECLARED["data_counts"], "data_counts", rd._counts(ctx, rd._runs(ctx)))
    assert (counts["n_runs"], counts["n_complete_runs"], counts["n_incomplete_runs"]) == (3, 2, 1)
    assert (counts["n_stages"], counts["n_stages_without_hours"]) == (5, 1)


def test_every_file_of_the_package_is_offered(tmp_path):
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "x.csv").write_text("a\n1\n2\n")
    (tmp_path / "datapackage.yaml").write_text(
        "name: t\nresources:\n  - {name: results_x, path: results/x.csv, title: X results, description: d}\n"
        "  - {name: missing, path: missing.csv}\n")
    files = rd._files(tmp_path)
    check_frame(rd.DECLARED["data_files"], "data_files", files)
    assert list(files["data_path"]) == ["results/x.csv", "missing.csv", "datapackage.yaml"]
    assert files["n_rows"].iloc[0] == 2 and pd.isna(files["n_rows"].iloc[1])
    real = rd._files(paths.REPO_ROOT / "data")
    assert {"training_runs.csv", "processors.csv", "cloud_prices.csv", "datapackage.yaml", "paper_points.csv"} <= set(real["data_path"])
    assert any(p.startswith("results/") for p in real["data_path"])


def test_catalogue_prices_a_tpu_at_its_bf16_peak():
    catalogue, listed = rd._processors(synthetic_context())
    check_frame(rd.DECLARED["processor_catalogue"], "processor_catalogue", catalogue)
    check_frame(rd.DECLARED["cloud_prices"], "cloud_prices", listed)
    tpu = catalogue.set_index("processor_key").loc["tpu_v3"]
    assert tpu["peak_flop_per_usd"] == pytest.approx(1.2e14 * 3600 / 2.0)
    assert catalogue.set_index("processor_key")["peak_flop_per_usd"].notna().sum() == 1
    assert list(catalogue["processor_released"]) == sorted(catalogue["processor_released"])
    assert listed.iloc[0]["processor_name"] == "TPU v3"
