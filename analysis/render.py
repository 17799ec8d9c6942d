"""Render the benchmark pages: the MyST-markdown template, executed by papermill once per benchmark.

A page is re-rendered only when what it reads changed: the template, its parameters, the data files
and the `analysis` package are hashed into `render_hash` in the rendered notebook's metadata.
A rendered notebook is written to a temporary file and moved into place only once it executed
without error, so a failed render never leaves a half-written page.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .data import PACKAGE_FILE
from .registry import BENCHMARKS, get_benchmark

REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = REPO_ROOT / "book" / "templates" / "benchmark.md"
OUTPUT_DIR = REPO_ROOT / "book" / "benchmarks"
SHARED_DATA_FILES = ("training_runs.csv", "processors.csv", "cloud_prices.csv", PACKAGE_FILE)


@dataclass(frozen=True)
class RenderOutcome:
    """What happened to one benchmark page: rendered (with seconds taken) or unchanged."""

    benchmark_id: str
    rendered: bool
    seconds: float = 0.0


def analysis_fingerprint() -> str:
    """SHA-256 of every module of the `analysis` package."""
    digest = hashlib.sha256()
    for path in sorted((REPO_ROOT / "analysis").glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def page_hash(benchmark_id: str, data_dir: Path, parameters: dict) -> str:
    """Content hash of everything a benchmark page reads."""
    benchmark = get_benchmark(benchmark_id)
    digest = hashlib.sha256()
    digest.update(TEMPLATE.read_bytes())
    digest.update(json.dumps(parameters, sort_keys=True).encode())
    for rel in (benchmark.results_file, *SHARED_DATA_FILES):
        path = Path(data_dir) / rel
        digest.update(rel.encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    digest.update(analysis_fingerprint().encode())
    return digest.hexdigest()


def stored_hash(notebook_path: Path) -> str | None:
    """The `render_hash` of a rendered notebook, None if there is none or it is unreadable."""
    try:
        with open(notebook_path, encoding="utf-8") as f:
            return json.load(f)["metadata"].get("render_hash")
    except (OSError, ValueError, KeyError):
        return None


def template_notebook(benchmark_id: str):
    """The template as a notebook object with the page title and file names filled in."""
    import jupytext

    benchmark = get_benchmark(benchmark_id)
    text = TEMPLATE.read_text(encoding="utf-8")
    text = (text.replace("{{ title }}", benchmark.title).replace("{{ results_file }}", benchmark.results_file)
            .replace("{{ id }}", benchmark.id))
    notebook = jupytext.reads(text, fmt="md:myst")
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return notebook


def render_benchmark(benchmark_id: str, data_dir: Path, output_dir: Path = OUTPUT_DIR, force: bool = False) -> RenderOutcome:
    """Execute the template for one benchmark with papermill, unless its page is up to date."""
    import time

    import nbformat
    import papermill

    parameters = {"benchmark_id": benchmark_id, "data_dir": str(Path(data_dir).resolve())}
    digest = page_hash(benchmark_id, data_dir, {"benchmark_id": benchmark_id})
    target = Path(output_dir) / f"{benchmark_id}.ipynb"
    if not force and stored_hash(target) == digest:
        return RenderOutcome(benchmark_id, rendered=False)
    start = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        source = Path(tmp) / f"{benchmark_id}.template.ipynb"
        executed = Path(tmp) / f"{benchmark_id}.ipynb"
        nbformat.write(template_notebook(benchmark_id), source)
        papermill.execute_notebook(
            str(source), str(executed), parameters=parameters, kernel_name="python3",
            cwd=str(REPO_ROOT), progress_bar=False, log_output=False,
        )
        notebook = nbformat.read(executed, as_version=4)
        for cell in notebook.cells:  # papermill's injected parameters name local paths: not for readers
            tags = cell.get("metadata", {}).get("tags", [])
            if "injected-parameters" in tags and "remove-cell" not in tags:
                cell.metadata["tags"] = [*tags, "remove-cell"]
        notebook.metadata["render_hash"] = digest
        notebook.metadata.pop("papermill", None)
        nbformat.write(notebook, executed)
        os.replace(executed, target)
    return RenderOutcome(benchmark_id, rendered=True, seconds=time.perf_counter() - start)


def render_all(data_dir: Path, output_dir: Path = OUTPUT_DIR, force: bool = False, workers: int = 2) -> list[RenderOutcome]:
    """Render every benchmark of the registry (two at a time), skipping pages that are up to date."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda b: render_benchmark(b, data_dir, output_dir, force), BENCHMARKS))
