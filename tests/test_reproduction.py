"""The paper reproduced from its authors' own points: all 25 printed cells and the R² statements, from the built outputs."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.outputs import read_output
from analysis.paper import PAPER_EXTRAPOLATIONS, PAPER_R2_RANGE, printed_exponents
from analysis.reproduce import reproduction_table
from analysis.rules import SIGNIFICANCE_LEVEL
from analysis.samples import PAPER_POINTS


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


def test_each_benchmark_page_reads_its_reproduction(built_book):
    for benchmark_id in PAPER_EXTRAPOLATIONS:
        extrapolation = read_output(f"extrapolation/{benchmark_id}", built_book / "outputs")
        cells = extrapolation[(extrapolation["sample"] == PAPER_POINTS) & extrapolation["paper_required_gflop"].notna()]
        assert cells["reproduced"].all(), benchmark_id

