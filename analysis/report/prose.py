"""The sentences pages show, one small function per sentence, composed from declared numbers.

Pages only place these sentences. Each function returns plain text, or '' when
the numbers it needs are absent, so that a page shows a section only when its benchmark has the data for it and
says in one sentence what is absent and why (`absent_*`). No sentence carries template text such as "0 of 0",
"not available" or "p = < 0.001".
"""
from __future__ import annotations

import math


def _known(value) -> bool:
    """True for a finite number (not None, NaN, NA or infinite)."""
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def listing(items) -> str:
    """Items in a sentence: "A", "A and B", "A, B and C"; "" for none."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def p_text(p) -> str:
    """A p-value as a reader writes it: 'p < 0.001', or 'p = 0.012' (two significant digits); '' if unknown."""
    if not _known(p):
        return ""
    return "p < 0.001" if float(p) < 0.001 else f"p = {float(p):.2g}"


def r2_text(r2) -> str:
    """R² to two decimals: 'R² = 0.45'; '' if unknown."""
    return f"R² = {float(r2):.2f}" if _known(r2) else ""


def error_name(metric_label: str) -> str:
    """What the error of a metric is: 'BLEU' -> 'error = 100 - BLEU'."""
    return f"error = 100 - {metric_label}"


def error_axis_title(metric_label: str) -> str:
    """An axis title that names the metric's error: 'BLEU' -> 'error (100 - BLEU)'."""
    return f"error (100 - {metric_label})"


def data_counts(n_results: int, n_papers: int, n_with_burden: int) -> str:
    """How many results, papers and known hardware burdens the data hold (counts)."""
    return (f"The data hold {n_results} results from {n_papers} papers; "
            f"{n_with_burden} of them have a known hardware burden.")


def absent_paper_points(beyond_paper: bool) -> str:
    """Why a benchmark has no authors' points to reproduce."""
    if beyond_paper:
        return "The paper did not study this benchmark, so there are no authors' points to reproduce; the sections below are this report's own."
    return "The authors published no regression points for this benchmark, so there is nothing of theirs to reproduce here."


def paper_points_fit(n_points: int, r2, p) -> str:
    """The fit of the paper's polynomial model to the authors' points: count, R² and p-value; '' without points."""
    if not n_points:
        return ""
    if not _known(r2):
        return f"The authors published {n_points} points for this regression, too few for this report's code to fit."
    stats = ", ".join(filter(None, [r2_text(r2), p_text(p)]))
    return (f"The authors published {n_points} points for this regression; fitted with this report's code, "
            f"the polynomial model gives {stats}.")


def reproduced_cells(n_reproduced: int, n_cells: int) -> str:
    """How many of the paper's printed extrapolation cells come out at the printed power of ten; '' without cells."""
    if not n_cells:
        return ""
    return f"{n_reproduced} of the paper's {n_cells} printed extrapolations for this benchmark come out at the printed power of ten."


def absent_printed_cells(beyond_paper: bool) -> str:
    """Why a benchmark has no printed extrapolation to compare with."""
    if beyond_paper:
        return "The paper did not study this benchmark, so it prints no extrapolation to compare with."
    return "The paper prints no extrapolation for this benchmark, so there is no printed value to compare with."


def verdict_counts(counts: dict[str, int]) -> str:
    """The verdicts of the authors' points beside our rows, with how many of each: 'agrees: 5; authors' slip: 1.'"""
    if not counts:
        return ""
    return "Verdicts: " + "; ".join(f"{label}: {n}" for label, n in counts.items()) + "."


def headline_sample(n_sample: int, window_end: str | None, best_per_paper: bool, paper_n) -> str:
    """Our headline sample: which results it holds (window, sample rule) and its size beside the paper's."""
    window = f"results published before {window_end}" if window_end else "every result, whatever its date"
    rule = "; each paper's best result only" if best_per_paper else ""
    paper = f"; the paper's regression had {int(paper_n)}" if _known(paper_n) else ""
    return f"Our headline sample ({window}, with a known hardware burden{rule}) has {n_sample} points{paper}."


def chance_exclusion(chance_error_pct, n_near_chance: int, margin_points) -> str:
    """Results near the error of guessing, left out of every fit; '' where guessing has no known error."""
    if not _known(chance_error_pct):
        return ""
    return (f"Guessing gives {float(chance_error_pct):g}% error: the {n_near_chance} results within {float(margin_points):g} "
            "percentage points of it are left out of every fit, since there the error measures guessing, not what computation bought.")


def slope_fit(slope, r2, p, n: int, small_sample: bool) -> str:
    """The polynomial model's slope on our sample, with R² and p-value; a warning for a small sample."""
    if not _known(slope):
        return f"Our sample's {n} points are too few to fit the models."
    stats = ", ".join(filter(None, [r2_text(r2), p_text(p)]))
    text = f"The polynomial model's slope is {float(slope):.3g} ({stats})."
    if small_sample:
        text += f" With only {n} points, the p-value rests on a large-sample approximation and is not to be trusted far."
    return text


def four_fits_gap(first_target_pct, slips_orders, corrections_orders, points_orders) -> str:
    """How the polynomial model's computation at the first target moves from fit (a) to (a') to (b) to (c), in orders
    of magnitude; '' without a first target or a first step."""
    if not (_known(first_target_pct) and _known(slips_orders) and _known(corrections_orders)):
        return ""
    text = (f"At {float(first_target_pct):g}% error, the polynomial model's computation moves by {float(slips_orders):+.1f} "
            f"orders of magnitude when the authors' slips are fixed (a to a'), by {float(corrections_orders):+.1f} more with "
            f"every other substitution of our rows (a' to b)")
    if _known(points_orders):
        return text + f", and by a further {float(points_orders):+.1f} when the points are replaced by our own sample (b to c)."
    return text + "; our own sample has too few points for (c)."


def no_target() -> str:
    """Why the four fits are compared at today's error only."""
    return "The paper sets no target error for this benchmark, so the table compares the four fits at today's error only."


GAP_STEP_NAMES = ("fixing the slips", "the other substitutions", "our own sample")
"""The three steps of the gap, in the words of `largest_step`."""


def largest_step(slips_orders, corrections_orders, points_orders) -> str:
    """Which of the three steps (orders of magnitude) moves the computation most; a sentence saying the two largest are
    about equal when they are equal as shown (to one decimal); '' when a step is unknown."""
    steps = (slips_orders, corrections_orders, points_orders)
    if not all(_known(v) for v in steps):
        return ""
    sizes = [round(abs(float(v)), 1) for v in steps]
    ranked = sorted(range(3), key=lambda i: sizes[i], reverse=True)
    if sizes[ranked[0]] == sizes[ranked[1]]:
        return f"The largest steps, {GAP_STEP_NAMES[ranked[0]]} and {GAP_STEP_NAMES[ranked[1]]}, are about equal in size."
    return f"The largest step is {GAP_STEP_NAMES[ranked[0]]}."


def paper_versus_report(beyond_paper: bool, paper_has_row: bool, n_reproduced: int, n_cells: int) -> str:
    """The first sentence of the comparison with the paper: what of the paper this page could test."""
    if beyond_paper:
        return "The paper did not study this benchmark: everything on this page is this report's own, fitted the paper's way."
    if paper_has_row and n_cells:
        return f"Fitted on the authors' own points, {n_reproduced} of {n_cells} printed extrapolations come out at the paper's power of ten."
    return "The paper prints no extrapolation for this benchmark."


def r2_beside(paper_points_n: int, paper_points_r2, n_sample: int, r2) -> str:
    """R² on the authors' points beside R² on ours; '' without authors' points."""
    if not paper_points_n or not _known(paper_points_r2):
        return ""
    ours = f"{float(r2):.2f}" if _known(r2) else "not estimable, with too few points"
    return f"R² on the authors' {paper_points_n} points is {float(paper_points_r2):.2f}; on our {n_sample} points it is {ours}."


def gap_to_paper(gap_orders, large_gap: bool, large_gap_orders) -> str:
    """Our polynomial extrapolation at the first target against the paper's, in orders of magnitude; '' if unknown."""
    if not _known(gap_orders):
        return ""
    if large_gap:
        return (f"At the first target our polynomial extrapolation differs from the paper's by {float(gap_orders):+.1f} orders of magnitude, "
                f"more than the {float(large_gap_orders):.0f} the report calls a difference: our sample is not the authors' points, "
                "and a small change in a shallow slope moves an extrapolation by many orders of magnitude (see the intervals).")
    return (f"At the first target our polynomial extrapolation is within {float(large_gap_orders):.0f} orders of magnitude "
            f"of the paper's ({float(gap_orders):+.1f}).")


def significant_where_paper_found_none(n_sample: int, significance_level, span_orders) -> str:
    """Our slope is significant where the paper found none."""
    return (f"The paper found no significant slope here; our fit is significant at the {float(significance_level):.0%} level "
            f"on {n_sample} points spanning {float(span_orders):.1f} orders of magnitude of hardware burden.")


def per_pass_count(n: int, window_end: str | None) -> str:
    """How many results of the sample state their computation per pass."""
    when = f"published before {window_end} " if window_end else ""
    return f"{n} results {when}state their computation per pass."


def absent_per_pass(window_end: str | None) -> str:
    """Why a benchmark has no per-pass figure."""
    when = f" published before {window_end}" if window_end else ""
    return f"No result of this benchmark{when} states its computation per network pass, so there is no per-pass figure."


def utilisation(n: int, median_fp32, median_precision) -> str:
    """Epoch AI's operation counts against the hardware burden (medians of the ratio); '' without counts."""
    if not n or not (_known(median_fp32) and _known(median_precision)):
        return ""
    return (f"For {n} results, Epoch AI estimates the operations their training performed: the median is "
            f"{float(median_fp32):.2f} of the hardware burden at the paper's peak and {float(median_precision):.2f} "
            "at the peak of the precision used (the utilisation the hardware burden ignores).")
