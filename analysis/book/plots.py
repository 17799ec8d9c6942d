"""Figures drawn from declared report outputs (points and fitted curves): no fitting here.

One fixed palette for publication years (`year_colour`) so a year has the same colour in every figure.
A figure with nothing to draw is not drawn: the functions return None and the page says why.
"""
from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.ticker import FuncFormatter, LogLocator

sns.set_theme(style="whitegrid", context="notebook")
MODEL_COLOURS = {"polynomial": "#1f4e9c", "exponential": "#c0392b"}
MODEL_STYLES = {"polynomial": "-", "exponential": "--"}
FIRST_YEAR, LAST_YEAR = 2010, 2026
"""The years the palette spans (results of every benchmark fall in it)."""
FIGURE_SIZE = (6.4, 4.2)


def year_colour(year: float) -> tuple:
    """The colour of a publication year, the same in every figure."""
    share = (min(max(float(year), FIRST_YEAR), LAST_YEAR) - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR)
    return matplotlib.colormaps["viridis"](share)


def percent_ticks(ax) -> None:
    """Error axis ticks as '40%', and the axis capped at 100%."""
    low, high = ax.get_ylim()
    ax.set_ylim(low, min(high, 100))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}%"))
    if np.log10(min(high, 100) / low) < 1.5:  # less than ~30x: label 2, 3, 5 x 10^k as well, so the axis has several ticks
        ax.yaxis.set_minor_locator(LogLocator(base=10, subs=(2.0, 3.0, 5.0)))
        ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: f"{v:g}%"))
    else:
        ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))


def power_ticks(ax, axis: str = "x") -> None:
    """Log-axis ticks as 10^k with a superscript."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(LogLocator(base=10, numticks=8))
    target.set_major_formatter(FuncFormatter(lambda v, _: f"$10^{{{np.log10(v):.0f}}}$" if v > 0 else ""))


def _year_legend(ax, years: pd.Series) -> list:
    shown = sorted({int(y) for y in years.dropna()})
    if len(shown) > 6:
        shown = shown[:: max(1, len(shown) // 5)]
    return [plt.Line2D([], [], marker="o", ls="", color=year_colour(y), label=str(y)) for y in shown]


def error_vs_compute(points: pd.DataFrame, curves: pd.DataFrame, xlabel: str, ylabel: str,
                     background: pd.DataFrame | None = None, marker: str = "o"):
    """Error (%) against computation (GFLOP), log axes: points coloured by year, each fit with its 90% band.

    `points` has compute_gflop, error_pct and a `year` (or `published`) column; `curves` the rows of one
    sample from the `curves` output; `background` grey points outside the sample. None if no points.
    """
    if points.empty:
        return None
    years = points["year"] if "year" in points else points["published"].dt.year
    fig, ax = plt.subplots(figsize=FIGURE_SIZE)
    if background is not None and len(background):
        ax.scatter(background["compute_gflop"], background["error_pct"], s=16, color="0.75", label="not in this sample", zorder=1)
    ax.scatter(points["compute_gflop"], points["error_pct"], s=36, c=[year_colour(y) for y in years], marker=marker,
               edgecolor="white", linewidth=0.5, zorder=3)
    for model, curve in curves.groupby("fit_model", sort=False):
        curve = curve[curve["error_pct"] <= 100]
        ax.plot(curve["compute_gflop"], curve["error_pct"], color=MODEL_COLOURS[model], ls=MODEL_STYLES[model],
                lw=2, label=f"{model} fit", zorder=4)
        ax.fill_between(curve["compute_gflop"], curve["error_low_pct"], curve["error_high_pct"].clip(upper=100),
                        color=MODEL_COLOURS[model], alpha=0.12, zorder=2)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    power_ticks(ax)
    percent_ticks(ax)
    handles, _ = ax.get_legend_handles_labels()
    # below the axes, so the figure is no wider than its axes on a narrow screen
    ax.legend(handles=handles + _year_legend(ax, years), fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.2),
              ncol=4, title="fits and years", title_fontsize="small", frameon=False)
    fig.tight_layout()
    return fig


def residuals_vs_year(residuals: pd.DataFrame):
    """Residuals of each fit (in its own transform of the error) against publication year; None if there are none."""
    if residuals.empty:
        return None
    models = list(dict.fromkeys(residuals["fit_model"]))
    fig, axes = plt.subplots(1, len(models), figsize=(6.4, 2.8), squeeze=False)
    units = {"polynomial": "residual of log10(error %)", "exponential": "residual of 1/(error %)"}
    for ax, model in zip(axes[0], models):
        part = residuals[residuals["fit_model"] == model]
        ax.scatter(part["decimal_year"], part["residual"], c=[year_colour(y) for y in part["decimal_year"]], s=22)
        ax.axhline(0, color="0.3", lw=1)
        ax.set_title(f"{model} fit", fontsize="small")
        ax.set_xlabel("publication year")
        ax.set_ylabel(units[model], fontsize="small")
    fig.tight_layout()
    return fig


def glue_figure(name: str, fig, empty_note: str = "Nothing to draw.") -> None:
    """Glue a figure for a `{glue:figure}` directive and close it; where there is no figure, glue `empty_note` instead."""
    from IPython.display import Markdown
    from myst_nb import glue

    if fig is None:
        glue(name, Markdown(f"*{empty_note}*"), display=False)
        return
    glue(name, fig, display=False)
    plt.close(fig)
