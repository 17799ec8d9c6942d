"""The report's answer (analysis.report.answer): each claim's status from hand-made four-fits, sensitivity and back-test
frames, and the words of the introduction's verdict.

Every expected status below is read off the frames by the rules as issue 21 states them: a claim holds only where
every judged part holds, fails only where every judged part fails, is fragile in between, and cannot tell with no
judged part; a printed cell at the same power holds, inside the interval is fragile, outside fails, not computable
cannot tell; a benchmark's slope holds if it survives every variant, fails if none, cannot tell without a variant;
a back-test "as projected" holds, cheaper or dearer fails, "too few to judge" or "cannot tell" cannot tell.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.report import answer
from analysis.data.registry import BENCHMARKS

SAME, INSIDE, OUTSIDE, NONE = "same power", "inside the interval", "outside the interval", "not computable"
HOLDS, FRAGILE, FAILS, UNJUDGED = "holds", "fragile", "fails", "cannot tell"
PREFIXES = ("points", "slips", "corrected", "ours")


def four(cells: dict[str, list[str]], orders: dict[str, list[float]] | None = None, unprinted: int = 1) -> pd.DataFrame:
    """A four-fits frame: per prefix, the scale step of each printed cell (and its distance in orders of magnitude),
    plus `unprinted` rows the paper prints nothing for (no exponent, no step), which no claim may count."""
    n = len(next(iter(cells.values())))
    orders = orders or {}
    frame = pd.DataFrame({"benchmark": ["imagenet"] * (n + unprinted),
                          "paper_exponent": pd.array([19] * n + [None] * unprinted, dtype="Int64")})
    for p in PREFIXES:
        steps = cells.get(p, [NONE] * n)
        frame[f"{p}_scale"] = steps + [""] * unprinted
        distance = orders.get(p, [np.nan if s == NONE else 0.5 for s in steps])
        frame[f"{p}_orders_from_paper"] = list(distance) + [9.0] * unprinted  # an unprinted row's distance is not counted
    return frame


def sensitivity(rows: list[tuple[str, int, int]]) -> pd.DataFrame:
    """(benchmark, surviving variants, fitted variants) per benchmark, as the sensitivity summary gives them."""
    return pd.DataFrame({"benchmark": [r[0] for r in rows], "benchmark_title": [BENCHMARKS[r[0]].title for r in rows],
                         "n_survive": [r[1] for r in rows], "n_variants": [r[2] for r in rows]})


def backtest(rows: list[tuple[str, str, str, int, float]]) -> pd.DataFrame:
    """(benchmark, fit sample, verdict, later results, median orders) per back-test row."""
    return pd.DataFrame({"benchmark": [r[0] for r in rows], "benchmark_title": [BENCHMARKS[r[0]].title for r in rows],
                         "fit_sample": [r[1] for r in rows], "backtest_verdict": [r[2] for r in rows],
                         "n_later": [r[3] for r in rows], "log10_actual_over_predicted_median": [r[4] for r in rows]})


# --- one claim about the table -----------------------------------------------------------------------------------

@pytest.mark.parametrize("steps, status", [
    ([SAME, SAME, SAME], HOLDS),
    ([SAME, SAME, NONE], HOLDS),              # a cell not computable is not judged
    ([SAME, INSIDE, SAME], FRAGILE),
    ([SAME, OUTSIDE, SAME], FRAGILE),
    ([INSIDE, INSIDE, INSIDE], FRAGILE),      # consistent, not reproduced: fragile, not holding
    ([OUTSIDE, OUTSIDE, NONE], FAILS),
    ([INSIDE, OUTSIDE, OUTSIDE], FRAGILE),
    ([NONE, NONE, NONE], UNJUDGED),
])
def test_table_claim_status_from_the_steps_of_the_printed_cells(steps, status):
    claim = answer.table_claim(four({"slips": steps}), "slips", "slips", "The claim", "short")
    assert claim["claim_status"] == status
    assert claim["claim_id"] == "slips" and claim["claim"] == "The claim" and claim["page"] == "report/extrapolation"


def test_table_claim_counts_and_distance_of_the_printed_cells_only():
    steps = [SAME, SAME, INSIDE, OUTSIDE, NONE]
    distances = [0.2, 0.9, -1.4, 3.1, np.nan]
    claim = answer.table_claim(four({"ours": steps}, {"ours": distances}, unprinted=2), "ours", "independent", "C", "the table")
    median = np.median([0.2, 0.9, -1.4, 3.1])  # 0.55: the unprinted rows' 9.0 and the missing distance left out
    assert claim["evidence"] == (f"2 of 5 printed cells at the printed power of ten, 1 more with the printed value inside "
                                 f"the 90% interval, 1 outside it; median distance {median:+.1f} orders of magnitude "
                                 f"from the printed value")
    assert claim["summary"] == "the table (2 of 5 cells at the printed power of ten, 1 outside the 90% interval)"
    assert claim["claim_status"] == FRAGILE
    # without any distance, no median is stated
    none = answer.table_claim(four({"ours": [NONE, NONE]}), "ours", "independent", "C", "the table")
    assert "median" not in none["evidence"] and none["claim_status"] == UNJUDGED


# --- the slope and the projections --------------------------------------------------------------------------------

def test_slope_claim_applies_the_survival_rule_to_the_papers_benchmarks_only():
    summary = sensitivity([("imagenet", 12, 12), ("mscoco", 5, 12), ("wmt14_en_fr", 0, 12), ("squad11", 0, 0),
                           ("wmt14_en_de", 0, 12), ("mmlu", 0, 12)])  # En-De (no slope in the paper) and MMLU left out
    claim = answer.slope_claim(summary)
    assert claim["claim_status"] == FRAGILE  # holds, fragile and fails among the judged
    assert claim["evidence"] == ("survives every variant on ImageNet; survives some variants on MS COCO (5 of 12); "
                                 "survives none on WMT 2014 En-Fr (0 of 12); no fit on SQuAD 1.1")
    assert claim["summary"] == "error falls as computation rises (in every variant on 1 of 4 benchmarks, in none on 1)"
    assert "En-De" not in claim["evidence"] and "MMLU" not in claim["evidence"]
    assert claim["claim_id"] == "slope" and claim["page"] == "later/sensitivity"


@pytest.mark.parametrize("rows, status", [
    ([("imagenet", 12, 12), ("mscoco", 7, 7)], HOLDS),
    ([("imagenet", 12, 12), ("squad11", 0, 0)], HOLDS),
    ([("imagenet", 0, 12), ("mscoco", 0, 3)], FAILS),
    ([("imagenet", 11, 12)], FRAGILE),
    ([("imagenet", 1, 12)], FRAGILE),
    ([("squad11", 0, 0)], UNJUDGED),
    ([("wmt14_en_de", 12, 12), ("mmlu", 12, 12)], UNJUDGED),  # no benchmark of the claim at all
])
def test_slope_claim_status(rows, status):
    assert answer.slope_claim(sensitivity(rows))["claim_status"] == status


def test_projection_claim_judges_the_papers_projection_not_our_refit():
    rows = [("imagenet", "paper_points", "dearer than projected", 9, 1.23),
            ("imagenet", "ours", "as projected", 9, 0.1),
            ("mscoco", "paper_points", "as projected", 6, -0.26),
            ("squad11", "paper_points", "too few to judge", 3, -0.16),
            ("wmt14_en_fr", "paper_points", "cannot tell", 7, 0.4)]
    claim = answer.projection_claim(backtest(rows))
    assert claim["claim_status"] == FRAGILE  # one holds, one fails; two cannot be judged
    evidence = ("on ImageNet, 9 later results needed 1.2 orders of magnitude more than projected; "
                "on MS COCO, 6 later results used what was projected (median -0.3); "
                "WMT 2014 En-Fr: later results scatter too widely to tell; SQuAD 1.1: too few later results so far")
    assert claim["evidence"] == evidence
    assert claim["summary"] == f"the 2020 projections ({evidence})"
    cheaper = answer.projection_claim(backtest([("imagenet", "paper_points", "cheaper than projected", 16, -1.05)]))
    assert cheaper["evidence"] == "on ImageNet, 16 later results needed 1.1 orders of magnitude less than projected"
    assert claim["claim_id"] == "projections" and claim["page"] == "later/backtest"


@pytest.mark.parametrize("verdicts, status", [
    (["as projected", "as projected", "too few to judge"], HOLDS),
    (["cheaper than projected", "dearer than projected"], FAILS),
    (["as projected", "cheaper than projected"], FRAGILE),
    (["too few to judge", "cannot tell"], UNJUDGED),
])
def test_projection_claim_status(verdicts, status):
    names = ["imagenet", "mscoco", "squad11"]
    rows = [(names[i], "paper_points", v, 5, 0.0) for i, v in enumerate(verdicts)]
    rows += [(b, "ours", "dearer than projected", 5, 2.0) for b in names]  # our refit never decides the claim
    assert answer.projection_claim(backtest(rows))["claim_status"] == status


# --- every claim, and the words -------------------------------------------------------------------------------------

def test_paper_claims_reach_every_status_in_the_introductions_order():
    frame = four({"points": [SAME, SAME, NONE], "slips": [SAME, INSIDE, SAME], "corrected": [OUTSIDE, OUTSIDE, OUTSIDE],
                  "ours": [NONE, NONE, NONE]})
    claims = answer.paper_claims(frame, sensitivity([("imagenet", 12, 12), ("mscoco", 0, 12)]),
                                 backtest([("imagenet", "paper_points", "too few to judge", 2, 0.5),
                                           ("imagenet", "ours", "as projected", 2, 0.0)]))
    assert list(claims.columns) == list(answer.CLAIM_COLUMNS)
    assert list(claims["claim_id"]) == ["method", "slips", "corrected", "independent", "slope", "projections"]
    assert list(claims["claim_status"]) == [HOLDS, FRAGILE, FAILS, UNJUDGED, FRAGILE, UNJUDGED]
    assert answer.status_counts(claims) == {HOLDS: 1, FRAGILE: 2, FAILS: 1, UNJUDGED: 2}
    # every claim names the page that shows it
    assert list(claims["page"]) == ["report/extrapolation"] * 4 + ["later/sensitivity", "later/backtest"]


def test_status_counts_give_every_status_even_absent_ones():
    claims = pd.DataFrame({"claim_status": [FAILS, FAILS, HOLDS]})
    assert answer.status_counts(claims) == {HOLDS: 1, FRAGILE: 0, FAILS: 2, UNJUDGED: 0}
    assert list(answer.status_counts(claims)) == [HOLDS, FRAGILE, FAILS, UNJUDGED]


def test_answer_sentences_one_per_status_present_in_the_rules_order():
    """One line per status present, in the order holds, fragile, fails, cannot tell: its label, then each claim's summary
    in the claims' order, separated by semicolons."""
    claims = pd.DataFrame({"claim_status": [FAILS, HOLDS, FRAGILE, FAILS, FAILS, UNJUDGED, UNJUDGED],
                           "summary": ["f1", "h1", "g1", "f2", "f3", "u1", "u2"]})
    assert answer.answer_sentences(claims) == ["**Holds:** h1.", "**Fragile:** g1.", "**Fails:** f1; f2; f3.",
                                               "**Cannot be judged yet:** u1; u2."]
    # an absent status has no line
    part = claims[claims["claim_status"].isin([HOLDS, FAILS])]
    assert answer.answer_sentences(part) == ["**Holds:** h1.", "**Fails:** f1; f2; f3."]
    assert answer.answer_sentences(claims.iloc[0:0]) == []
    only = pd.DataFrame({"claim_status": [UNJUDGED], "summary": ["u"]})
    assert answer.answer_sentences(only) == ["**Cannot be judged yet:** u."]


def test_answer_sentences_from_the_claims_never_say_zero_of_zero():
    """The verdict built from claims whose parts are partly or wholly without a judgement says no "0 of 0"."""
    frame = four({"points": [SAME, SAME], "slips": [SAME, INSIDE], "corrected": [OUTSIDE, OUTSIDE],
                  "ours": [NONE, NONE]})
    claims = answer.paper_claims(frame, sensitivity([("imagenet", 12, 12), ("squad11", 0, 0)]),
                                 backtest([("imagenet", "paper_points", "too few to judge", 0, np.nan)]))
    sentences = answer.answer_sentences(claims)
    assert len(sentences) == len(set(claims["claim_status"])) == 4
    assert not any("0 of 0" in s for s in sentences), sentences
    assert [s.split(":**")[0] for s in sentences] == ["**Holds", "**Fragile", "**Fails", "**Cannot be judged yet"]
    # each line holds the summaries of its claims: two hold (the table from the authors' points, the slope)
    assert sentences[0] == "**Holds:** " + "; ".join(claims.loc[claims["claim_status"] == HOLDS, "summary"]) + "."
    assert (claims["claim_status"] == HOLDS).sum() == 2


def test_answer_sentences_without_any_printed_cell_never_say_zero_of_zero():
    """A build whose benchmarks have no printed cell (none of the paper's table): the table's claims cannot be judged,
    and the verdict must not count "0 of 0" cells."""
    frame = four({p: [] for p in PREFIXES}, unprinted=2)
    claims = answer.paper_claims(frame, sensitivity([("imagenet", 12, 12)]),
                                 backtest([("imagenet", "paper_points", "as projected", 6, 0.1)]))
    assert list(claims["claim_status"][:4]) == [UNJUDGED] * 4
    sentences = answer.answer_sentences(claims)
    assert not any("0 of 0" in s for s in sentences), sentences


def test_the_bottom_line_names_the_method_the_numbers_and_the_judged_projections():
    claims = pd.DataFrame({"claim_id": ["method", "slips", "corrected", "independent"],
                           "claim_status": [HOLDS, FRAGILE, FRAGILE, FAILS]})
    tests = backtest([("imagenet", "paper_points", "cheaper than projected", 16, -1.05),
                      ("imagenet", "ours", "dearer than projected", 16, 0.5),
                      ("mscoco", "paper_points", "cannot tell", 25, -0.3)])
    line = answer.bottom_line(claims, tests)
    assert line.startswith("In short: the paper's table comes back exactly from its authors' own points; its numbers are fragile")
    assert "on ImageNet later results needed less computation than the paper projected" in line
    assert "dearer" not in line and "more" not in line.split("projected")[-1]  # our refit's back-test is not the paper's
    held = answer.bottom_line(claims.assign(claim_status=HOLDS), backtest([("mscoco", "paper_points", "too few to judge", 2, 0.1)]))
    assert "its numbers hold" in held and held.endswith("the 2020 projections cannot be judged yet.")
