"""A clean stop on bad data: `make book` (python -m analysis.book.build) lists the problems and exits non-zero, without a
traceback, stopping the build it started meanwhile before that writes anything, so the site built before is left as it
was."""
from __future__ import annotations

import io
import shutil

import pytest

from analysis.book import build
from analysis.data import paths
from conftest import DATA


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the data that the build reads (REPORT_DATA_DIR)."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setenv(paths.DATA_DIR_VARIABLE, str(copy))
    return copy


@pytest.fixture
def no_book_build(monkeypatch):
    """The build that `main` starts while it checks the data, faked: the test sees whether it was stopped."""
    started = []

    class Build:
        def __init__(self, *args, **kwargs):
            self.stdout = io.StringIO("Running Jupyter-Book\n")
            self.killed = False
            started.append(self)

        def kill(self):
            self.killed = True

        def wait(self):
            return -9 if self.killed else 0

    monkeypatch.setattr(build.subprocess, "Popen", Build)
    return started


def replace_cell(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_invalid_data_stop_the_build_with_the_list_of_problems(data_copy, no_book_build, capsys):
    processors = data_copy / "processors.csv"
    header, first = processors.read_text(encoding="utf-8").splitlines()[:2]
    column = header.split(",").index("peak_flops_fp32")
    cells = first.split(",")
    replace_cell(processors, first, ",".join(cells[:column] + ["lots"] + cells[column + 1:]))
    assert build.main() == 1
    assert len(no_book_build) == 1 and no_book_build[0].killed, "the build was not stopped"
    shown = capsys.readouterr()
    err = shown.err
    assert "Running Jupyter-Book" not in shown.out, "the stopped build's log was shown"
    assert "Traceback" not in err
    assert "not built" in err and "processors.csv" in err and "line 2" in err and "peak_flops_fp32" in err, err


def test_a_paper_missing_from_the_bibliography_stops_the_build(data_copy, no_book_build, capsys):
    results = data_copy / "results" / "conll2003.csv"
    replace_cell(results, ",lample2016neural,", ",nosuchpaper2099,")
    assert build.main() == 1
    assert len(no_book_build) == 1 and no_book_build[0].killed, "the build was not stopped"
    err = capsys.readouterr().err
    assert "nosuchpaper2099" in err and "results/conll2003.csv" in err and "references.bib" in err and "Traceback" not in err, err


def test_every_paper_of_the_data_is_in_the_bibliography():
    assert build.preflight() == []


def test_bibliography_keys_are_read_from_entries(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{one2020,\n  title={x}}\n@inproceedings{ two2021 ,\n title={y}}\n% @misc{comment,\n", encoding="utf-8")
    assert build.bibliography_keys(bib) == {"one2020", "two2021"}


def test_the_build_environment_names_the_package_and_the_data_of_the_build(monkeypatch, tmp_path):
    from analysis.book.build import build_environment
    from analysis.data import paths

    monkeypatch.setenv(paths.DATA_DIR_VARIABLE, "/elsewhere")
    plain = build_environment(tmp_path)
    assert paths.DATA_DIR_VARIABLE not in plain
    assert plain["PYTHONPATH"].split(":")[0] == str(tmp_path)
    given = build_environment(tmp_path, tmp_path / "data")
    assert given[paths.DATA_DIR_VARIABLE] == str(tmp_path / "data")


def test_the_book_extension_stops_on_invalid_data_before_it_computes_anything(data_copy, monkeypatch):
    """A plain `jupyter-book build .` (no build command before it) stops too: the extension checks the data first."""
    import types

    from sphinx.errors import ExtensionError

    import analysis.book.pages as pages
    import analysis.report as report
    from conftest import book_extension

    extension = book_extension()

    class Kernels:  # the kernels the extension starts while the outputs are computed, not started here
        def close(self):
            pass

    def compute_tables(*args, **kwargs):
        raise AssertionError("outputs were computed from invalid data")

    monkeypatch.setattr(pages, "Kernels", Kernels)
    monkeypatch.setattr(report, "compute_tables", compute_tables)
    replace_cell(data_copy / "results" / "conll2003.csv", ",lample2016neural,", ",nosuchpaper2099,")
    with pytest.raises(ExtensionError, match=r"(?s)nothing was built.*nosuchpaper2099.*references.bib"):
        extension._prepare(types.SimpleNamespace(srcdir=str(paths.REPO_ROOT)))
    processors = data_copy / "processors.csv"
    header, first = processors.read_text(encoding="utf-8").splitlines()[:2]
    replace_cell(processors, first, first.replace(first.split(",")[0], "", 1))
    with pytest.raises(ExtensionError, match=r"(?s)nothing was built.*processors.csv, line 2"):
        extension._prepare(types.SimpleNamespace(srcdir=str(paths.REPO_ROOT)))
