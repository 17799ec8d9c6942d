"""Sphinx extension: validate the data, render the benchmark pages and write the key numbers, inside the build.

Named in `_config.yml`, so a plain `jupyter-book build .` produces every page:
1. `builder-inited`: the data are validated first (a bad file stops the build before any page is
   written); then each benchmark page is rendered by papermill if its content hash changed, and the
   key-number table is recomputed if the data or the package changed.
2. `env-get-outdated`: the executed pages (MyST notebooks) are re-read when the data or the package
   changed, since Sphinx itself only notices changes to a page's own text.
3. `build-finished`: `key-numbers.csv` and the data fingerprint are copied into the HTML output.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)
GENERATED = Path("book") / "_generated"


def _repo_root(app) -> Path:
    return Path(app.srcdir).resolve()


def _data_dir(app) -> Path:
    from analysis.data import default_data_dir

    return default_data_dir() if os.environ.get("REPORT_DATA_DIR") else _repo_root(app) / "data"


def _inputs_hash(data_dir: Path) -> str:
    from analysis.data import data_fingerprint
    from analysis.render import analysis_fingerprint

    return hashlib.sha256((data_fingerprint(data_dir) + analysis_fingerprint()).encode()).hexdigest()


def _prepare(app) -> None:
    from analysis.data import DataError, load_dataset
    from analysis.keynumbers import key_numbers
    from analysis.render import render_all

    root = _repo_root(app)
    data_dir = _data_dir(app)
    start = time.perf_counter()
    try:
        dataset = load_dataset(data_dir)
    except DataError as error:
        raise ExtensionError(f"the data are invalid, nothing was built:\n{error}") from None
    outcomes = render_all(data_dir, root / "book" / "benchmarks")
    rendered = [o.benchmark_id for o in outcomes if o.rendered]
    logger.info(f"[benchmark pages] re-rendered {len(rendered)} of {len(outcomes)}: {', '.join(rendered) or 'none'}")
    generated = root / GENERATED
    generated.mkdir(parents=True, exist_ok=True)
    # The executed pages run in kernels started by this process: they read the same data and key numbers.
    os.environ["REPORT_DATA_DIR"] = str(data_dir)
    os.environ["REPORT_GENERATED_DIR"] = str(generated)
    digest = _inputs_hash(data_dir)
    stamp = generated / "inputs.sha256"
    if not stamp.exists() or stamp.read_text() != digest or not (generated / "key-numbers.csv").exists():
        from analysis.later import later_key_numbers

        table = key_numbers(dataset)
        table = later_key_numbers(dataset, table)
        tmp = generated / "key-numbers.csv.tmp"
        table.to_csv(tmp, index=False)
        tmp.replace(generated / "key-numbers.csv")
        (generated / "data-fingerprint.txt").write_text(dataset.fingerprint)
        stamp.write_text(digest)
    app.env.benchmark_pages_inputs = digest
    logger.info(f"[benchmark pages] data and pages ready in {time.perf_counter() - start:.1f} s")


def _outdated(app, env, added, changed, removed):
    """Executed pages to re-read because the data or the analysis package changed."""
    digest = getattr(app, "_benchmark_inputs_digest", None)
    previous = getattr(env, "benchmark_pages_seen_inputs", None)
    env.benchmark_pages_seen_inputs = digest
    if previous == digest:
        return []
    root = _repo_root(app)
    executed = []
    for docname in env.found_docs:
        path = root / f"{docname}.md"
        if path.exists() and "{code-cell}" in path.read_text(encoding="utf-8") and "templates/" not in docname:
            executed.append(docname)
    return executed


def _builder_inited(app) -> None:
    _prepare(app)
    app._benchmark_inputs_digest = app.env.benchmark_pages_inputs


def _finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    root = _repo_root(app)
    for name in ("key-numbers.csv", "data-fingerprint.txt"):
        source = root / GENERATED / name
        if source.exists():
            shutil.copyfile(source, Path(app.outdir) / name)


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    """Drop repeated inline scripts (sphinx-thebe's configuration is added twice, a console error)."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = (getattr(script, "filename", None) or "", str(getattr(script, "attributes", {}).get("body", "")))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _dedupe_scripts)
    app.connect("env-get-outdated", _outdated)
    app.connect("build-finished", _finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
