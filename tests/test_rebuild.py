"""Rebuilds of a copy of the repository: pages and outputs computed again from the same inputs read the same, a
data change, a page change and a new benchmark reach the site without clearing any cache, and bad data stop the
build leaving the last good site untouched.

The copy and its changes are made, and built, by tests/conftest.py (`ChangedCopyBuild`) as soon as the repository's
clean build has finished, so that it runs beside the other tests."""
from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from copy_changes import ADDED_SENTENCE, CHANGED_PAGES, EDITED_MODEL, EDITED_TOP1


def page_text(path: Path) -> str:
    """The visible text of a page's article, without the build date and the figure and table numbers (Sphinx numbers
    them through the whole book, so a page added before this one shifts them)."""
    source = re.sub(r'<span class="caption-number">[^<]*</span>', " ", path.read_text(encoding="utf-8"))
    start = source.find("<article")
    body = source[start:source.find("</article>", start)] if start >= 0 else source
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    text = re.sub(r"built on \d{4}-\d{2}-\d{2}", "built on DATE", text)
    return re.sub(r"\s+", " ", text)


def make_book(root: Path) -> subprocess.CompletedProcess:
    """`make book`'s build command in `root` (the extension's own stop on bad data is tested in test_build_stop.py)."""
    from analysis.book.build import build_environment

    return subprocess.run([sys.executable, "-m", "analysis.book.build"], cwd=root, env=build_environment(root),
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def copy_changed(built_book, changed_copy_build) -> Path:
    """The repository copied with its clean build, changed (`copy_changes.change_copy`: a data value, a page's text,
    a benchmark added through registry, data and toc only; every executed notebook removed but those of the changed
    pages) and built again without any cache cleared by hand."""
    return changed_copy_build


def outputs_of(root: Path) -> dict[str, bytes]:
    """Every output table the report layer wrote in `root`, by name."""
    folder = root / "book" / "_generated" / "outputs"
    return {p.relative_to(folder).as_posix().removesuffix(".csv"): p.read_bytes() for p in folder.rglob("*.csv")}


def test_outputs_of_the_benchmarks_left_alone_are_computed_again_byte_for_byte(copy_changed):
    """The second build computes every output again (its data and package changed): the tables of the benchmarks
    the changes leave alone are the same bytes, a report layer that gives the same numbers in another process."""
    before, after = outputs_of(ROOT), outputs_of(copy_changed)
    alone = [name for name in before if "/" in name and name.rsplit("/", 1)[1] not in ("imagenet", "synthetic")]
    assert len(alone) >= 6 * 10, f"too few per-benchmark outputs to compare: {len(alone)}"
    differing = [name for name in alone if before[name] != after.get(name)]
    assert not differing, f"outputs that differ between two computations from the same data: {differing}"


def test_pages_executed_again_from_the_same_outputs_read_the_same(built_book, copy_changed):
    """Every page whose source, declared outputs and offered data files the changes leave alone was executed afresh by the second build
    (its notebook was removed) and reads as in the clean build: executing a page is deterministic."""
    from analysis.book.pages import executed_pages, page_data_files
    from analysis.report.outputs import output_path

    copied_outputs = copy_changed / "book" / "_generated" / "outputs"
    compared, differing = [], []
    for page in executed_pages():
        copied_source = copy_changed / page.source.relative_to(ROOT)
        alone = (copied_source.read_bytes() == page.source.read_bytes()
                 and page_data_files(page, ROOT / "data") == page_data_files(page, copy_changed / "data")
                 and all(output_path(name).read_bytes() == output_path(name, copied_outputs).read_bytes() for name in page.inputs))
        if page.docname in CHANGED_PAGES or not alone:
            continue
        compared.append(page.docname)
        shown = Path(f"{page.docname}.html")
        if page_text(built_book / shown) != page_text(copy_changed / "_build" / "html" / shown):
            differing.append(page.docname)
    assert len(compared) >= 6, f"too few pages left alone by the changes to compare: {compared}"
    assert not differing, f"pages whose text differs between two executions from the same outputs: {differing}"


def test_a_data_change_reaches_the_site(copy_changed):
    rebuilt = (copy_changed / "_build" / "html" / "book" / "benchmarks" / "imagenet.html").read_text(encoding="utf-8")
    assert html.escape(EDITED_MODEL) in rebuilt, "the model name is not shown as text"
    assert EDITED_MODEL not in rebuilt, "the model name became markup"
    assert EDITED_TOP1 in rebuilt, "the changed value is not on the rebuilt page"


def test_a_page_change_reaches_the_site(copy_changed):
    page = copy_changed / "_build" / "html" / "book" / "later" / "backtest.html"
    assert ADDED_SENTENCE in page.read_text(encoding="utf-8")


def test_a_benchmark_added_through_registry_data_and_toc_only(copy_changed):
    page = (copy_changed / "_build" / "html" / "book" / "benchmarks" / "synthetic.html").read_text(encoding="utf-8")
    assert "Synthetic benchmark" in page
    keys = (copy_changed / "_build" / "html" / "key-numbers.csv").read_text(encoding="utf-8")
    assert "\nsynthetic," in keys


def test_bad_data_stops_the_build_and_leaves_the_site_untouched(copy_changed):
    site = copy_changed / "_build" / "html"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    training_runs = copy_changed / "data" / "training_runs.csv"
    text = training_runs.read_text(encoding="utf-8")
    header = text.splitlines()[0].split(",")
    broken = {"training_run": "broken_run", "stage": "train", "processor": "no_such_gpu", "processor_count": "1",
              "hours": "1", "source": "source"}
    training_runs.write_text(text.replace("\n", "\n" + ",".join(broken.get(c, "") for c in header) + "\n", 1), encoding="utf-8")
    result = make_book(copy_changed)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert 'data/training_runs.csv, line 2, column "processor": unknown processor "no_such_gpu"' in output
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before, "a failed build changed the published site"
