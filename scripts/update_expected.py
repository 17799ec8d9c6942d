"""Refresh tests/expected/key_numbers.csv from the last build's key numbers, after showing what moved.

Usage: python scripts/update_expected.py [--write] [--built PATH]   (after `make book`)

Prints the columns and rows that appeared or disappeared and every number that moved, by how much (in orders
of magnitude for computation, energy, emissions and dollars), with the tolerances of tests/test_expected.py.
Writes the file only with --write, so a refresh is a reviewed decision; the file then holds the built table
as it is (every column, full precision).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_expected import EXPECTED, describe, differences  # noqa: E402  (the comparison the test makes)

BUILT = ROOT / "_build" / "html" / "key-numbers.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--built", type=Path, default=BUILT, help=f"the built key-number table (default {BUILT})")
    parser.add_argument("--write", action="store_true", help="write the expected file after printing the changes")
    args = parser.parse_args()
    actual = pd.read_csv(args.built)
    expected = pd.read_csv(EXPECTED) if EXPECTED.exists() else actual.iloc[0:0]
    try:
        found = differences(expected, actual)
    except ValueError as error:  # e.g. the key columns changed: everything is new
        print(f"cannot compare row by row: {error}")
        found = None
    if found is not None:
        if not any(found.values()):
            print(f"no change: {len(actual)} rows x {actual.shape[1]} columns match {EXPECTED.relative_to(ROOT)}")
            return 0
        print(f"{len(found['moved'])} values moved, {len(found['rows_new'])} rows new, "
              f"{len(found['rows_missing'])} rows gone, {len(found['columns_new'])} columns new, "
              f"{len(found['columns_missing'])} columns gone")
        print(describe(found, limit=10_000))
    if not args.write:
        print("\nnothing written: review the changes above, then run again with --write")
        return 1
    actual.to_csv(EXPECTED, index=False)
    print(f"\nwrote {EXPECTED.relative_to(ROOT)}: {len(actual)} rows x {actual.shape[1]} columns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
