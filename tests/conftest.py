"""Shared fixtures: the repository, its data, and one built book for the whole test session."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
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
    """A build of the book of `root` running in a subprocess, its log in a file (a pipe would stall on a long log)."""

    def __init__(self, root: Path, data_dir: Path | None = None):
        from analysis.book.build import book_command, build_environment

        self.root = root
        self.log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.process = subprocess.Popen(book_command(root), cwd=root, env=build_environment(root, data_dir),
                                        stdout=self.log, stderr=subprocess.STDOUT, text=True)
        self.lock = threading.Lock()
        self.result: tuple[int, str] | None = None

    def wait(self, timeout: float = 1200) -> tuple[int, str]:
        """The build's exit code and log, once it has finished (any thread may ask)."""
        with self.lock:
            if self.result is None:
                code = self.process.wait(timeout)
                self.log.seek(0)
                self.result = code, self.log.read()
            return self.result

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class ChangedCopyBuild(threading.Thread):
    """The suite's second build: once the repository's clean build has finished, the repository is copied with
    everything that build left (site, executed pages, outputs, caches), changed (`copy_changes.change_copy`) and
    built again as `make book` builds, without `--all`."""

    def __init__(self, repository: BackgroundBuild):
        super().__init__(daemon=True)
        self.repository = repository
        self.root = Path(tempfile.mkdtemp(prefix="report-copy-")) / "report"
        self.error: str | None = None
        self.build: BackgroundBuild | None = None
        self.stopped = False

    def run(self) -> None:
        code, log = self.repository.wait()
        if code != 0 or self.stopped:
            self.error = "the repository's build failed, so the copy was not built"
            return
        # copied and changed in a process of its own: in this one, the copy's many small file operations would each
        # wait for the tests running meanwhile to hand over the interpreter
        made = subprocess.run([sys.executable, str(Path(__file__).with_name("copy_changes.py")), str(ROOT), str(self.root)],
                              capture_output=True, text=True)
        if made.returncode != 0:
            self.error = f"the copy could not be made:\n{made.stderr[-4000:]}"
            return
        self.build = BackgroundBuild(self.root)

    def wait(self) -> tuple[int, str]:
        self.join()
        if self.build is None:
            return 1, self.error or "the copy was not built"
        return self.build.wait()

    def stop(self) -> None:
        self.stopped = True
        self.repository.stop()
        self.join()
        if self.build is not None:
            self.build.stop()


BUILDS: dict = {}
"""The builds of the session, started as soon as the tests are collected: "repository" (clean) and, when the
rebuild tests are selected, "copy" (changed, after it)."""


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


def start_builds(with_copy: bool) -> None:
    """Start the repository's clean build and, `with_copy`, the changed copy's build after it."""
    from analysis.book.build import clean

    clean(ROOT)
    BUILDS["repository"] = BackgroundBuild(ROOT, DATA_OVERRIDE)
    if with_copy:
        BUILDS["copy"] = ChangedCopyBuild(BUILDS["repository"])
        BUILDS["copy"].start()


def whole_suite(config) -> bool:
    """True for a run of every test, as `make test` runs them: no paths named, no `-k` or `-m` selection."""
    return (config.args_source == pytest.Config.ArgsSource.TESTPATHS and not config.option.keyword
            and not config.option.markexpr and not config.option.collectonly and not reuse_build())


def pytest_sessionstart(session):
    """A run of the whole suite needs both builds: they start at once, while the tests are collected."""
    if whole_suite(session.config):
        start_builds(with_copy=True)


def pytest_collection_finish(session):
    """Otherwise start the builds the selected tests read: the repository's clean build, and the changed copy's build
    after it when the rebuild tests are selected."""
    if BUILDS or session.config.option.collectonly or reuse_build():
        return
    if not any(item.get_closest_marker("book") for item in session.items):
        return
    start_builds(with_copy=any(item.path.name == "test_rebuild.py" for item in session.items))


def pytest_sessionfinish(session):
    """Stop builds no test waited for (a run stopped early) and remove the copy."""
    for build in reversed(list(BUILDS.values())):
        build.stop()
    if "copy" in BUILDS:
        shutil.rmtree(BUILDS["copy"].root.parent, ignore_errors=True)


@pytest.fixture(scope="session")
def changed_copy_build() -> Path:
    """The changed copy, built (waited for); the rebuild tests need it."""
    assert "copy" in BUILDS, "no build of the copy was started for this session"
    code, log = BUILDS["copy"].wait()
    assert code == 0, f"book build of the changed copy failed:\n{log[-6000:]}"
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


def book_extension():
    """The book's Sphinx extension (book/_ext/report_build.py), loaded as a module of its own."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("report_build", ROOT / "book" / "_ext" / "report_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
