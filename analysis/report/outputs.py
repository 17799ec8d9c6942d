"""Declared outputs of the report layer: each table a page shows, declared once, written once per build.

An `Output` names its file under `paths.OUTPUTS_DIR`, its columns (each column's title, unit and type
come from `analysis.report.columns`) and the data files it reads. `analysis.report` computes every output in
the build's own process; `write_outputs` checks each table against its declaration and writes it
atomically, only where its content changed, with `datapackage.json` describing them like the data.
Pages read outputs through `PageInputs`, which refuses an output the page did not declare.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.data import paths
from analysis.report.columns import COLUMNS, column

BENCHMARK_PLACEHOLDER = "{benchmark}"


class OutputError(ValueError):
    """An output that breaks its declaration, or a page reading an output it did not declare."""


@dataclass(frozen=True)
class Output:
    """One declared table: `name` (per benchmark: `name/<benchmark id>`), what it holds and what it reads."""

    name: str
    title: str
    description: str
    columns: tuple[str, ...]
    inputs: tuple[str, ...]
    per_benchmark: bool = False

    def __post_init__(self):
        unknown = [c for c in self.columns if c not in COLUMNS]
        if unknown:
            raise OutputError(f"output {self.name!r} declares columns missing from analysis.report.columns: {', '.join(unknown)}")

    def instance(self, benchmark_id: str | None = None) -> str:
        """The name of one written table: `name` or `name/<benchmark id>`."""
        if self.per_benchmark:
            if benchmark_id is None:
                raise OutputError(f"output {self.name!r} is per benchmark: name one")
            return f"{self.name}/{benchmark_id}"
        return self.name

    def inputs_of(self, benchmark_id: str | None = None) -> tuple[str, ...]:
        """The data files (relative to the data directory) this table reads."""
        return tuple(i.replace(BENCHMARK_PLACEHOLDER, benchmark_id or "*") for i in self.inputs)


@dataclass
class OutputSet:
    """The declarations, by name."""

    outputs: dict[str, Output] = field(default_factory=dict)

    def declare(self, output: Output) -> Output:
        if output.name in self.outputs:
            raise OutputError(f"output {output.name!r} is declared twice")
        self.outputs[output.name] = output
        return output

    def of_instance(self, instance: str) -> Output:
        """The declaration behind a written table's name (`fits/imagenet` -> `fits`)."""
        base = instance.split("/", 1)[0]
        if base not in self.outputs or (self.outputs[base].per_benchmark != ("/" in instance)):
            raise OutputError(f"no declared output {instance!r}; declared: {', '.join(sorted(self.outputs))}")
        return self.outputs[base]


def output_path(instance: str, outputs_dir: Path = paths.OUTPUTS_DIR) -> Path:
    """File of a written table."""
    return Path(outputs_dir) / f"{instance}.csv"


def check_frame(output: Output, instance: str, frame: pd.DataFrame) -> None:
    """A table must have exactly its declared columns, in order."""
    if list(frame.columns) != list(output.columns):
        raise OutputError(
            f"output {instance!r}: columns {list(frame.columns)} differ from the declared {list(output.columns)}")


def _write_if_changed(path: Path, text: str) -> bool:
    """Write `text` atomically unless the file already holds it; True if written."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8", suffix=".tmp") as f:
        f.write(text)
    os.replace(f.name, path)
    return True


def frame_to_csv(frame: pd.DataFrame) -> str:
    """The CSV text of a table: no index, dates as YYYY-MM-DD, floats at full precision."""
    return frame.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n")


def describe(declared: OutputSet, written: dict[str, Output]) -> dict:
    """A data-package descriptor of the written tables (title, description, inputs, per column title and unit)."""
    resources = []
    for instance, output in sorted(written.items()):
        benchmark_id = instance.split("/", 1)[1] if output.per_benchmark else None
        resources.append({
            "name": instance.replace("/", "-"), "path": f"{instance}.csv", "title": output.title,
            "description": output.description, "x-inputs": list(output.inputs_of(benchmark_id)),
            "schema": {"fields": [column(c).descriptor() for c in output.columns]},
        })
    return {"name": "computational-limits-report-outputs",
            "description": "Every table the report's pages show, computed at build time from data/ by analysis.report.",
            "resources": resources}


def write_outputs(declared: OutputSet, tables: dict[str, pd.DataFrame], outputs_dir: Path = paths.OUTPUTS_DIR) -> list[str]:
    """Check and write every table (only those whose content changed); returns the names written."""
    written_declarations = {}
    for instance, frame in tables.items():
        output = declared.of_instance(instance)
        check_frame(output, instance, frame)
        written_declarations[instance] = output
    changed = [i for i, frame in tables.items() if _write_if_changed(output_path(i, outputs_dir), frame_to_csv(frame))]
    _write_if_changed(Path(outputs_dir) / "datapackage.json",
                      json.dumps(describe(declared, written_declarations), indent=1) + "\n")
    return changed


class PageInputs:
    """What one page may read: the outputs it declared in its front matter (`report: inputs:`)."""

    def __init__(self, declared: list[str], outputs_dir: Path | str = paths.OUTPUTS_DIR):
        self.declared = list(declared)
        self.outputs_dir = Path(outputs_dir)

    def downloads(self, site_root: str):
        """A line offering every output this page declares as a CSV file of the site (`<site root>outputs/<name>.csv`)."""
        import html

        from IPython.display import HTML

        titles = {r["path"].removesuffix(".csv"): r["title"] for r in
                  json.loads((self.outputs_dir / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
        links = [f'<a href="{html.escape(site_root)}outputs/{html.escape(name)}.csv">{html.escape(titles.get(name, name))}</a>'
                 for name in self.declared]
        return HTML('<p class="report-downloads">The tables behind this page, as CSV files: ' + "; ".join(links)
                    + f'. Every key number: <a href="{html.escape(site_root)}key-numbers.csv">key-numbers.csv</a>.</p>')

    def read(self, instance: str) -> pd.DataFrame:
        """A declared output as a data frame, typed by its columns' declarations."""
        if instance not in self.declared:
            raise OutputError(f"the page reads {instance!r} but does not declare it (declared: {', '.join(self.declared)})")
        return read_output(instance, self.outputs_dir)


def read_output(instance: str, outputs_dir: Path | str = paths.OUTPUTS_DIR) -> pd.DataFrame:
    """A written output, its columns typed as `analysis.report.columns` declares them."""
    path = output_path(instance, Path(outputs_dir))
    frame = pd.read_csv(path, keep_default_na=True)
    for name in frame.columns:
        kind = column(name).type
        if kind == "date":
            frame[name] = pd.to_datetime(frame[name])
        elif kind == "string":
            frame[name] = frame[name].astype("string")
        elif kind == "boolean":
            frame[name] = frame[name].astype("boolean")
    return frame
