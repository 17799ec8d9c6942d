"""Write tests/expected/key_numbers.csv from the last build's key numbers (review the diff before committing).

Usage: python scripts/update_expected.py  (after `make book`)
"""
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
keys = pd.read_csv(ROOT / "_build" / "html" / "key-numbers.csv")
keys = keys[keys["sample"] != "backtest"]
expected = keys[["benchmark", "metric", "measure", "model", "sample", "error_level", "n", "slope", "r2"]].copy()
with np.errstate(divide="ignore"):
    expected["log10_required_gflop"] = np.log10(keys["required_gflop"]).round(4)
expected.to_csv(ROOT / "tests" / "expected" / "key_numbers.csv", index=False)
print(f"wrote {len(expected)} rows")
