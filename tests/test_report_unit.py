"""Rules of `analysis.report` on a tiny setup in a temporary directory: every report module's outputs are declared,
the fingerprints change with exactly what the outputs depend on (each data file's path and content, the package's
modules, the citation), every module's tables are computed over one context of the data, and a build writes the
outputs and its fingerprint, skips when nothing changed, rebuilds when forced or when a data file changed, and
writes nothing on invalid data."""
from __future__ import annotations

import hashlib
import importlib
import sys
import types
from pathlib import Path

import pandas as pd
import pytest

from analysis.data import paths
from analysis import report
from analysis.report.context import ReportContext
from analysis.data import DataError, Dataset
from analysis.report.outputs import Output, OutputError, OutputSet


@pytest.fixture()
def tree(tmp_path, monkeypatch) -> Path:
    """A repository root with two package modules, a citation and a data directory."""
    (tmp_path / "analysis").mkdir()
    (tmp_path / "analysis" / "a.py").write_text("A = 1\n")
    (tmp_path / "analysis" / "b.py").write_text("B = 2\n")
    (tmp_path / "CITATION.cff").write_text("title: t\n")
    data = tmp_path / "data"
    (data / "results").mkdir(parents=True)
    (data / "processors.csv").write_text("processor\nk80\n")
    (data / "results" / "x.csv").write_text("a\n1\n")
    monkeypatch.setattr(paths, "REPO_ROOT", tmp_path)
    monkeypatch.setattr(paths, "CITATION_FILE", tmp_path / "CITATION.cff")
    return tmp_path


# declarations

def test_every_report_module_declares_its_outputs():
    declared = report.declared_outputs()
    assert isinstance(declared, OutputSet)
    expected = [o.name for name in report.REPORT_MODULES for o in importlib.import_module(name).OUTPUTS]
    assert list(declared.outputs) == expected
    for name in report.REPORT_MODULES:
        for output in importlib.import_module(name).OUTPUTS:
            assert declared.outputs[output.name] is output
    assert {"cost_factors", "data_counts", "sensitivity_variants"} <= set(declared.outputs)


# fingerprints

def test_the_package_fingerprint_is_every_module_name_and_content_in_order(tree):
    expected = hashlib.sha256()
    for name, text in (("a.py", "A = 1\n"), ("b.py", "B = 2\n")):
        expected.update(name.encode())
        expected.update(text.encode())
    assert report.package_fingerprint() == expected.hexdigest()


def test_the_package_fingerprint_follows_modules_only(tree):
    first = report.package_fingerprint()
    (tree / "analysis" / "notes.txt").write_text("not a module")
    assert report.package_fingerprint() == first
    (tree / "analysis" / "sub").mkdir()
    (tree / "analysis" / "sub" / "c.py").write_text("C = 3\n")  # a module of a layer's subpackage counts
    in_layer = report.package_fingerprint()
    assert in_layer != first
    (tree / "analysis" / "sub" / "c.py").unlink()
    assert report.package_fingerprint() == first
    (tree / "analysis" / "b.py").write_text("B = 3\n")
    changed = report.package_fingerprint()
    assert changed != first
    (tree / "analysis" / "b.py").rename(tree / "analysis" / "c.py")
    assert report.package_fingerprint() != changed


def test_the_inputs_fingerprint_is_package_citation_and_every_data_file(tree):
    data = tree / "data"
    expected = hashlib.sha256(report.package_fingerprint().encode())
    expected.update(b"title: t\n")
    for relative, text in (("processors.csv", "processor\nk80\n"), ("results/x.csv", "a\n1\n")):
        expected.update(relative.encode())
        expected.update(text.encode())
    assert report.inputs_fingerprint(data) == expected.hexdigest()
    assert report.inputs_fingerprint(str(data)) == expected.hexdigest()


def test_the_inputs_fingerprint_changes_with_whatever_the_outputs_depend_on(tree):
    data = tree / "data"
    seen = {report.inputs_fingerprint(data)}

    def changed() -> bool:
        digest = report.inputs_fingerprint(data)
        new = digest not in seen
        seen.add(digest)
        return new

    assert not changed()  # the same files: the same fingerprint
    (data / "empty_dir").mkdir()
    assert not changed()  # a directory is not an input
    (data / "results" / "x.csv").write_text("a\n2\n")
    assert changed()
    (data / "results" / "x.csv").rename(data / "results" / "y.csv")
    assert changed()  # same content under another name
    (data / "results" / "y.csv").rename(data / "y.csv")
    assert changed()  # same name in another folder
    (data / "new.csv").write_text("")
    assert changed()  # an empty new file
    (tree / "CITATION.cff").write_text("title: u\n")
    assert changed()
    (tree / "analysis" / "a.py").write_text("A = 2\n")
    assert changed()


# computing the tables

def test_every_module_computes_its_tables_over_one_context(monkeypatch):
    seen = []

    def module(name: str, tables: dict) -> str:
        fake = types.ModuleType(name)

        def build(ctx):
            seen.append(ctx)
            return {key: value for key, value in tables.items()}

        fake.build = build
        monkeypatch.setitem(sys.modules, name, fake)
        return name

    one, two = pd.DataFrame({"a": [1]}), pd.DataFrame({"b": [2]})
    monkeypatch.setattr(report, "REPORT_MODULES", (module("fake_first", {"t1": one}), module("fake_second", {"t2/x": two})))
    dataset = Dataset(processors=pd.DataFrame(), cloud_prices=pd.DataFrame(), training_runs=pd.DataFrame())
    tables = report.compute_tables(dataset)
    assert tables == {"t1": one, "t2/x": two} and tables["t1"] is one and tables["t2/x"] is two
    assert len(seen) == 2 and seen[0] is seen[1]
    assert isinstance(seen[0], ReportContext) and seen[0].dataset is dataset
    assert (seen[0].cutoff_override, seen[0].headline_rule, seen[0].peak) == (None, "ours", "paper_convention")


# building the report

OUTPUT = Output("data_counts", "Counts", "d", ("n_results",), ("processors.csv",))


@pytest.fixture()
def setup(tree, monkeypatch):
    """build_report over the tree's data with a fake loader and one small output; the loads are counted."""
    loads, computed, loaded = [], [], []
    table = {"n": 3}

    def load_dataset(data_dir):
        loads.append(Path(data_dir))
        loaded.append(Dataset(processors=pd.DataFrame(), cloud_prices=pd.DataFrame(), training_runs=pd.DataFrame()))
        return loaded[-1]

    def compute_tables(dataset, reused=None):
        computed.append(dataset)
        return {"data_counts": pd.DataFrame({"n_results": [table["n"]]})}

    declared = OutputSet()
    declared.declare(OUTPUT)
    monkeypatch.setattr("analysis.data.load_dataset", load_dataset)
    monkeypatch.setattr(report, "compute_tables", compute_tables)
    monkeypatch.setattr(report, "declared_outputs", lambda: declared)
    monkeypatch.setenv(paths.DATA_DIR_VARIABLE, str(tree / "elsewhere"))  # not the data of these builds
    return types.SimpleNamespace(data=tree / "data", out=tree / "out", loads=loads, table=table, computed=computed, loaded=loaded)


def clock(monkeypatch, *readings: float) -> None:
    """The build's clock reads `readings` in turn."""
    ticks = iter(readings)
    monkeypatch.setattr(report, "time", types.SimpleNamespace(perf_counter=lambda: next(ticks)))


def test_a_build_writes_the_outputs_and_the_fingerprint(setup, monkeypatch):
    setup.out.mkdir()
    clock(monkeypatch, 100.0, 102.5)
    build = report.build_report(setup.data, setup.out)
    assert build.computed and build.written == ("data_counts",) and build.seconds == 2.5
    assert setup.loads == [setup.data]
    assert len(setup.computed) == 1 and setup.computed[0] is setup.loaded[0]  # the tables of the data just loaded
    assert (setup.out / "data_counts.csv").read_text() == "n_results\n3\n"
    assert (setup.out / report.FINGERPRINT_FILE).read_text() == report.inputs_fingerprint(setup.data)
    assert report.FINGERPRINT_FILE == "inputs.sha256"


def test_a_build_with_nothing_changed_skips(setup, monkeypatch):
    setup.out.mkdir()
    report.build_report(setup.data, setup.out)
    setup.table["n"] = 4  # would change the output, were it computed
    clock(monkeypatch, 7.0, 7.25)
    again = report.build_report(str(setup.data), str(setup.out))
    assert again.computed is False and again.written == () and again.seconds == 0.25
    assert len(setup.loads) == 1
    assert (setup.out / "data_counts.csv").read_text() == "n_results\n3\n"


def test_a_forced_build_computes_and_writes_only_what_changed(setup):
    setup.out.mkdir()
    report.build_report(setup.data, setup.out)
    forced = report.build_report(setup.data, setup.out, force=True)
    assert forced.computed and forced.written == () and len(setup.loads) == 2
    setup.table["n"] = 5
    assert report.build_report(setup.data, setup.out, force=True).written == ("data_counts",)
    assert (setup.out / "data_counts.csv").read_text() == "n_results\n5\n"


def test_a_changed_data_file_or_stamp_rebuilds(setup):
    setup.out.mkdir()
    report.build_report(setup.data, setup.out)
    (setup.data / "processors.csv").write_text("processor\nk80\np100\n")
    setup.table["n"] = 6
    build = report.build_report(setup.data, setup.out)
    assert build.computed and build.written == ("data_counts",)
    assert (setup.out / report.FINGERPRINT_FILE).read_text() == report.inputs_fingerprint(setup.data)
    (setup.out / report.FINGERPRINT_FILE).write_text("stale")
    assert report.build_report(setup.data, setup.out).computed
    (setup.out / report.FINGERPRINT_FILE).unlink()
    assert report.build_report(setup.data, setup.out).computed and len(setup.loads) == 4  # first, changed data, stale stamp, no stamp


def test_the_data_directory_defaults_to_the_configured_one(setup, monkeypatch):
    setup.out.mkdir()
    monkeypatch.setenv(paths.DATA_DIR_VARIABLE, str(setup.data))
    build = report.build_report(outputs_dir=setup.out)
    assert build.computed and setup.loads == [setup.data.resolve()]
    assert (setup.out / report.FINGERPRINT_FILE).read_text() == report.inputs_fingerprint(setup.data)


def test_invalid_data_writes_nothing(setup, monkeypatch):
    def invalid(data_dir):
        raise DataError(["processors.csv, line 2, column processor: missing"])

    monkeypatch.setattr("analysis.data.load_dataset", invalid)
    setup.out.mkdir()
    with pytest.raises(DataError, match="processors.csv"):
        report.build_report(setup.data, setup.out)
    assert list(setup.out.iterdir()) == []


def test_a_table_that_breaks_its_declaration_leaves_no_fingerprint(setup, monkeypatch):
    monkeypatch.setattr(report, "compute_tables", lambda dataset, reused=None: {"data_counts": pd.DataFrame({"other": [1]})})
    setup.out.mkdir()
    with pytest.raises(OutputError):
        report.build_report(setup.data, setup.out)
    assert not (setup.out / report.FINGERPRINT_FILE).exists()


def test_up_to_date_says_whether_a_build_would_compute(setup):
    setup.out.mkdir()
    assert not report.report_up_to_date(setup.data, setup.out)  # never computed
    report.build_report(setup.data, setup.out)
    assert report.report_up_to_date(setup.data, setup.out)
    (setup.data / "processors.csv").write_text("processor\nk80\nv100\n")
    assert not report.report_up_to_date(setup.data, setup.out)
    assert report.build_report(setup.data, setup.out).computed
    assert report.report_up_to_date(setup.data, setup.out)


def test_outputs_that_read_no_data_are_reused_while_the_package_is_the_same(tmp_path, monkeypatch):
    from analysis.report.outputs import write_outputs

    declared = OutputSet()
    declared.declare(Output("simulated", "Simulated", "d", ("coverage",), ()))  # reads no data file
    declared.declare(OUTPUT)  # reads processors.csv
    monkeypatch.setattr(report, "declared_outputs", lambda: declared)
    write_outputs(declared, {"simulated": pd.DataFrame({"coverage": [0.9]}), "data_counts": pd.DataFrame({"n_results": [3]})}, tmp_path)
    assert report.reusable_tables(tmp_path) == {}  # no record of the package they were computed with
    (tmp_path / report.PACKAGE_FINGERPRINT_FILE).write_text(report.package_fingerprint())
    reused = report.reusable_tables(tmp_path)
    assert list(reused) == ["simulated"] and reused["simulated"]["coverage"].tolist() == [0.9]
    (tmp_path / report.PACKAGE_FINGERPRINT_FILE).write_text("another package")
    assert report.reusable_tables(tmp_path) == {}


def test_a_reused_table_is_not_derived_again():
    ctx = ReportContext(Dataset(processors=pd.DataFrame(), cloud_prices=pd.DataFrame(), training_runs=pd.DataFrame()))
    ctx.reuse({"simulated": pd.DataFrame({"share": [0.9]})})
    assert ctx.derived("simulated", lambda _: pytest.fail("computed again"))["share"].tolist() == [0.9]
    assert ctx.derived("other", lambda _: pd.DataFrame({"x": [1]}))["x"].tolist() == [1]


def test_a_check_that_fails_stops_the_build_before_anything_is_computed(setup):
    checked = []

    def check(dataset):
        checked.append(dataset)
        raise ValueError("a paper missing from the bibliography")

    setup.out.mkdir()
    with pytest.raises(ValueError, match="bibliography"):
        report.build_report(setup.data, setup.out, check=check)
    assert checked == setup.loaded and setup.computed == [] and list(setup.out.iterdir()) == []
