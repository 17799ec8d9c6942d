"""The whole book, built with warnings as errors: pages, glued numbers, key-number table, headline checks."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.keynumbers import headline_rows
from analysis.paper import PAPER_CUTOFF_DATE, PAPER_EXTRAPOLATIONS, PAPER_R2_RANGE
from analysis.registry import BENCHMARKS
from conftest import ROOT
from notebook_glue import glued_values

EXPECTED = ROOT / "tests" / "expected" / "key_numbers.csv"
MATCH_COLUMNS = ["benchmark", "metric", "measure", "model", "sample", "error_level"]


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc["parts"]:
        walk(part["chapters"])
    return files


@pytest.fixture(scope="module")
def keys(built_book):
    return pd.read_csv(built_book / "key-numbers.csv")


def test_every_toc_page_is_built(built_book):
    missing = [f for f in toc_files() if not (built_book / f"{f}.html").exists()]
    assert not missing, f"pages of _toc.yml missing from _build/html: {missing}"


def test_sidebar_lists_the_six_benchmarks(built_book):
    html = (built_book / "book" / "intro.html").read_text(encoding="utf-8")
    nav = html[html.find("bd-sidebar"):]
    for benchmark in BENCHMARKS.values():
        assert f">{benchmark.title}<" in nav, benchmark.title


def test_benchmark_page_titles_are_the_benchmark_names(built_book):
    for benchmark_id, benchmark in BENCHMARKS.items():
        html = (built_book / "book" / "benchmarks" / f"{benchmark_id}.html").read_text(encoding="utf-8")
        assert re.search(rf"<h1>{re.escape(benchmark.title)}<", html), benchmark_id


def test_key_number_table_has_its_columns_and_every_benchmark(keys):
    for column in ["benchmark", "metric", "measure", "model", "sample", "n", "slope", "r2", "p_value", "error_pct",
                   "required_gflop", "required_gflop_low", "required_gflop_high", "paper_required_gflop",
                   "log10_actual_over_predicted_median", "log10_actual_over_predicted_iqr"]:
        assert column in keys.columns, column
    assert set(keys["benchmark"]) == set(BENCHMARKS)
    assert set(keys["sample"]) == {"authors", "per_paper", "frontier", "backtest"}
    assert set(keys["measure"]) == {"hardware_burden", "per_pass"}


def test_glued_numbers_match_the_key_number_table(built_book, keys):
    rows = headline_rows(keys)
    for benchmark_id in BENCHMARKS:
        glued = glued_values(ROOT / "book" / "benchmarks" / f"{benchmark_id}.ipynb")
        mine = rows[(rows["benchmark"] == benchmark_id) & (rows["model"] == "polynomial")].iloc[0]
        assert glued["n_authors"] == mine["n"], benchmark_id
        if np.isfinite(mine["slope"]):
            assert glued["poly_slope"] == pytest.approx(mine["slope"], abs=1e-4), benchmark_id
            assert glued["poly_r2"] == pytest.approx(mine["r2"], abs=1e-3), benchmark_id
        else:
            assert glued["poly_slope"] == "no fit", benchmark_id
        assert glued["n_results"] >= glued["n_burden"] >= glued["n_authors"]


TOLERANCES = {"slope": 1e-6, "r2": 1e-6, "log10_required_gflop": 0.01, "log10_required_gflop_boot_low": 0.01,
              "log10_required_gflop_boot_high": 0.01, "log10_actual_over_predicted_median": 0.01,
              "log10_actual_over_predicted_iqr": 0.01}


def test_key_numbers_match_the_expected_values_file(keys):
    """Every key number, the back-test and bootstrap ones included, as recorded on purpose in tests/expected/."""
    expected = pd.read_csv(EXPECTED)
    actual = keys.copy()
    actual["error_level"] = actual["error_level"].fillna("none")
    with np.errstate(divide="ignore", invalid="ignore"):
        for column in ("required_gflop", "required_gflop_boot_low", "required_gflop_boot_high"):
            actual[f"log10_{column}"] = np.log10(actual[column])
    merged = expected.merge(actual, on=MATCH_COLUMNS, how="outer", suffixes=("_expected", ""), indicator=True)
    unmatched = merged[merged["_merge"] != "both"]
    assert unmatched.empty, f"rows only on one side:\n{unmatched[MATCH_COLUMNS + ['_merge']]}"
    problems = []
    for _, row in merged.iterrows():
        label = "/".join(str(row[c]) for c in MATCH_COLUMNS)
        if row["n"] != row["n_expected"]:
            problems.append(f"{label}: n {row['n']} != expected {row['n_expected']}")
        for column, tolerance in TOLERANCES.items():
            got, wanted = row[column], row[f"{column}_expected"]
            if (pd.isna(wanted) and pd.isna(got)) or (np.isinf(got) and got == wanted):
                continue
            if pd.isna(wanted) or pd.isna(got) or abs(got - wanted) > tolerance * max(1.0, abs(wanted)):
                problems.append(f"{label}: {column} {got} != expected {wanted}")
    assert not problems, "key numbers moved (update tests/expected/key_numbers.csv on purpose):\n" + "\n".join(problems[:30])


def test_slopes_point_the_way_the_paper_found(keys):
    rows = headline_rows(keys).dropna(subset=["slope"]).drop_duplicates(["benchmark", "model"])
    assert len(rows) >= 8
    poly = rows[rows["model"] == "polynomial"]
    expo = rows[rows["model"] == "exponential"]
    assert (poly["slope"] < 0).all(), poly[["benchmark", "slope"]]
    assert (expo["slope"] > 0).all(), expo[["benchmark", "slope"]]


def test_r2_spread_is_comparable_with_the_papers(keys):
    rows = headline_rows(keys)
    rows = rows[(rows["model"] == "polynomial") & rows["benchmark"].isin(PAPER_EXTRAPOLATIONS)].dropna(subset=["r2"])
    rows = rows.drop_duplicates("benchmark")
    low, high = PAPER_R2_RANGE
    assert low - 0.25 <= rows["r2"].median() <= high + 0.25, rows[["benchmark", "r2"]]


def test_en_de_slope_not_significant_or_explained(built_book, keys):
    row = headline_rows(keys)
    row = row[(row["benchmark"] == "wmt14_en_de") & (row["model"] == "polynomial")].iloc[0]
    if pd.notna(row["p_value"]) and row["p_value"] < 0.05:
        html = (built_book / "book" / "benchmarks" / "wmt14_en_de.html").read_text(encoding="utf-8")
        assert "The paper found no significant slope" in html


def test_imagenet_five_percent_within_factor_100_or_explained(built_book, keys):
    row = headline_rows(keys)
    row = row[(row["benchmark"] == "imagenet") & (row["model"] == "polynomial") & (row["error_level"] == "target_1")].iloc[0]
    paper = 10.0 ** PAPER_EXTRAPOLATIONS["imagenet"].polynomial_log10_gflop[1]
    if not abs(np.log10(row["required_gflop"]) - np.log10(paper)) <= 2:
        html = (built_book / "book" / "benchmarks" / "imagenet.html").read_text(encoding="utf-8")
        assert "more than a factor 100" in html


def test_the_paper_window_is_respected(keys):
    assert PAPER_CUTOFF_DATE == "2020-07-01"
    backtest = keys[keys["sample"] == "backtest"]
    assert set(backtest["model"]) == {"polynomial", "exponential"}
    assert len(backtest) == 2 * len(BENCHMARKS)
