"""Build timings on this machine: clean build, no-change rebuild, and rebuild after one data file changes.

Builds from a temporary copy of data/ (REPORT_DATA_DIR), so the repository's files are not touched.
Targets (2 cores): clean under 60 s, no-change under 5 s, a one-file data change re-renders only its page.
"""
from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JB = str(Path(sys.executable).parent / "jupyter-book")


def build(env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run([JB, "build", "-W", "--keep-going", str(ROOT)], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return seconds, result.stdout


def rerendered(log: str) -> str:
    match = re.search(r"\[benchmark pages\] re-rendered (\d+) of (\d+): ([^\n]*)", log)
    return f"{match.group(1)} of {match.group(2)} benchmark pages re-rendered ({match.group(3).strip()})" if match else "?"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(Path(os.environ.get("BENCH_SOURCE_DATA", ROOT / "data")), data)
        env = dict(os.environ, REPORT_DATA_DIR=str(data))
        for path in (ROOT / "_build", ROOT / "book" / "benchmarks", ROOT / "book" / "_generated"):
            shutil.rmtree(path, ignore_errors=True)
        clean, log = build(env)
        print(f"clean build:            {clean:6.1f} s   {rerendered(log)}")
        again, log = build(env)
        print(f"no-change rebuild:      {again:6.1f} s   {rerendered(log)}")
        target = data / "results" / "conll2003.csv"
        with open(target, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        rows[1][rows[0].index("notes")] += " (edited by the benchmark)"
        with open(target, "w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
        changed, log = build(env)
        print(f"one data file changed:  {changed:6.1f} s   {rerendered(log)}  [data/results/conll2003.csv]")
    for path in (ROOT / "_build", ROOT / "book" / "benchmarks", ROOT / "book" / "_generated"):
        shutil.rmtree(path, ignore_errors=True)
    print("(outputs removed: run `make book` to build from the repository's data)")


if __name__ == "__main__":
    main()
