"""The sentences the pages show (analysis.report.prose): the numbers they are given, and no template text when one is absent."""
from __future__ import annotations

import math

import pytest

from analysis.report import prose

TEMPLATE_TEXT = ("0 of", "not available", "p = <", "nan", "None", "<NA>")


def clean(text: str) -> bool:
    return not any(t in text for t in TEMPLATE_TEXT)


@pytest.mark.parametrize("p, shown", [(0.0004, "p < 0.001"), (0.0123, "p = 0.012"), (0.5, "p = 0.5"), (math.nan, ""), (None, "")])
def test_p_values_read_as_a_reader_writes_them(p, shown):
    assert prose.p_text(p) == shown


def test_the_error_of_a_metric_is_named():
    assert prose.error_name("BLEU") == "error = 100 - BLEU"
    assert prose.error_axis_title("top-1") == "error (100 - top-1)"


def test_paper_points_fit_gives_its_numbers_and_nothing_without_points():
    text = prose.paper_points_fit(13, 0.4517, 0.0004)
    assert "13 points" in text and "R² = 0.45" in text and "p < 0.001" in text and clean(text)
    assert prose.paper_points_fit(0, math.nan, math.nan) == ""
    assert "too few" in prose.paper_points_fit(3, math.nan, math.nan)


def test_reproduced_cells_only_when_the_paper_prints_some():
    assert prose.reproduced_cells(0, 0) == ""
    text = prose.reproduced_cells(7, 8)
    assert text.startswith("7 of the paper's 8 printed") and clean(text.replace("7 of", ""))


def test_absence_is_one_sentence_saying_why():
    for text in (prose.absent_paper_points(True), prose.absent_paper_points(False), prose.absent_printed_cells(True),
                 prose.absent_printed_cells(False), prose.absent_per_pass("2020-07-01"), prose.absent_per_pass(None)):
        assert text.count(". ") == 0 and text.endswith(".") and clean(text)
    assert "did not study" in prose.absent_paper_points(True)
    assert "2020-07-01" in prose.absent_per_pass("2020-07-01")


def test_headline_sample_states_the_papers_size_only_when_known():
    text = prose.headline_sample(16, "2020-07-01", True, 13)
    assert "16 points" in text and "had 13" in text and "each paper's best" in text and "before 2020-07-01" in text
    text = prose.headline_sample(28, None, False, math.nan)
    assert "28 points." in text and "paper's regression" not in text and "not stated" not in text


def test_chance_exclusion_only_where_guessing_has_an_error():
    assert prose.chance_exclusion(math.nan, 0, 5) == ""
    text = prose.chance_exclusion(75.0, 3, 5.0)
    assert "75% error" in text and "the 3 results" in text and "5 percentage points" in text


def test_slope_sentence_with_its_statistics_or_saying_there_is_no_fit():
    text = prose.slope_fit(-0.0809, 0.66, 0.019, 16, False)
    assert "-0.0809" in text and "R² = 0.66" in text and "p = 0.019" in text and "large-sample" not in text
    assert "large-sample" in prose.slope_fit(-0.1, 0.5, 0.04, 6, True)
    assert "too few" in prose.slope_fit(math.nan, math.nan, math.nan, 2, True)


def test_the_four_fits_gap_and_its_largest_step():
    text = prose.four_fits_gap(5.0, 2.16, 0.22, -2.43)
    assert "+2.2 orders of magnitude when the authors' slips are fixed" in text
    assert "+0.2 more" in text and "-2.4 when the points are replaced" in text
    assert "too few points for (c)" in prose.four_fits_gap(5.0, 1.0, 0.5, math.nan)
    assert prose.four_fits_gap(math.nan, 1.0, 1.0, 1.0) == ""
    assert prose.four_fits_gap(5.0, math.nan, 1.0, 1.0) == ""
    assert prose.largest_step(2.16, 0.22, -2.43) == "The largest step is our own sample."
    assert prose.largest_step(3.0, 0.5, 1.0) == "The largest step is fixing the slips."
    assert prose.largest_step(0.1, -4.0, 1.0) == "The largest step is the other substitutions."
    tie = prose.largest_step(2.41, 0.2, -2.43)
    assert "about equal" in tie and "fixing the slips" in tie and "our own sample" in tie
    assert prose.largest_step(math.nan, 1.0, 1.0) == ""


def test_comparison_with_the_paper():
    assert "did not study" in prose.paper_versus_report(True, False, 0, 0)
    assert "7 of 8" in prose.paper_versus_report(False, True, 7, 8)
    assert prose.paper_versus_report(False, False, 0, 0) == "The paper prints no extrapolation for this benchmark."
    assert prose.r2_beside(0, math.nan, 10, 0.5) == ""
    assert "not estimable" in prose.r2_beside(13, 0.45, 3, math.nan)
    assert "+3.2" in prose.gap_to_paper(3.2, True, 2.0) and "more than the 2" in prose.gap_to_paper(3.2, True, 2.0)
    assert "within 2" in prose.gap_to_paper(0.01, False, 2.0)
    assert prose.gap_to_paper(math.nan, False, 2.0) == ""


def test_counts_and_utilisation():
    assert prose.data_counts(189, 81, 58) == "The data hold 189 results from 81 papers; 58 of them have a known hardware burden."
    assert "17 results published before 2020-07-01" in prose.per_pass_count(17, "2020-07-01")
    assert prose.utilisation(0, math.nan, math.nan) == ""
    assert "median is 4.95" in prose.utilisation(20, 4.951, 0.61)
    assert prose.verdict_counts({}) == ""
    assert prose.verdict_counts({"agrees": 5, "authors' slip": 1}) == "Verdicts: agrees: 5; authors' slip: 1."


def test_a_listing_of_items_in_a_sentence():
    assert prose.listing([]) == "" and prose.listing(["A"]) == "A"
    assert prose.listing(["A", "B"]) == "A and B" and prose.listing(iter(["A", "B", "C"])) == "A, B and C"
