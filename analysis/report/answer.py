"""The report's answer: each claim of the paper that the report tests, its status by the rules, and the words that say so.

The statuses come from the rules of `analysis.stats.rules` (`claim_status`, `survival_status`, `backtest_status`) and of the
reproduction scale (`analysis.stats.reproduce.scale_status`), applied to tables the other pages show (the four fits, the
sensitivity summary, the back-test of the paper's projections): the introduction says what those pages say.
Functions take data frames and return data frames or text; nothing is read from disk.
"""
from __future__ import annotations

import pandas as pd

from analysis.data.registry import BENCHMARKS
from analysis.report.prose import listing
from analysis.stats.reproduce import INSIDE_INTERVAL, OUTSIDE_INTERVAL, SAME_POWER, scale_status
from analysis.stats.rules import (CLAIM_STATUSES, FAILS, FRAGILE, HOLDS, UNJUDGED, backtest_status, claim_status, survival_status)

CLAIM_COLUMNS = ("claim_id", "claim", "claim_status", "evidence", "summary", "page")

SLOPE_EXCEPTION = "wmt14_en_de"
"""The benchmark on which the paper itself found no significant slope: left out of the claim "error falls as computation rises"."""


def table_claim(four: pd.DataFrame, prefix: str, claim_id: str, claim: str, short: str) -> dict:
    """A claim about the paper's table, judged cell by cell on the reproduction scale for one of the four fits."""
    printed = four[four["paper_exponent"].notna()]
    if printed.empty:
        return {"claim_id": claim_id, "claim": claim, "claim_status": UNJUDGED,
                "evidence": "no printed cell of the paper's table in these data", "summary": f"{short} (no printed cell to compare)",
                "page": "report/extrapolation"}
    steps = printed[f"{prefix}_scale"].tolist()
    counts = {step: steps.count(step) for step in (SAME_POWER, INSIDE_INTERVAL, OUTSIDE_INTERVAL)}
    orders = printed[f"{prefix}_orders_from_paper"].astype("float64").dropna()
    median = f"; median distance {orders.median():+.1f} orders of magnitude from the printed value" if len(orders) else ""
    evidence = (f"{counts[SAME_POWER]} of {len(printed)} printed cells at the printed power of ten, "
                f"{counts[INSIDE_INTERVAL]} more with the printed value inside the 90% interval, "
                f"{counts[OUTSIDE_INTERVAL]} outside it{median}")
    summary = (f"{short} ({counts[SAME_POWER]} of {len(printed)} cells at the printed power of ten, "
               f"{counts[OUTSIDE_INTERVAL]} outside the 90% interval)")
    return {"claim_id": claim_id, "claim": claim, "claim_status": claim_status([scale_status(s) for s in steps]),
            "evidence": evidence, "summary": summary, "page": "report/extrapolation"}


def slope_claim(summary: pd.DataFrame) -> dict:
    """"Error falls as computation rises", on each benchmark the paper found it, by the sensitivity page's survival rule."""
    part = summary[(summary["benchmark"] != SLOPE_EXCEPTION)
                   & ~summary["benchmark"].map(lambda b: BENCHMARKS[b].beyond_paper if b in BENCHMARKS else True)]
    statuses = [survival_status(int(r.n_survive), int(r.n_variants)) for r in part.itertuples(index=False)]
    by_status: dict[str, list[str]] = {s: [] for s in CLAIM_STATUSES}
    for r, status in zip(part.itertuples(index=False), statuses):
        by_status[status].append(r.benchmark_title if status in (HOLDS, UNJUDGED)
                                 else f"{r.benchmark_title} ({int(r.n_survive)} of {int(r.n_variants)})")
    pieces = [f"{label} on {listing(by_status[s])}" for s, label in
              ((HOLDS, "survives every variant"), (FRAGILE, "survives some variants"), (FAILS, "survives none"),
               (UNJUDGED, "no fit")) if by_status[s]]
    summary = (f"error falls as computation rises (in every variant on {len(by_status[HOLDS])} of {len(statuses)} "
               f"benchmarks, in none on {len(by_status[FAILS])})")
    return {"claim_id": "slope", "claim": "Error falls as computation rises",
            "claim_status": claim_status(statuses), "evidence": "; ".join(pieces), "summary": summary,
            "page": "later/sensitivity"}


def _projection_text(row) -> str:
    """One benchmark's back-test of the paper's projection in words."""
    median = row.log10_actual_over_predicted_median
    if row.backtest_verdict == "cheaper than projected":
        return f"on {row.benchmark_title}, {int(row.n_later)} later results needed {-median:.1f} orders of magnitude less than projected"
    if row.backtest_verdict == "dearer than projected":
        return f"on {row.benchmark_title}, {int(row.n_later)} later results needed {median:.1f} orders of magnitude more than projected"
    return f"on {row.benchmark_title}, {int(row.n_later)} later results used what was projected (median {median:+.1f})"


def projection_claim(backtest: pd.DataFrame) -> dict:
    """"The 2020 fits project what later results needed": the paper's own polynomial projections back-tested."""
    part = backtest[backtest["fit_sample"] == "paper_points"]
    statuses = [backtest_status(v) for v in part["backtest_verdict"]]
    rows = list(part.itertuples(index=False))
    judged = [_projection_text(r) for r, s in zip(rows, statuses) if s != UNJUDGED]
    scattered = [r.benchmark_title for r, s in zip(rows, statuses) if s == UNJUDGED and r.backtest_verdict == "cannot tell"]
    too_few = [r.benchmark_title for r, s in zip(rows, statuses) if s == UNJUDGED and r.backtest_verdict != "cannot tell"]
    unjudged = ([f"{listing(scattered)}: later results scatter too widely to tell"] if scattered else []) + \
               ([f"{listing(too_few)}: too few later results so far"] if too_few else [])
    pieces = judged + unjudged
    return {"claim_id": "projections", "claim": "The 2020 fits project the computation later results needed",
            "claim_status": claim_status(statuses), "evidence": "; ".join(pieces),
            "summary": "the 2020 projections (" + "; ".join(pieces) + ")", "page": "later/backtest"}


def paper_claims(four: pd.DataFrame, sensitivity: pd.DataFrame, backtest: pd.DataFrame) -> pd.DataFrame:
    """Every claim the report tests, in the order the introduction states them, with its status and its number."""
    rows = [
        table_claim(four, "points", "method", "The paper's table follows from its own points",
                    "the table follows from the authors' own points"),
        table_claim(four, "slips", "slips", "The table survives fixing the authors' slips",
                    "the table with the authors' slips fixed"),
        table_claim(four, "corrected", "corrected", "The table survives every correction of its points",
                    "the table with every sourced correction"),
        table_claim(four, "ours", "independent", "Independently sourced data give the same table",
                    "the table from independently sourced data"),
        slope_claim(sensitivity),
        projection_claim(backtest),
    ]
    return pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))


STATUS_LABELS = {HOLDS: "Holds", FRAGILE: "Fragile", FAILS: "Fails", UNJUDGED: "Cannot be judged yet"}
"""How the verdict names each status."""


def answer_sentences(claims: pd.DataFrame) -> list[str]:
    """The introduction's verdict, one line per status present: its label, then each claim with its number."""
    lines = []
    for status in CLAIM_STATUSES:
        part = claims[claims["claim_status"] == status]
        if part.empty:
            continue
        lines.append(f"**{STATUS_LABELS[status]}:** {'; '.join(part['summary'])}.")
    return lines


def _count_word(n: int) -> str:
    """Numbers up to nine in words, as prose writes them."""
    return ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")[n] if 0 <= n < 10 else str(n)


def status_counts(claims: pd.DataFrame) -> dict[str, int]:
    """Claims per status, every status present (0 where none)."""
    return {s: int((claims["claim_status"] == s).sum()) for s in CLAIM_STATUSES}


def bottom_line(claims: pd.DataFrame, backtest: pd.DataFrame) -> str:
    """The verdict in one sentence, from the claims' statuses and the back-test of the paper's projections."""
    status = dict(zip(claims["claim_id"], claims["claim_status"]))
    method = ("the paper's table comes back exactly from its authors' own points" if status.get("method") == HOLDS
              else "the paper's table does not come back exactly from its authors' own points")
    tables = [status.get(c) for c in ("slips", "corrected", "independent") if c in status]
    numbers = ("its numbers hold when the points are corrected or replaced" if tables and all(t == HOLDS for t in tables)
               else "its numbers are fragile: corrected or independently sourced points move most cells by orders of magnitude")
    paper = backtest[backtest["fit_sample"] == "paper_points"]
    cheaper = list(paper.loc[paper["backtest_verdict"] == "cheaper than projected", "benchmark_title"])
    dearer = list(paper.loc[paper["backtest_verdict"] == "dearer than projected", "benchmark_title"])
    held = list(paper.loc[paper["backtest_verdict"] == "as projected", "benchmark_title"])
    later = [f"on {listing(cheaper)} later results needed less computation than the paper projected" if cheaper else "",
             f"on {listing(dearer)} more" if dearer else "", f"on {listing(held)} about what it projected" if held else ""]
    later = [p for p in later if p]
    projections = ("since 2020, " + ", ".join(later) + ", and the other benchmarks cannot be judged yet" if later
                   else "the 2020 projections cannot be judged yet")
    return "In short: " + "; ".join((method, numbers, projections)) + "."
