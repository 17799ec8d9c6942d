"""The paper reproduced from its authors' own points: all 25 printed cells and the R² statements, every printed cell on
the reproduction scale, and the back-test of the paper's own projections, from the built outputs."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.report.outputs import read_output
from analysis.data.paper import PAPER_EXTRAPOLATIONS, PAPER_R2_RANGE, printed_exponents
from analysis.stats.reproduce import reproduction_table
from analysis.stats.rules import (BACKTEST_MAX_IQR_ORDERS, BACKTEST_MIN_FIT_POINTS, BACKTEST_MIN_LATER_POINTS,
                            BEYOND_DATA_MARK_ORDERS, SIGNIFICANCE_LEVEL)
from analysis.stats.samples import PAPER_POINTS

from conftest import DATA as ROOT_DATA  # the data the book was built from


@pytest.fixture(scope="module")
def keys(built_book):
    return pd.read_csv(built_book / "key-numbers.csv")


def test_every_printed_cell_of_the_paper_is_reproduced_from_the_authors_points(keys):
    table = reproduction_table(keys)
    printed_cells = sum(len(row.polynomial_log10_gflop) + sum(e is not None for e in row.exponential_log10_gflop)
                        for row in PAPER_EXTRAPOLATIONS.values())
    assert printed_cells == 25
    assert len(table) == printed_cells
    differing = table[~table["reproduced"]]
    assert differing.empty, f"cells not at the paper's printed power of ten:\n{differing}"
    for _, row in table.iterrows():
        assert int(np.floor(np.log10(row["required_gflop"]))) in printed_exponents(row["benchmark"], row["model"], row["error_level"])


def test_r2_statements_hold_on_the_authors_points(keys):
    rows = keys[(keys["sample"] == PAPER_POINTS) & (keys["model"] == "polynomial") & (keys["measure"] == "hardware_burden")]
    rows = rows.drop_duplicates("benchmark").set_index("benchmark")
    low, high = PAPER_R2_RANGE
    for benchmark_id in PAPER_EXTRAPOLATIONS:
        assert round(rows.loc[benchmark_id, "r2"], 2) >= low and round(rows.loc[benchmark_id, "r2"], 2) <= high, benchmark_id
    assert rows.loc["wmt14_en_de", "p_value"] >= SIGNIFICANCE_LEVEL
    assert {round(rows["r2"].drop("wmt14_en_de").min(), 2), round(rows["r2"].max(), 2)} == {low, high}


def _printed_rows(keys: pd.DataFrame) -> pd.DataFrame:
    """Rows of the key numbers beside a printed cell of the paper (every sample of the headline regressions)."""
    return keys[keys["paper_required_gflop"].notna() & ~keys["sample"].astype(str).str.startswith("backtest")]


def test_the_distance_from_the_printed_value_and_the_interval_test_fill_every_printed_cell(keys):
    rows = _printed_rows(keys)
    assert set(rows["sample"]) >= {PAPER_POINTS, "paper_points_slips_fixed", "paper_points_corrected", "ours"}
    computed = rows[rows["required_gflop"].notna()]
    assert len(computed) > 0
    # the distance: log10 of the fitted value minus the printed exponent (the printed value is 10^exponent)
    expected = np.log10(computed["required_gflop"]) - np.log10(computed["paper_required_gflop"])
    assert np.allclose(computed["orders_from_paper"], expected, rtol=0, atol=1e-9)
    for r in computed.itertuples(index=False):
        low, high = r.required_gflop_low, r.required_gflop_high
        inside = (pd.isna(low) and pd.isna(high)) or (low <= r.paper_required_gflop <= high)
        assert str(r.paper_within_interval).lower() == str(bool(inside)).lower(), (r.benchmark, r.sample, r.model, r.error_level)
    # no printed cell, no distance and no interval test
    unprinted = keys[keys["paper_required_gflop"].isna()]
    assert unprinted["orders_from_paper"].isna().all() and unprinted["paper_within_interval"].isna().all()
    # on the authors' points every printed cell is the printed power: 0 to 1 order above the printed value (above the
    # first printed exponent, or the second where copies of the paper differ: WMT En-Fr's exponential cell at 10%)
    points = computed[computed["sample"] == PAPER_POINTS]
    assert len(points) == 25
    for r in points.itertuples(index=False):
        exponents = printed_exponents(r.benchmark, r.model, r.error_level)
        shifts = [r.orders_from_paper + exponents[0] - e for e in exponents]
        assert any(0 <= d < 1 for d in shifts), (r.benchmark, r.model, r.error_level, r.orders_from_paper)


def test_the_distance_beyond_the_data_of_the_authors_points(keys):
    """orders_beyond_data on the authors' points: log10(required / the largest burden among the benchmark's points),
    the largest read from data/paper_points.csv."""
    largest = pd.read_csv(ROOT_DATA / "paper_points.csv").groupby("benchmark")["hardware_burden_gflop"].max()
    rows = keys[(keys["sample"] == PAPER_POINTS) & keys["required_gflop"].notna()]
    assert set(rows["benchmark"]) >= set(PAPER_EXTRAPOLATIONS)
    expected = np.log10(rows["required_gflop"]) - np.log10(rows["benchmark"].map(largest))
    assert np.allclose(rows["orders_beyond_data"], expected, rtol=0, atol=1e-9)


def test_each_benchmark_page_reads_its_reproduction(built_book):
    for benchmark_id in PAPER_EXTRAPOLATIONS:
        extrapolation = read_output(f"extrapolation/{benchmark_id}", built_book / "outputs")
        cells = extrapolation[(extrapolation["sample"] == PAPER_POINTS) & extrapolation["paper_required_gflop"].notna()]
        assert cells["reproduced"].all(), benchmark_id
        assert (cells["scale_step"] == "same power").all(), benchmark_id
        # the mark of a requirement far beyond its sample's data follows the rule's constant
        marked = extrapolation["orders_beyond_data"] > BEYOND_DATA_MARK_ORDERS
        assert (extrapolation["beyond_data"].astype(bool) == marked).all(), benchmark_id


def test_the_reproduction_scale_counts_the_four_fits(built_book):
    four = read_output("four_fits", built_book / "outputs")
    scale = read_output("reproduction_scale", built_book / "outputs")
    printed = four[four["paper_exponent"].notna()]
    assert len(printed) == 25
    steps = {"n_same_power": "same power", "n_inside_interval": "inside the interval",
             "n_outside_interval": "outside the interval", "n_not_computable": "not computable"}
    for prefix, sample in (("points", PAPER_POINTS), ("slips", "paper_points_slips_fixed"),
                           ("corrected", "paper_points_corrected"), ("ours", "ours")):
        part = scale[scale["fit_sample"] == sample].set_index("benchmark")
        everything = part.loc["all"]
        assert everything["n_cells"] == 25
        for column, step in steps.items():
            assert everything[column] == (printed[f"{prefix}_scale"] == step).sum(), (sample, column)
        assert sum(everything[c] for c in steps) == 25
        for benchmark_id, cells in printed.groupby("benchmark"):
            assert part.loc[benchmark_id, "n_cells"] == len(cells)
            for column, step in steps.items():
                assert part.loc[benchmark_id, column] == (cells[f"{prefix}_scale"] == step).sum(), (sample, benchmark_id)
    # the authors' points reproduce every printed cell
    points = scale[(scale["fit_sample"] == PAPER_POINTS) & (scale["benchmark"] == "all")].iloc[0]
    assert points["n_same_power"] == 25


def test_the_papers_own_projections_are_back_tested_with_the_finding_rules(keys):
    rows = keys[keys["sample"] == "backtest_paper_points"]
    # every benchmark of the paper's table with the authors' points, both models
    assert set(rows["benchmark"]) >= set(PAPER_EXTRAPOLATIONS)
    assert (rows.groupby("benchmark")["model"].nunique() == 2).all()
    for r in rows.itertuples(index=False):
        if r.n < BACKTEST_MIN_FIT_POINTS or r.n_later < BACKTEST_MIN_LATER_POINTS or pd.isna(r.log10_actual_over_predicted_median):
            expected = "too few to judge"
        elif r.quartile_high_orders - r.quartile_low_orders > BACKTEST_MAX_IQR_ORDERS:
            expected = "cannot tell"
        elif r.quartile_low_orders <= 0 <= r.quartile_high_orders:
            expected = "as projected"
        else:
            expected = "cheaper than projected" if r.log10_actual_over_predicted_median < 0 else "dearer than projected"
        assert r.backtest_verdict == expected, (r.benchmark, r.model)
        if not pd.isna(r.log10_actual_over_predicted_median):  # no fit or no later result: no median
            assert r.quartile_low_orders <= r.log10_actual_over_predicted_median <= r.quartile_high_orders
    # the fit is on the authors' points: as many as data/paper_points.csv holds for the benchmark
    counts = pd.read_csv(ROOT_DATA / "paper_points.csv")["benchmark"].value_counts()
    for r in rows.itertuples(index=False):
        assert r.n == counts[r.benchmark], r.benchmark
