"""The changes the rebuild tests make to a built copy of the repository (tests/test_rebuild.py), applied before the
suite's second build (tests/conftest.py): a data value, a page's text, and a benchmark added through registry, data
and toc only."""
from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import yaml

EDITED_MODEL = "<b>x</b>"
"""The new name of the edited ImageNet result: markup that must reach the page as text."""
EDITED_TOP1 = "12.345"
"""The new top-1 accuracy (%) of the edited ImageNet result."""
ADDED_SENTENCE = "A sentence added by the rebuild test."
"""The sentence added to the back-test page's source."""
CHANGED_PAGES = ("book/benchmarks/imagenet", "book/later/backtest")
"""The executed pages whose notebooks the second build keeps: their changed inputs or source must re-execute them."""


def add_synthetic_benchmark(copy: Path) -> None:
    """A benchmark added the way the README says: registry entry, data (results file and its resource), toc line."""
    registry = copy / "analysis" / "data" / "registry.py"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "    )\n}",
        '        _benchmark("synthetic", "Synthetic benchmark", "A test task", (Metric("f1_pct", "F1"),),\n'
        '                   "error = 100 - F1, percent", target_errors_pct=(5.0, 1.0), beyond_paper=True),\n    )\n}', 1),
        encoding="utf-8")
    conll = (copy / "data" / "results" / "conll2003.csv").read_text(encoding="utf-8")
    (copy / "data" / "results" / "synthetic.csv").write_text(conll, encoding="utf-8")
    package = copy / "data" / "datapackage.yaml"
    text = package.read_text(encoding="utf-8")
    start = text.index("  - name: results_conll2003")
    end = text.index("  - name: ", start + 10)
    package.write_text(text + text[start:end].replace("results_conll2003", "results_synthetic")
                       .replace("results/conll2003.csv", "results/synthetic.csv"), encoding="utf-8")
    toc = yaml.safe_load((copy / "_toc.yml").read_text(encoding="utf-8"))
    benchmarks = next(part for part in toc["parts"] if any("benchmarks/" in c["file"] for c in part["chapters"]))
    benchmarks["chapters"].append({"file": "book/benchmarks/synthetic"})
    (copy / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")


def edit_imagenet(data: Path, model_name: str, top1: str) -> str:
    """Rename the first ImageNet result with a top-1 score and change that score; returns its former name."""
    path = data / "results" / "imagenet.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    line = next(i for i, r in enumerate(rows[1:], start=1) if r[header.index("top1_pct")])
    original = rows[line][header.index("model")]
    rows[line][header.index("model")] = model_name
    rows[line][header.index("top1_pct")] = top1
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return original


def change_copy(copy: Path) -> None:
    """The three changes, then every executed notebook removed but those of CHANGED_PAGES: the second build executes
    every other page afresh (the determinism check), and must notice by itself that the changed pages are stale."""
    edit_imagenet(copy / "data", EDITED_MODEL, EDITED_TOP1)
    backtest = copy / "book" / "later" / "backtest.md"
    backtest.write_text(backtest.read_text(encoding="utf-8") + f"\n{ADDED_SENTENCE}\n", encoding="utf-8")
    add_synthetic_benchmark(copy)
    kept = {copy / f"{page}.ipynb" for page in CHANGED_PAGES}
    for notebook in (copy / "book").rglob("*.ipynb"):
        if notebook not in kept:
            notebook.unlink()


COPY_IGNORED = shutil.ignore_patterns(".venv", ".git", ".pytest_cache", "__pycache__", "test-artifacts", "*.egg-info")
"""What the copy leaves out: the environment, the history and test by-products (the build's own files it keeps)."""


def make_changed_copy(source: Path, copy: Path) -> None:
    """Copy the built repository `source` to `copy` with everything its build left, then apply the changes."""
    shutil.copytree(source, copy, ignore=COPY_IGNORED, symlinks=True)
    change_copy(copy)


if __name__ == "__main__":  # run in a process of its own by tests/conftest.py, beside the tests
    make_changed_copy(Path(sys.argv[1]), Path(sys.argv[2]))
