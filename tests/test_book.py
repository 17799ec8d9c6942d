"""The whole book, built with warnings as errors: pages, glued numbers, key-number table, headline checks."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.report.keynumbers import headline_rows
from analysis.data.paper import PAPER_CUTOFF_DATE, PAPER_EXTRAPOLATIONS, PAPER_R2_RANGE
from analysis.data.registry import BENCHMARKS
from conftest import ROOT
from notebook_glue import glued_values


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
    assert set(keys["sample"]) == {"ours", "per_paper", "frontier", "backtest", "backtest_paper_points", "paper_points",
                                   "paper_points_slips_fixed", "paper_points_corrected"}
    assert set(keys["measure"]) == {"hardware_burden", "per_pass"}


def test_glued_numbers_match_the_key_number_table(built_book, keys):
    rows = headline_rows(keys)
    for benchmark_id in BENCHMARKS:
        glued = glued_values(ROOT / "book" / "benchmarks" / f"{benchmark_id}.ipynb")
        mine = rows[(rows["benchmark"] == benchmark_id) & (rows["model"] == "polynomial")].iloc[0]
        assert int(glued["n_sample"]) == mine["n"], benchmark_id
        if np.isfinite(mine["r2"]):
            assert float(glued["poly_r2"]) == pytest.approx(mine["r2"], abs=0.005), benchmark_id
        else:
            assert glued["poly_r2"] == "no fit", benchmark_id
        assert int(glued["n_results"]) >= int(glued["n_with_burden"]) >= int(glued["n_sample"])


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


def read_output(built_book, name):
    from analysis.report.outputs import read_output as read

    return read(name, built_book / "outputs")


def test_a_large_gap_to_the_paper_is_flagged_and_stated_on_the_page(built_book):
    from analysis.stats.rules import LARGE_GAP_ORDERS

    for benchmark_id in PAPER_EXTRAPOLATIONS:
        summary = read_output(built_book, f"summary/{benchmark_id}").iloc[0]
        extrapolation = read_output(built_book, f"extrapolation/{benchmark_id}")
        ours = extrapolation[(extrapolation["sample"] == "ours") & (extrapolation["fit_model"] == "polynomial")
                             & (extrapolation["error_level"] == "target_1")].iloc[0]
        if not np.isfinite(ours["required_gflop"]):
            continue
        gap = np.log10(ours["required_gflop"]) - np.log10(ours["paper_required_gflop"])
        assert summary["gap_target_1_orders"] == pytest.approx(gap), benchmark_id
        assert bool(summary["large_gap"]) == (abs(gap) > LARGE_GAP_ORDERS), benchmark_id
        glued = glued_values(ROOT / "book" / "benchmarks" / f"{benchmark_id}.ipynb")
        assert f"{gap:+.1f}" in glued["comparison_text"], benchmark_id


def test_slope_significance_follows_the_rule(built_book):
    from analysis.stats.rules import SIGNIFICANCE_LEVEL

    for benchmark_id in BENCHMARKS:
        summary = read_output(built_book, f"summary/{benchmark_id}").iloc[0]
        if np.isfinite(summary["p_value"]):
            assert bool(summary["slope_significant"]) == (summary["p_value"] < SIGNIFICANCE_LEVEL), benchmark_id


def test_the_paper_window_is_respected(keys):
    assert PAPER_CUTOFF_DATE == "2020-07-01"
    backtest = keys[keys["sample"] == "backtest"]
    assert set(backtest["model"]) == {"polynomial", "exponential"}
    assert len(backtest) == 2 * len(BENCHMARKS)


def test_no_page_shows_power_of_ten_as_caret_text(built_book):
    offenders = [str(p.relative_to(built_book)) for p in built_book.rglob("*.html")
                 if not {"_static", "_source"} & set(p.parts) and re.search(r"10\^[0-9-]", page_article(p))]
    assert not offenders, f"pages showing 10^k as text: {offenders}"


def page_article(path):
    text = path.read_text(encoding="utf-8")
    start = text.find("<article")
    return text[start:text.find("</article>", start)] if start >= 0 else text


PAGE_SIZE_LIMIT = 400 * 1024
"""No page's HTML is larger: scripts (Plotly, ITables) and printed images are files of the site, loaded once."""


def test_no_page_is_heavier_than_the_limit(built_book):
    heavy = {str(p.relative_to(built_book)): p.stat().st_size // 1024 for p in (built_book / "book").rglob("*.html")
             if p.stat().st_size > PAGE_SIZE_LIMIT}
    assert not heavy, f"pages above {PAGE_SIZE_LIMIT // 1024} KB: {heavy}"


def test_scripts_and_images_are_served_once_by_the_site(built_book):
    from analysis.book.format import ITABLES_DIR

    assert (built_book / "_static" / ITABLES_DIR / "dt_bundle.js").exists()
    for path in (built_book / "book").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "injectModule(" not in text, f"{path.name}: the ITables bundle is embedded"
        assert "data:image/png;base64" not in text, f"{path.name}: an image is embedded"
        if "report-interactive-table" in text:
            assert f"_static/{ITABLES_DIR}/dt_bundle.js" in text, f"{path.name}: interactive tables without the site's ITables"


def test_downloads_sit_at_stable_addresses(built_book):
    """Data files are offered as data/<file> and tables as outputs/<name>.csv, never at a hashed _downloads address."""
    for file in toc_files():
        article = page_article(built_book / f"{file}.html")
        assert "_downloads/" not in article, f"{file}: a download at a hashed address"
        assert article.count('class="report-downloads"') == (0 if file == "book/references" else 1), f"{file}: not one download line"
    for name in ("training_runs.csv", "processors.csv", "results/imagenet.csv"):
        assert (built_book / "data" / name).exists(), name


def test_benchmark_pages_show_only_the_sections_their_data_have(built_book):
    from analysis.report import prose

    for benchmark_id in BENCHMARKS:
        summary = read_output(built_book, f"summary/{benchmark_id}").iloc[0]
        article = page_article(built_book / "book" / "benchmarks" / f"{benchmark_id}.html")
        has_points = bool(summary["paper_points_n"])
        assert ("The paper, reproduced from its authors" in article) == has_points, benchmark_id
        assert ("Four fits side by side" in article) == has_points, benchmark_id
        assert ("the authors&#x27; points (squares)" in article) == has_points, benchmark_id  # the figure's alt text
        why_not = prose.absent_paper_points(bool(summary["beyond_paper"]))  # the one sentence saying why not
        assert (why_not in article.replace("\u2019", "'")) == (not has_points), benchmark_id
        assert ('id="fig-per-pass-' in article) == bool(summary["n_per_pass_sample"]), benchmark_id
        assert "had not stated" not in article and "p = &lt;" not in article, benchmark_id
