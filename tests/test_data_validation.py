"""The data package: the repository's data are valid, and each kind of bad input stops with one clear message."""
import csv
import io

import pytest

from analysis.data import DataError, load_dataset, read_package
from analysis.data.registry import BENCHMARKS


def rows_of(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def write_rows(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def set_cell(path, line, column, value):
    """Set one cell (line as in the file, header = 1) and return the line changed."""
    rows = rows_of(path)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(path, rows)
    return line


def first_line_with(path, column):
    """The first data line whose `column` is filled."""
    rows = rows_of(path)
    index = rows[0].index(column)
    return next(i for i, row in enumerate(rows[1:], start=2) if row[index])


def drop_column(d):
    path = d / "results" / "imagenet.csv"
    rows = rows_of(path)
    index = rows[0].index("score_source")
    write_rows(path, [r[:index] + r[index + 1:] for r in rows])
    return "results/imagenet.csv", 1, "score_source", "required column is missing"


def wrong_type(d):
    set_cell(d / "training_runs.csv", 2, "processor_count", "eight")
    return "training_runs.csv", 2, "processor_count", '"eight" is not a valid integer'


def score_out_of_range(d):
    set_cell(d / "results" / "mscoco.csv", 3, "box_ap_pct", "120")
    return "results/mscoco.csv", 3, "box_ap_pct", '"120" breaks the constraint "maximum"'


def break_first_filled(d, rel, column, value, reason):
    """Set `column` of the first line where it is filled; return what the error must name."""
    path = d / rel
    line = set_cell(path, first_line_with(path, column), column, value)
    return rel, line, column, reason


def negative_compute(d):
    return break_first_filled(d, "results/imagenet.csv", "flops_per_pass", "-3.8e9", 'breaks the constraint "minimum"')


def zero_hours(d):
    return break_first_filled(d, "training_runs.csv", "hours", "0", 'breaks the constraint "minimum"')


def zero_peak(d):
    return break_first_filled(d, "processors.csv", "peak_flops_fp32", "0", 'breaks the constraint "minimum"')


def negative_count(d):
    set_cell(d / "training_runs.csv", 3, "processor_count", "-8")
    return "training_runs.csv", 3, "processor_count", 'breaks the constraint "minimum"'


def unknown_processor(d):
    set_cell(d / "training_runs.csv", 2, "processor", "v100_sxm3")
    return "training_runs.csv", 2, "processor", 'unknown processor "v100_sxm3"'


def unknown_training_run(d):
    return break_first_filled(d, "results/imagenet.csv", "training_run", "no_such_run", 'unknown training run "no_such_run"')


def duplicate_key(d):
    path = d / "processors.csv"
    rows = rows_of(path)
    write_rows(path, rows + [rows[1]])
    return "processors.csv", len(rows) + 1, "processor", "duplicate key"


def impossible_date(d):
    set_cell(d / "results" / "squad11.csv", 2, "published", "2019-02-30")
    return "results/squad11.csv", 2, "published", '"2019-02-30" is not a valid date'


def missing_source(d):
    set_cell(d / "training_runs.csv", 4, "source", "")
    return "training_runs.csv", 4, "source", 'constraint "required"'


def not_utf8(d):
    path = d / "results" / "conll2003.csv"
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    lines[2] = lines[2].replace(b",", b",\xe9", 1)
    path.write_bytes(b"\n".join(lines))
    return "results/conll2003.csv", 3, None, "not UTF-8"


def empty_file(d):
    (d / "results" / "wmt14_en_de.csv").write_bytes(b"")
    return "results/wmt14_en_de.csv", 1, None, "file is empty"


def processor_hours_as_wall_clock(d):
    """A processor-hour total written as 1 processor x its hours (Falcon-180B's 7,000,000 GPU-hours)."""
    path = d / "training_runs.csv"
    rows = rows_of(path)
    index = rows[0].index("processor_hours")
    line, total = max(((i, row[index]) for i, row in enumerate(rows[1:], start=2) if row[index]), key=lambda x: float(x[1]))
    set_cell(path, line, "processor_hours", "")
    set_cell(path, line, "processor_count", "1")
    set_cell(path, line, "hours", total)
    return "training_runs.csv", line, "hours", "wall-clock hours is more than ten years"


def processor_hours_beside_hours(d):
    path = d / "training_runs.csv"
    line = first_line_with(path, "processor_hours")
    set_cell(path, line, "hours", "100")
    return "training_runs.csv", line, "processor_hours", "either wall-clock hours (with processor_count) or processor_hours, not both"


def no_count_and_no_processor_hours(d):
    path = d / "training_runs.csv"
    line = set_cell(path, first_line_with(path, "processor_count"), "processor_count", "")
    return "training_runs.csv", line, "processor_count", "needs its processor count, or processor_hours"


BAD_INPUTS = [drop_column, wrong_type, score_out_of_range, negative_compute, zero_hours, zero_peak, negative_count,
              unknown_processor, unknown_training_run, duplicate_key, impossible_date, missing_source, not_utf8, empty_file,
              processor_hours_as_wall_clock, processor_hours_beside_hours, no_count_and_no_processor_hours]


def test_ten_years_of_wall_clock_hours_is_the_limit():
    from analysis.data import MAX_WALL_CLOCK_HOURS
    assert MAX_WALL_CLOCK_HOURS == pytest.approx(87_660.0)


def test_no_stage_gives_both_processor_hours_and_wall_clock_hours(dataset):
    stages = dataset.training_runs
    assert (stages["processor_hours"].notna() & stages["hours"].notna()).sum() == 0
    assert (stages["hours"].dropna() <= 10 * 365.25 * 24).all()
    assert (stages["processor_count"].notna() | stages["processor_hours"].notna()).all()


def test_repository_data_are_valid(dataset):
    assert set(dataset.results) == set(BENCHMARKS)
    assert len(dataset.processors) > 0 and len(dataset.training_runs) > 0


@pytest.mark.parametrize("breaker", BAD_INPUTS, ids=[b.__name__ for b in BAD_INPUTS])
def test_bad_input_names_file_line_column_and_reason(data_copy, breaker):
    path, line, column, reason = breaker(data_copy)
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    problems = error.value.problems
    matching = [p for p in problems if p.startswith(f"data/{path}, line {line}") and reason in p
                and (column is None or f'column "{column}"' in p)]
    assert matching, f"no message names data/{path}, line {line}, {column}, '{reason}'; got: {problems}"


def test_unknown_processor_suggests_the_closest_keys(data_copy):
    unknown_processor(data_copy)
    with pytest.raises(DataError, match=r"closest known keys: v100_sxm2"):
        load_dataset(data_copy)


def test_every_column_has_a_description_or_title_and_every_file_a_source():
    package = read_package(load_dataset.__globals__["default_data_dir"]())
    for resource in package["resources"]:
        assert resource.get("sources"), resource["name"]
        for field in resource["schema"]["fields"]:
            assert field.get("title") and field.get("type"), (resource["name"], field["name"])


def test_every_result_cites_its_paper_and_its_score(dataset):
    for benchmark, frame in dataset.results.items():
        assert frame["paper_url"].str.match(r"https://\S+$").all(), benchmark
        assert frame["score_source"].notna().all(), benchmark


def test_every_paper_is_in_the_bibliography(dataset):
    from pathlib import Path

    bib = (Path(__file__).resolve().parent.parent / "book" / "references.bib").read_text(encoding="utf-8")
    keys = {line.split("{", 1)[1].split(",", 1)[0].strip() for line in bib.splitlines() if line.startswith("@")}
    missing = {k for frame in dataset.results.values() for k in frame["paper_key"]} - keys
    assert not missing, f"papers without a bibliography entry: {sorted(missing)}"


def test_the_schema_check_runs_once_per_version_of_the_data(data_copy, monkeypatch):
    import analysis.data as data

    checked = []
    real = data._frictionless_problems
    monkeypatch.setattr(data, "_frictionless_problems", lambda *a: checked.append(1) or real(*a))
    monkeypatch.setattr(data, "SCHEMA_VALID", set())
    load_dataset(data_copy)
    load_dataset(data_copy)
    assert len(checked) == 1, "the same data were checked against their schemas twice"
    negative_count(data_copy)  # a changed file is a new version: checked again, and refused
    with pytest.raises(DataError, match='processor_count.*breaks the constraint "minimum"'):
        load_dataset(data_copy)
    assert len(checked) == 2


