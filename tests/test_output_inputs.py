"""Every output declares the data files it reads: a change to a file moves only outputs that declare it.

Each data file of a small synthetic data set is changed in turn (its numbers scaled, its text edited); every output
whose table moves must list that file among its inputs (`analysis.report.outputs.Output.inputs`). An output that reads a
file it does not declare would be left stale by a build that re-runs pages by their declared inputs.
"""
from __future__ import annotations

import fnmatch

import pandas as pd
import pytest

from analysis.report import later as report_later
from analysis.report import compute_tables, declared_outputs
from test_report_paper import paper_dataset


def _scaled(frame: pd.DataFrame, columns: tuple[str, ...], factor: float) -> pd.DataFrame:
    out = frame.copy()
    for c in columns:
        if c in out.columns:
            out[c] = out[c] * factor
    return out


def _edits(dataset):
    """(file, changed data set) for every file of the synthetic data set."""
    from dataclasses import replace

    yield "processors.csv", replace(dataset, processors=_scaled(dataset.processors, ("peak_flops_fp32", "peak_flops_fp16"), 2.0))
    yield "cloud_prices.csv", replace(dataset, cloud_prices=_scaled(dataset.cloud_prices, ("usd_per_hour",), 2.0))
    yield "training_runs.csv", replace(dataset, training_runs=_scaled(dataset.training_runs, ("hours", "processor_hours"), 2.0))
    yield "paper_points.csv", replace(dataset, paper_points=_scaled(dataset.paper_points, ("hardware_burden_gflop",), 2.0))
    mapping = dataset.paper_points_map
    yield "paper_points_map.csv", replace(dataset, paper_points_map=mapping.assign(
        notes=mapping["notes"] + " (edited)", cause=mapping["cause"].where(mapping["cause"].isna(), "slip")))
    for benchmark_id, table in dataset.results.items():
        score = [c for c in table.columns if c.endswith("_pct") or c == "bleu"][0]
        edited = table.copy()
        edited[score] = edited[score] - 0.5
        yield f"results/{benchmark_id}.csv", replace(dataset, results={**dataset.results, benchmark_id: edited})


def _differs(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    if list(a.columns) != list(b.columns) or len(a) != len(b):
        return True
    return not a.reset_index(drop=True).equals(b.reset_index(drop=True))


def _declares(output, instance: str, file: str) -> bool:
    benchmark_id = instance.split("/", 1)[1] if "/" in instance else None
    return any(fnmatch.fnmatch(file, pattern) for pattern in output.inputs_of(benchmark_id))


@pytest.fixture(scope="module")
def baseline(monkeypatch_module):
    return compute_tables(paper_dataset())


@pytest.fixture(scope="module")
def monkeypatch_module():
    """The coverage simulation reads no data (it declares no input) and is slow: a fixed table stands in for it."""
    patch = pytest.MonkeyPatch()
    patch.setattr(report_later, "coverage",
                  lambda *a, **k: pd.DataFrame(columns=list(report_later.DECLARED["interval_coverage"].columns)))
    yield patch
    patch.undo()


def test_every_output_that_moves_with_a_file_declares_it(baseline):
    declared = declared_outputs()
    undeclared, moved_any = [], set()
    for file, dataset in _edits(paper_dataset()):
        tables = compute_tables(dataset)
        for instance, table in tables.items():
            if instance in baseline and _differs(baseline[instance], table):
                moved_any.add(file)
                if not _declares(declared.of_instance(instance), instance, file):
                    undeclared.append(f"{instance} moves with {file} but does not declare it")
    assert not undeclared, "\n".join(undeclared)
    # the edits are real: each file moves at least one output
    assert moved_any >= {"processors.csv", "training_runs.csv", "paper_points.csv", "paper_points_map.csv",
                         "cloud_prices.csv"}
