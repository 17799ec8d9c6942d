"""What-if pages: one benchmark page rendered with other parameters into a standalone HTML file.

    python -m analysis.book.whatif <benchmark> [--cutoff-date YYYY-MM-DD] [--sample RULE] [--peak PEAK]
    (`make page BENCHMARK=<id> [cutoff_date=...] [sample=...] [peak=...]`)

The report layer computes the outputs with the what-if switches (`analysis.report.context.ReportContext`) into a
folder of their own; the benchmark template, its parameters injected by papermill, is executed against them on a
kernel started meanwhile, as the book's pages are (`analysis.book.pages`); a single-page Jupyter Book build turns
the executed notebook into HTML under `_build/pages/` without executing it again. The page states its parameters
at the top. The published book is not touched.
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


PAGE_CONFIG = {"title": "What-if page", "execute": {"execute_notebooks": "off"}}
"""The single-page build's configuration: the notebook is built as executed here, never executed again."""


def render(benchmark_id: str, cutoff_date: str | None = None, sample: str = "ours", peak: str = "paper_convention",
           target_dir: Path = paths.WHATIF_DIR, data_dir: Path | None = None) -> Path:
    """Render one what-if benchmark page from the data in `data_dir` (by default the report's); returns the path of
    its HTML file.

    A kernel starts, and imports what pages import, while the report layer computes the outputs; it then executes
    the page as the book's build does (`analysis.book.pages.Kernels`)."""
    from analysis.book.pages import Kernels

    from analysis.data.registry import get_benchmark

    get_benchmark(benchmark_id)
    kernels = Kernels(workers=1)
    try:
        html = _render(benchmark_id, cutoff_date, sample, peak, Path(target_dir), data_dir, kernels)
    finally:
        kernels.close()
    return html


def _render(benchmark_id: str, cutoff_date: str | None, sample: str, peak: str, target_dir: Path,
            data_dir: Path | None, kernels) -> Path:
    import importlib

    import nbformat
    import yaml

    from analysis.book.pages import Page, declared_inputs, page_hash, page_notebook
    from analysis.data import load_dataset
    from analysis.report import REPORT_MODULES, declared_outputs
    from analysis.report.context import ReportContext
    from analysis.report.outputs import write_outputs

    name = page_name(benchmark_id, cutoff_date, sample, peak)
    folder = target_dir / name
    outputs_dir = folder / "outputs"
    ctx = ReportContext(load_dataset(data_dir), cutoff_date=cutoff_date, headline_rule=sample, peak=peak)
    tables = {}
    for module in REPORT_MODULES[:2]:  # the benchmark page reads the benchmark and paper modules' outputs
        tables.update(importlib.import_module(module).build(ctx))
    write_outputs(declared_outputs(), tables, outputs_dir)
    page = Page(name, paths.BENCHMARK_TEMPLATE, folder / f"{name}.ipynb", {"benchmark_id": benchmark_id},
                declared_inputs(paths.BENCHMARK_TEMPLATE, benchmark_id))
    notebook = page_notebook(page, outputs_dir)
    notebook.cells.insert(1, nbformat.v4.new_markdown_cell(parameters_note(cutoff_date, sample, peak)))
    kernels.run([(page, notebook, page_hash(page, outputs_dir))])
    config = folder / "_config.yml"
    config.write_text(yaml.safe_dump(PAGE_CONFIG), encoding="utf-8")
    build = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(page.target),
                            "--path-output", str(folder), "--config", str(config)], capture_output=True, text=True)
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
