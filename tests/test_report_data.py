"""Rules of the data-page outputs on small synthetic inputs: coverage counts per benchmark and year, training runs
complete or not (a run with a stage without hours has no hardware burden and is counted apart) with their processors,
assumptions and users, the counts across benchmarks, the files offered, and the processor catalogue and cloud prices
(priced at the paper's peak), column by column."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.data import paths
from analysis.report import data as rd
from analysis.report.context import ReportContext
from analysis.data import Dataset
from analysis.report.outputs import check_frame

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
    assert list(files["file_title"][:2]) == ["X results", "missing"]  # a resource without a title: its name
    assert list(files["file_description"][:2]) == ["d", ""]
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


# two benchmarks, runs with assumptions, a run nobody uses, an uncatalogued processor

def two_benchmarks_context(catalogue: pd.DataFrame | None = None, cloud: pd.DataFrame | None = None) -> ReportContext:
    results = imagenet([
        ("1 CNN", "krizhevsky2012imagenet", "2012-12-01", 59.3, "alex", None),
        ("Net A", "a2014", "2014-06-01", 70.0, "a", 4e9),
        ("Net A small", "a2014", "2014-06-01", 68.0, None, 2e9),
        ("Net B", "b2016", "2016-06-01", 76.0, "b", None),
    ])
    tagger = imagenet([
        ("Tagger", "a2014", "2015-01-01", 90.0, "a", 1e9),
        ("Tagger 2", "c2019", "2019-02-01", 92.0, "k", None),
        ("Tagger 3", "c2019", "2019-03-01", 93.0, None, None),
    ]).rename(columns={"top1_pct": "f1_pct"}).drop(columns="top5_pct")
    for frame, url in ((results, "https://first/"), (tagger, "https://second/")):
        frame["paper_url"] = url + frame["model"]
    results.loc[results["model"] == "Net B", "paper_url"] = None  # a result without a link still uses its run
    training = runs([("alex", "train", "gtx580", 2, 132), ("a", "pretrain", "tpu_v3", 32, 10), ("a", "train", "p100_sxm2", 8, 24),
                     ("b", "pretrain", "v100_sxm2", 16, None), ("b", "train", "v100_sxm2", 12, 48),
                     ("orphan", "train", "v100_sxm2", 4, 5), ("k", "train", "k80", 2, 7), ("k", "finetune", "p100_sxm2", 1, 1)])
    training["assumption"] = pd.array([None, "form_factor", "form_factor", "time_scaled", "second_hand", None, "processor_generation", None],
                                      dtype="string")
    if cloud is None:
        cloud = pd.DataFrame({"processor": ["tpu_v3", "v100_sxm2", "tpu_v3"], "provider": ["cloud A", "cloud B", "cloud C"],
                              "usd_per_hour": [2.0, 3.0, 1.0], "price_date": pd.to_datetime(["2019-06-27", "2018-01-01", "2019-06-27"]),
                              "source": ["s1", "s2", "s3"], "notes": ""})
    return ReportContext(Dataset(processors=processors() if catalogue is None else catalogue, cloud_prices=cloud, training_runs=training,
                                 results={"conll2003": tagger, "imagenet": results}))


def test_coverage_is_per_benchmark_in_registry_order_then_per_year():
    coverage, summary = rd._coverage(two_benchmarks_context())
    check_frame(rd.DECLARED["data_summary"], "data_summary", summary)
    assert list(zip(coverage["benchmark"], coverage["year"])) == [
        ("imagenet", 2012), ("imagenet", 2014), ("imagenet", 2016), ("conll2003", 2015), ("conll2003", 2019)]
    assert coverage["year"].dtype.kind == "i" and list(coverage.index) == list(range(5))
    assert list(coverage["benchmark_title"]) == ["ImageNet"] * 3 + ["CoNLL-2003"] * 2
    assert list(coverage["n_results"]) == [1, 2, 1, 1, 2]
    assert list(coverage["n_with_per_pass"]) == [0, 2, 0, 1, 0]
    assert list(coverage["n_with_burden"]) == [1, 1, 0, 1, 0]  # b has a stage without hours, k a processor not catalogued
    conll = summary.set_index("benchmark").loc["conll2003"]
    assert conll[["n_results", "n_papers", "n_with_per_pass", "first_year", "last_year"]].tolist() == [3, 2, 1, 2015, 2019]
    assert conll["benchmark_title"] == "CoNLL-2003" and conll["data_path"] == "results/conll2003.csv"
    assert list(summary["beyond_paper"]) == [False, False]
    assert list(summary["n_with_burden"]) == [2, 1] and list(summary["n_papers"]) == [3, 2]


def test_no_benchmark_no_coverage_rows():
    empty = ReportContext(Dataset(processors=processors(), cloud_prices=prices(), training_runs=runs([("x", "train", "v100_sxm2", 1, 1)])))
    coverage, summary = rd._coverage(empty)
    assert coverage.empty and list(coverage.columns) == list(rd.DECLARED["data_coverage"].columns)
    assert summary.empty and list(summary.columns) == list(rd.DECLARED["data_summary"].columns)
    counts = rd._counts(empty, pd.DataFrame({"run_complete": [True]})).iloc[0]
    assert (counts["n_results"], counts["n_papers"], counts["n_benchmarks"], counts["n_runs"]) == (0, 0, 0, 1)


def test_each_run_in_one_row_column_by_column():
    table = rd._runs(two_benchmarks_context())
    check_frame(rd.DECLARED["data_training_runs"], "data_training_runs", table)
    assert list(table["training_run"]) == ["a", "alex", "b", "k", "orphan"]
    t = table.set_index("training_run")
    assert t.loc["a", "paper_url"] == "https://second/Tagger"  # the first result in the data that uses the run
    assert t.loc["alex", "paper_url"] == "https://first/1 CNN"
    assert pd.isna(t.loc["orphan", "paper_url"]) and t.loc["orphan", "n_results"] == 0
    assert list(t["n_results"]) == [2, 1, 1, 1, 0]
    assert pd.isna(t.loc["b", "paper_url"])
    assert t.loc["a", "run_processors"] == "TPU v3 + P100" and t.loc["b", "run_processors"] == "V100"
    assert t.loc["k", "run_processors"] == "k80 + P100" and t.loc["k", "run_stages"] == "train + finetune"
    assert list(t["max_processor_count"]) == [32, 2, 16, 2, 4]
    assert t.loc["a", "run_hours"] == 34 and t.loc["orphan", "run_hours"] == 5 and np.isnan(t.loc["b", "run_hours"])
    assert t.loc["orphan", "run_processor_hours"] == 20
    assert t.loc["orphan", "hardware_burden_gflop"] == pytest.approx(4 * 5 * 3600 * 1.5e13 / 1e9)
    assert list(t["run_complete"]) == [True, True, False, False, True]  # k80 is not catalogued: no burden
    assert list(t["n_stages_without_hours"]) == [0, 0, 1, 0, 0]
    assert t.loc["a", "run_assumptions"] == "form factor"  # each class once, in words
    assert t.loc["b", "run_assumptions"] == "time scaled, second hand"
    assert t.loc["k", "run_assumptions"] == "processor generation"
    assert pd.isna(t.loc["alex", "run_assumptions"]) and pd.isna(t.loc["orphan", "run_assumptions"])


def test_counts_across_benchmarks():
    ctx = two_benchmarks_context()
    counts = rd._counts(ctx, rd._runs(ctx)).iloc[0]
    assert counts.to_dict() == {"n_results": 7, "n_papers": 4, "n_benchmarks": 2, "n_runs": 5, "n_complete_runs": 3,
                                "n_incomplete_runs": 2, "n_stages": 8, "n_stages_without_hours": 1, "n_processors": 5,
                                "n_prices": 3}


def test_a_file_without_title_or_description_is_named_by_its_resource(tmp_path):
    (tmp_path / "a.csv").write_text("x,y\n1,2\n3,4\n5,6\n")
    (tmp_path / "datapackage.yaml").write_text("name: t\nresources:\n  - {name: plain_a, path: a.csv}\n")
    files = rd._files(tmp_path)
    assert files.iloc[0].tolist() == ["a.csv", "plain_a", 3, ""]
    descriptor = files.iloc[1]
    assert descriptor["data_path"] == "datapackage.yaml" and pd.isna(descriptor["n_rows"])
    assert isinstance(descriptor["file_title"], str) and descriptor["file_title"]
    assert isinstance(descriptor["file_description"], str) and descriptor["file_description"]


def test_catalogue_and_prices_column_by_column():
    extra = processors().iloc[[2]].assign(processor="a_gpu", name="A GPU", source="sa")  # released with the V100
    catalogue, listed = rd._processors(two_benchmarks_context(catalogue=pd.concat([processors(), extra], ignore_index=True)))
    assert list(catalogue["processor_key"]) == ["gtx580", "p100_sxm2", "a_gpu", "v100_sxm2", "tpu_v3", "h100_sxm"]
    c = catalogue.set_index("processor_key")
    assert c.loc["a_gpu", "processor_name"] == "A GPU" and c.loc["a_gpu", "processor_source"] == "sa"
    assert c.loc["tpu_v3", "processor_type"] == "tpu" and c.loc["tpu_v3", "processor_vendor"] == "V"
    assert c.loc["tpu_v3", "processor_released"] == pd.Timestamp("2018-05-08")
    assert c.loc["v100_sxm2", "fp32_flops_per_watt"] == pytest.approx(1.5e13 / 300)
    assert c.loc["v100_sxm2", "fp16_flops_per_watt"] == pytest.approx(1.2e14 / 300)
    assert np.isnan(c.loc["tpu_v3", "fp32_flops_per_watt"]) and np.isnan(c.loc["gtx580", "fp16_flops_per_watt"])
    assert c.loc["tpu_v3", "usd_per_processor_hour"] == 1.0 and c.loc["v100_sxm2", "usd_per_processor_hour"] == 3.0
    assert c.loc["v100_sxm2", "peak_flop_per_usd"] == pytest.approx(1.5e13 * 3600 / 3.0)  # FP32, not its tensor peak
    assert c.loc["tpu_v3", "peak_flop_per_usd"] == pytest.approx(1.2e14 * 3600 / 1.0)
    assert c["usd_per_processor_hour"].isna().sum() == 4
    assert list(catalogue.index) == list(range(6))
    assert list(zip(listed["processor_key"], listed["price_provider"])) == [("v100_sxm2", "cloud B"), ("tpu_v3", "cloud A"),
                                                                           ("tpu_v3", "cloud C")]
    assert list(listed["processor_name"]) == ["V100", "TPU v3", "TPU v3"]
    assert list(listed["usd_per_processor_hour"]) == [3.0, 2.0, 1.0]
    assert list(listed["processor_source"]) == ["s2", "s1", "s3"]
    assert list(listed["price_date"]) == list(pd.to_datetime(["2018-01-01", "2019-06-27", "2019-06-27"]))
    assert list(listed.index) == [0, 1, 2]


def test_cloud_prices_of_one_day_are_ordered_by_processor():
    cloud = pd.DataFrame({"processor": ["v100_sxm2", "p100_sxm2"], "provider": "c", "usd_per_hour": [3.0, 1.0],
                          "price_date": pd.to_datetime(["2019-01-01"] * 2), "source": "s", "notes": ""})
    _, listed = rd._processors(two_benchmarks_context(cloud=cloud))
    assert list(listed["processor_key"]) == ["p100_sxm2", "v100_sxm2"]


def test_build_returns_every_output_and_the_configured_data_files(tmp_path, monkeypatch):
    (tmp_path / "a.csv").write_text("x\n1\n")
    (tmp_path / "datapackage.yaml").write_text("name: t\nresources:\n  - {name: a, path: a.csv, title: A}\n")
    monkeypatch.setenv(paths.DATA_DIR_VARIABLE, str(tmp_path))
    outputs = rd.build(two_benchmarks_context())
    assert list(outputs) == ["data_coverage", "data_summary", "data_training_runs", "data_counts", "data_files",
                             "processor_catalogue", "cloud_prices"]
    for name, frame in outputs.items():
        check_frame(rd.DECLARED[name], name, frame)
    assert list(outputs["data_files"]["data_path"]) == ["a.csv", "datapackage.yaml"]
    assert outputs["data_counts"]["n_runs"].iloc[0] == len(outputs["data_training_runs"]) == 5
    assert len(outputs["data_coverage"]) == 5 and len(outputs["data_summary"]) == 2
    assert len(outputs["processor_catalogue"]) == 5 and len(outputs["cloud_prices"]) == 3


def test_no_training_run_gives_an_empty_runs_table_and_zero_counts():
    none = runs([("x", "train", "v100_sxm2", 1, 1)]).iloc[0:0]
    results = imagenet([("A", "a2014", "2014-06-01", 70.0, None, 1e9)])
    ctx = ReportContext(Dataset(processors=processors(), cloud_prices=prices(), training_runs=none, results={"imagenet": results}))
    table = rd._runs(ctx)
    check_frame(rd.DECLARED["data_training_runs"], "data_training_runs", table)
    assert table.empty
    counts = rd._counts(ctx, table).iloc[0]
    assert (counts["n_runs"], counts["n_complete_runs"], counts["n_incomplete_runs"], counts["n_stages"]) == (0, 0, 0, 0)
    assert (counts["n_results"], counts["n_papers"]) == (1, 1)
