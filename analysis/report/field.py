"""Report outputs of the page that sets the report's numbers beside later work, and of the authors' later claims.

- `comparisons`: one row per comparison, the report's figure (computed here from the build's context) beside a
  figure of later work (read in its source, `data/field_anchors.csv`, or the paper's own, `analysis.data.paper`):
  algorithmic progress in years per tenfold and as a halving time; growth of the frontier's computation per
  benchmark and pooled; the ratio of operations to hardware burden beside published model FLOP utilisation; and
  MMLU points per tenfold of hardware burden beside later work on benchmarks of large language models. It is
  offered at the root of the site as `comparisons.csv`.
- `later_claims`: each dated claim of the paper's authors after 2020, with the best ImageNet top-1 error our data
  hold by its date, and the verdict of `analysis.stats.rules.claim_verdict`.
- `field_sentence`: one sentence for the introduction, composed from the comparisons table.
- For the page: `key_rows` (one row per comparison, in the unit its source prints, both values present),
  `empty_reasons` (why a comparison has no value), `figure_rows` (the marks of the figure) and `field_answer` (the
  page's opening sentences: where the report agrees with later work, where it does not and why).
"""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.report.context import ReportContext
from analysis.stats.field import (best_error, fieller_interval, growth_per_year, halving_months, points_per_tenfold,
                    pooled_frontier_growth, years_per_tenfold)
from analysis.data import paths
from analysis.report.outputs import Output
from analysis.data.paper import PAPER_YEARS_PER_TENFOLD
from analysis.data.registry import get_benchmark
from analysis.report.prose import listing
from analysis.report.trends import READING_ESTIMATED, _with_burden, year_term_reading
from analysis.stats.rules import claim_verdict
from analysis.stats.samples import error_column
from analysis.stats.trends import frontier_growth, years_per_tenfold as fit_years_per_tenfold

PAPER_ANCHOR = "thompson2020computational"
PAPER_THREE_YEARS_SOURCE = ("The paper (arXiv:2007.05558): three years of algorithmic improvement are worth a tenfold "
                            "increase in computing power (kept with the paper's other published values)")
Q_YEARS = "Algorithmic progress: years worth a tenfold increase in computation"
Q_HALVING = "Algorithmic progress: halving time of the computation for a fixed performance"
Q_FRONTIER = "Growth of the frontier's computation"
Q_UTILISATION = "Operations performed over peak capacity"
Q_POINTS = "Benchmark points per tenfold computation"
U_YEARS, U_MONTHS, U_GROWTH, U_PERCENT, U_POINTS = "years", "months", "× per year", "%", "percentage points"
CLAIM_BENCHMARK = "imagenet"
"""The benchmark of the authors' later claims."""
POINTS_BENCHMARK = "mmlu"
"""The benchmark whose points per tenfold are set beside later work on large language models."""
INPUTS = ("results/*.csv", "training_runs.csv", "processors.csv", "field_anchors.csv", "../book/references.bib")
BIB_FILE = paths.BOOK_DIR / "references.bib"
"""Where the short citations of the labels (authors and year) are read."""
POOLED_TITLE = "All benchmarks, pooled"
"""The benchmark title of a field-wide row (one slope over every benchmark's records)."""
ANCHOR_SCOPES = {
    "erdil2022_halving": "ImageNet", "ho2024_halving": "language models", "hernandez2020_halving": "AlexNet's accuracy",
    "sevilla2022_deep_learning_era": "deep-learning era", "sevilla2022_large_scale": "large-scale models",
    "epoch2024_frontier": "notable models 2010-2024", "epoch2024_frontier_since_2018": "top 10 models since 2018",
    "palm_mfu": "PaLM 540B", "llama3_mfu": "Llama 3.1 405B", "epoch2024_gpqa_slope": "GPQA Diamond",
    "epoch2024_math_slope": "MATH Level 5", "owen2024_slope": "BIG-Bench Hard and MMLU",
    "aaas2024_5pct": "AAAS talk", "aaas2024_3pct": "AAAS talk", "spectrum2021_5pct": "IEEE Spectrum"}
"""A few words for each row of data/field_anchors.csv (by anchor_id) that tell apart figures of one publication."""

OUTPUTS = [
    Output("comparisons", "The report's numbers beside later work",
           "One row per comparison: the report's figure with its 90% interval, computed at build time, beside a figure of "
           "later work as its source prints it (converted to the row's unit where the note says so), with the source.",
           ("quantity", "benchmark", "benchmark_title", "ours", "ours_low", "ours_high", "unit", "anchor", "anchor_label",
            "anchor_value", "anchor_low", "anchor_high", "anchor_source", "note"), INPUTS),
    Output("later_claims", "The authors' later dated claims, checked",
           "Each claim of the paper's authors after 2020 on ImageNet error: its source, when it was made, the error it "
           "predicts and by when, the best top-1 error published by then in our data, and the verdict of the stated rule.",
           ("later_claim", "anchor", "claim_made", "predicted_error_pct", "due_year", "best_error_pct", "best_model",
            "best_published", "claim_verdict", "anchor_source", "note"), ("results/imagenet.csv", "field_anchors.csv")),
]
DECLARED = {o.name: o for o in OUTPUTS}


def _surname(person) -> str:
    """A person's last name as printed, without BibTeX's braces (a body such as {Epoch AI} is one name)."""
    return " ".join(person.last_names).replace("{", "").replace("}", "")


@functools.lru_cache(maxsize=4)
def short_citations(bib_file: Path = BIB_FILE) -> dict[str, str]:
    """Each entry of a BibTeX file as a short citation: 'Owen (2024)', 'Erdil & Besiroglu (2022)', 'Sevilla et al. (2022)'."""
    from pybtex.database import parse_file

    citations = {}
    for key, entry in parse_file(str(bib_file)).entries.items():
        names = [_surname(p) for p in entry.persons.get("author", [])]
        who = (names[0] if len(names) == 1 else f"{names[0]} & {names[1]}" if len(names) == 2
               else f"{names[0]} et al." if names else key)
        year = entry.fields.get("year", "")
        citations[key] = f"{who} ({year})" if year else who
    return citations


def anchor_label(anchor: str, anchor_id=None) -> str:
    """The readable name of a figure of later work: its short citation, and the few words of `ANCHOR_SCOPES` that tell
    it from the publication's other figures ('Sevilla et al. (2022), large-scale models')."""
    citation = short_citations().get(anchor, anchor)
    if anchor == PAPER_ANCHOR:
        citation = f"the paper, {citation}"
    scope = ANCHOR_SCOPES.get(anchor_id) if isinstance(anchor_id, str) else None
    return f"{citation}, {scope}" if scope else citation


def benchmark_title(benchmark) -> str:
    """The title of a benchmark id ('ImageNet'); `POOLED_TITLE` for a field-wide row."""
    return get_benchmark(benchmark).title if isinstance(benchmark, str) and benchmark else POOLED_TITLE


def _row(quantity, benchmark, ours, low, high, unit, anchor, value, a_low, a_high, source, note, anchor_id=None) -> dict:
    return {"quantity": quantity, "benchmark": benchmark or pd.NA, "benchmark_title": benchmark_title(benchmark), "ours": ours,
            "ours_low": low, "ours_high": high, "unit": unit, "anchor": anchor, "anchor_label": anchor_label(anchor, anchor_id),
            "anchor_value": value, "anchor_low": a_low, "anchor_high": a_high, "anchor_source": source, "note": note or pd.NA}


def _number(value) -> float:
    return float(value) if value is not None and not pd.isna(value) else float("nan")


def _anchors(ctx: ReportContext, comparison: str) -> pd.DataFrame:
    anchors = ctx.dataset.field_anchors
    if anchors is None:
        return pd.DataFrame(columns=["comparison"])
    return anchors[anchors["comparison"] == comparison]


def _interval_note(row) -> str:
    return f"the source's low and high: {row['interval']}" if isinstance(row["interval"], str) and row["interval"] else ""


def _join(*parts) -> str:
    return "; ".join(p for p in parts if p)


def algorithmic_rows(ctx: ReportContext) -> list[dict]:
    """Years per tenfold (the year-term model on each benchmark's headline sample, Fieller 90% interval) and the same
    as a halving time, beside the paper's three years and the halving times of later work."""
    ours = {}
    for b in ctx.benchmarks:
        fit = fit_years_per_tenfold(ctx.sample(b.id, b.primary_metric.column, "hardware_burden", "ours"))
        reading = year_term_reading(fit)
        low, high = fieller_interval(fit.compute_slope, fit.year_slope, fit.covariance, fit.t_critical) if fit else (np.nan, np.nan)
        years = fit.years_per_tenfold if fit and reading == READING_ESTIMATED else np.nan
        if not np.isfinite(years):
            low = high = np.nan
        note = "" if reading == READING_ESTIMATED else f"not estimated: {reading}"
        if np.isfinite(years) and not np.isfinite(low):
            note = _join(note, "our 90% interval is unbounded (the year term cannot be told from zero at that level)")
        ours[b.id] = (years, low, high, note)
    rows = []
    for b in ctx.benchmarks:
        years, low, high, note = ours[b.id]
        rows.append(_row(Q_YEARS, b.id, years, low, high, U_YEARS, PAPER_ANCHOR, PAPER_YEARS_PER_TENFOLD, np.nan, np.nan,
                         PAPER_THREE_YEARS_SOURCE, note))
        rows.append(_row(Q_HALVING, b.id, halving_months(years), halving_months(low), halving_months(high), U_MONTHS, PAPER_ANCHOR,
                         halving_months(PAPER_YEARS_PER_TENFOLD), np.nan, np.nan, PAPER_THREE_YEARS_SOURCE,
                         _join(note, "the paper's three years converted to months")))
    for _, a in _anchors(ctx, "algorithmic_halving").iterrows():
        years, low, high, note = ours.get(a["benchmark"], (np.nan, np.nan, np.nan, "benchmark not in the data"))
        value, a_low, a_high = _number(a["value"]), _number(a["low"]), _number(a["high"])
        rows.append(_row(Q_HALVING, a["benchmark"], halving_months(years), halving_months(low), halving_months(high), U_MONTHS,
                         a["anchor"], value, a_low, a_high, a["source"], _join(note, _interval_note(a), a["notes"] if pd.notna(a["notes"]) else ""),
                         a["anchor_id"]))
        rows.append(_row(Q_YEARS, a["benchmark"], years, low, high, U_YEARS, a["anchor"], years_per_tenfold(value),
                         years_per_tenfold(a_low), years_per_tenfold(a_high), a["source"],
                         _join(note, "the source's months converted to years per tenfold", _interval_note(a)), a["anchor_id"]))
    return rows


def _anchor_growth(a) -> tuple[float, float, float, str]:
    """An anchor's growth as × per year (converted from a doubling time where the source gives one)."""
    value, low, high = _number(a["value"]), _number(a["low"]), _number(a["high"])
    if a["unit"] == "months per doubling":
        return growth_per_year(value), growth_per_year(high), growth_per_year(low), "the source's doubling time in months converted to × per year"
    return value, low, high, ""


def frontier_rows(ctx: ReportContext) -> list[dict]:
    """The frontier's growth per benchmark and pooled, beside the growth of frontier training compute of later work."""
    anchors = _anchors(ctx, "frontier_growth")
    rows = []
    candidates = {b.id: _with_burden(ctx, b) for b in ctx.benchmarks}
    per_benchmark = anchors[anchors["value"].isna()] if len(anchors) else anchors  # the range (Epoch AI's 4-5x)
    for b in ctx.benchmarks:
        fit = frontier_growth(candidates[b.id], "hardware_burden_gflop")
        ours = (fit.growth_per_year, fit.growth_low, fit.growth_high) if fit else (np.nan, np.nan, np.nan)
        note = (f"{fit.n} records of hardware burden" if fit else "fewer than three records of hardware burden")
        for _, a in per_benchmark.iterrows():
            value, low, high, conversion = _anchor_growth(a)
            rows.append(_row(Q_FRONTIER, b.id, *ours, U_GROWTH, a["anchor"], value, low, high, a["source"],
                             _join(note, conversion, _interval_note(a)), a["anchor_id"]))
    pooled = pooled_frontier_growth(candidates)
    ours = (pooled.growth_per_year, pooled.growth_low, pooled.growth_high) if pooled else (np.nan, np.nan, np.nan)
    note = (f"pooled: one slope over the {pooled.n} records of every benchmark with at least three, a level per benchmark"
            if pooled else "no benchmark has three records")
    for _, a in anchors.iterrows():
        value, low, high, conversion = _anchor_growth(a)
        rows.append(_row(Q_FRONTIER, None, *ours, U_GROWTH, a["anchor"], value, low, high, a["source"],
                         _join(note, conversion, _interval_note(a)), a["anchor_id"]))
    return rows


def utilisation_rows(ctx: ReportContext) -> list[dict]:
    """Epoch AI's operation count over the hardware burden at the precision the run used (the `utilisation` output),
    for the models whose papers publish a model FLOP utilisation."""
    from analysis.report.benchmark import _utilisation

    rows, tables = [], {}
    for _, a in _anchors(ctx, "utilisation").iterrows():
        benchmark_id = a["benchmark"]
        if benchmark_id not in tables:
            tables[benchmark_id] = (_utilisation(ctx, get_benchmark(benchmark_id))
                                    if benchmark_id in {b.id for b in ctx.benchmarks} else pd.DataFrame(columns=["model"]))
        match = tables[benchmark_id][tables[benchmark_id]["model"] == a["model"]]
        ours = 100 * float(match["utilisation_precision"].iloc[0]) if len(match) else float("nan")
        note = f"{a['model']}: operations (Epoch AI) over hardware burden at the precision used"
        if not len(match):
            note = f"{a['model']} has no operation count and training run in our data"
        elif ours > 100:
            note = _join(note, "above 100%, which no run can reach: the data understate this run's peak at the precision used")
        rows.append(_row(Q_UTILISATION, benchmark_id, ours, np.nan, np.nan, U_PERCENT, a["anchor"], _number(a["value"]),
                         _number(a["low"]), _number(a["high"]), a["source"], _join(note, "a single run: no interval", _interval_note(a)),
                         a["anchor_id"]))
    return rows


def points_rows(ctx: ReportContext) -> list[dict]:
    """MMLU points per tenfold of hardware burden at today's best error of the headline sample, beside later work."""
    anchors = _anchors(ctx, "points_per_tenfold")
    if POINTS_BENCHMARK not in {b.id for b in ctx.benchmarks} or not len(anchors):
        return []
    metric = get_benchmark(POINTS_BENCHMARK).primary_metric.column
    sample = ctx.sample(POINTS_BENCHMARK, metric, "hardware_burden", "ours")
    fit = ctx.fit(POINTS_BENCHMARK, metric, "hardware_burden", "ours", "polynomial")
    if fit is None or sample.empty:
        ours, note = (np.nan, np.nan, np.nan), "too few points for the polynomial fit"
    else:
        best = sample.sort_values("error_pct").iloc[0]
        error = float(best["error_pct"])
        ours = (points_per_tenfold(error, fit.slope), points_per_tenfold(error, fit.slope_high), points_per_tenfold(error, fit.slope_low))
        note = f"at today's best error in the headline sample, {error:g}% ({best['model']}), on the polynomial fit of {fit.n} points"
    rows = []
    for _, a in anchors.iterrows():
        rows.append(_row(Q_POINTS, POINTS_BENCHMARK, *ours, U_POINTS, a["anchor"], _number(a["value"]), _number(a["low"]),
                         _number(a["high"]), a["source"], _join(note, a["measures"], a["notes"] if pd.notna(a["notes"]) else ""),
                         a["anchor_id"]))
    return rows


def later_claims(ctx: ReportContext) -> pd.DataFrame:
    """Each later claim with the best ImageNet top-1 error published by its year (or by the end of the data), and its verdict."""
    columns = list(DECLARED["later_claims"].columns)
    anchors = _anchors(ctx, "later_claim")
    if not len(anchors) or CLAIM_BENCHMARK not in ctx.dataset.results:
        return pd.DataFrame(columns=columns)
    table = ctx.table(CLAIM_BENCHMARK)
    column = error_column(get_benchmark(CLAIM_BENCHMARK).primary_metric.column)
    data_end = table["published"].max()
    rows = []
    for _, a in anchors.iterrows():
        due = _number(a["due_year"])
        until = pd.Timestamp(year=int(due), month=12, day=31) if np.isfinite(due) else None
        best = best_error(table, column, until)
        best_error_pct = float(best[column]) if best is not None else float("nan")
        rows.append({"later_claim": a["measures"], "anchor": a["anchor"], "claim_made": a["dated"],
                     "predicted_error_pct": _number(a["value"]), "due_year": int(due) if np.isfinite(due) else pd.NA,
                     "best_error_pct": best_error_pct, "best_model": best["model"] if best is not None else pd.NA,
                     "best_published": best["published"] if best is not None else pd.NaT,
                     "claim_verdict": claim_verdict(_number(a["value"]), due, best_error_pct, int(data_end.year)),
                     "anchor_source": a["source"], "note": a["notes"] if pd.notna(a["notes"]) else pd.NA})
    return pd.DataFrame(rows, columns=columns)


def claim_rows(claims: pd.DataFrame) -> list[dict]:
    """The later claims as comparison rows: the best top-1 error by the claim's year beside the predicted error."""
    return [_row(f"ImageNet error {'by ' + str(r.due_year) if pd.notna(r.due_year) else 'at the stated cost'} (a later claim)",
                 CLAIM_BENCHMARK, r.best_error_pct, np.nan, np.nan, "% error", r.anchor, r.predicted_error_pct, np.nan, np.nan,
                 r.anchor_source, _join(f"verdict: {r.claim_verdict}", f"best: {r.best_model}" if pd.notna(r.best_model) else ""))
            for r in claims.itertuples()]


def comparisons(ctx: ReportContext, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every comparison row (see the module's docstring)."""
    claims = later_claims(ctx) if claims is None else claims
    rows = algorithmic_rows(ctx) + frontier_rows(ctx) + utilisation_rows(ctx) + points_rows(ctx) + claim_rows(claims)
    return pd.DataFrame(rows, columns=list(DECLARED["comparisons"].columns))


def field_sentence(table: pd.DataFrame) -> str:
    """One sentence for the introduction: how many comparisons have both values, and in how many later work's value
    (or range) lies inside our 90% interval, with the algorithmic-progress comparison on ImageNet as the example."""
    both = table[table["ours"].notna() & (table["anchor_value"].notna() | table["anchor_low"].notna())]
    if both.empty:
        return "No figure of this report could be set beside a published figure of later work."
    with_interval = both[both["ours_low"].notna() & both["ours_high"].notna()]
    anchor_mid = with_interval["anchor_value"].fillna((with_interval["anchor_low"] + with_interval["anchor_high"]) / 2)
    inside = int(((anchor_mid >= with_interval["ours_low"]) & (anchor_mid <= with_interval["ours_high"])).sum())
    sentence = (f"Set beside later work, {len(both)} of this report's figures have a published counterpart; where ours has a "
                f"90% interval, later work's figure lies inside it in {inside} of {len(with_interval)} comparisons")
    example = both[(both["quantity"] == Q_HALVING) & (both["benchmark"] == "imagenet") & (both["anchor"] != PAPER_ANCHOR)
                   & both["anchor_value"].notna()]
    if len(example):
        e = example.iloc[0]
        sentence += (f", and our ImageNet data put the halving time of the computation needed for a fixed accuracy at "
                     f"{e['ours']:.0f} months against {e['anchor_value']:.0f} months in later work")
    return sentence + "."


def _finite(value) -> bool:
    return value is not None and not pd.isna(value) and np.isfinite(float(value))


def _has_anchor(row) -> bool:
    return _finite(row["anchor_value"]) or (_finite(row["anchor_low"]) and _finite(row["anchor_high"]))


def key_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The comparisons a reader sees first: each in the unit its source prints (the paper's years per tenfold, later
    work's halving times in months), with both this report's figure and later work's; the rest stay in the full table."""
    converted = (((table["quantity"] == Q_HALVING) & (table["anchor"] == PAPER_ANCHOR))
                 | ((table["quantity"] == Q_YEARS) & (table["anchor"] != PAPER_ANCHOR)))
    both = table["ours"].map(_finite) & table.apply(_has_anchor, axis=1)
    return table[~converted & both]


def _first_part(note) -> str:
    return note.split("; ")[0].removeprefix("not estimated: ") if isinstance(note, str) else ""


def empty_reasons(table: pd.DataFrame) -> list[str]:
    """One short line for each comparison (in the unit its source prints) that lacks a value, saying why: this
    report's figure (the first part of its note) or later work's (the source's own note, the last part)."""
    converted = (((table["quantity"] == Q_HALVING) & (table["anchor"] == PAPER_ANCHOR))
                 | ((table["quantity"] == Q_YEARS) & (table["anchor"] != PAPER_ANCHOR)))
    lines = []
    ours_missing = table[~converted & ~table["ours"].map(_finite)]
    for (quantity, reason), part in ours_missing.groupby(["quantity", ours_missing["note"].map(_first_part)], sort=False):
        titles = list(dict.fromkeys(part["benchmark_title"]))
        lines.append(f"{quantity}, {' and '.join(titles)}: this report has no figure ({reason or 'no reason is recorded'}).")
    anchor_missing = table[~converted & table["ours"].map(_finite) & ~table.apply(_has_anchor, axis=1)]
    for _, row in anchor_missing.drop_duplicates("anchor_label").iterrows():
        reason = row["note"].split("; ")[-1] if isinstance(row["note"], str) else "No reason is recorded."
        reason = reason.replace(" The row stays empty.", "").rstrip(".") + "."
        lines.append(f"{row['quantity']}, {row['anchor_label']}: no figure of later work to set beside ours. {reason}")
    return lines


def agrees(row) -> bool:
    """Whether later work's figure (its value, or its interval or range) overlaps this report's 90% interval (its
    value where it has no interval; open on the side of a missing bound where the other is finite)."""
    bounded = _finite(row["ours_low"]) or _finite(row["ours_high"])
    low = row["ours_low"] if _finite(row["ours_low"]) else (-np.inf if bounded else row["ours"])
    high = row["ours_high"] if _finite(row["ours_high"]) else (np.inf if bounded else row["ours"])
    a_low = row["anchor_low"] if _finite(row["anchor_low"]) else row["anchor_value"]
    a_high = row["anchor_high"] if _finite(row["anchor_high"]) else row["anchor_value"]
    return bool(a_low <= high and a_high >= low)


def figure_rows(table: pd.DataFrame, quantity: str) -> pd.DataFrame:
    """The marks of one panel of the page's figure, top to bottom: for each benchmark, this report's figure once, then
    the figures of later work set beside it alone; figures of later work set beside several benchmarks come last, once.
    Columns: label, kind ('ours' or 'later'), value, low, high (NaN where absent)."""
    rows = key_rows(table)
    rows = rows[(rows["quantity"] == quantity) & (rows["anchor"] != PAPER_ANCHOR)]
    groups = rows.groupby("anchor_label", sort=False)["benchmark_title"].nunique()
    shared = set(groups[groups > 1].index)
    several = rows.groupby("benchmark_title")["ours"].nunique()
    marks = []
    for (title, ours), part in rows.groupby(["benchmark_title", "ours"], sort=False):
        label = f"{title}: this report"
        if several[title] > 1:  # several figures of ours on one benchmark (runs): each named as later work's beside it
            label += f" ({part['anchor_label'].iloc[0].rsplit(', ', 1)[-1]})"
        first = part.iloc[0]
        marks.append({"label": label, "kind": "ours", "value": ours, "low": first["ours_low"], "high": first["ours_high"]})
        for _, a in part[~part["anchor_label"].isin(shared)].iterrows():
            marks.append({"label": a["anchor_label"], "kind": "later", "value": a["anchor_value"], "low": a["anchor_low"],
                          "high": a["anchor_high"]})
    for _, a in rows[rows["anchor_label"].isin(shared)].drop_duplicates("anchor_label").iterrows():
        marks.append({"label": a["anchor_label"], "kind": "later", "value": a["anchor_value"], "low": a["anchor_low"],
                      "high": a["anchor_high"]})
    return pd.DataFrame(marks, columns=["label", "kind", "value", "low", "high"])


ANSWER_TOPICS = {
    Q_HALVING: ("how fast algorithms cut the computation needed for a fixed result", " months to halve"),
    Q_FRONTIER: ("how fast the largest training runs grow", "× a year"),
    Q_UTILISATION: ("the share of peak capacity a training run uses", "%"),
    Q_POINTS: ("the points a tenfold increase in computation buys", " points"),
}
"""The topics of the page's opening sentences, with the unit written after the first figure of this report."""
ANSWER_REASONS = {
    Q_HALVING: "later work holds another quantity fixed and counts operations performed, not hardware burden",
    Q_FRONTIER: "one benchmark's records are few, while later work follows the whole field's largest models",
    Q_UTILISATION: "hardware burden counts every processor at its peak for the whole run, while later work counts the operations the run performed",
    Q_POINTS: "MMLU is near its ceiling, where each tenfold buys fewer points than on the harder benchmarks later work measured",
}
"""Why this report's figure and later work's can differ, said where they do."""


def _figure(value) -> str:
    return f"{float(value):.2g}" if abs(float(value)) < 100 else f"{float(value):.0f}"


def _later(row) -> str:
    """Later work's figure (or range) with the publication it comes from: '9 (Erdil & Besiroglu, 2022)'."""
    value = (_figure(row["anchor_value"]) if _finite(row["anchor_value"])
             else f"{_figure(row['anchor_low'])}–{_figure(row['anchor_high'])}")
    source = str(row["anchor_label"]).split("),", 1)[0].rstrip(")")
    source = source.replace(" (", ", ") if "(" in source else source
    return f"{value} ({source})"


def _topic_phrase(rows: pd.DataFrame, quantity: str) -> str:
    topic, unit = ANSWER_TOPICS[quantity]
    ours = []
    for i, (title, part) in enumerate(rows.groupby("benchmark_title", sort=False)):
        values = listing([_figure(v) for v in dict.fromkeys(part["ours"])])
        ours.append(f"{values}{unit if i == 0 else ''} {'on ' + title if title != POOLED_TITLE else 'over all benchmarks'}")
    later = listing(list(dict.fromkeys(rows.apply(_later, axis=1))))
    return f"{topic} ({', '.join(ours)}, against {later})"


def _topic_rows(rows: pd.DataFrame, quantity: str) -> pd.DataFrame:
    """The comparisons a topic is judged on: the frontier's growth on the pooled slope where there is one (the
    field-wide figure later work measures), every other topic on all its comparisons."""
    part = rows[rows["quantity"] == quantity]
    if quantity == Q_FRONTIER and part["benchmark"].isna().any():
        part = part[part["benchmark"].isna()]
    return part


def field_answer(table: pd.DataFrame) -> str:
    """The page's opening: one sentence on where this report's figures agree with later work and one on where they do
    not and why, topic by topic (a topic agrees when later work's figure overlaps ours, by `agrees`, in at least half of
    the comparisons of `_topic_rows`)."""
    rows = key_rows(table)
    rows = rows[rows["anchor"] != PAPER_ANCHOR]
    agree, differ = [], []
    for quantity in ANSWER_TOPICS:
        part = _topic_rows(rows, quantity)
        if len(part):
            (agree if part.apply(agrees, axis=1).mean() >= 0.5 else differ).append(quantity)
    if not agree and not differ:
        return "No figure of this report could be set beside a published figure of later work."
    sentences = []
    if agree:
        sentences.append(f"This report agrees with later work on {' and on '.join(_topic_phrase(_topic_rows(rows, q), q) for q in agree)}.")
    if differ:
        lead = "It differs on" if agree else "This report differs from later work on"
        sentences.append(f"{lead} " + ", and on ".join(f"{_topic_phrase(_topic_rows(rows, q), q)}, because {ANSWER_REASONS[q]}"
                                                        for q in differ) + ".")
    return " ".join(sentences)


def build(ctx: ReportContext) -> dict[str, pd.DataFrame]:
    """Every output of this module, by written name."""
    claims = later_claims(ctx)
    return {"comparisons": comparisons(ctx, claims), "later_claims": claims}
