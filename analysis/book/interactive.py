"""Interactive versions of the main figures (Plotly), drawn from the same data frames as the static ones.

Hover shows model, paper, year, computation and score; the reader can zoom and pan. The authors' points are
squares, ours circles. Colours of years come from `analysis.book.plots.year_colour`, the report's one palette.
Nothing is fitted here: lines and bands come from the `curves` outputs.

Plotly's script is not embedded: the site serves it once (`_static/plotly.min.js`, written by the build's
extension), and a page that shows a figure loads it after the page itself has loaded. `glue_interactive` glues
one figure as HTML: the static (matplotlib) image, shown until the interactive figure is drawn and in print.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import io
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.book.plots import FIRST_YEAR, LAST_YEAR, MODEL_COLOURS, year_colour

FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=13, color="#222")
TICK_FONT_SIZE = 12
"""Tick labels in CSS pixels: legible on a 390 px wide phone."""
HEIGHT = 460
ERROR_TICKS = ((1, 2, 3, 5, 10, 20, 30, 50, 100), (1, 2, 3, 4, 5, 7, 10, 15, 20, 30, 40, 50, 70, 100),
               (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100))
"""Error-axis ticks (%), coarse to fine, shown as '40%': the coarsest set giving at least three ticks is used.
The axis stops at 100%."""
CONFIG = {"displaylogo": False, "responsive": True, "scrollZoom": False,
          "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}
DASH = {"polynomial": "solid", "exponential": "dash"}
AUTHORS_SYMBOL, OURS_SYMBOL, OTHER_SYMBOL = "square", "circle", "circle-open"


def colour(year) -> str:
    """`year_colour` as a CSS colour."""
    r, g, b, _ = year_colour(year)
    return f"rgb({round(255 * r)},{round(255 * g)},{round(255 * b)})"


def superscript_power(value) -> str:
    """A positive number as 10<sup>k.k</sup> (Plotly's hover and tick text understand <sup>)."""
    if value is None or pd.isna(value) or float(value) <= 0:
        return "unknown"
    return f"10<sup>{math.log10(float(value)):.1f}</sup>"


def power_axis(values, title: str, most: int = 6) -> dict:
    """A log axis whose ticks are whole powers of ten written 10<sup>k</sup>, at most about six of them."""
    finite = np.asarray([v for v in values if v is not None and np.isfinite(v) and v > 0], float)
    axis = dict(type="log", title=dict(text=title), tickfont=dict(size=TICK_FONT_SIZE), showgrid=True, gridcolor="#e5e5e5",
                zeroline=False, showline=True, linecolor="#888", ticks="outside", automargin=True, tickangle=0)
    if len(finite):
        axis.update(power_ticks(finite.min(), finite.max(), most))
    return axis


def _power_label(value: float) -> str:
    """1, 2 or 5 times a power of ten as tick text: '10<sup>9</sup>', '2×10<sup>9</sup>'."""
    power = math.floor(math.log10(value) + 1e-9)
    mantissa = round(value / 10.0 ** power)
    return f"10<sup>{power}</sup>" if mantissa == 1 else f"{mantissa}×10<sup>{power}</sup>"


MIN_TICKS = 3
"""An axis shows at least this many labelled ticks inside the range it draws."""


def power_ticks(low_value: float, high_value: float, most: int = 6) -> dict:
    """Tick values, labels and range (log10) of a log axis from `low_value` to `high_value` (positive numbers):
    whole powers of ten, at most about `most` of them and at least `MIN_TICKS` inside the range drawn
    (2 and 5 times a power of ten are added when the values span less than two decades)."""
    low, high = math.floor(np.log10(low_value)), math.ceil(np.log10(high_value))
    if high - low < 2:
        values = [m * 10.0 ** k for k in range(low, high + 1) for m in (1, 2, 5) if low_value / 1.5 <= m * 10.0 ** k <= high_value * 1.5]
        texts = [_power_label(v) for v in values]
        return dict(tickvals=values, ticktext=texts, range=[math.log10(min(values + [low_value])), math.log10(max(values + [high_value]))])
    step = max(1, math.ceil((high - low) / most))
    while step > 1 and (high - low) // step + 1 < MIN_TICKS:
        step -= 1
    powers = list(range(low, high + 1, step))
    return dict(tickvals=[10.0 ** k for k in powers], ticktext=[f"10<sup>{k}</sup>" for k in powers],
                range=[low - 0.05, high + 0.05])


def error_axis(values, title: str = "error") -> dict:
    """A log error axis with ticks '5%', '10%', ..., stopping at 100%."""
    finite = np.asarray([v for v in values if v is not None and np.isfinite(v) and v > 0], float)
    low = max(finite.min() / 1.3, 0.1) if len(finite) else 1.0
    high = min(finite.max() * 1.3, 100.0) if len(finite) else 100.0
    for candidates in ERROR_TICKS:
        ticks = [t for t in candidates if low <= t <= high]
        if len(ticks) >= 3:
            break
    return dict(type="log", title=dict(text=title), range=[math.log10(low), math.log10(high)], tickvals=ticks,
                ticktext=[f"{t:g}%" for t in ticks], tickfont=dict(size=TICK_FONT_SIZE), showgrid=True,
                gridcolor="#e5e5e5", zeroline=False, showline=True, linecolor="#888", ticks="outside", automargin=True)


def _layout(fig: go.Figure, height: int = HEIGHT) -> go.Figure:
    fig.update_layout(
        height=height, autosize=True, font=FONT, template="plotly_white", hovermode="closest",
        margin=dict(l=8, r=8, t=10, b=8), hoverlabel=dict(font_size=13, align="left"),
        legend=dict(orientation="h", yanchor="top", y=-0.2, x=0, xanchor="left", font=dict(size=12)))
    return fig


def year_ticks(first: int, last: int, most: int = 5) -> list[int]:
    """Whole years from `first` to `last` for a colour bar: both ends, at most about `most` ticks."""
    step = max(1, math.ceil((last - first) / (most - 1)))
    ticks = list(range(first, last + 1, step))
    if ticks[-1] != last:  # the last year is always labelled; a tick too close to it gives way
        ticks = ticks[:-1] + [last] if last - ticks[-1] < 0.75 * step else ticks + [last]
    return ticks


def _year_scale(fig: go.Figure, years, y: float = 1.02, **where) -> None:
    """A colour bar of publication years, drawn by an invisible trace: it runs over the years of the points shown,
    in the report's one palette (a year has the same colour in every figure)."""
    shown = [int(v) for v in pd.Series(list(years), dtype="float").dropna()]
    if not shown:
        return
    first, last = min(shown), max(shown)
    if first == last:
        first, last = first - 1, last + 1
    stops = np.linspace(0, 1, 9)
    scale = [[s, colour(first + s * (last - first))] for s in stops]
    fig.add_trace(go.Scatter(
        x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
        marker=dict(color=[first], colorscale=scale, cmin=first, cmax=last, showscale=True,
                    colorbar=dict(title=dict(text="year", side="top", font=dict(size=12)), orientation="h",
                                  thickness=10, len=0.6, x=1, xanchor="right", y=y, yanchor="bottom",
                                  tickfont=dict(size=11), tickangle=0, tickvals=year_ticks(first, last),
                                  tickformat="d"))), **where)


def _hover(model, paper, year, compute, score, label="hardware burden") -> str:
    return (f"<b>{html.escape(str(model))}</b><br>{html.escape(str(paper))}<br>year: {year}<br>"
            f"{label}: {superscript_power(compute)} GFLOP<br>{score}")


def _score_text(row) -> str:
    if "score_pct" in row and pd.notna(row.get("score_pct")):
        label = row.get("score_label")
        return f"score: {row['score_pct']:g} ({label})" if isinstance(label, str) and label else f"score: {row['score_pct']:g}"
    return f"error: {row['error_pct']:.3g}%"


def _year_of(frame: pd.DataFrame) -> pd.Series:
    if "year" in frame:
        return frame["year"]
    return pd.to_datetime(frame["published"]).dt.year


def _points_trace(frame: pd.DataFrame, name: str, symbol: str, paper: str | pd.Series, label: str,
                  grey: bool = False, showlegend: bool = True, legendgroup: str | None = None) -> go.Scatter:
    years = _year_of(frame)
    papers = frame[paper] if isinstance(paper, str) and paper in frame else pd.Series([paper] * len(frame), index=frame.index)
    texts = [_hover(r["model"], p, "" if pd.isna(y) else int(y), r["compute_gflop"], _score_text(r), label)
             for (_, r), p, y in zip(frame.iterrows(), papers, years)]
    colours = ["#b5b5b5"] * len(frame) if grey else [colour(y) for y in years]
    return go.Scatter(
        x=frame["compute_gflop"], y=frame["error_pct"], mode="markers", name=name, text=texts,
        hovertemplate="%{text}<extra></extra>", legendgroup=legendgroup or name, showlegend=showlegend,
        marker=dict(symbol=symbol, size=9 if symbol != AUTHORS_SYMBOL else 10, color=colours,
                    line=dict(color="#333" if symbol == AUTHORS_SYMBOL else "white", width=1)))


CURVE_POINTS = 60
"""Points kept along each fitted line and band in an interactive figure (smooth at any screen size, light to load)."""
SIGNIFICANT_DIGITS = 4
"""Digits kept of each number an interactive figure carries (more than the eye can tell apart)."""


def _thin(curve: pd.DataFrame, most: int = CURVE_POINTS) -> pd.DataFrame:
    """At most `most` rows of a curve, evenly spaced along it, both ends kept, numbers rounded to `SIGNIFICANT_DIGITS`."""
    if len(curve) > most:
        curve = curve.iloc[np.unique(np.linspace(0, len(curve) - 1, most).round().astype(int))]
    numbers = curve.select_dtypes("number").columns
    return curve.assign(**{c: [float(f"{v:.{SIGNIFICANT_DIGITS}g}") for v in curve[c]] for c in numbers})


def _curve_traces(curves: pd.DataFrame, showlegend: bool = True) -> list[go.Scatter]:
    traces = []
    for model, curve in curves.groupby("fit_model", sort=False):
        curve = _thin(curve.sort_values("compute_gflop"))
        curve = curve[curve["error_low_pct"] <= 100]
        if curve.empty:
            continue
        band_x = list(curve["compute_gflop"]) + list(curve["compute_gflop"][::-1])
        band_y = list(curve["error_high_pct"].clip(upper=100)) + list(curve["error_low_pct"][::-1])
        tint = MODEL_COLOURS[model]
        traces.append(go.Scatter(x=band_x, y=band_y, fill="toself", fillcolor=_alpha(tint, 0.12), line=dict(width=0),
                                 hoverinfo="skip", showlegend=False, legendgroup=model, name=f"{model} 90% band"))
        line = curve[curve["error_pct"] <= 100]
        traces.append(go.Scatter(
            x=line["compute_gflop"], y=line["error_pct"], mode="lines", name=f"{model} fit",
            line=dict(color=tint, dash=DASH[model], width=2.5), legendgroup=model, showlegend=showlegend,
            customdata=[superscript_power(v) for v in line["compute_gflop"]],
            hovertemplate=f"{model} fit: %{{y:.3g}}% error at %{{customdata}} GFLOP<extra></extra>"))
    return traces


def _alpha(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha})"


def error_vs_compute(points: pd.DataFrame, curves: pd.DataFrame, xlabel: str = "hardware burden (GFLOP)",
                     authors: pd.DataFrame | None = None, background: pd.DataFrame | None = None,
                     points_name: str = "our sample", points_are_authors: bool = False,
                     ylabel: str = "error") -> go.Figure | None:
    """Error (%) against computation (GFLOP), log axes, with each fit and its 90% band; None if there are no points.

    `points` (compute_gflop, error_pct, model, year or published; paper_key where known) are drawn as circles,
    or as squares when `points_are_authors`; `authors` adds the authors' points as squares; `background`
    grey open circles (results outside the sample).
    """
    if points.empty and (authors is None or authors.empty):
        return None
    fig = go.Figure()
    for trace in _curve_traces(curves):
        fig.add_trace(trace)
    every = [points]
    if background is not None and len(background):
        fig.add_trace(_points_trace(background, "not in this sample", OTHER_SYMBOL, "paper_key", _label(xlabel), grey=True))
        every.append(background)
    if authors is not None and len(authors):
        fig.add_trace(_points_trace(authors, "the authors' points", AUTHORS_SYMBOL, "the authors' points (paper)", _label(xlabel)))
        every.append(authors)
    if len(points):
        fig.add_trace(_points_trace(points, points_name, AUTHORS_SYMBOL if points_are_authors else OURS_SYMBOL,
                                    "the authors' points (paper)" if points_are_authors else "paper_key", _label(xlabel)))
    everything = pd.concat(every)
    fig.update_xaxes(**power_axis(everything["compute_gflop"], xlabel))
    fig.update_yaxes(**error_axis(everything["error_pct"], ylabel))
    _year_scale(fig, pd.concat([_year_of(frame) for frame in every if len(frame)]))
    return _layout(fig)


def _label(xlabel: str) -> str:
    return xlabel.split(" (")[0]


NARROW_WIDTH = 560
"""Below this width (CSS pixels) a figure that has a narrow variant draws that one (e.g. panels in one column)."""


def headline_panels(points: pd.DataFrame, curves: pd.DataFrame, columns: int = 2) -> go.Figure | None:
    """The authors' points and both fits, one panel per benchmark, in `columns` columns.

    The two-column figure carries a one-column variant (`narrow_variant`) that a phone draws instead."""
    if points.empty:
        return None
    benchmarks = list(dict.fromkeys(points["benchmark"]))
    rows = math.ceil(len(benchmarks) / columns)
    titles = [f"{points[points['benchmark'] == b]['benchmark_title'].iloc[0]} ({(points['benchmark'] == b).sum()} points)"
              for b in benchmarks]
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=titles, horizontal_spacing=0.17,
                        vertical_spacing=0.12 if columns > 1 else 0.35 / rows)
    for i, benchmark in enumerate(benchmarks):
        row, col = i // columns + 1, i % columns + 1
        part = points[points["benchmark"] == benchmark]
        mine = curves[curves["benchmark"] == benchmark]
        for trace in _curve_traces(mine, showlegend=i == 0):
            fig.add_trace(trace, row=row, col=col)
        fig.add_trace(_points_trace(part, "the authors' points", AUTHORS_SYMBOL, "the authors' points (paper)",
                                    "hardware burden", showlegend=i == 0, legendgroup="ours"), row=row, col=col)
        values = pd.concat([part["compute_gflop"], mine["compute_gflop"]])
        fig.update_xaxes(**power_axis(values, "hardware burden<br>(GFLOP)" if row == rows else "", most=3), row=row, col=col)
        fig.update_yaxes(**error_axis(pd.concat([part["error_pct"], mine["error_pct"][mine["error_pct"] <= 100]]),
                                      _error_title(benchmark)), title_font_size=12, title_standoff=4, row=row, col=col)
    fig.update_annotations(font_size=13)
    height = (PANEL_HEIGHT if columns > 1 else NARROW_PANEL_HEIGHT) * rows + 150
    _year_scale(fig, points["year"], y=1.0 + 40 / height, row=1, col=1)
    _layout(fig, height=height)
    # the legend sits below everything, clear of the bottom axes' titles
    fig.update_layout(margin=dict(t=70, b=60),
                      legend=dict(orientation="h", yref="container", y=0.005, yanchor="bottom", x=0, xanchor="left"))
    if columns > 1:
        fig._report_narrow = headline_panels(points, curves, columns=1)
    return fig


def narrow_variant(figure: go.Figure) -> go.Figure | None:
    """The variant of `figure` that a screen narrower than `NARROW_WIDTH` draws, if it has one."""
    return getattr(figure, "_report_narrow", None)


PANEL_HEIGHT, NARROW_PANEL_HEIGHT = 300, 250
"""Height of one row of panels of the headline figure, in CSS pixels (two columns; one column, on a phone)."""


def _error_title(benchmark_id: str) -> str:
    """The error axis title of a benchmark, naming its metric's error ('error (100 - BLEU)')."""
    from analysis.report.prose import error_axis_title
    from analysis.data.registry import BENCHMARKS

    benchmark = BENCHMARKS.get(benchmark_id)
    return error_axis_title(benchmark.primary_metric.label) if benchmark else "error"


def relative_to_alexnet(points: pd.DataFrame, line: pd.DataFrame) -> go.Figure | None:
    """ImageNet hardware burden relative to AlexNet's against publication year, log scale, with the trend line."""
    if points.empty or points["relative_to_alexnet"].isna().all():
        return None
    points = points[points["relative_to_alexnet"].notna()]
    fig = go.Figure()
    if len(line):
        fig.add_trace(go.Scatter(x=line["decimal_year"], y=line["relative_to_alexnet"], mode="lines", name="log-linear trend",
                                 line=dict(color="#555", dash="dash", width=2), hoverinfo="skip"))
    texts = [f"<b>{html.escape(str(r.model))}</b><br>{html.escape(str(r.paper_key))}<br>published: {pd.Timestamp(r.published):%Y-%m-%d}<br>"
             f"hardware burden: {superscript_power(r.hardware_burden_gflop)} GFLOP<br>{_times(r.relative_to_alexnet)} AlexNet's"
             for r in points.itertuples()]
    fig.add_trace(go.Scatter(
        x=points["decimal_year"], y=points["relative_to_alexnet"], mode="markers+text", name="best ImageNet result of a paper",
        text=[r.figure_label if r.labelled else "" for r in points.itertuples()], textposition="middle right",
        textfont=dict(size=12), hovertext=texts, hovertemplate="%{hovertext}<extra></extra>",
        marker=dict(size=10, symbol=OURS_SYMBOL, color=[colour(y) for y in points["decimal_year"]], line=dict(color="white", width=1))))
    values = points["relative_to_alexnet"]
    low, high = math.floor(np.log10(values.min())), math.ceil(np.log10(values.max()))
    powers = list(range(low, high + 1, max(1, math.ceil((high - low) / 6))))
    fig.update_yaxes(type="log", title=dict(text="hardware burden / AlexNet's"), tickvals=[10.0 ** k for k in powers],
                     ticktext=[_times(10.0 ** k) for k in powers], tickfont=dict(size=TICK_FONT_SIZE), automargin=True,
                     showline=True, linecolor="#888", ticks="outside")
    fig.update_xaxes(title=dict(text="publication year"), tickformat="d", tickfont=dict(size=TICK_FONT_SIZE), dtick=2,
                     range=[points["decimal_year"].min() - 0.5, points["decimal_year"].max() + 1.8], showline=True,
                     linecolor="#888", ticks="outside", automargin=True)
    _year_scale(fig, points["decimal_year"])
    return _layout(fig)


def _times(value: float) -> str:
    return f"{value:,.0f}×" if value >= 1 else f"{value:.2g}×"


BACKTEST_SYMBOLS = {"task-specific": "circle", "general": "triangle-up", "not recorded": "square"}


def backtest(points: pd.DataFrame, benchmark_colours: dict[str, str]) -> go.Figure | None:
    """Hardware burden used by later results against what the earlier fit projected for their error, with the identity."""
    if points.empty:
        return None
    fig = go.Figure()
    values = np.concatenate([points["projected_gflop"].to_numpy(float), points["hardware_burden_gflop"].to_numpy(float)])
    limits = [values.min() / 10, values.max() * 10]
    fig.add_trace(go.Scatter(x=limits, y=limits, mode="lines", name="as projected (identity)",
                             line=dict(color="#555", width=1.5), hoverinfo="skip"))
    for (title, group), part in points.groupby(["benchmark_title", "evaluation_group"], sort=False):
        texts = [f"<b>{html.escape(str(r.model))}</b><br>{html.escape(str(r.paper_key))}<br>{html.escape(title)}, "
                 f"published {pd.Timestamp(r.published):%Y-%m-%d}<br>error: {r.error_pct:.3g}%<br>"
                 f"used: {superscript_power(r.hardware_burden_gflop)} GFLOP<br>projected: {superscript_power(r.projected_gflop)} GFLOP"
                 for r in part.itertuples()]
        fig.add_trace(go.Scatter(
            x=part["projected_gflop"], y=part["hardware_burden_gflop"], mode="markers", name=f"{title}, {group}",
            text=texts, hovertemplate="%{text}<extra></extra>",
            marker=dict(size=10, symbol=BACKTEST_SYMBOLS.get(group, "circle"), color=benchmark_colours.get(title, "#444"),
                        line=dict(color="white", width=1))))
    fig.update_xaxes(**power_axis(limits, "projected for the error (GFLOP)"))
    fig.update_yaxes(**power_axis(limits, "used (GFLOP)"))
    return _layout(fig, height=520)


def static_png(fig, dpi: int = 110) -> str:
    """A matplotlib figure as a base64 PNG (the printed version of an interactive figure)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def figure_html(figure: go.Figure, static=None, alt: str = "") -> str:
    """The static image (shown first, and in print) and the interactive figure that replaces it on screen.

    Plotly's script is neither embedded nor loaded ahead of the page: the figure's drawing is queued in
    `window.reportFigures`, and the site's loader (book/_ext/report_build.py) fetches the site's copy of Plotly
    once the page has loaded, then draws every queued figure. A page without the loader keeps its static images.
    """
    payload = figure.to_json()
    target = "report-figure-" + hashlib.sha1(payload.encode("utf-8")).hexdigest()[:12]
    height = figure.layout.height or HEIGHT
    narrow = narrow_variant(figure)
    choose = (f' if (el.clientWidth < {NARROW_WIDTH}) {{ figure = {narrow.to_json()}; el.style.height = "{narrow.layout.height}px"; }}'
              if narrow is not None else "")
    draw = (f'(window.reportFigures = window.reportFigures || []).push(function () {{'
            f' var el = document.getElementById("{target}"); if (!el) return;'
            f' el.closest(".report-figure-pair").classList.add("report-drawn");'
            f' var figure = {payload};{choose}'
            f' return Plotly.newPlot(el, figure.data, figure.layout, {json.dumps(CONFIG)}); }});')
    image = (f'<img class="report-static-figure" loading="lazy" alt="{html.escape(alt)}" src="data:image/png;base64,{static_png(static)}">'
             if static is not None else "")
    return (f'<div class="report-figure-pair{"" if image else " report-drawn"}">{image}<div class="report-interactive-figure">'
            f'<div id="{target}" class="plotly-graph-div" style="height:{height}px; width:100%;"></div></div>'
            f'<script type="text/javascript">{draw}</script></div>')


def glue_interactive(name: str, figure: go.Figure | None, static=None, empty_note: str = "Nothing to draw.", alt: str = "") -> None:
    """Glue an interactive figure (with its static image for print) for a `{glue:figure}` directive, or the note."""
    from IPython.display import HTML, Markdown
    from myst_nb import glue

    if static is not None:
        import matplotlib.pyplot as plt

    if figure is None:
        glue(name, Markdown(f"*{empty_note}*"), display=False)
    else:
        glue(name, HTML(figure_html(figure, static, alt)), display=False)
    if static is not None:
        plt.close(static)
