"""Shared fixtures: the repository, its data, and one built book for the whole test session."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("REPORT_DATA_DIR") or ROOT / "data")  # the suite may run on a copy of the data
BUILD_HTML = ROOT / "_build" / "html"


def build_book(data_dir: Path | None = None, output: Path | None = None) -> subprocess.CompletedProcess:
    """Build the whole book as `make book` does; `data_dir` builds from a copy of the data, `output` elsewhere."""
    from analysis.build import build_book as build

    return build(ROOT, data_dir if data_dir is not None or DATA == ROOT / "data" else DATA, output)


def pytest_collection_modifyitems(items):
    """Mark every test that reads the built book `book`: `-m "not book"` keeps the tests that need no build."""
    for item in items:
        if "built_book" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.book)


COPY_IGNORED = shutil.ignore_patterns(".venv", "_build", ".git", "_generated", "*.ipynb", ".pytest_cache",
                                      "__pycache__", "test-artifacts", "*.egg-info")


@pytest.fixture(scope="session")
def second_clean_build(request, tmp_path_factory):
    """A copy of the repository and its clean build, started before the repository's own build and run beside it
    when the rebuild tests are selected (they compare two clean builds, then change the copy); else None."""
    if not any(item.path.name == "test_rebuild.py" for item in request.session.items):
        return None
    from analysis.build import book_command, build_environment

    copy = tmp_path_factory.mktemp("repo") / "report"
    shutil.copytree(ROOT, copy, ignore=COPY_IGNORED)
    process = subprocess.Popen(book_command(copy), cwd=copy, env=build_environment(copy), text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return copy, process


@pytest.fixture(scope="session")
def built_book(second_clean_build) -> Path:
    """The book built once from the repository's data (a clean build: outputs of earlier builds removed).

    `REPORT_REUSE_BUILD=1` reuses an existing `_build/html` instead (for quick local runs; CI builds afresh).
    """
    if os.environ.get("REPORT_REUSE_BUILD") == "1" and (BUILD_HTML / "key-numbers.csv").exists():
        return BUILD_HTML
    from analysis.build import clean

    clean(ROOT)
    result = build_book()
    assert result.returncode == 0, f"book build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return BUILD_HTML


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    """A temporary copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def dataset():
    """The repository's data, validated."""
    from analysis.data import load_dataset

    return load_dataset(DATA)
