"""Reconciliation: each of the authors' published regression points set beside our sourced row for it.

Inputs are data frames, nothing is read from disk:

- `paper_points`: the authors' points (`data/paper_points.csv`): `benchmark`, `site_index`, `year`, `model`,
  `hardware_burden_gflop` (GFLOP), `accuracy` (a fraction; BLEU/100 for WMT, box AP for COCO), `accuracy_is`;
- `paper_map`: one row per point (`data/paper_points_map.csv`): `benchmark`, `site_index`, `paper_key` and `model`
  of the matching row of `data/results/<benchmark>.csv` (empty if none), `verdict`, `notes`;
- per benchmark, the analysis table of `analysis.stats.samples.analysis_table` (our rows with `hardware_burden_gflop`).

The agree rule (`AGREE_BURDEN_RATIO`, `AGREE_SCORE_POINTS`): our row has a sourced hardware burden within a factor
of 3 of the authors' (either way) and the same score to within 0.05 points of the primary metric.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

AGREE_BURDEN_RATIO = 3.0
"""A point agrees only if ours/theirs hardware burden lies in [1/3, 3] (dimensionless)."""

AGREE_SCORE_POINTS = 0.05
"""... and |authors' accuracy x 100 - our primary score| <= 0.05 percentage points (BLEU points for WMT)."""

_FLOAT_SLACK = 1e-9
"""Rounding slack of the two comparisons (0.4327 x 100 is 43.270000000000003 in binary floating point)."""

VERDICTS = ("agrees", "differs", "authors_slip", "not_in_our_data", "no_sourced_run", "not_this_benchmark")
"""The verdicts of a point:

- `agrees`: our row has a sourced burden within 3x of theirs and the same score (the agree rule);
- `differs`: our row has a sourced burden, but the ratio is beyond 3x or the score differs (notes say why);
- `authors_slip`: the authors' value is a slip (notes give the evidence from the paper);
- `not_in_our_data`: we have no row for the point;
- `no_sourced_run`: our row exists, without a computable hardware burden;
- `not_this_benchmark`: the point is not a result of this benchmark (e.g. a dev-set or other-task number).
"""

VERDICTS_WITH_ROW = ("agrees", "differs", "no_sourced_run")
"""Verdicts that name one of our rows (`paper_key` and `model` filled)."""

VERDICTS_WITH_BURDEN = ("agrees", "differs")
"""Verdicts that need our row to have a sourced hardware burden."""

CAUSES = ("slip", "convention", "version_or_split", "within_noise")
"""Why a point's values differ from ours (`cause` of data/paper_points_map.csv):

- `slip`: the authors' arithmetic or reading is wrong by the paper's own text (corrected in every corrected sample);
- `convention`: both readings are defensible (pre-training counted, ensemble runs counted, processor generation);
- `version_or_split`: another version of the paper, or another split (val against test);
- `within_noise`: the point agrees with ours (the agree rule).
"""

CAUSES_OF_VERDICT = {"agrees": ("within_noise",), "authors_slip": ("slip",), "differs": ("convention", "version_or_split")}
"""The causes each verdict admits; the other verdicts have no cause (nothing of ours to compare)."""

TABLE_COLUMNS = (
    "benchmark", "site_index", "authors_model", "year", "authors_burden_gflop", "our_burden_gflop", "burden_ratio",
    "authors_score_pct", "our_score_pct", "score_column", "paper_key", "model", "our_row_found", "verdict", "cause",
    "notes",
)
"""Columns of `reconciliation_table` (burdens in GFLOP, scores in percent or BLEU points, ratio = ours/theirs)."""


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value == ""


def score_column(primary_metric: str, accuracy_is: str | None) -> str:
    """Our score column for a point: the benchmark's primary metric, or `em_pct` where the authors' accuracy is EM."""
    text = (accuracy_is or "").strip().lower()
    if text.startswith("em") or "exact match" in text:
        return "em_pct"
    return primary_metric


def _our_row(table: pd.DataFrame, paper_key, model) -> pd.Series | None:
    """Our row named by `paper_key` and `model`; where several share them (COCO splits), the test-dev one."""
    if _blank(paper_key) or _blank(model):
        return None
    rows = table[(table["paper_key"] == paper_key) & (table["model"] == model)]
    if rows.empty:
        return None
    if len(rows) > 1 and "split" in rows.columns:
        test_dev = rows[rows["split"] == "test-dev"]
        if not test_dev.empty:
            rows = test_dev
    return rows.iloc[0]


def reconciliation_table(
    paper_points: pd.DataFrame,
    paper_map: pd.DataFrame,
    analysis_tables: dict[str, pd.DataFrame],
    primary_metrics: dict[str, str],
) -> pd.DataFrame:
    """One row per authors' point: their hardware burden and score beside ours, with the map's verdict and notes.

    Burdens in GFLOP; `burden_ratio` = ours / theirs (NaN without our sourced burden); scores in percent
    (BLEU points for WMT): `authors_score_pct` = accuracy x 100, `our_score_pct` from the primary metric's column
    (`em_pct` where the authors' accuracy is EM). `our_row_found` says whether the map's `paper_key`/`model` name a
    row of our data. A point without a map row gets an empty verdict (which `agreement_violations` reports).
    """
    mapping = paper_map.copy()
    mapping["site_index"] = mapping["site_index"].astype("int64")
    if "cause" not in mapping.columns:
        mapping["cause"] = None
    points = paper_points.copy()
    points["site_index"] = points["site_index"].astype("int64")
    merged = points.merge(
        mapping[["benchmark", "site_index", "paper_key", "model", "verdict", "cause", "notes"]].rename(
            columns={"model": "our_model"}),
        on=["benchmark", "site_index"], how="left", validate="one_to_many",
    )
    rows = []
    for point in merged.itertuples(index=False):
        column = score_column(primary_metrics[point.benchmark], getattr(point, "accuracy_is", None))
        table = analysis_tables.get(point.benchmark)
        ours = None if table is None else _our_row(table, point.paper_key, point.our_model)
        our_burden = float(ours["hardware_burden_gflop"]) if ours is not None else np.nan
        our_score = float(ours[column]) if ours is not None and column in ours.index else np.nan
        authors_burden = float(point.hardware_burden_gflop)
        rows.append({
            "benchmark": point.benchmark,
            "site_index": int(point.site_index),
            "authors_model": point.model,
            "year": None if pd.isna(point.year) else int(point.year),
            "authors_burden_gflop": authors_burden,
            "our_burden_gflop": our_burden,
            "burden_ratio": our_burden / authors_burden if authors_burden > 0 else np.nan,
            "authors_score_pct": float(point.accuracy) * 100.0,
            "our_score_pct": our_score,
            "score_column": column,
            "paper_key": None if _blank(point.paper_key) else point.paper_key,
            "model": None if _blank(point.our_model) else point.our_model,
            "our_row_found": ours is not None,
            "verdict": None if _blank(point.verdict) else point.verdict,
            "cause": None if _blank(point.cause) else point.cause,
            "notes": "" if _blank(point.notes) else point.notes,
        })
    table = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    table["year"] = table["year"].astype("Int64")
    return table


def agrees_by_rule(table: pd.DataFrame) -> pd.Series:
    """Whether each row meets the agree rule: sourced burden within 3x either way and score within 0.05 points."""
    ratio = table["burden_ratio"].astype("float64")
    burden_ok = ratio.le(AGREE_BURDEN_RATIO * (1 + _FLOAT_SLACK)) & ratio.ge(1 / AGREE_BURDEN_RATIO * (1 - _FLOAT_SLACK))
    score_gap = (table["authors_score_pct"].astype("float64") - table["our_score_pct"].astype("float64")).abs()
    score_ok = score_gap.le(AGREE_SCORE_POINTS + _FLOAT_SLACK)
    return burden_ok & score_ok


def agreement_violations(table: pd.DataFrame) -> list[str]:
    """Every breach of the map's rules, one sentence each (empty if none).

    - a point with no map row, several map rows, or a verdict not in `VERDICTS`;
    - a map row naming a `paper_key`/`model` not in our data;
    - `agrees` where the agree rule fails (burden ratio beyond 3x either way, score gap above 0.05 points);
    - `differs` without our sourced burden, or meeting the agree rule;
    - `no_sourced_run` where our row has a sourced burden, `not_in_our_data` naming a row, and
      a verdict other than `agrees` without notes;
    - where the map records causes, a cause not in `CAUSES` or not one its verdict admits (`CAUSES_OF_VERDICT`).
    """
    problems: list[str] = []
    where = lambda r: f"{r.benchmark} point {r.site_index} ({r.authors_model})"  # noqa: E731
    duplicated = table[table.duplicated(["benchmark", "site_index"], keep="first")]
    for r in duplicated.itertuples(index=False):
        problems.append(f"{where(r)}: more than one map row")
    agree_rule = agrees_by_rule(table)
    causes_recorded = "cause" in table.columns and table["cause"].notna().any()
    for r, meets_rule in zip(table.itertuples(index=False), agree_rule):
        named = not _blank(r.paper_key) or not _blank(r.model)
        if _blank(r.verdict):
            problems.append(f"{where(r)}: no verdict (the point has no map row)")
            continue
        if r.verdict not in VERDICTS:
            problems.append(f"{where(r)}: verdict {r.verdict!r} is not one of {', '.join(VERDICTS)}")
            continue
        if named and not r.our_row_found:
            problems.append(f"{where(r)}: map names paper_key={r.paper_key!r}, model={r.model!r}, not in our data")
        if r.verdict in VERDICTS_WITH_ROW and not named:
            problems.append(f"{where(r)}: verdict {r.verdict} but no paper_key/model named")
        if r.verdict == "not_in_our_data" and named:
            problems.append(f"{where(r)}: verdict not_in_our_data but the map names {r.paper_key}/{r.model}")
        has_burden = not pd.isna(r.our_burden_gflop)
        if r.verdict in VERDICTS_WITH_BURDEN and named and r.our_row_found and not has_burden:
            problems.append(f"{where(r)}: verdict {r.verdict} but our row has no sourced hardware burden")
        if r.verdict == "no_sourced_run" and has_burden:
            problems.append(f"{where(r)}: verdict no_sourced_run but our row has a hardware burden "
                            f"({r.our_burden_gflop:.4g} GFLOP)")
        if r.verdict == "agrees" and has_burden and not meets_rule:
            problems.append(
                f"{where(r)}: marked agrees but burden ratio {r.burden_ratio:.3g} (limit {AGREE_BURDEN_RATIO:g}x) "
                f"and score {r.our_score_pct} against {r.authors_score_pct:.4g} (limit {AGREE_SCORE_POINTS} points)")
        if r.verdict == "differs" and has_burden and meets_rule:
            problems.append(f"{where(r)}: marked differs but meets the agree rule")
        admitted = CAUSES_OF_VERDICT.get(r.verdict, ()) if causes_recorded else ()
        cause = None if not causes_recorded or _blank(r.cause) else r.cause
        if cause is not None and cause not in CAUSES:
            problems.append(f"{where(r)}: cause {cause!r} is not one of {', '.join(CAUSES)}")
        elif admitted and cause not in admitted:
            problems.append(f"{where(r)}: verdict {r.verdict} needs a cause of {', '.join(admitted)}, not {cause!r}")
        elif not admitted and cause is not None:
            problems.append(f"{where(r)}: verdict {r.verdict} compares nothing, so it has no cause (found {cause!r})")
        if r.verdict != "agrees" and _blank(r.notes):
            problems.append(f"{where(r)}: verdict {r.verdict} without notes")
    return problems


def corrected_points(table: pd.DataFrame, causes: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The authors' sample with our sourced values substituted: sample (b) of the four fits, or (a') with `causes`.

    `causes` limits the substitution to points of those causes (`("slip",)`: the slips only); None substitutes all.
    For every such point whose matching row of ours has a sourced hardware burden, `compute_gflop` is our burden
    (GFLOP) and `error_pct` is 100 - our score (percent; the authors' score where ours is empty), and `corrected`
    is True; otherwise the authors' burden and 100 - accuracy x 100. Columns: benchmark, site_index, model (the
    authors' name), compute_gflop, error_pct, corrected.
    """
    ours = table["our_row_found"].astype(bool) & table["our_burden_gflop"].notna()
    if causes is not None:
        ours &= table["cause"].isin(causes)
    authors_error = 100.0 - table["authors_score_pct"].astype("float64")
    our_error = 100.0 - table["our_score_pct"].astype("float64")
    return pd.DataFrame({
        "benchmark": table["benchmark"],
        "site_index": table["site_index"],
        "model": table["authors_model"],
        "compute_gflop": np.where(ours, table["our_burden_gflop"], table["authors_burden_gflop"]).astype("float64"),
        "error_pct": np.where(ours & our_error.notna(), our_error, authors_error).astype("float64"),
        "corrected": ours.to_numpy(dtype=bool),
    }).reset_index(drop=True)


def verdict_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Number of points per benchmark (rows, in order of first appearance) and verdict (columns, in `VERDICTS` order)."""
    order = list(dict.fromkeys(table["benchmark"]))
    counts = pd.crosstab(pd.Categorical(table["benchmark"], categories=order),
                         pd.Categorical(table["verdict"], categories=list(VERDICTS)), dropna=False)
    counts.index.name, counts.columns.name = "benchmark", "verdict"
    counts.columns = [str(c) for c in counts.columns]
    counts.index = [str(i) for i in counts.index]
    counts.index.name = "benchmark"
    return counts.astype("int64")
