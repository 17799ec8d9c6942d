"""The report layer's contract: declared outputs, pages that read only what they declare, re-execution by hash."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths
from analysis.columns import Column, column, define
from analysis.outputs import Output, OutputError, OutputSet, PageInputs, check_frame, read_output, write_outputs
from analysis.pages import Page, PageError, declared_inputs, executed_pages, page_hash, toc_docnames

FORBIDDEN_IN_PAGES = ("statsmodels", "fit_model(", "os.environ", "load_dataset", "select_sample", "ReportContext",
                      "import analysis.models", "from analysis.models", "REPORT_DATA_DIR")


def test_an_output_with_an_undeclared_column_is_refused():
    with pytest.raises(OutputError, match="no_such_column"):
        Output("x", "X", "", ("benchmark", "no_such_column"), ())


def test_a_table_must_have_its_declared_columns_in_order():
    output = Output("x", "X", "", ("benchmark", "n"), ())
    check_frame(output, "x", pd.DataFrame({"benchmark": ["a"], "n": [1]}))
    with pytest.raises(OutputError):
        check_frame(output, "x", pd.DataFrame({"n": [1], "benchmark": ["a"]}))


def test_a_column_redefined_with_another_meaning_is_an_error():
    define(Column("test_only_column", "Test", "GFLOP"))
    define(Column("test_only_column", "Test", "GFLOP"))  # the same meaning again is allowed
    with pytest.raises(ValueError):
        define(Column("test_only_column", "Test", "s"))
    assert column("test_only_column").header == "Test (GFLOP)"


def test_outputs_are_written_only_when_changed_and_read_back_typed(tmp_path):
    declared = OutputSet()
    declared.declare(Output("counts", "Counts", "", ("benchmark", "n", "published"), ()))
    frame = pd.DataFrame({"benchmark": ["a", "b"], "n": [1, 2], "published": pd.to_datetime(["2020-01-02", "2021-03-04"])})
    assert write_outputs(declared, {"counts": frame}, tmp_path) == ["counts"]
    assert write_outputs(declared, {"counts": frame}, tmp_path) == []
    back = read_output("counts", tmp_path)
    assert back["published"].dt.year.tolist() == [2020, 2021]
    assert (tmp_path / "datapackage.json").exists()
    with pytest.raises(OutputError, match="not_declared"):
        write_outputs(declared, {"not_declared": frame}, tmp_path)


def test_a_page_reads_only_what_it_declares(tmp_path):
    declared = OutputSet()
    declared.declare(Output("counts", "Counts", "", ("benchmark", "n"), ()))
    write_outputs(declared, {"counts": pd.DataFrame({"benchmark": ["a"], "n": [1]})}, tmp_path)
    assert PageInputs(["counts"], tmp_path).read("counts")["n"].tolist() == [1]
    with pytest.raises(OutputError, match="does not declare"):
        PageInputs([], tmp_path).read("counts")


def test_every_page_with_code_declares_inputs_that_the_report_declares():
    from analysis.report import declared_outputs

    declared = declared_outputs()
    pages = executed_pages()
    docnames = set(toc_docnames())
    assert {p.docname for p in pages} <= docnames
    assert any(p.docname.startswith("book/benchmarks/") for p in pages)
    for page in pages:
        for name in page.inputs:
            declared.of_instance(name)  # raises for an undeclared output


def test_a_page_with_code_but_no_declaration_is_an_error(tmp_path):
    source = tmp_path / "page.md"
    source.write_text("---\nkernelspec:\n  name: python3\n---\n# T\n\n```{code-cell} ipython3\n1\n```\n", encoding="utf-8")
    with pytest.raises(PageError, match="report: inputs:"):
        declared_inputs(source)


def test_the_page_hash_follows_its_declared_inputs_only(tmp_path):
    declared = OutputSet()
    declared.declare(Output("counts", "Counts", "", ("benchmark", "n"), ()))
    declared.declare(Output("other", "Other", "", ("benchmark", "n"), ()))
    tables = {"counts": pd.DataFrame({"benchmark": ["a"], "n": [1]}), "other": pd.DataFrame({"benchmark": ["a"], "n": [1]})}
    write_outputs(declared, tables, tmp_path)
    source = tmp_path / "page.md"
    source.write_text("---\nreport:\n  inputs: [counts]\n---\n# T\n", encoding="utf-8")
    page = Page("page", source, tmp_path / "page.ipynb", {}, declared_inputs(source))
    before = page_hash(page, tmp_path)
    write_outputs(declared, {**tables, "other": pd.DataFrame({"benchmark": ["a"], "n": [2]})}, tmp_path)
    assert page_hash(page, tmp_path) == before, "a change to an output the page does not read re-executed it"
    write_outputs(declared, {**tables, "counts": pd.DataFrame({"benchmark": ["a"], "n": [2]})}, tmp_path)
    assert page_hash(page, tmp_path) != before, "a change to a declared input did not re-execute the page"
    source.write_text(source.read_text(encoding="utf-8") + "More text.\n", encoding="utf-8")
    assert page_hash(page, tmp_path) != before


def test_pages_hold_no_analysis():
    sources = {p.source for p in executed_pages()}
    offenders = []
    for source in sources:
        code = "\n".join(re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", source.read_text(encoding="utf-8"), flags=re.S))
        offenders += [f"{source.relative_to(paths.REPO_ROOT)}: {word}" for word in FORBIDDEN_IN_PAGES if word in code]
    assert not offenders, offenders


def test_unknown_what_if_switches_are_errors():
    from analysis.context import ReportContext

    with pytest.raises(ValueError, match="sample rule"):
        ReportContext(None, headline_rule="best")
    with pytest.raises(ValueError, match="peak"):
        ReportContext(None, peak="fp64")


def test_a_what_if_page_states_its_parameters(tmp_path):
    from analysis.whatif import render

    html = render("conll2003", cutoff_date="2019-01-01", target_dir=tmp_path)
    text = html.read_text(encoding="utf-8")
    assert "What-if page" in text and "2019-01-01" in text
    summary = read_output("summary/conll2003", html.parents[4] / "outputs")
    assert summary["cutoff_date"].iloc[0] == "2019-01-01"


def test_names_of_the_package_link_to_their_source(tmp_path):
    from analysis.source_links import definitions, link_names, render_sources

    known = definitions()
    assert "error_vs_compute" in known["plots"] and "SIGNIFICANCE_LEVEL" in known["rules"]
    shown = '<code class="docutils literal notranslate"><span class="pre">analysis.plots.error_vs_compute</span></code>'
    linked = link_names(shown, "../../", known)
    assert 'href="../../_source/analysis/plots.html#error_vs_compute"' in linked
    unknown = shown.replace("plots.error_vs_compute", "nomodule.f")
    assert link_names(unknown, "", known) == unknown
    render_sources(tmp_path)
    assert '<span id="error_vs_compute"></span>' in (tmp_path / "_source" / "analysis" / "plots.html").read_text(encoding="utf-8")
