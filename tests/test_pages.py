"""The report layer's contract: declared outputs, pages that read only what they declare, re-execution by hash."""
from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.data import paths
from analysis.report.columns import Column, column, define
from analysis.report.outputs import Output, OutputError, OutputSet, PageInputs, check_frame, read_output, write_outputs
from analysis.book.pages import Page, PageError, declared_inputs, executed_pages, page_hash, stored_hash, toc_docnames

FORBIDDEN_IN_PAGES = ("statsmodels", "fit_model(", "os.environ", "load_dataset", "select_sample", "ReportContext",
                      "import analysis.stats.models", "from analysis.stats.models", "REPORT_DATA_DIR")


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
    from analysis.report.context import ReportContext

    with pytest.raises(ValueError, match="sample rule"):
        ReportContext(None, headline_rule="best")
    with pytest.raises(ValueError, match="peak"):
        ReportContext(None, peak="fp64")


def fewer_benchmarks_data(data: Path, target: Path, kept: tuple[str, ...]) -> Path:
    """A copy of the data with the results of the `kept` benchmarks only: a what-if page's report layer is then
    quicker to compute."""
    import shutil

    import yaml

    shutil.copytree(data, target)
    package = yaml.safe_load((target / "datapackage.yaml").read_text(encoding="utf-8"))
    dropped = [r for r in package["resources"] if r["name"].startswith("results_") and r["name"].removeprefix("results_") not in kept]
    package["resources"] = [r for r in package["resources"] if r not in dropped]
    for resource in dropped:
        (target / resource["path"]).unlink()
    (target / "datapackage.yaml").write_text(yaml.safe_dump(package, sort_keys=False), encoding="utf-8")
    return target


def test_a_what_if_page_states_its_parameters(tmp_path):
    from analysis.book.whatif import render
    from conftest import DATA

    from analysis.report.paper import NOT_SIGNIFICANT_BENCHMARK

    # the benchmark of the page, and those the paper's claims name (the paper module's outputs are computed too)
    data = fewer_benchmarks_data(DATA, tmp_path / "data", ("conll2003", "imagenet", NOT_SIGNIFICANT_BENCHMARK))
    html = render("conll2003", cutoff_date="2019-01-01", target_dir=tmp_path / "pages", data_dir=data)
    text = html.read_text(encoding="utf-8")
    assert "What-if page" in text and "2019-01-01" in text
    folder = html.parents[4]
    summary = read_output("summary/conll2003", folder / "outputs")
    assert summary["cutoff_date"].iloc[0] == "2019-01-01"
    # executed as the book's pages are, on the outputs computed for it (their hash stored in the notebook)
    page = Page(folder.name, paths.BENCHMARK_TEMPLATE, folder / f"{folder.name}.ipynb", {"benchmark_id": "conll2003"},
                declared_inputs(paths.BENCHMARK_TEMPLATE, "conll2003"))
    assert stored_hash(page.target) == page_hash(page, folder / "outputs")


def test_names_of_the_package_link_to_their_source(tmp_path):
    from analysis.book.source_links import definitions, link_names, render_sources

    known = definitions()
    assert "error_vs_compute" in known["book.plots"] and "SIGNIFICANCE_LEVEL" in known["stats.rules"]
    assert "load_dataset" in known["data"]  # a layer's __init__ is the layer itself
    shown = '<code class="docutils literal notranslate"><span class="pre">analysis.book.plots.error_vs_compute</span></code>'
    linked = link_names(shown, "../../", known)
    assert 'href="../../_source/analysis/book.plots.html#error_vs_compute"' in linked
    layer = shown.replace("analysis.book.plots.error_vs_compute", "analysis.data.load_dataset")
    assert 'href="_source/analysis/data.html#load_dataset"' in link_names(layer, "", known)
    unknown = shown.replace("plots.error_vs_compute", "nomodule.f")
    assert link_names(unknown, "", known) == unknown
    render_sources(tmp_path)
    assert '<span id="error_vs_compute"></span>' in (tmp_path / "_source" / "analysis" / "book.plots.html").read_text(encoding="utf-8")


def _conditional_page(tmp_path, n_points: int):
    """A page whose sections depend on a condition output (`report: conditions:`), and that output written."""
    declared = OutputSet()
    declared.declare(Output("counts", "Counts", "", ("benchmark", "n"), ()))
    write_outputs(declared, {"counts": pd.DataFrame({"benchmark": ["a"], "n": [n_points]})}, tmp_path)
    source = tmp_path / "page.md"
    source.write_text(
        "---\nkernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n"
        "report:\n  inputs: [counts]\n  conditions: counts\n  data:\n    - results/*.csv\n    - training_runs.csv\n---\n# T\n\n"
        '+++ {"report_if": "n"}\n\n## Points\n\n```{code-cell} ipython3\n:report_if: n\nx = 1\n```\n\n'
        '+++ {"report_unless": "n"}\n\nNo points, and why.\n\n+++\n\nAlways.\n', encoding="utf-8")
    return Page("page", source, tmp_path / "page.ipynb", {}, declared_inputs(source))


@pytest.mark.parametrize("n_points, shown, hidden", [(3, ["## Points", "x = 1", "Always."], ["No points"]),
                                                     (0, ["No points, and why.", "Always."], ["## Points", "x = 1"])])
def test_a_page_shows_a_section_only_when_its_data_have_it(tmp_path, n_points, shown, hidden):
    from analysis.book.pages import page_notebook

    notebook = page_notebook(_conditional_page(tmp_path, n_points), tmp_path)
    text = "\n".join(cell.source for cell in notebook.cells)
    assert all(s in text for s in shown) and not any(h in text for h in hidden), text


def test_conditions_must_name_a_declared_output(tmp_path):
    from analysis.book.pages import shown_cells

    page = _conditional_page(tmp_path, 1)
    page.source.write_text(page.source.read_text(encoding="utf-8").replace("conditions: counts", "conditions: other"), encoding="utf-8")
    with pytest.raises(PageError, match="not among its declared inputs"):
        shown_cells([type("Cell", (), {"metadata": {"report_if": "n"}})()], page, tmp_path)


def test_the_download_line_offers_tables_and_data_at_stable_addresses(tmp_path):
    from analysis.book.pages import download_line, page_data_files

    page = _conditional_page(tmp_path, 1)
    data = tmp_path / "data"
    (data / "results").mkdir(parents=True)
    for name in ("results/b.csv", "results/a.csv", "training_runs.csv"):
        (data / name).write_text("x\n", encoding="utf-8")
    files = page_data_files(page, data)
    assert files == ["results/a.csv", "results/b.csv", "training_runs.csv"]
    line = download_line(["counts"], tmp_path, "../", files).data
    assert line.count('class="report-downloads"') == 1
    assert 'href="../outputs/counts.csv"' in line and 'href="../data/results/a.csv"' in line and 'href="../key-numbers.csv"' in line
    assert "_downloads" not in line


def test_wide_tables_keep_their_key_columns_and_fold_the_rest():
    from analysis.book.format import MAX_COLUMNS, table_html

    frame = pd.DataFrame({"model": ["A"], "n": [3], "slope": [-0.1], "r2": [0.5], "p_value": [0.2], "intercept": [1.0],
                          "slope_low": [-0.2], "slope_high": [0.0], "error_pct": [5.0]})
    html = table_html(frame, key=["model", "slope"])
    assert html.count("<th>") == 3 and "<details><summary>more</summary>" in html
    assert "Points</b>: 3" in html or "</b>: 3" in html
    assert table_html(frame.iloc[:, :MAX_COLUMNS]).count("<th>") == MAX_COLUMNS


def test_log_axes_have_at_least_three_ticks_inside_their_range():
    from analysis.book.interactive import MIN_TICKS, power_ticks

    for low, high in ((2e9, 4e11), (1.2e9, 8e9), (1e3, 1e15), (3e8, 3e10)):
        axis = power_ticks(low, high, most=3)
        inside = [v for v in axis["tickvals"] if axis["range"][0] - 1e-9 <= math.log10(v) <= axis["range"][1] + 1e-9]
        assert len(inside) >= MIN_TICKS, (low, high, axis)
        assert axis["range"][0] <= math.log10(low) and axis["range"][1] >= math.log10(high)


def test_the_year_bar_runs_over_the_years_shown_and_error_axes_name_the_metric():
    from analysis.book.interactive import error_vs_compute, headline_panels, narrow_variant

    points = pd.DataFrame({"benchmark": ["wmt14_en_de"] * 3, "benchmark_title": ["WMT 2014 En-De"] * 3, "model": list("abc"),
                           "year": [2014, 2016, 2019], "error_pct": [80.0, 75.0, 71.0], "compute_gflop": [1e9, 1e10, 1e11]})
    curves = pd.DataFrame({"benchmark": ["wmt14_en_de"] * 2, "fit_model": ["polynomial"] * 2, "compute_gflop": [1e9, 1e11],
                           "error_pct": [80.0, 71.0], "error_low_pct": [78.0, 69.0], "error_high_pct": [82.0, 73.0]})
    figure = headline_panels(points, curves)
    bars = [t.marker for t in figure.data if t.marker is not None and t.marker.showscale]
    assert len(bars) == 1 and (bars[0].cmin, bars[0].cmax) == (2014, 2019)
    assert min(bars[0].colorbar.tickvals) >= 2014 and max(bars[0].colorbar.tickvals) == 2019
    assert figure.layout.yaxis.title.text == "error (100 - BLEU)"
    narrow = narrow_variant(figure)  # the phone's variant: the panels in one column
    assert "xaxis2" in figure.to_plotly_json()["layout"] and "xaxis2" not in narrow.to_plotly_json()["layout"]
    single = error_vs_compute(points, curves.drop(columns="benchmark"), ylabel="error (100 - BLEU)")
    assert single.layout.yaxis.title.text == "error (100 - BLEU)"


def _counting_page(tmp_path, name: str, code: str) -> Page:
    """A page reading the `counts` output whose one code cell is `code`."""
    source = tmp_path / f"{name}.md"
    source.write_text("---\nreport:\n  inputs: [counts]\n---\n# T\n\n```{code-cell} ipython3\n" + code + "\n```\n", encoding="utf-8")
    return Page(name, source, tmp_path / f"{name}.ipynb", {}, declared_inputs(source))


def test_pages_run_on_kernels_started_ahead_and_run_again_only_when_stale(tmp_path, monkeypatch):
    import json

    from analysis.book import pages as pages_module
    from analysis.book.pages import Kernels, execute_pages

    monkeypatch.setattr(pages_module, "WARM_UP_CODE", "x = 1")  # these pages import nothing; every build runs the real one

    declared = OutputSet()
    declared.declare(Output("counts", "Counts", "", ("benchmark", "n"), ()))
    write_outputs(declared, {"counts": pd.DataFrame({"benchmark": ["a"], "n": [3]})}, tmp_path)
    page = _counting_page(tmp_path, "one", "print(6 * 7)")
    broken = _counting_page(tmp_path, "broken", "raise ValueError('no such column')")
    with pytest.raises(PageError, match="broken .*a cell failed"):
        execute_pages([page, broken], tmp_path, kernels=Kernels(workers=1, cwd=tmp_path))
    assert not broken.target.exists()  # a failing page leaves no notebook; the good one is written
    cells = [c for c in json.loads(page.target.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    assert any("42" in "".join(o.get("text", "")) for c in cells for o in c["outputs"])
    assert execute_pages([page], tmp_path) == []  # nothing stale: nothing run, no kernel started


def test_a_page_whose_kernel_fails_is_an_error_not_a_page_left_out(tmp_path, monkeypatch):
    from analysis.book import pages as pages_module

    def dead(client, page, notebook, digest):
        raise RuntimeError("Kernel died before replying to execute request")

    monkeypatch.setattr(pages_module, "_run_page", dead)
    monkeypatch.setattr(pages_module, "WARM_UP_CODE", "pass")
    declared = OutputSet()
    declared.declare(Output("counts", "Counts", "", ("benchmark", "n"), ()))
    write_outputs(declared, {"counts": pd.DataFrame({"benchmark": ["a"], "n": [3]})}, tmp_path)
    page = _counting_page(tmp_path, "one", "x = 1")
    with pytest.raises(PageError, match="one .*not executed: RuntimeError: Kernel died"):
        pages_module.execute_pages([page], tmp_path, workers=1)
    assert not page.target.exists()
