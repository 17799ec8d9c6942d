"""Seaborn figures shared by the pages: error against computation with the fitted models, and residuals."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from .models import Fit, error_to_y

sns.set_theme(style="whitegrid", context="notebook")
MODEL_COLOURS = {"polynomial": "#1f77b4", "exponential": "#d62728"}


def error_vs_compute(points: pd.DataFrame, fits: list[Fit], xlabel: str, ylabel: str, others: pd.DataFrame | None = None):
    """Scatter of error (%) against computation (GFLOP), log axes, each fit with its 90% band."""
    fig, ax = plt.subplots(figsize=(7, 4.5))
    if others is not None and len(others):
        ax.scatter(others["compute_gflop"], others["error_pct"], s=18, color="0.7", label="not in this sample")
    sns.scatterplot(data=points, x="compute_gflop", y="error_pct", hue=points["published"].dt.year,
                    palette="viridis", ax=ax, s=40, legend="brief")
    if len(points):
        x = np.linspace(np.log10(points["compute_gflop"].min()) - 0.5, np.log10(points["compute_gflop"].max()) + 0.5, 200)
        for fit in fits:
            low, high = fit.band_error_pct(x)
            ax.plot(10**x, fit.predict_error_pct(x), color=MODEL_COLOURS[fit.model], label=f"{fit.model} fit")
            ax.fill_between(10**x, low, high, color=MODEL_COLOURS[fit.model], alpha=0.15)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize="small", loc="best")
    fig.tight_layout()
    return fig


def residuals_vs_year(points: pd.DataFrame, fits: list[Fit]):
    """Residuals of each fit (in its own transform of the error) against publication year."""
    fig, axes = plt.subplots(1, max(len(fits), 1), figsize=(7, 3), squeeze=False)
    if not fits:
        axes[0][0].text(0.5, 0.5, f"no fit: {len(points)} points, at least 4 are needed", ha="center", va="center")
        axes[0][0].set_axis_off()
    for ax, fit in zip(axes[0], fits):
        x = np.log10(points["compute_gflop"].to_numpy(dtype="float64"))
        residual = error_to_y(fit.model, points["error_pct"]) - fit.predict_y(x)
        year = points["published"].dt.year + (points["published"].dt.dayofyear - 1) / 365.25
        ax.scatter(year, residual, color=MODEL_COLOURS[fit.model], s=20)
        ax.axhline(0, color="0.3", lw=1)
        ax.set_title(f"{fit.model}", fontsize="small")
        ax.set_xlabel("publication year")
        ax.set_ylabel("residual")
    fig.tight_layout()
    return fig


def glue_figure(name: str, fig) -> None:
    """Glue a figure for a `{glue:figure}` directive and close it, so it is not also shown where it was made."""
    from myst_nb import glue

    glue(name, fig, display=False)
    plt.close(fig)
