"""Rebuilds of a copy of the repository: two clean builds agree, a data change reaches the site without
clearing any cache, and bad data stops the build leaving the last good site untouched."""
from __future__ import annotations

import csv
import html
import re
import subprocess

import yaml
from pathlib import Path

import pytest

from conftest import ROOT



def page_text(path: Path) -> str:
    """The visible text of a page's article, without the build date."""
    source = path.read_text(encoding="utf-8")
    start = source.find("<article")
    body = source[start:source.find("</article>", start)] if start >= 0 else source
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    text = re.sub(r"built on \d{4}-\d{2}-\d{2}", "built on DATE", text)
    return re.sub(r"\s+", " ", text)


def build(root: Path) -> subprocess.CompletedProcess:
    """An incremental build of the copy, as `make book` runs it (no `--all`)."""
    from analysis.book.build import build_book

    return build_book(root)


@pytest.fixture(scope="module")
def copy_built(built_book, second_clean_build) -> Path:
    """A copy of the repository, built clean from the same data (beside the repository's own build)."""
    return second_clean_build


def test_two_clean_builds_give_the_same_numbers_on_every_page(built_book, copy_built):
    pages = sorted(p.relative_to(built_book) for p in built_book.rglob("*.html") if "_static" not in p.parts)
    assert pages
    differing = [str(p) for p in pages if page_text(built_book / p) != page_text(copy_built / "_build" / "html" / p)]
    assert not differing, f"pages whose text differs between two clean builds: {differing}"
    assert (built_book / "key-numbers.csv").read_text() == (copy_built / "_build" / "html" / "key-numbers.csv").read_text()


def add_synthetic_benchmark(copy: Path) -> None:
    """A seventh benchmark added the way the README says: registry entry, data (results file and its resource), toc line."""
    registry = copy / "analysis" / "data" / "registry.py"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "    )\n}",
        '        _benchmark("synthetic", "Synthetic benchmark", "A test task", (Metric("f1_pct", "F1"),),\n'
        '                   "error = 100 - F1, percent", target_errors_pct=(5.0, 1.0), beyond_paper=True),\n    )\n}', 1),
        encoding="utf-8")
    conll = (copy / "data" / "results" / "conll2003.csv").read_text(encoding="utf-8")
    (copy / "data" / "results" / "synthetic.csv").write_text(conll, encoding="utf-8")
    package = copy / "data" / "datapackage.yaml"
    text = package.read_text(encoding="utf-8")
    start = text.index("  - name: results_conll2003")
    end = text.index("  - name: ", start + 10)
    package.write_text(text + text[start:end].replace("results_conll2003", "results_synthetic")
                       .replace("results/conll2003.csv", "results/synthetic.csv"), encoding="utf-8")
    toc = yaml.safe_load((copy / "_toc.yml").read_text(encoding="utf-8"))
    benchmarks = next(part for part in toc["parts"] if any("benchmarks/" in c["file"] for c in part["chapters"]))
    benchmarks["chapters"].append({"file": "book/benchmarks/synthetic"})
    (copy / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")


def edit_imagenet(data: Path, model_name: str, top1: str) -> str:
    path = data / "results" / "imagenet.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    line = next(i for i, r in enumerate(rows[1:], start=1) if r[header.index("top1_pct")])
    original = rows[line][header.index("model")]
    rows[line][header.index("model")] = model_name
    rows[line][header.index("top1_pct")] = top1
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return original



@pytest.fixture(scope="module")
def copy_changed(copy_built) -> Path:
    """The built copy after three changes and one incremental build (no cache cleared by hand): a data value,
    a page's text, and a benchmark added through registry, data and toc only."""
    edit_imagenet(copy_built / "data", "<b>x</b>", "12.345")
    backtest = copy_built / "book" / "later" / "backtest.md"
    backtest.write_text(backtest.read_text(encoding="utf-8") + "\nA sentence added by the rebuild test.\n", encoding="utf-8")
    add_synthetic_benchmark(copy_built)
    result = build(copy_built)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return copy_built


def test_a_data_change_reaches_the_site(copy_changed):
    rebuilt = (copy_changed / "_build" / "html" / "book" / "benchmarks" / "imagenet.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;x&lt;/b&gt;" in rebuilt, "the model name is not shown as text"
    assert "<b>x</b>" not in rebuilt, "the model name became markup"
    assert "12.345" in rebuilt, "the changed value is not on the rebuilt page"


def test_a_page_change_reaches_the_site(copy_changed):
    page = copy_changed / "_build" / "html" / "book" / "later" / "backtest.html"
    assert "A sentence added by the rebuild test." in page.read_text(encoding="utf-8")


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
    result = build(copy_changed)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert 'data/training_runs.csv, line 2, column "processor": unknown processor "no_such_gpu"' in output
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before, "a failed build changed the published site"
