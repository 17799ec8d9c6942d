"""Every path of the project in one place: the repository, its data, the build's generated folder.

The data directory may be overridden with `$REPORT_DATA_DIR` (tests and `make bench` build from a copy);
this module is the only one that reads it. Pages never read the environment: the build writes what
they read under `GENERATED_DIR`.
"""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR_VARIABLE = "REPORT_DATA_DIR"
BOOK_DIR = REPO_ROOT / "book"
TOC_FILE = REPO_ROOT / "_toc.yml"
BENCHMARK_TEMPLATE = BOOK_DIR / "templates" / "benchmark.md"
BENCHMARK_PAGES_DIR = BOOK_DIR / "benchmarks"
GENERATED_DIR = BOOK_DIR / "_generated"
OUTPUTS_DIR = GENERATED_DIR / "outputs"
"""Where the report layer writes its declared outputs (one CSV each, plus `datapackage.json`)."""
CITATION_FILE = REPO_ROOT / "CITATION.cff"
"""How to cite the report: the site's "cite this report" block is made from it."""
BUILD_DIR = REPO_ROOT / "_build"
HTML_DIR = BUILD_DIR / "html"
WHATIF_DIR = BUILD_DIR / "pages"
"""Standalone what-if benchmark pages (`make page`)."""
KEY_NUMBERS_FILE = "key-numbers.csv"
"""Name of the key-number table at the root of the site."""
COMPARISONS_FILE = "comparisons.csv"
"""Name of the table of the report's numbers beside later work, at the root of the site."""
PLOTLY_SCRIPT = "plotly.min.js"
"""The file name, under the site's _static, of the Plotly bundle that the build writes for the interactive figures
(`analysis.book.interactive`): named here so that the build need not import Plotly's figure library to serve it."""


def data_dir() -> Path:
    """The data directory: `$REPORT_DATA_DIR` if set, else `data/` of the repository."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    return Path(override).resolve() if override else REPO_ROOT / "data"


def generated_paths() -> tuple[Path, ...]:
    """Everything a build generates inside the repository (removed for a clean build)."""
    return (BUILD_DIR, BENCHMARK_PAGES_DIR, GENERATED_DIR)
