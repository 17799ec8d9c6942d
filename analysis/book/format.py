"""How numbers and tables look on the pages: one formatter for each kind of value, and readable tables.

Powers of ten are written as superscripts (10<sup>14.5</sup>), never as "10^14.5" text; headers come
from `analysis.report.columns` (title and unit); empty values stay blank; no index column.
"""
from __future__ import annotations

import html
import re
import math

import pandas as pd

from analysis.report.columns import column

POWER_UNITS = ("GFLOP", "FLOP", "t", "US$", "kWh", "lbs")
"""Columns in these units span many orders of magnitude: shown as powers of ten."""


LONG_TEXT_CHARACTERS = 140
"""Text cells longer than this are folded under their first words (the whole text one click away)."""

VALUE_LABELS = {
    "error_level": {"today": "today", "target_1": "first target", "target_2": "second target", "target_3": "third target"},
    "sample": {"ours": "our sample", "per_paper": "our sample, each paper's best", "frontier": "our sample, records only",
               "paper_points": "authors' points", "paper_points_corrected": "authors' points, corrected",
               "paper_points_slips_fixed": "authors' points, slips fixed", "backtest": "back-test",
               "backtest_paper_points": "back-test of the paper's fits"},
    "measure": {"hardware_burden": "hardware burden", "per_pass": "computation per pass"},
    "assumption": {"none": "the data as recorded", "processor_generation": "processor generation not stated",
                   "form_factor": "form factor not stated", "time_scaled": "time scaled from another run",
                   "second_hand": "known only second-hand", "precision_inferred": "precision inferred by the rule",
                   "all": "every assumption at once"},
    "peak": {"paper_convention": "the paper's (FP32 for GPUs, bf16 for TPUs)", "precision_used": "the precision the run used"},
    "metric": {"top1_pct": "error = 100 - top-1", "top5_pct": "error = 100 - top-5", "box_ap_pct": "error = 100 - box AP",
               "f1_pct": "error = 100 - F1", "em_pct": "error = 100 - EM", "bleu": "error = 100 - BLEU",
               "mmlu_pct": "error = 100 - accuracy"},
}
"""Readable names of the internal values some columns hold."""


def _benchmark_labels() -> None:
    """Benchmark ids and titles as readers see them: a benchmark the paper did not study is marked so."""
    from analysis.data.registry import BENCHMARKS

    VALUE_LABELS["benchmark"] = {b.id: b.title + (" (beyond the paper)" if b.beyond_paper else "") for b in BENCHMARKS.values()}
    VALUE_LABELS["benchmark_title"] = {b.title: VALUE_LABELS["benchmark"][b.id] for b in BENCHMARKS.values()}


_benchmark_labels()


def _finite(value) -> bool:
    try:
        return value is not None and not pd.isna(value) and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def power_of_ten(value, decimals: int = 1, unbounded: str = "") -> str:
    """A positive number as 10 to its log10 with `decimals` decimals, in HTML: 3.2e14 -> '10<sup>14.5</sup>'.

    Infinite values give `unbounded`; empty, zero or negative values give ''.
    """
    if value is not None and not pd.isna(value) and float(value) == math.inf:
        return unbounded
    if not _finite(value) or float(value) <= 0:
        return ""
    return f"10<sup>{math.log10(float(value)):.{decimals}f}</sup>"


def exponent(power: int | float) -> str:
    """A printed power of ten, e.g. 19 -> '10<sup>19</sup>'."""
    return f"10<sup>{int(power)}</sup>" if _finite(power) else ""


def interval(low, high, decimals: int = 1) -> str:
    """A 90% interval of powers of ten: '10<sup>12.0</sup> to 10<sup>15.3</sup>', 'unbounded' above where infinite."""
    if not _finite(low) and not _finite(high) and not (high == math.inf):
        return "unbounded"
    return f"{power_of_ten(low, decimals) or '0'} to {power_of_ten(high, decimals, unbounded='unbounded') or 'unbounded'}"


def number(value, digits: int = 3) -> str:
    """A number to `digits` significant digits, thousands separated; '' if empty."""
    if not _finite(value):
        return ""
    v = float(value)
    if v != 0 and (abs(v) >= 1e6 or abs(v) < 1e-3):
        mantissa, exp = f"{v:.{digits - 1}e}".split("e")
        return f"{mantissa}×10<sup>{int(exp)}</sup>"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.{digits}g}"


def p_value(value) -> str:
    """A p-value: '< 0.001' below a thousandth, else two significant digits."""
    if not _finite(value):
        return ""
    return "< 0.001" if float(value) < 0.001 else f"{float(value):.2g}"


def percent(value, decimals: int = 1) -> str:
    """A share (0-1) as a percentage."""
    return f"{100 * float(value):.{decimals}f}%" if _finite(value) else ""


CARET_POWER = re.compile(r"10\^(-?\d+(?:\.\d+)?)")
"""A power of ten written as text in a quoted source ("10^24")."""


def text_html(text: str) -> str:
    """Plain text as HTML: escaped, with powers of ten written "10^k" in a quoted source shown as superscripts."""
    return CARET_POWER.sub(r"10<sup>\1</sup>", html.escape(str(text)))


def cell(name: str, value) -> str:
    """One value of a declared column, formatted by its type and unit."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    spec = column(name)
    if spec.type == "date":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if spec.type == "boolean":
        return "yes" if bool(value) else "no"
    if spec.type == "integer":
        return str(int(value)) if name == "year" or name.endswith("_year") else f"{int(value):,}"
    if spec.type == "string":
        text = VALUE_LABELS.get(name, {}).get(str(value), str(value))
        if len(text) > LONG_TEXT_CHARACTERS:  # long evidence folds away, whole, under its first words
            head = text[:LONG_TEXT_CHARACTERS].rsplit(" ", 1)[0]
            return f"<details><summary>{text_html(head)} …</summary>{text_html(text)}</details>"
        return text_html(text)
    if name == "p_value" or name.endswith("_p_value"):
        return p_value(value)
    if spec.unit in POWER_UNITS:
        return power_of_ten(value, unbounded="unbounded")
    if name.endswith("score_pct"):  # a score as its source prints it
        return f"{float(value):g}"
    if name.startswith("r2") or name.endswith("_r2"):
        return f"{float(value):.2f}"
    return number(value)


MAX_COLUMNS = 7
"""A table shows at most this many columns, so that it fits the text column at 1280 px: beyond it, the key columns
(the first ones, or those a page names) are shown and the others folded, row by row, into a last "More" column."""
MORE = "_more"


def _header(name: str, headers: dict[str, str]) -> str:
    return headers.get(name) or column(name).header


def fold_columns(frame: pd.DataFrame, headers: dict[str, str] | None = None, formatted: set[str] | None = None,
                 key: list[str] | None = None, most: int = MAX_COLUMNS) -> tuple[pd.DataFrame, set[str]]:
    """`frame` with at most `most` columns: the `key` columns (default: the first `most` - 1) and a "More" column
    holding, for each row, the other columns' non-empty values ("header: value") under a <details> line.

    Returns the frame and the columns that now hold HTML (`formatted` and the new column)."""
    headers = headers or {}
    formatted = set(formatted or ())
    if len(frame.columns) <= most:
        return frame, formatted
    key = [c for c in (key or list(frame.columns[: most - 1]))]
    rest = [c for c in frame.columns if c not in key]
    more = []
    for _, row in frame.iterrows():
        values = [(c, row[c] if c in formatted else cell(c, row[c])) for c in rest]
        lines = [f"<b>{html.escape(_header(c, headers))}</b>: {v}" for c, v in values if isinstance(v, str) and v.strip()]
        more.append(f"<details><summary>more</summary>{'<br>'.join(lines)}</details>" if lines else "")
    return frame[key].assign(**{MORE: more}), formatted | {MORE}


def table_html(frame: pd.DataFrame, headers: dict[str, str] | None = None, formatted: set[str] | None = None,
               key: list[str] | None = None) -> str:
    """An HTML table of `frame`: headers from the column vocabulary (or `headers`), every cell formatted, no index.

    Columns named in `formatted` already hold HTML and are shown as they are; past `MAX_COLUMNS` columns, those
    not in `key` are folded into a last column (`fold_columns`).
    """
    headers = {**(headers or {}), MORE: "More"}
    frame, formatted = fold_columns(frame, headers, formatted, key)
    head = "".join(f"<th>{html.escape(_header(c, headers))}</th>" for c in frame.columns)
    body = []
    for _, row in frame.iterrows():
        cells = "".join(f"<td>{row[c] if c in formatted else cell(c, row[c])}</td>" for c in frame.columns)
        body.append(f"<tr>{cells}</tr>")
    return (f'<div class="report-table"><table class="table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")


def show(frame: pd.DataFrame, headers: dict[str, str] | None = None, formatted: set[str] | None = None,
         key: list[str] | None = None):
    """Display a table in a notebook (see `table_html`)."""
    from IPython.display import HTML

    return HTML(table_html(frame, headers, formatted, key))


def paper_link(title: str, url: str) -> str:
    """A paper's name linked to its address."""
    return f'<a href="{html.escape(url)}">{html.escape(title)}</a>' if isinstance(url, str) and url else html.escape(str(title))


def printed(value) -> str:
    """A value the paper prints as a power of ten (10^k exactly), shown as '10<sup>k</sup>'; '' if empty."""
    return exponent(round(math.log10(float(value)))) if _finite(value) and float(value) > 0 else ""


def pair(theirs: str, ours: str) -> str:
    """Two formatted values of one quantity in one cell, 'theirs / ours'; a missing one shown as a dash."""
    return f"{theirs or '–'} / {ours or '–'}"


def folded(summary: str, text) -> str:
    """Text a reader opens on demand: a <details> element under a short `summary` line; '' if there is no text."""
    if not isinstance(text, str) or not text.strip():
        return ""
    return f"<details><summary>{html.escape(summary)}</summary>{text_html(text)}</details>"


def with_evidence(label, evidence) -> str:
    """A short label (a verdict) with its evidence folded beneath it."""
    shown = html.escape(str(label)) if isinstance(label, str) else ""
    return shown + folded("evidence", evidence)


def note(text: str):
    """A sentence displayed in place of a table or figure that has nothing to show."""
    from IPython.display import Markdown

    return Markdown(f"*{text}*")


INTERACTIVE_MIN_ROWS = 12
"""Tables with at least this many rows are shown collapsed, searchable and sortable (`interactive`); shorter ones plain."""
ITABLES_DIR = "itables"
"""Where, under the site's _static, the build writes ITables' DataTables bundle (script and styles), once for every page."""


def itables_loader(static_root: str) -> str:
    """The HTML a page with interactive tables ends with: ITables' stylesheet and script, served by the site itself
    from `<static_root><ITABLES_DIR>/`, loaded once; the tables' own scripts wait for the event ITables' offline mode
    waits for. The page stays readable (plain tables) where the script is missing."""
    import itables

    key = "_itables_" + itables.__version__.replace(".", "_")
    base = html.escape(static_root + ITABLES_DIR + "/")
    return (f'<link rel="stylesheet" href="{base}dt_bundle.css">'
            f'<script>if (!window.{key}) {{ window.{key} = import(new URL("{base}dt_bundle.js", document.baseURI).href);'
            f' window.{key}.then(function () {{ window.dispatchEvent(new Event("itables-{itables.__version__}-ready")); }}); }}</script>')


def interactive_html(frame: pd.DataFrame, headers: dict[str, str] | None = None, formatted: set[str] | None = None,
                     summary: str | None = None, open_: bool = False, page_length: int = 15,
                     key: list[str] | None = None) -> str:
    """A long table, formatted as `table_html` formats it, collapsed under a <details> line and made searchable and
    sortable by ITables in its offline mode (its DataTables bundle served once by the site, see `itables_loader`;
    nothing fetched from the network).

    `summary` is the line a reader clicks to open it (default: the number of rows).
    """
    from itables import to_html_datatable

    headers = {**(headers or {}), MORE: "More"}
    frame, formatted = fold_columns(frame, headers, formatted, key)
    names = [_header(c, headers) for c in frame.columns]
    for i, name in enumerate(names):  # DataTables needs distinct headers
        while names.count(name) > 1 and names.index(name) != i:
            name += " "
        names[i] = name
    cells = pd.DataFrame({name: [value if c in formatted and isinstance(value, str) else
                                 ("" if c in formatted else cell(c, value)) for value in frame[c]]
                          for name, c in zip(names, frame.columns)})
    table = to_html_datatable(
        cells, connected=False, allow_html=True, showIndex=False, maxBytes=0, pageLength=page_length,
        lengthMenu=[10, 15, 25, 50, 100, 250], autoWidth=False, order=[], classes="display compact cell-border",
        text_in_header_can_be_selected=False, warn_on_undocumented_option=False)
    summary = summary or f"The table: {len(frame):,} rows (search and sort inside)"
    return (f'<details class="report-long-table"{" open" if open_ else ""}><summary>{html.escape(summary)}</summary>'
            f'<div class="report-table report-interactive-table">{table}</div></details>')


def interactive(frame: pd.DataFrame, headers: dict[str, str] | None = None, formatted: set[str] | None = None,
                summary: str | None = None, open_: bool = False, page_length: int = 15, key: list[str] | None = None):
    """Display a table: collapsed, searchable and sortable when long (`interactive_html`), plain (`show`) when short."""
    from IPython.display import HTML

    if len(frame) < INTERACTIVE_MIN_ROWS:
        return show(frame, headers, formatted, key)
    return HTML(interactive_html(frame, headers, formatted, summary, open_, page_length, key))
