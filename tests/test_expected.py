"""Every number of the built key-number table, intervals included, as recorded on purpose in tests/expected/.

The comparison is generic: rows are matched on the key columns the table has (KEY_COLUMNS), and every other
column of `_build/html/key-numbers.csv` must be in tests/expected/key_numbers.csv and agree with it:
- computation, energy, emissions and dollars (MAGNITUDE_PATTERN: values spanning orders of magnitude) compare
  as log10 values, within LOG10_RTOL relative to the log10 value (1e-4: 0.002 at 1e20 GFLOP, 0.5% in GFLOP);
- every other number within NUMBER_RTOL relative (absolute NUMBER_ATOL near zero);
- text exactly; a missing value (NaN) or an infinity only matches the same.
A refresh goes through `scripts/update_expected.py`, which prints what moved and by how much before writing.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT

EXPECTED = ROOT / "tests" / "expected" / "key_numbers.csv"
KEY_COLUMNS = ("benchmark", "metric", "measure", "model", "sample", "error_level")
"""Columns that identify a row (those of them that the table has)."""
MAGNITUDE_PATTERN = re.compile(r"(gflop|flop|usd|kwh|co2|_kg|_lbs|hours)", re.IGNORECASE)
"""Column names of quantities compared on a log scale."""
LOG10_RTOL = 1e-4
NUMBER_RTOL = 1e-6
NUMBER_ATOL = 1e-9
MISSING = "none"
"""How an empty key cell (e.g. error_level of a back-test row) is written for matching."""


def key_columns(table: pd.DataFrame) -> list[str]:
    """The key columns present in `table`."""
    return [c for c in KEY_COLUMNS if c in table.columns]


def keyed(table: pd.DataFrame) -> pd.DataFrame:
    """`table` indexed by its key columns (empty keys as MISSING); duplicate keys are an error."""
    keys = key_columns(table)
    out = table.copy()
    out[keys] = out[keys].astype("object").where(out[keys].notna(), MISSING).astype(str)
    duplicated = out.duplicated(keys, keep=False)
    if duplicated.any():
        raise ValueError(f"rows with the same key {keys}:\n{out.loc[duplicated, keys]}")
    return out.set_index(keys).sort_index()


def is_magnitude(column: str) -> bool:
    """A quantity spanning orders of magnitude (not one already given as a log10)."""
    return not column.startswith("log10_") and bool(MAGNITUDE_PATTERN.search(column))


def value_change(column: str, wanted, got) -> float | None:
    """How far `got` is from `wanted` (log10 difference for magnitudes, else the difference); None if within tolerance."""
    wanted_number, got_number = pd.to_numeric(pd.Series([wanted, got]), errors="coerce")
    if pd.isna(wanted) and pd.isna(got):
        return None
    if pd.isna(wanted_number) or pd.isna(got_number):  # text, or a number on one side only
        return None if str(wanted) == str(got) else float("nan")
    if np.isinf(wanted_number) or np.isinf(got_number):
        return None if wanted_number == got_number else float("inf")
    if is_magnitude(column) and wanted_number > 0 and got_number > 0:
        a, b = np.log10(wanted_number), np.log10(got_number)
        return None if abs(b - a) <= LOG10_RTOL * max(1.0, abs(a)) else float(b - a)
    if abs(got_number - wanted_number) <= NUMBER_ATOL + NUMBER_RTOL * abs(wanted_number):
        return None
    return float(got_number - wanted_number)


def differences(expected: pd.DataFrame, actual: pd.DataFrame) -> dict[str, list]:
    """What differs between two key-number tables.

    Returns `columns_missing` (expected, not built), `columns_new` (built, not expected), `rows_missing`,
    `rows_new` (keys), and `moved`: (key, column, expected, built, change) with change = difference in log10
    for magnitudes, else plain difference; NaN where text or presence differs.
    """
    if key_columns(expected) != key_columns(actual):
        raise ValueError(f"key columns differ: expected {key_columns(expected)}, built {key_columns(actual)}")
    want, got = keyed(expected), keyed(actual)
    shared_rows = want.index.intersection(got.index)
    shared_columns = [c for c in want.columns if c in got.columns]
    moved = []
    for key in shared_rows:
        for column in shared_columns:
            change = value_change(column, want.at[key, column], got.at[key, column])
            if change is not None:
                moved.append((key, column, want.at[key, column], got.at[key, column], change))
    return {
        "columns_missing": [c for c in want.columns if c not in got.columns],
        "columns_new": [c for c in got.columns if c not in want.columns],
        "rows_missing": list(want.index.difference(got.index)),
        "rows_new": list(got.index.difference(want.index)),
        "moved": moved,
    }


def describe(found: dict[str, list], limit: int = 40) -> str:
    """The differences as lines a reviewer reads."""
    lines = []
    for name in ("columns_missing", "columns_new", "rows_missing", "rows_new"):
        if found[name]:
            lines.append(f"{name.replace('_', ' ')} ({len(found[name])}): " + "; ".join(map(str, found[name][:limit])))
    for key, column, wanted, got, change in found["moved"][:limit]:
        unit = " (log10)" if is_magnitude(column) else ""
        lines.append(f"{'/'.join(map(str, key))}: {column} {wanted} -> {got}, change {change:+.6g}{unit}")
    if len(found["moved"]) > limit:
        lines.append(f"... and {len(found['moved']) - limit} more moved values")
    return "\n".join(lines)


def test_built_key_numbers_match_the_expected_values_file(built_book):
    expected = pd.read_csv(EXPECTED)
    actual = pd.read_csv(built_book / "key-numbers.csv")
    found = differences(expected, actual)
    assert not any(found.values()), (
        "key numbers differ from tests/expected/key_numbers.csv (review, then refresh with "
        "scripts/update_expected.py --write):\n" + describe(found))


def test_the_expected_file_covers_the_intervals():
    columns = set(pd.read_csv(EXPECTED, nrows=0).columns)
    for interval in ("required_gflop_low", "required_gflop_high", "required_gflop_boot_low", "required_gflop_boot_high"):
        assert interval in columns, interval


# The comparison itself, on small tables: it must notice what it is there to notice.

@pytest.fixture()
def table() -> pd.DataFrame:
    return pd.DataFrame({
        "benchmark": ["imagenet", "imagenet", "squad11"], "metric": ["top1_pct"] * 2 + ["f1_pct"],
        "measure": ["hardware_burden"] * 3, "model": ["polynomial"] * 3, "sample": ["ours", "backtest", "ours"],
        "error_level": ["today", np.nan, "today"], "n": [16, 5, 9], "slope": [-0.08, -0.07, np.nan],
        "required_gflop": [1e14, np.nan, 3e9], "required_gflop_high": [np.inf, np.nan, 5e12],
        "note": ["a", "b", "c"],
    })


def test_identical_tables_do_not_differ(table):
    assert not any(differences(table, table.sample(frac=1, random_state=1)).values())


def test_a_moved_interval_bound_is_reported_in_orders_of_magnitude(table):
    moved = table.copy()
    moved.loc[2, "required_gflop_high"] = 5e13  # one order of magnitude more
    found = differences(table, moved)["moved"]
    assert len(found) == 1
    key, column, wanted, got, change = found[0]
    assert (key[0], column) == ("squad11", "required_gflop_high")
    assert change == pytest.approx(1.0)


def test_small_moves_within_tolerance_pass_and_larger_ones_fail(table):
    near, far = table.copy(), table.copy()
    near.loc[0, "required_gflop"] = 1e14 * 10 ** (0.5 * LOG10_RTOL * 14)
    far.loc[0, "required_gflop"] = 1e14 * 10 ** (2 * LOG10_RTOL * 14)
    near.loc[0, "slope"] = -0.08 * (1 + 0.5 * NUMBER_RTOL)
    far.loc[0, "slope"] = -0.08 * (1 + 2 * NUMBER_RTOL)
    assert not differences(table, near)["moved"]
    assert [m[1] for m in differences(table, far)["moved"]] == ["slope", "required_gflop"]


def test_missing_values_infinities_and_text_must_match(table):
    changed = table.copy()
    changed.loc[0, "required_gflop_high"] = 1e20  # was unbounded
    changed.loc[1, "slope"] = np.nan  # was a number
    changed.loc[2, "note"] = "d"
    found = differences(table, changed)["moved"]
    assert sorted(m[1] for m in found) == ["note", "required_gflop_high", "slope"]


def test_rows_and_columns_on_one_side_are_reported(table):
    fewer = table.drop(index=1).drop(columns="note")
    found = differences(table, fewer)
    assert found["columns_missing"] == ["note"]
    assert found["rows_missing"] == [("imagenet", "top1_pct", "hardware_burden", "polynomial", "backtest", MISSING)]
    more = table.assign(usd=1.0)
    assert differences(table, more)["columns_new"] == ["usd"]


def test_magnitudes_are_told_from_logs_and_plain_numbers():
    assert is_magnitude("required_gflop_boot_low") and is_magnitude("usd") and is_magnitude("co2_kg")
    assert not is_magnitude("log10_required_gflop") and not is_magnitude("slope") and not is_magnitude("n")


def test_duplicate_keys_are_refused(table):
    with pytest.raises(ValueError, match="same key"):
        differences(table, pd.concat([table, table.iloc[[0]]]))
