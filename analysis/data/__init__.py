"""The data layer: the curated CSVs of `data/` loaded and validated against `data/datapackage.yaml`, with the
benchmarks (`registry`), the paper's published values (`paper`), conversion factors (`constants`) and paths (`paths`).
It imports no other layer of the package.

Every problem is reported as `<file>, line <n>, column "<name>": <reason>`, all of them at once,
in one `DataError`; nothing is dropped silently. The Table Schemas (types, units, ranges, required
values, primary and foreign keys) are checked by the `frictionless` library; this module adds the
checks a schema cannot express (UTF-8, empty files, the exact header, keys across files with the
closest known key, a per-pass figure without its unit or source).
"""
from __future__ import annotations

import difflib
import json
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from analysis.data import paths
from analysis.data.registry import BENCHMARKS

PACKAGE_FILE = "datapackage.yaml"

MAX_WALL_CLOCK_HOURS = 10 * 365.25 * 24
"""Ten years of wall-clock time: no training stage has run that long, so more `hours` are a processor-hour total in the wrong column."""


class DataError(ValueError):
    """Invalid data: the message names file, line, column and reason of every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:25]
        more = f"\n... and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
        super().__init__(f"{len(problems)} problem(s) in the data:\n" + "\n".join(shown) + more)


@dataclass(frozen=True)
class Dataset:
    """The validated data: one data frame per CSV, keyed as in the data package."""

    processors: pd.DataFrame
    cloud_prices: pd.DataFrame
    training_runs: pd.DataFrame
    results: dict[str, pd.DataFrame] = field(default_factory=dict)
    paper_points: pd.DataFrame | None = None
    """The paper's own regression points (data/paper_points.csv), as its authors published them."""
    paper_points_map: pd.DataFrame | None = None
    """Each authors' point beside our row for it, with a verdict (data/paper_points_map.csv)."""
    field_anchors: pd.DataFrame | None = None
    """Figures of later publications set beside the report's own (data/field_anchors.csv)."""
    fingerprint: str = ""


def default_data_dir() -> Path:
    """The data directory (see `analysis.data.paths.data_dir`)."""
    return paths.data_dir()


SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader, in C where PyYAML was built with libyaml (the same document, read about ten times faster)."""


def read_package(data_dir: Path) -> dict:
    """The data package descriptor (YAML) as a dictionary."""
    with open(Path(data_dir) / PACKAGE_FILE, encoding="utf-8") as f:
        descriptor = yaml.load(f, Loader=SAFE_LOADER)
    # YAML anchors share one dict between fields; a JSON round trip gives each field its own copy.
    return json.loads(json.dumps(descriptor, default=str))


def data_digest(data_dir: Path, paths: list[str] | None = None) -> str:
    """SHA-256 (hex) of the descriptor and the given CSVs (all of them by default)."""
    data_dir = Path(data_dir)
    if paths is None:
        paths = [r["path"] for r in read_package(data_dir)["resources"]]
    digest = hashlib.sha256()
    for rel in [PACKAGE_FILE, *sorted(paths)]:
        p = data_dir / rel
        digest.update(rel.encode())
        digest.update(p.read_bytes() if p.exists() else b"<missing>")
    return digest.hexdigest()


SCHEMA_VALID: set[str] = set()
"""`data_digest` of every data package this process found valid against its schemas: loading one again skips that
check (the slowest part of loading)."""


def _where(path: str, line: int | None, column: str | None) -> str:
    parts = [f"data/{path}"]
    if line is not None:
        parts.append(f"line {line}")
    if column:
        parts.append(f'column "{column}"')
    return ", ".join(parts)


def _check_text(data_dir: Path, resource: dict) -> list[str]:
    """UTF-8, not empty, the header exactly the schema's columns: checked before frictionless reads it."""
    rel = resource["path"]
    path = data_dir / rel
    if not path.exists():
        return [f"{_where(rel, None, None)}: file is missing"]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        column = e.start - (before.rfind(b"\n") + 1) + 1
        return [f"data/{rel}, line {line}, character {column}: not UTF-8 (byte 0x{raw[e.start]:02x}); save the file as UTF-8"]
    if not text.strip():
        return [f"{_where(rel, 1, None)}: file is empty; it needs at least the header row"]
    header = text.splitlines()[0].lstrip("\ufeff").split(",")
    expected = [f["name"] for f in resource["schema"]["fields"]]
    problems = []
    for name in expected:
        if name not in header:
            problems.append(f"{_where(rel, 1, name)}: required column is missing from the header")
    for name in header:
        if name not in expected:
            problems.append(f"{_where(rel, 1, name)}: unexpected column (the schema in data/{PACKAGE_FILE} lists: {', '.join(expected)})")
    if not problems and header != expected:
        problems.append(f"{_where(rel, 1, None)}: columns are out of order; expected: {','.join(expected)}")
    return problems


def _frictionless_problems(data_dir: Path, descriptor: dict) -> list[str]:
    """Schema violations found by frictionless, one message per cell or row."""
    from frictionless import Package, system

    problems = []
    with system.use_context(trusted=True):
        package = Package(descriptor, basepath=str(data_dir))
        report = package.validate()
    for task in report.tasks:
        rel = task.place
        for err in task.errors:
            if err.type == "foreign-key":
                continue  # reported with the closest keys by _key_problems
            line = getattr(err, "row_number", None)
            column = getattr(err, "field_name", None)
            if err.type == "primary-key":
                resource = next(r for r in descriptor["resources"] if r["path"] == rel)
                column = "+".join(resource["schema"]["primaryKey"])
                reason = f"duplicate key: {err.note}"
            elif err.type == "type-error":
                reason = f'"{err.cell}" is not a valid {err.note.split("is ")[-1].strip(chr(34)).split("/")[0]}'
            elif err.type == "constraint-error":
                reason = f'"{err.cell}" breaks the {err.note}'
            else:
                reason = f"{err.type}: {err.note or err.message}"
            problems.append(f"{_where(rel, line, column)}: {reason}")
    return problems


def _read_frame(data_dir: Path, resource: dict) -> pd.DataFrame:
    """A CSV as a data frame with typed columns (numbers, dates, booleans), line numbers kept."""
    frame = pd.read_csv(data_dir / resource["path"], dtype=str, keep_default_na=False, encoding="utf-8")
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="line")
    for f in resource["schema"]["fields"]:
        name, kind = f["name"], f.get("type", "string")
        column = frame[name].replace("", pd.NA)
        if kind in ("number", "integer"):
            frame[name] = pd.to_numeric(column).astype("float64")
        elif kind == "date":
            frame[name] = pd.to_datetime(column)
        elif kind == "boolean":
            frame[name] = column.map({"true": True, "false": False, "True": True, "False": False})
        else:
            frame[name] = column.astype("string")
    return frame


def _closest(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.5)
    return f"; closest known keys: {', '.join(close)}" if close else ""


def _stage_time_problems(stages: pd.DataFrame, path: str) -> list[str]:
    """A stage's time is wall-clock hours on processor_count processors, or a stated processor-hour total, never both."""
    problems = []
    for line, hours in stages["hours"].dropna().items():
        if hours > MAX_WALL_CLOCK_HOURS:
            problems.append(f"{_where(path, line, 'hours')}: {hours:,.0f} wall-clock hours is more than ten years "
                            f"({MAX_WALL_CLOCK_HOURS:,.0f} h); a processor-hour total belongs in processor_hours")
    if "processor_hours" not in stages.columns:
        return problems
    both = stages["processor_hours"].notna() & stages["hours"].notna()
    for line in stages.index[both]:
        problems.append(f"{_where(path, line, 'processor_hours')}: a stage gives either wall-clock hours (with processor_count) "
                        "or processor_hours, not both")
    no_count = stages["processor_count"].isna() & stages["processor_hours"].isna()
    for line in stages.index[no_count]:
        problems.append(f"{_where(path, line, 'processor_count')}: a stage needs its processor count, or processor_hours "
                        "where the source states only a processor-hour total")
    return problems


def _key_problems(frames: dict[str, pd.DataFrame], paths: dict[str, str]) -> list[str]:
    """Keys that must resolve across files, and rules a schema cannot state."""
    problems = []
    known_processors = list(frames["processors"]["processor"].dropna())
    for name in ("training_runs", "cloud_prices"):
        for line, key in frames[name]["processor"].dropna().items():
            if key not in known_processors:
                problems.append(f"{_where(paths[name], line, 'processor')}: unknown processor \"{key}\" (not in data/processors.csv){_closest(key, known_processors)}")
    problems += _stage_time_problems(frames["training_runs"], paths["training_runs"])
    known_runs = list(frames["training_runs"]["training_run"].dropna().unique())
    for name, frame in frames.items():
        if not name.startswith("results_"):
            continue
        for line, key in frame["training_run"].dropna().items():
            if key not in known_runs:
                problems.append(f"{_where(paths[name], line, 'training_run')}: unknown training run \"{key}\" (not in data/training_runs.csv){_closest(key, known_runs)}")
        has_flops = frame["flops_per_pass"].notna()
        for line in frame.index[has_flops & frame["flops_kind"].isna()]:
            problems.append(f"{_where(paths[name], line, 'flops_kind')}: a per-pass figure needs its unit (flops or macs)")
        for line in frame.index[has_flops & frame["flops_source"].isna()]:
            problems.append(f"{_where(paths[name], line, 'flops_source')}: a per-pass figure needs its source")
        for line in frame.index[frame["published"] > pd.Timestamp.now()]:
            problems.append(f"{_where(paths[name], line, 'published')}: date lies in the future")
    return problems


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Validate every CSV of the data package, then return them as typed data frames.

    Raises `DataError` listing every problem (file, line, column, reason) if any file is invalid.
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    descriptor = read_package(data_dir)
    descriptor = {k: v for k, v in descriptor.items() if not k.startswith("x-")}
    resources = descriptor["resources"]
    problems = [p for r in resources for p in _check_text(data_dir, r)]
    if problems:
        raise DataError(problems)
    digest = data_digest(data_dir, [r["path"] for r in resources])
    if digest not in SCHEMA_VALID:
        problems = _frictionless_problems(data_dir, descriptor)
        if problems:
            raise DataError(problems)
        SCHEMA_VALID.add(digest)
    frames = {r["name"]: _read_frame(data_dir, r) for r in resources}
    problems = _key_problems(frames, {r["name"]: r["path"] for r in resources})
    if problems:
        raise DataError(problems)
    results = {b: frames[f"results_{b}"] for b in BENCHMARKS if f"results_{b}" in frames}
    return Dataset(
        processors=frames["processors"],
        cloud_prices=frames["cloud_prices"],
        training_runs=frames["training_runs"],
        results=results,
        paper_points=frames.get("paper_points"),
        paper_points_map=frames.get("paper_points_map"),
        field_anchors=frames.get("field_anchors"),
        fingerprint=digest[:12],
    )
