"""Timings of the command users run, `make book`, on a copy of the repository: clean, no change, one data file edited.

The copy shares this repository's `.venv` (a link), so `make book` there runs exactly as here. Each time is
printed with its ratio to importing pandas, seaborn and statsmodels in one process (this machine's speed),
and the peak memory of the build's whole process tree (jupyter-book and its kernels).
Targets (2 cores): clean <= 18 s, no change <= 2 s, one data file edited <= 12 s, peak memory < 2 GiB; each line
says whether its run met them. The pytest run of `make test` has its own target, 90 s, which this script does not run.
"""
from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
COPY_IGNORED = shutil.ignore_patterns(".venv", "_build", ".git", "_generated", "*.ipynb", ".pytest_cache",
                                      "__pycache__", "test-artifacts", "*.egg-info")
EDITED_FILE = Path("data") / "results" / "conll2003.csv"


def import_seconds() -> float:
    """Seconds to import pandas, seaborn and statsmodels in a fresh Python (best of three)."""
    python = ROOT / ".venv" / "bin" / "python"
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([str(python), "-c", "import pandas, seaborn, statsmodels.api"], check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def run_make_book(root: Path) -> tuple[float, float, str]:
    """Run `make book` in `root`: seconds, peak resident memory of its process tree (GiB), and its log."""
    process = subprocess.Popen(["make", "-s", "book"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0]

    def sample():
        parent = psutil.Process(process.pid)
        while process.poll() is None:
            try:
                tree = [parent, *parent.children(recursive=True)]
                peak[0] = max(peak[0], sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.05)

    start = time.perf_counter()
    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    log = process.communicate()[0]
    seconds = time.perf_counter() - start
    watcher.join()
    if process.returncode != 0:
        sys.exit(f"make book failed in {root}:\n{log[-4000:]}")
    return seconds, peak[0] / 2**30, log


TARGET_SECONDS = {"clean": 18.0, "no-change": 2.0, "one data file edited": 12.0}
"""The time each run of `make book` should take on two cores."""
TARGET_PEAK_GIB = 2.0


def verdict(label: str, seconds: float, peak_gib: float) -> str:
    """'meets' or 'misses' the run's targets, with the target time."""
    target = next(t for key, t in TARGET_SECONDS.items() if label.startswith(key))
    met = seconds <= target and peak_gib < TARGET_PEAK_GIB
    return f"{'meets' if met else 'misses'} the target of {target:g} s and {TARGET_PEAK_GIB:g} GiB"


def profile(log: str, seconds: float) -> str:
    """Where a run's time went, from the build's own log: the report layer, the pages' execution, and the rest
    (start-up, the data's validation before the build, Sphinx reading and writing the site)."""
    report = re.search(r"\[report\] outputs (?:computed|up to date): \d+ written in ([\d.]+) s", log)
    ready = re.search(r"\[report\] executed \d+ page\(s\):[^\n]*ready in ([\d.]+) s", log)
    if not (report and ready):
        return "profile: nothing built"
    layer, both = float(report.group(1)), float(ready.group(1))
    return (f"profile: report layer {layer:.1f} s, pages executed {both - layer:.1f} s, "
            f"start-up, validation and Sphinx {seconds - both:.1f} s")


def executed(log: str) -> str:
    match = re.search(r"\[report\] executed (\d+) page\(s\): ([^;\n]*)", log)
    return f"{match.group(1)} page(s) executed" if match else "0 page(s) executed"


def main() -> None:
    unit = import_seconds()
    print(f"importing pandas, seaborn and statsmodels: {unit:.2f} s (the unit of the ratios below)")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "report"
        shutil.copytree(ROOT, copy, ignore=COPY_IGNORED)
        (copy / ".venv").symlink_to(ROOT / ".venv")
        rows = []
        rows.append(("clean `make book`", *run_make_book(copy)))
        rows.append(("no-change `make book`", *run_make_book(copy)))
        target = copy / EDITED_FILE
        with open(target, newline="", encoding="utf-8") as f:
            table = list(csv.reader(f))
        table[1][table[0].index("notes")] += " (edited by the benchmark)"
        with open(target, "w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(table)
        rows.append((f"one data file edited ({EDITED_FILE})", *run_make_book(copy)))
        for label, seconds, peak_gib, log in rows:
            print(f"{label:<55} {seconds:6.1f} s  ({seconds / unit:5.1f} x imports)  peak {peak_gib:.2f} GiB  {executed(log)}; "
                  f"{verdict(label, seconds, peak_gib)}")
            print(f"{'':<55} {profile(log, seconds)}")


if __name__ == "__main__":
    main()
