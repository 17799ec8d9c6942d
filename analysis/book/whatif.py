"""What-if pages: one benchmark page rendered with other parameters into a standalone HTML file.

    python -m analysis.book.whatif <benchmark> [--cutoff-date YYYY-MM-DD] [--sample RULE] [--peak PEAK]
    (`make page BENCHMARK=<id> [cutoff_date=...] [sample=...] [peak=...]`)

The report layer computes the outputs with the what-if switches (`analysis.report.context.ReportContext`) into a
folder of their own; papermill executes the benchmark template with its parameters against them; a
single-page Jupyter Book build turns the notebook into HTML under `_build/pages/`. The page states its
parameters at the top. The published book is not touched.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from analysis.data import paths
from analysis.stats.compute import PEAK_CHOICES
from analysis.stats.samples import WHATIF_RULES


def page_name(benchmark_id: str, cutoff_date: str | None, sample: str, peak: str) -> str:
    """A file name that says which parameters made the page."""
    parts = [benchmark_id, f"cutoff-{cutoff_date}" if cutoff_date else "", f"sample-{sample}" if sample != "ours" else "",
             f"peak-{peak}" if peak != "paper_convention" else ""]
    return "_".join(p for p in parts if p) or benchmark_id


def parameters_note(cutoff_date: str | None, sample: str, peak: str) -> str:
    """The sentence at the top of a what-if page."""
    return ("**What-if page**, not part of the published report. Parameters: "
            f"window end `{cutoff_date or 'as published (the benchmark’s own)'}`, "
            f"headline sample rule `{sample}`, peak counted `{peak}` (see the methods page of the report).")


def render(benchmark_id: str, cutoff_date: str | None = None, sample: str = "ours", peak: str = "paper_convention",
           target_dir: Path = paths.WHATIF_DIR, data_dir: Path | None = None) -> Path:
    """Render one what-if benchmark page from the data in `data_dir` (by default the report's); returns the path of
    its HTML file."""
    import nbformat
    import papermill

    from analysis.report.context import ReportContext
    from analysis.data import load_dataset
    from analysis.report.outputs import write_outputs
    from analysis.book.pages import Page, declared_inputs, page_notebook
    from analysis.data.registry import get_benchmark
    from analysis.report import REPORT_MODULES, declared_outputs

    get_benchmark(benchmark_id)
    name = page_name(benchmark_id, cutoff_date, sample, peak)
    folder = Path(target_dir) / name
    outputs_dir = folder / "outputs"
    ctx = ReportContext(load_dataset(data_dir), cutoff_date=cutoff_date, headline_rule=sample, peak=peak)
    import importlib

    tables = {}
    for module in REPORT_MODULES[:2]:  # the benchmark page reads the benchmark and paper modules' outputs
        tables.update(importlib.import_module(module).build(ctx))
    write_outputs(declared_outputs(), tables, outputs_dir)
    page = Page(name, paths.BENCHMARK_TEMPLATE, folder / f"{name}.ipynb", {"benchmark_id": benchmark_id},
                declared_inputs(paths.BENCHMARK_TEMPLATE, benchmark_id))
    notebook = page_notebook(page, outputs_dir)
    notebook.cells.insert(1, nbformat.v4.new_markdown_cell(parameters_note(cutoff_date, sample, peak)))
    template = folder / f"{name}.template.ipynb"
    nbformat.write(notebook, template)
    papermill.execute_notebook(str(template), str(page.target), kernel_name="python3", cwd=str(paths.REPO_ROOT),
                               progress_bar=False, log_output=False)
    template.unlink()
    build = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(page.target),
                            "--path-output", str(folder)], capture_output=True, text=True)
    html = folder / "_build" / "_page" / name / "html" / f"{name}.html"
    if build.returncode != 0 or not html.exists():
        raise RuntimeError(f"the what-if page did not build:\n{build.stdout[-3000:]}\n{build.stderr[-3000:]}")
    return html


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render one benchmark page with other parameters (a what-if page).")
    parser.add_argument("benchmark", help="benchmark id (analysis.data.registry)")
    parser.add_argument("--cutoff-date", help="end of the headline window, YYYY-MM-DD (default: the benchmark's own)")
    parser.add_argument("--sample", default="ours", choices=WHATIF_RULES, help="sample rule of the headline fit")
    parser.add_argument("--peak", default="paper_convention", choices=PEAK_CHOICES, help="peak counted in the hardware burden")
    args = parser.parse_args(argv)
    html = render(args.benchmark, args.cutoff_date, args.sample, args.peak)
    print(html.relative_to(paths.REPO_ROOT) if html.is_relative_to(paths.REPO_ROOT) else html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
