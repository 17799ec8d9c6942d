"""Timings of the command users run, `make book`, on a copy of the repository: clean, no change, one data file edited.

The copy shares this repository's `.venv` (a link), so `make book` there runs exactly as here. Each time is
printed with its ratio to importing pandas, seaborn and statsmodels in one process (this machine's speed),
the peak memory of the build's whole process tree (jupyter-book and its kernels), and the processor time that tree
used: divided by the cores, the least time the run could take here however its work were spread.
Targets (2 cores): clean <= 18 s, no change <= 2 s, one data file edited <= 12 s, peak memory < 2 GiB; each line
says whether its run met them. Then `make test` runs in the same copy (the data edit undone): the time of its pytest
run, as pytest reports it, against its target of 90 s, with the slowest steps pytest lists.
"""
from __future__ import annotations

import csv
import os
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


def children_cpu_seconds() -> float:
    """Processor seconds (user and system) of this process's finished children and theirs, so far."""
    times = os.times()
    return times.children_user + times.children_system


def floor(cpu_seconds: float) -> str:
    """The processor time a run used, and the least wall-clock time it could take on this machine's cores."""
    cores = os.cpu_count() or 1
    return f"CPU {cpu_seconds:.1f} s in all, so at least {cpu_seconds / cores:.1f} s on {cores} cores"


def run_make_book(root: Path) -> tuple[float, float, float, str]:
    """Run `make book` in `root`: seconds, processor seconds and peak resident memory (GiB) of its process tree, and
    its log."""
    cpu_before = children_cpu_seconds()
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
    return seconds, children_cpu_seconds() - cpu_before, peak[0] / 2**30, log


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


TARGET_PYTEST_SECONDS = 90.0
"""The time the pytest run of `make test` should take on two cores, the browser present."""


def run_make_test(root: Path) -> tuple[float, float, str]:
    """Run `make test` in `root`: the seconds of its pytest run (pytest's own count), the processor seconds of the
    whole `make test` (set-up included), and its log."""
    cpu_before = children_cpu_seconds()
    result = subprocess.run(["make", "-s", "test"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        sys.exit(f"make test failed in {root}:\n{result.stdout[-4000:]}")
    seconds = re.search(r"passed[^\n]* in ([\d.]+)s", result.stdout)
    return float(seconds.group(1)) if seconds else float("nan"), children_cpu_seconds() - cpu_before, result.stdout


def slowest(log: str) -> list[str]:
    """The slowest steps pytest listed (`--durations`), one per line."""
    return re.findall(r"^\s*[\d.]+s (?:setup|call|teardown) .*$", log, flags=re.M)


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
        original = target.read_bytes()
        with open(target, newline="", encoding="utf-8") as f:
            table = list(csv.reader(f))
        table[1][table[0].index("notes")] += " (edited by the benchmark)"
        with open(target, "w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(table)
        rows.append((f"one data file edited ({EDITED_FILE})", *run_make_book(copy)))
        for label, seconds, cpu_seconds, peak_gib, log in rows:
            print(f"{label:<55} {seconds:6.1f} s  ({seconds / unit:5.1f} x imports)  peak {peak_gib:.2f} GiB  {executed(log)}; "
                  f"{verdict(label, seconds, peak_gib)}", flush=True)
            print(f"{'':<55} {profile(log, seconds)}; {floor(cpu_seconds)}", flush=True)
        target.write_bytes(original)
        seconds, cpu_seconds, log = run_make_test(copy)
        met = "meets" if seconds <= TARGET_PYTEST_SECONDS else "misses"
        print(f"{'pytest run of `make test`':<55} {seconds:6.1f} s  ({seconds / unit:5.1f} x imports); "
              f"{met} the target of {TARGET_PYTEST_SECONDS:g} s")
        print(f"{'':<55} {floor(cpu_seconds)} (`make test` whole)")
        for line in slowest(log):
            print(f"{'':<55} {line.strip()}")


if __name__ == "__main__":
    main()
