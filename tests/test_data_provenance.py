"""Provenance of the data: where each result's date comes from, the date rule, the assumptions of training stages,
and how each result was evaluated.

Each rule is a function returning the problems it finds (file, line, column, reason); the tests run it on the
repository's data and on a copy with one value broken, so that every rule is shown to catch what it is for.
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest

from analysis.data import read_package

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("REPORT_DATA_DIR") or ROOT / "data")

ARXIV_ID = re.compile(r"arxiv\.org/abs/(\d{2})(\d{2})\.\d{4,5}")
# Every published_source opens with one of these lead phrases, which say what kind of version the date is of.
LEAD = re.compile(r"^(arXiv v1\b|arXiv v([2-9]|\d{2,}) \(|later arXiv version \(|code release \(|leaderboard entry \(|"
                  r"venue \(|pre-arXiv version \(|model card \(|not established: )")
# A published_source that names a later version, a code release, a leaderboard entry, a pre-arXiv version or a model
# card carries that version's own date: the first YYYY-MM-DD it names.
DATED_SOURCE = re.compile(r"^(arXiv v([2-9]|\d{2,}) |later arXiv version|code release|leaderboard entry|pre-arXiv version|"
                          r"model card)\b")
# Of those, a later arXiv version or a code release is not the paper's first version, so its date is a real day.
LATER_SOURCE = re.compile(r"^(arXiv v([2-9]|\d{2,}) |later arXiv version|code release)\b")
# An arXiv v1 source that mentions a code release says the release printed the score earlier or as well.
RELEASE_AS_WELL = re.compile(r"printed it earlier|also printed|printed the score on|printed this score in")
# A paper first released outside arXiv (named so in published_source, with its date) may predate its arXiv id's month.
PRE_ARXIV = "pre-arXiv version"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_rows(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def resources(data_dir: Path) -> dict[str, dict]:
    return {r["name"]: r for r in read_package(data_dir)["resources"]}


def enum_of(data_dir: Path, resource: str, column: str) -> list[str]:
    field = next(f for f in resources(data_dir)[resource]["schema"]["fields"] if f["name"] == column)
    return field["constraints"]["enum"]


def results_files(data_dir: Path) -> list[str]:
    return [r["path"] for name, r in resources(data_dir).items() if name.startswith("results_")]


def where(rel: str, line: int, column: str) -> str:
    return f'data/{rel}, line {line}, column "{column}"'


def date_problems(data_dir: Path) -> list[str]:
    """Every result says where its date comes from, and no result predates its paper's first version.

    The date rule: `published` is the first public version that shows the score, and `published_source` opens with
    a fixed lead phrase saying which (LEAD): "arXiv v1", "arXiv vN (date", "later arXiv version (date",
    "code release (repository, commit, date, file", "leaderboard entry (..., date", "venue (", "pre-arXiv version (",
    "model card (date" or "not established: " (the first version showing the score could not be dated; the row
    uses the date of a version known to carry it, or keeps its paper's date and says why).
    A source naming a later version, release, leaderboard entry or model card carries that version's own date: the
    first date it names equals `published`.
    A later arXiv version or a code release cannot carry its paper's first arXiv month as a placeholder: its date
    is not the first day of the arXiv id's month (the value a v1 whose day was not read takes), and it is not
    before that month; a later version within the first month is allowed only with its own day (e.g. arXiv v2 four
    days after v1), which the source names.
    A source that opens with "arXiv v1" and mentions a code release must say the release printed the score earlier
    or as well (so v1 carries it); a row whose first version is uncertain opens with "not established: ".
    """
    problems = []
    for rel in results_files(data_dir):
        for line, row in enumerate(read_rows(data_dir / rel), start=2):
            source = (row.get("published_source") or "").strip()
            if not source:
                problems.append(f"{where(rel, line, 'published_source')}: empty; say where the date comes from")
            elif not LEAD.match(source):
                problems.append(f"{where(rel, line, 'published_source')}: does not open with a lead phrase "
                                f"(arXiv v1, arXiv vN (date), later arXiv version (date), code release (...), "
                                f"leaderboard entry (...), venue (...), pre-arXiv version (...), model card (...), "
                                f"not established: ...)")
            published = dt.date.fromisoformat(row["published"])
            arxiv = ARXIV_ID.search(row["paper_url"])
            first_month = dt.date(2000 + int(arxiv.group(1)), int(arxiv.group(2)), 1) if arxiv else None
            if first_month and not source.startswith(PRE_ARXIV) and published < first_month:
                problems.append(f"{where(rel, line, 'published')}: {published} is before the paper's first "
                                f"version ({first_month:%Y-%m}, from the arXiv id)")
            if DATED_SOURCE.match(source):
                dates = ISO_DATE.findall(source)
                if not dates:
                    problems.append(f"{where(rel, line, 'published_source')}: names a later version, code release, "
                                    f"leaderboard entry or model card without its date (YYYY-MM-DD)")
                elif dt.date.fromisoformat(dates[0]) != published:
                    problems.append(f"{where(rel, line, 'published')}: {published} differs from the date its "
                                    f"source names ({dates[0]})")
            if LATER_SOURCE.match(source) and first_month and published == first_month:
                problems.append(f"{where(rel, line, 'published')}: {published} is the first arXiv month's "
                                f"placeholder, but the source names a later version or a code release")
            if source.startswith("arXiv v1") and "code release" in source and not RELEASE_AS_WELL.search(source):
                problems.append(f"{where(rel, line, 'published_source')}: arXiv v1 with a score read in a code "
                                f"release; date it by the release's commit, or open with \"not established: \"")
    return problems


def assumption_problems(data_dir: Path) -> list[str]:
    """Each assumption class is in the vocabulary and has the alternative its class needs."""
    classes = set(enum_of(data_dir, "training_runs", "assumption"))
    needs_processor = {"processor_generation", "form_factor"}
    processors = {row["processor"] for row in read_rows(data_dir / "processors.csv")}
    problems = []
    for line, row in enumerate(read_rows(data_dir / "training_runs.csv"), start=2):
        kind, alternative = row["assumption"].strip(), row["alternative_processor"].strip()
        if kind and kind not in classes:
            problems.append(f"{where('training_runs.csv', line, 'assumption')}: \"{kind}\" is not one of {sorted(classes)}")
        elif kind in needs_processor:
            if not alternative:
                problems.append(f"{where('training_runs.csv', line, 'alternative_processor')}: a {kind} assumption "
                                f"needs the alternative processor")
            elif alternative not in processors:
                problems.append(f"{where('training_runs.csv', line, 'alternative_processor')}: \"{alternative}\" "
                                f"is not in data/processors.csv")
            elif alternative == row["processor"]:
                problems.append(f"{where('training_runs.csv', line, 'alternative_processor')}: the alternative is "
                                f"the processor assumed")
        elif alternative:
            what = f"a {kind} assumption" if kind else "a stage without an assumption"
            problems.append(f"{where('training_runs.csv', line, 'alternative_processor')}: {what} takes no "
                            f"alternative processor (the alternative of time_scaled and second_hand is dropping the stage)")
    return problems


def evaluation_problems(data_dir: Path) -> list[str]:
    """Every result says how it was evaluated, in the declared vocabulary."""
    problems = []
    for rel in results_files(data_dir):
        name = next(n for n, r in resources(data_dir).items() if r["path"] == rel)
        vocabulary = set(enum_of(data_dir, name, "evaluation"))
        for line, row in enumerate(read_rows(data_dir / rel), start=2):
            value = (row.get("evaluation") or "").strip()
            if value not in vocabulary:
                problems.append(f"{where(rel, line, 'evaluation')}: \"{value}\" is not one of {sorted(vocabulary)}")
    return problems


@pytest.fixture()
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def break_cell(path: Path, column: str, value: str, where_filled: str | None = None,
               match: str | None = None) -> int:
    """Set `column` on the first row (optionally one whose `where_filled` column matches `match`); return its line."""
    rows = read_rows(path)
    index = next(i for i, row in enumerate(rows)
                 if where_filled is None or re.search(match, row[where_filled]))
    rows[index][column] = value
    write_rows(path, rows)
    return index + 2


# The repository's data


def test_every_result_names_where_its_date_comes_from_and_none_predates_its_paper():
    problems = date_problems(DATA)
    assert not problems, "\n".join(problems[:30])


def test_every_assumption_has_the_alternative_its_class_needs():
    problems = assumption_problems(DATA)
    assert not problems, "\n".join(problems[:30])


def test_every_evaluation_is_in_the_vocabulary():
    problems = evaluation_problems(DATA)
    assert not problems, "\n".join(problems[:30])


def test_the_vocabularies_are_the_ones_the_report_uses():
    assert set(enum_of(DATA, "training_runs", "assumption")) == {
        "processor_generation", "form_factor", "time_scaled", "second_hand"}
    classes = {"task_specific", "fine_tuned", "few_shot", "zero_shot"}
    for name in (n for n in resources(DATA) if n.startswith("results_")):
        declared = set(enum_of(DATA, name, "evaluation"))
        assert declared <= classes, name  # a file beyond the paper (e.g. MMLU) may use fewer classes, never others
        if name in {"results_imagenet", "results_mscoco", "results_squad11", "results_conll2003",
                    "results_wmt14_en_fr", "results_wmt14_en_de"}:
            assert declared == classes, name


def test_the_assumptions_named_in_the_issue_are_recorded():
    runs = read_rows(DATA / "training_runs.csv")
    kinds = {(r["training_run"], r["stage"]): (r["assumption"], r["alternative_processor"]) for r in runs}
    assert kinds[("devlin2018bert_large_squad", "pretrain")] == ("processor_generation", "tpu_v3")
    assert kinds[("liu2019roberta_large", "pretrain")][0] == "time_scaled"
    assert {r["assumption"] for r in runs if "SXM assumed" in r["notes"] and r["assumption"]} >= {"form_factor"}


# Each rule catches what it is for


def test_an_empty_date_source_is_caught(data_copy):
    line = break_cell(data_copy / "results" / "squad11.csv", "published_source", "")
    assert any(p.startswith(f"data/results/squad11.csv, line {line}") and "published_source" in p
               for p in date_problems(data_copy))


def test_a_date_before_the_arxiv_version_is_caught(data_copy):
    line = break_cell(data_copy / "results" / "imagenet.csv", "published", "2019-04-30",
                      where_filled="paper_url", match=r"abs/1905\.11946")  # EfficientNet, arXiv 1905
    assert any(p.startswith(f"data/results/imagenet.csv, line {line}") and "before the paper's first version" in p
               for p in date_problems(data_copy))


def test_a_code_release_dated_by_the_first_arxiv_month_is_caught(data_copy):
    line = break_cell(data_copy / "results" / "mscoco.csv", "published", "2019-01-01",
                      where_filled="model", match=r"^HTC \(X-101-64x4d-FPN, DCN")  # arXiv 1901, release 2019-04-20
    rows = read_rows(data_copy / "results" / "mscoco.csv")
    rows[line - 2]["published_source"] = rows[line - 2]["published_source"].replace("2019-04-20", "2019-01-01")
    write_rows(data_copy / "results" / "mscoco.csv", rows)
    assert any(p.startswith(f"data/results/mscoco.csv, line {line}") and "first arXiv month's placeholder" in p
               for p in date_problems(data_copy))


def test_a_source_without_a_lead_phrase_is_caught(data_copy):
    line = break_cell(data_copy / "results" / "imagenet.csv", "published_source", "official README, date not read")
    assert any(p.startswith(f"data/results/imagenet.csv, line {line}") and "lead phrase" in p
               for p in date_problems(data_copy))


def test_an_arxiv_v1_date_for_a_score_read_in_a_release_is_caught(data_copy):
    line = break_cell(data_copy / "results" / "imagenet.csv", "published_source",
                      "arXiv v1; score read in a code release (github.com/facebookresearch/ConvNeXt)",
                      where_filled="model", match=r"^ConvNeXt-B$")
    assert any(p.startswith(f"data/results/imagenet.csv, line {line}") and "code release" in p
               for p in date_problems(data_copy))


def test_a_date_that_disagrees_with_its_release_note_is_caught(data_copy):
    line = break_cell(data_copy / "results" / "mscoco.csv", "published", "2019-11-01",
                      where_filled="model", match=r"^EfficientDet-D7x$")
    assert any(p.startswith(f"data/results/mscoco.csv, line {line}") and "differs from the date its source names" in p
               for p in date_problems(data_copy))


@pytest.mark.parametrize("kind, alternative, reason", [
    ("form_factor", "", "needs the alternative processor"),
    ("processor_generation", "tpu_v9", "is not in data/processors.csv"),
    ("second_hand", "v100_pcie", "takes no alternative processor"),
    ("guessed", "", "is not one of"),
])
def test_a_bad_assumption_is_caught(data_copy, kind, alternative, reason):
    path = data_copy / "training_runs.csv"
    rows = read_rows(path)
    rows[0]["assumption"], rows[0]["alternative_processor"] = kind, alternative
    write_rows(path, rows)
    assert any(p.startswith("data/training_runs.csv, line 2") and reason in p for p in assumption_problems(data_copy))


def test_an_evaluation_outside_the_vocabulary_is_caught(data_copy):
    line = break_cell(data_copy / "results" / "wmt14_en_de.csv", "evaluation", "fewshot")
    assert any(p.startswith(f"data/results/wmt14_en_de.csv, line {line}") and "is not one of" in p
               for p in evaluation_problems(data_copy))
