"""The report layer: every table the pages show, computed once per build in the build's own process.

It may import `analysis.stats` and `analysis.data`, never `analysis.book`.

`REPORT_MODULES` lists the modules that declare outputs (`OUTPUTS`) and compute them (`build(ctx)`).
`build_report` validates the data, computes every output and writes those whose content changed under
`paths.OUTPUTS_DIR`, unless nothing it depends on (the data files and the `analysis` package) changed
since the last build, which a fingerprint stored beside the outputs records; an output that reads no data file is
kept as it was when only the data changed (`reusable_tables`).
"""
from __future__ import annotations

import hashlib
import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analysis.data import paths
from analysis.data.stamps import add_files, stamp_holds, tree_digest
from analysis.report.outputs import OutputSet, write_outputs

REPORT_MODULES = (
    "analysis.report.benchmark",
    "analysis.report.paper",
    "analysis.report.costs",
    "analysis.report.trends",
    "analysis.report.later",
    "analysis.report.field",
    "analysis.report.data",
)
FINGERPRINT_FILE = "inputs.sha256"
PACKAGE_FINGERPRINT_FILE = "package.sha256"
"""Beside the outputs: the `package_fingerprint` they were last computed with."""


@dataclass(frozen=True)
class ReportBuild:
    """What one build of the report layer did."""

    computed: bool
    written: tuple[str, ...]
    seconds: float


def declared_outputs() -> OutputSet:
    """Every output the report modules declare."""
    declared = OutputSet()
    for name in REPORT_MODULES:
        for output in importlib.import_module(name).OUTPUTS:
            declared.declare(output)
    return declared


def package_fingerprint() -> str:
    """SHA-256 of every module of the `analysis` package."""
    return tree_digest(paths.REPO_ROOT / "analysis", "*.py")


def inputs_fingerprint(data_dir: Path) -> str:
    """SHA-256 of what the outputs depend on: every file of the data directory, the `analysis` package and CITATION.cff."""
    digest = hashlib.sha256(package_fingerprint().encode())
    digest.update(paths.CITATION_FILE.read_bytes())
    return add_files(digest, Path(data_dir), (p for p in Path(data_dir).rglob("*") if p.is_file())).hexdigest()


def compute_tables(dataset, reused: dict | None = None) -> dict:
    """Every output table, by written name (`name` or `name/<benchmark id>`); `reused` tables are not computed again."""
    from analysis.report.context import ReportContext

    ctx = ReportContext(dataset)
    ctx.reuse(reused or {})
    tables = {}
    for name in REPORT_MODULES:
        tables.update(importlib.import_module(name).build(ctx))
    return tables


def stored_fingerprint(outputs_dir: Path = paths.OUTPUTS_DIR) -> str | None:
    """The `inputs_fingerprint` the outputs were last computed from, None if they never were."""
    stamp = Path(outputs_dir) / FINGERPRINT_FILE
    return stamp.read_text() if stamp.exists() else None


def report_up_to_date(data_dir: Path | None = None, outputs_dir: Path = paths.OUTPUTS_DIR) -> bool:
    """True when the outputs were computed from exactly these inputs: nothing to compute."""
    data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
    return stored_fingerprint(outputs_dir) == inputs_fingerprint(data_dir)


def reusable_tables(outputs_dir: Path = paths.OUTPUTS_DIR) -> dict:
    """The outputs that read no data file (declared without inputs, e.g. the coverage simulation), as the last
    build wrote them, where that build ran this same package: a change of the data alone leaves them as they are."""
    from analysis.report.outputs import output_path, read_output

    if not stamp_holds(Path(outputs_dir) / PACKAGE_FINGERPRINT_FILE, package_fingerprint()):
        return {}
    return {name: read_output(name, outputs_dir) for name, output in declared_outputs().outputs.items()
            if not output.inputs and not output.per_benchmark and output_path(name, outputs_dir).exists()}


def build_report(data_dir: Path | None = None, outputs_dir: Path = paths.OUTPUTS_DIR, force: bool = False,
                 check: Callable | None = None) -> ReportBuild:
    """Validate the data and write every output, unless the stored fingerprint says nothing changed; `check(dataset)`
    may stop the build, by raising, before anything is computed.

    Raises `analysis.data.DataError` (file, line, column, reason of every problem) on invalid data,
    before anything is written.
    """
    start = time.perf_counter()
    data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
    outputs_dir = Path(outputs_dir)
    digest = inputs_fingerprint(data_dir)
    if not force and stored_fingerprint(outputs_dir) == digest:
        return ReportBuild(False, (), time.perf_counter() - start)
    from analysis.data import load_dataset

    dataset = load_dataset(data_dir)
    if check is not None:
        check(dataset)
    tables = compute_tables(dataset, reusable_tables(outputs_dir))
    written = write_outputs(declared_outputs(), tables, outputs_dir)
    (outputs_dir / FINGERPRINT_FILE).write_text(digest)
    (outputs_dir / PACKAGE_FINGERPRINT_FILE).write_text(package_fingerprint())
    return ReportBuild(True, tuple(written), time.perf_counter() - start)
