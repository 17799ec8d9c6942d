"""Shared fixtures: the repository, its data, and one built book for the whole test session."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("REPORT_DATA_DIR") or ROOT / "data")  # the suite may run on a copy of the data
DATA_OVERRIDE = None if DATA == ROOT / "data" else DATA
"""The data directory a build is given, if the suite runs on a copy of the data (REPORT_DATA_DIR)."""
BUILD_HTML = ROOT / "_build" / "html"


def build_book(data_dir: Path | None = None, output: Path | None = None) -> subprocess.CompletedProcess:
    """Build the whole book as `make book` does; `data_dir` builds from a copy of the data, `output` elsewhere."""
    from analysis.book.build import build_book as build

    return build(ROOT, data_dir if data_dir is not None else DATA_OVERRIDE, output)


class BackgroundBuild:
    """A clean build of the book of `root` running in a subprocess, its log in a file (a pipe would stall on a long log)."""

    def __init__(self, root: Path, data_dir: Path | None = None):
        from analysis.book.build import book_command, build_environment

        self.root = root
        self.log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.process = subprocess.Popen(book_command(root), cwd=root, env=build_environment(root, data_dir),
                                        stdout=self.log, stderr=subprocess.STDOUT, text=True)

    def wait(self, timeout: float = 1200) -> tuple[int, str]:
        """The build's exit code and log, once it has finished."""
        code = self.process.wait(timeout)
        self.log.seek(0)
        return code, self.log.read()


BUILDS: dict[str, BackgroundBuild] = {}
"""The clean builds of the session, started as soon as the tests are collected: "repository", "copy"."""


def reuse_build() -> bool:
    """`REPORT_REUSE_BUILD=1` reuses an existing `_build/html` (for quick local runs; CI builds afresh)."""
    return os.environ.get("REPORT_REUSE_BUILD") == "1" and (BUILD_HTML / "key-numbers.csv").exists()


def pytest_collection_modifyitems(items):
    """Mark every test that reads the built book `book` (`-m "not book"` keeps the tests that need no build) and run
    those last: the other tests run while the book builds."""
    for item in items:
        if "built_book" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.book)
    items.sort(key=lambda item: item.get_closest_marker("book") is not None)


def pytest_collection_finish(session):
    """Start the clean builds the selected tests read: the repository's, and a copy's when the rebuild tests are
    selected (they compare two clean builds, then change the copy)."""
    if session.config.option.collectonly or reuse_build():
        return
    if not any(item.get_closest_marker("book") for item in session.items):
        return
    from analysis.book.build import clean

    if any(item.path.name == "test_rebuild.py" for item in session.items):
        copy = Path(tempfile.mkdtemp(prefix="report-copy-")) / "report"
        shutil.copytree(ROOT, copy, ignore=COPY_IGNORED)
        BUILDS["copy"] = BackgroundBuild(copy)
    clean(ROOT)
    BUILDS["repository"] = BackgroundBuild(ROOT, DATA_OVERRIDE)


def pytest_sessionfinish(session):
    """Stop builds no test waited for (a run stopped early) and remove the copy."""
    for build in BUILDS.values():
        if build.process.poll() is None:
            build.process.kill()
            build.process.wait()
    if "copy" in BUILDS:
        shutil.rmtree(BUILDS["copy"].root.parent, ignore_errors=True)


COPY_IGNORED = shutil.ignore_patterns(".venv", "_build", ".git", "_generated", "*.ipynb", ".pytest_cache",
                                      "__pycache__", "test-artifacts", "*.egg-info")


@pytest.fixture(scope="session")
def second_clean_build() -> Path | None:
    """The copy of the repository built clean beside the repository's own build (waited for), or None when the
    rebuild tests are not selected."""
    if "copy" not in BUILDS:
        return None
    code, log = BUILDS["copy"].wait()
    assert code == 0, f"book build of the copy failed:\n{log[-6000:]}"
    return BUILDS["copy"].root


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The book built once, clean, from the repository's data (started when the tests were collected)."""
    if "repository" not in BUILDS:
        assert reuse_build(), "no build of the book was started for this session"
        return BUILD_HTML
    code, log = BUILDS["repository"].wait()
    assert code == 0, f"book build failed:\n{log[-8000:]}"
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
