"""The executed pages: which pages run code, what each reads, and running them (in parallel, only when needed).

A page that runs code is a MyST-markdown notebook (`book/**.md` with code cells, or the benchmark
template rendered once per benchmark). Its front matter declares the report outputs it reads:

    report:
      inputs: [key_numbers, summary/{benchmark}]

The build turns each such page into `<page>.ipynb` beside it (the file Sphinx reads), executed with its
parameters injected by papermill. A page is executed again only when its hash changes: its source, its
parameters, the bytes of every output it declares, and the package modules pages use for formatting and
plotting (`PRESENTATION_MODULES`). Pages run on `workers` kernels at once; each kernel imports the
plotting stack once and is reset between pages.
"""
from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis.data import paths
from analysis.report.outputs import BENCHMARK_PLACEHOLDER, output_path

PRESENTATION_MODULES = ("book/format.py", "book/plots.py", "book/pages.py", "book/interactive.py", "report/outputs.py",
                        "report/columns.py", "report/prose.py", "report/answer.py", "report/field.py")
"""Modules of `analysis` that executed pages import: a change to one re-executes every page."""
HASH_KEY = "report_page_hash"
RESET_CODE = "%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt"
KERNEL_NICENESS = 10
"""How much lower than the build the kernels' CPU priority is: while they start, the report layer, which the pages
wait for, comes first; once it is done the kernels have the processors to themselves."""
WARM_UP_CODE = (f"import os\nos.nice({KERNEL_NICENESS})\n"
                "import matplotlib.pyplot, numpy, pandas, seaborn\n"
                "from IPython.display import HTML, Markdown\nfrom myst_nb import glue\n"
                + "".join(f"import analysis.{m.removesuffix('.py').replace('/', '.')}\n" for m in PRESENTATION_MODULES)
                + RESET_CODE)
"""What every kernel runs as soon as it has started, before any page: a lower priority, the imports pages share
(the libraries and `PRESENTATION_MODULES`), then a reset."""


class PageError(ValueError):
    """A page that cannot be executed: undeclared inputs, an unknown output, or a failing cell."""


@dataclass(frozen=True)
class Page:
    """One executed page: its source, the notebook the build writes, its parameters and declared inputs."""

    docname: str
    source: Path
    target: Path
    parameters: dict = field(default_factory=dict)
    inputs: tuple[str, ...] = ()


def _shown(path: Path) -> str:
    """A path as a reader finds it: relative to the repository where it lies inside it."""
    path = Path(path).resolve()
    return str(path.relative_to(paths.REPO_ROOT)) if path.is_relative_to(paths.REPO_ROOT) else str(path)


def front_matter(text: str) -> dict:
    """The YAML front matter of a MyST page (empty if none)."""
    match = re.match(r"^---\n(.*?)\n---\n", text, flags=re.S)
    return yaml.safe_load(match.group(1)) or {} if match else {}


def has_code(text: str) -> bool:
    """True if a MyST page holds code cells (and so must be executed)."""
    return "```{code-cell}" in text


def declared_inputs(source: Path, benchmark_id: str | None = None) -> tuple[str, ...]:
    """The outputs a page's front matter declares (`report: inputs:`), the benchmark filled in."""
    meta = front_matter(source.read_text(encoding="utf-8")).get("report") or {}
    inputs = meta.get("inputs")
    if not inputs:
        raise PageError(f"{_shown(source)}: a page with code cells must declare `report: inputs:` in its front matter")
    return tuple(i.replace(BENCHMARK_PLACEHOLDER, benchmark_id or BENCHMARK_PLACEHOLDER) for i in inputs)


def toc_docnames(toc_file: Path = paths.TOC_FILE) -> list[str]:
    """Every document named in the table of contents, in order."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key in ("root", "file"):
                if key in node:
                    found.append(str(node[key]).removesuffix(".md").removesuffix(".ipynb"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(yaml.safe_load(toc_file.read_text(encoding="utf-8")))
    return found


def executed_pages(root: Path = paths.REPO_ROOT) -> list[Page]:
    """Every page of the table of contents that runs code: benchmark pages first (they take longest)."""
    from analysis.data.registry import get_benchmark

    bench_dir = paths.BENCHMARK_PAGES_DIR.relative_to(paths.REPO_ROOT).as_posix()
    benchmark_pages, other_pages = [], []
    for docname in toc_docnames(root / "_toc.yml"):
        if docname.startswith(bench_dir + "/"):
            benchmark_id = docname.rsplit("/", 1)[1]
            get_benchmark(benchmark_id)  # an unknown id is an error listing the valid ones
            template = root / paths.BENCHMARK_TEMPLATE.relative_to(paths.REPO_ROOT)
            benchmark_pages.append(Page(docname, template, root / f"{docname}.ipynb", {"benchmark_id": benchmark_id},
                                        declared_inputs(template, benchmark_id)))
            continue
        source = root / f"{docname}.md"
        if source.exists() and has_code(source.read_text(encoding="utf-8")):
            other_pages.append(Page(docname, source, root / f"{docname}.ipynb", {}, declared_inputs(source)))
    return benchmark_pages + other_pages


def page_hash(page: Page, outputs_dir: Path = paths.OUTPUTS_DIR) -> str:
    """Content hash of everything a page shows: source, parameters, declared outputs, presentation modules."""
    digest = hashlib.sha256(page.source.read_bytes())
    digest.update(json.dumps(page.parameters, sort_keys=True).encode())
    for name in page.inputs:
        path = output_path(name, outputs_dir)
        if not path.exists():
            raise PageError(f"{page.docname}: declares {name!r}, which the report layer did not write")
        digest.update(name.encode())
        digest.update(path.read_bytes())
    for module in PRESENTATION_MODULES:
        digest.update((paths.REPO_ROOT / "analysis" / module).read_bytes())
    return digest.hexdigest()


def stored_hash(target: Path) -> str | None:
    """The hash stored in an executed page, None if there is none."""
    try:
        with open(target, encoding="utf-8") as f:
            return json.load(f)["metadata"].get(HASH_KEY)
    except (OSError, ValueError, KeyError):
        return None


def page_notebook(page: Page, outputs_dir: Path = paths.OUTPUTS_DIR):
    """The page as a notebook with its parameters injected by papermill (the injected cell hidden from readers)."""
    import jupytext
    import nbformat
    from papermill.parameterize import parameterize_notebook

    notebook = jupytext.reads(page.source.read_text(encoding="utf-8"), fmt="md:myst")
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    notebook.metadata["language_info"] = {"name": "python"}
    if page.source == paths.BENCHMARK_TEMPLATE or page.source.name == paths.BENCHMARK_TEMPLATE.name:
        from analysis.data.registry import get_benchmark

        title = get_benchmark(page.parameters["benchmark_id"]).title
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                cell.source = cell.source.replace("{{ title }}", title).replace("{{ id }}", page.parameters["benchmark_id"])
    notebook.cells = shown_cells(notebook.cells, page, outputs_dir)
    for cell in notebook.cells:  # papermill looks for the `parameters` tag in every cell's tags
        cell.metadata.setdefault("tags", [])
    notebook.metadata["papermill"] = {}
    parameters = {**page.parameters, "report_inputs": list(page.inputs), "outputs_dir": str(outputs_dir)}
    if page.source.resolve().is_relative_to(paths.BOOK_DIR) and page.target.resolve().is_relative_to(paths.REPO_ROOT):
        # a page of the book: it ends with the declared outputs it read, as CSV files of the site
        site_root = "../" * page.docname.count("/")
        data_files = page_data_files(page)
        notebook.cells.append(nbformat.v4.new_code_cell(
            f"from analysis.book.pages import download_line\ndisplay(download_line(report_inputs, outputs_dir, {site_root!r}, {data_files!r}))",
            metadata={"tags": ["remove-input"]}))
    notebook = parameterize_notebook(notebook, parameters, report_mode=False)
    for cell in notebook.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
    notebook.metadata.pop("papermill", None)
    return notebook


def _truthy(value) -> bool:
    """A condition's value: empty, NaN, zero and False are false."""
    try:
        return bool(value) and value == value
    except (TypeError, ValueError):  # pandas' NA
        return False


def shown_cells(cells: list, page: Page, outputs_dir: Path = paths.OUTPUTS_DIR) -> list:
    """The cells a page shows for what its data have: a cell whose metadata say `report_if: <column>` is kept only
    when that column of the page's condition output (front matter `report: conditions:`, its first row) holds a
    true, non-zero value; `report_unless: <column>` only when it does not. Pages without conditions keep every cell."""
    conditional = [c for c in cells if "report_if" in c.metadata or "report_unless" in c.metadata]
    if not conditional:
        return cells
    name = (front_matter(page.source.read_text(encoding="utf-8")).get("report") or {}).get("conditions")
    if not name:
        raise PageError(f"{_shown(page.source)}: cells with report_if/report_unless need `report: conditions:` in the front matter")
    name = name.replace(BENCHMARK_PLACEHOLDER, page.parameters.get("benchmark_id", BENCHMARK_PLACEHOLDER))
    if name not in page.inputs:
        raise PageError(f"{_shown(page.source)}: its conditions output {name!r} is not among its declared inputs")
    from analysis.report.outputs import read_output

    row = read_output(name, outputs_dir).iloc[0]
    kept = []
    for cell in cells:
        if "report_if" in cell.metadata and not _truthy(row[cell.metadata["report_if"]]):
            continue
        if "report_unless" in cell.metadata and _truthy(row[cell.metadata["report_unless"]]):
            continue
        kept.append(cell)
    return kept


def page_data_files(page: Page, data_dir: Path | None = None) -> list[str]:
    """The data files a page offers (front matter `report: data:`), relative to the data directory: the benchmark
    filled in, and a pattern such as `results/*.csv` expanded to the files it matches, in order."""
    data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
    found = []
    for entry in (front_matter(page.source.read_text(encoding="utf-8")).get("report") or {}).get("data", []):
        entry = entry.replace(BENCHMARK_PLACEHOLDER, page.parameters.get("benchmark_id", BENCHMARK_PLACEHOLDER))
        matches = sorted(p.relative_to(data_dir).as_posix() for p in data_dir.glob(entry)) if "*" in entry else [entry]
        found += [m for m in matches if m not in found]
    return found


def data_titles(data_dir: Path | None = None) -> dict[str, str]:
    """Each data file's title in the data package (`results/imagenet.csv` -> its resource's title), for readers."""
    from analysis.data import read_package

    data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
    return {r["path"]: r.get("title", r["path"]) for r in read_package(data_dir)["resources"]}


def download_line(report_inputs: list[str], outputs_dir: Path | str, site_root: str, data_files: list[str] = ()):
    """The one download line of a page: the tables it shows (`outputs/<name>.csv`), the data files they come from
    (`data/<file>`, as the site serves them) and the key-number table, each at a stable address."""
    import html

    from IPython.display import HTML

    titles = {r["path"].removesuffix(".csv"): r["title"] for r in
              json.loads((Path(outputs_dir) / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    root = html.escape(site_root)
    tables = [f'<a href="{root}outputs/{html.escape(n)}.csv">{html.escape(titles.get(n, n))}</a>' for n in report_inputs]
    titles_of_data = data_titles() if data_files else {}
    data = [f'<a href="{root}data/{html.escape(d)}">{html.escape(titles_of_data.get(d, d))}</a>' for d in data_files]
    parts = ["<strong>Download</strong> (CSV): the tables of this page: " + "; ".join(tables)]
    if data:
        parts.append("the data they come from: " + ", ".join(data))
    parts.append(f'<a href="{root}key-numbers.csv">every key number of the report</a>; '
                 f'<a href="{root}data-package.zip">all the data, with their descriptions (ZIP)</a>')
    return HTML('<p class="report-downloads">' + ". ".join(parts) + ".</p>")


def _write_notebook(notebook, target: Path) -> None:
    import nbformat

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=target.parent, suffix=".tmp", delete=False, encoding="utf-8") as f:
        nbformat.write(notebook, f)
    os.replace(f.name, target)


def _run_page(client, page: Page, notebook, digest: str) -> None:
    """Execute one page's notebook on a started kernel, reset the kernel, write the notebook with its hash."""
    client.nb = notebook
    client.reset_execution_trackers()
    count = 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            count += 1
            client.execute_cell(cell, index, execution_count=count)
    _run_code(client, RESET_CODE)
    notebook.metadata[HASH_KEY] = digest
    _write_notebook(notebook, page.target)


def _run_code(client, code: str) -> None:
    """Run code on the kernel in a notebook of its own (execute_cell writes into client.nb), outside the history."""
    import nbformat

    scratch = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    client.nb = scratch
    client.execute_cell(scratch.cells[0], 0, store_history=False)


def _worker(jobs: "queue.Queue", done: list, failures: list, cwd: Path) -> None:
    """Start a kernel, import what pages import (WARM_UP_CODE), then run pages from `jobs` until a None arrives."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    client = NotebookClient(nbformat.v4.new_notebook(), kernel_name="python3", timeout=600, allow_errors=False,
                            resources={"metadata": {"path": str(cwd)}})
    context = None
    try:
        context = client.setup_kernel(cwd=str(cwd))
        context.__enter__()
        _run_code(client, WARM_UP_CODE)
    except Exception as error:  # a kernel that cannot start fails the pages it would have run
        failures.append(f"a kernel could not start: {error}")
        context = None
    while True:
        job = jobs.get()
        if job is None:
            break
        page, notebook, digest = job
        if context is None:
            failures.append(f"{page.docname} ({_shown(page.source)}): not executed, its kernel did not start")
            continue
        start = time.perf_counter()
        try:
            _run_page(client, page, notebook, digest)
        except CellExecutionError as error:
            failures.append(f"{page.docname} ({_shown(page.source)}): a cell failed:\n{error}")
            continue
        except Exception as error:  # a kernel that died or a cell that timed out: the page fails, never silently
            failures.append(f"{page.docname} ({_shown(page.source)}): not executed: {type(error).__name__}: {error}")
            continue
        done.append((page.docname, time.perf_counter() - start))
    if context is not None:
        context.__exit__(None, None, None)


class Kernels:
    """`workers` kernels, started at once in threads of their own, each importing what pages import while the
    caller goes on (the build computes the report layer meanwhile); `run` then executes pages on them and stops them."""

    def __init__(self, workers: int = 2, cwd: Path = paths.REPO_ROOT):
        self.jobs: queue.Queue = queue.Queue()
        self.done: list[tuple[str, float]] = []
        self.failures: list[str] = []
        self.closed = False
        self.threads = [threading.Thread(target=_worker, args=(self.jobs, self.done, self.failures, cwd), daemon=True)
                        for _ in range(workers)]
        for thread in self.threads:
            thread.start()

    def run(self, jobs: list) -> list[tuple[str, float]]:
        """Execute `jobs` (page, notebook, hash), then stop the kernels; raises `PageError` listing every failure."""
        for job in jobs:
            self.jobs.put(job)
        self.close()
        if self.failures:
            raise PageError("\n\n".join(self.failures))
        return self.done

    def close(self) -> None:
        """Stop every kernel once the pages given to it are done (once: closing again does nothing)."""
        if self.closed:
            return
        self.closed = True
        for _ in self.threads:
            self.jobs.put(None)
        for thread in self.threads:
            thread.join()


def execute_pages(pages: list[Page], outputs_dir: Path = paths.OUTPUTS_DIR, workers: int = 2,
                  force: bool = False, kernels: Kernels | None = None) -> list[tuple[str, float]]:
    """Execute every page whose hash changed (all with `force`) on `workers` kernels (or on `kernels` already
    started); returns (docname, seconds) of each page executed.

    A failing page raises `PageError` naming the page and the cell; its previous notebook is left as it was
    (each notebook is written whole, once executed).
    """
    jobs = []
    for page in pages:
        digest = page_hash(page, outputs_dir)
        if force or stored_hash(page.target) != digest or not page.target.exists():
            jobs.append((page, page_notebook(page, outputs_dir), digest))
    if not jobs:
        if kernels is not None:
            kernels.close()
        return []
    kernels = kernels if kernels is not None else Kernels(min(workers, len(jobs)))
    return kernels.run(jobs)
