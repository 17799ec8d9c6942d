"""Write tests/expected/key_numbers.csv from the last build's key numbers (review the diff before committing).

Usage: python scripts/update_expected.py  (after `make book`)
"""
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
keys = pd.read_csv(ROOT / "_build" / "html" / "key-numbers.csv")
expected = keys[["benchmark", "metric", "measure", "model", "sample", "error_level", "n", "slope", "r2"]].copy()
expected["error_level"] = expected["error_level"].fillna("none")
with np.errstate(divide="ignore", invalid="ignore"):
    for column in ("required_gflop", "required_gflop_boot_low", "required_gflop_boot_high"):
        expected[f"log10_{column}"] = np.log10(keys[column]).round(4)
for column in ("log10_actual_over_predicted_median", "log10_actual_over_predicted_iqr"):
    expected[column] = keys[column].round(4)
expected.to_csv(ROOT / "tests" / "expected" / "key_numbers.csv", index=False)
print(f"wrote {len(expected)} rows")
