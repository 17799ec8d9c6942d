"""What the paper published: the only place in the project that holds "the paper says" values.

Source: Thompson, Greenewald, Lee & Manso (2020), "The Computational Limits of Deep Learning",
arXiv:2007.05558, as transcribed with its confidence in the project's `shared/paper/claims.md`.
Computation is the hardware burden in GFLOP; the extrapolation table prints 10^floor(log10 C),
so each value here is the printed exponent.
"""
from __future__ import annotations

from dataclasses import dataclass

PAPER_CUTOFF_DATE = "2020-07-01"
"""Results published before this date form the paper's window (v1 appeared in July 2020)."""


@dataclass(frozen=True)
class PaperExtrapolation:
    """One row of the paper's extrapolation table (v1 "Figure 4"), hardware burden in GFLOP."""

    today_error_pct: float
    target_errors_pct: tuple[float, float]
    polynomial_log10_gflop: tuple[int, int, int]  # today, target 1, target 2
    exponential_log10_gflop: tuple[int | None, int | None]  # target 1, target 2
    note: str = ""
    exponential_alternatives: tuple[int | None, int | None] = (None, None)
    """Another exponent printed for the same exponential cell in another copy of the paper, if any."""


PAPER_EXTRAPOLATIONS: dict[str, PaperExtrapolation] = {
    "imagenet": PaperExtrapolation(11.5, (5.0, 1.0), (14, 19, 28), (27, 120)),
    "mscoco": PaperExtrapolation(46.7, (30.0, 10.0), (14, 23, 44), (29, 107)),
    "squad11": PaperExtrapolation(4.621, (2.0, 1.0), (13, 15, 18), (23, 40)),
    "conll2003": PaperExtrapolation(6.5, (2.0, 1.0), (13, 43, 61), (82, 181)),
    "wmt14_en_fr": PaperExtrapolation(
        54.4, (30.0, 10.0), (12, 23, 43), (30, 107),
        note="the exponential model's 10% target is printed as 10^107 or 10^108 in different copies",
        exponential_alternatives=(None, 108),
    ),
}
"""The paper's extrapolation table. WMT 2014 En-De has no row: its slope was not significant."""

def printed_exponents(benchmark_id: str, model: str, level: str) -> tuple[int, ...]:
    """The exponent(s) the paper prints for one cell of its table (two where copies differ); () if none."""
    row = PAPER_EXTRAPOLATIONS.get(benchmark_id)
    if row is None:
        return ()
    if model == "polynomial":
        cells = dict(zip(("today", "target_1", "target_2"), row.polynomial_log10_gflop))
        return (cells[level],) if level in cells else ()
    if model == "exponential":
        cells = dict(zip(("target_1", "target_2"), zip(row.exponential_log10_gflop, row.exponential_alternatives)))
        return tuple(e for e in cells.get(level, ()) if e is not None)
    raise ValueError(f"unknown model {model!r}")


PAPER_HARDWARE_BURDEN_N: dict[str, int] = {
    "imagenet": 13, "mscoco": 33, "squad11": 16, "conll2003": 13, "wmt14_en_fr": 13, "wmt14_en_de": 13,
}
"""Points in each hardware-burden regression (reproduced from the authors' 2021 published points)."""

PAPER_R2_RANGE = (0.29, 0.68)
"""R^2 of the hardware-burden regressions, all benchmarks but WMT En-De (confirmed, quoted)."""

PAPER_IMAGENET_VARIANCE_EXPLAINED = 0.43
"""Share of the variance in ImageNet accuracy explained by computation (confirmed quote)."""

PAPER_IMAGENET_5PCT_MULTIPLE = 1e5
"""'Even in the more optimistic model', about 10^5 times more computation for 5% ImageNet error."""

PAPER_YEARS_PER_TENFOLD = 3.0
"""Three years of algorithmic improvement are worth a tenfold increase in computing power."""

PAPER_NASNET_OVER_ALEXNET = 1097.0
"""NASNet-A halved AlexNet's error with more than 1,000x its computation (authors' data: 1,097x; secondary)."""

HERNANDEZ_BROWN_HALVING_MONTHS = 16.0
"""OpenAI "AI and Efficiency" (Hernandez & Brown 2020): compute for a fixed ImageNet accuracy halves every 16 months."""

HERNANDEZ_BROWN_FACTOR_2012_2019 = 44.0
"""The same study: 44x less compute to reach AlexNet-level accuracy in 2019 than in 2012."""

SEED_TRANSFORMER_VS_SEQ2SEQ = 61.0
"""The seed article: the Transformer needed 61 times less compute than the 2014 sequence-to-sequence model."""

IEEE_SPECTRUM_IMAGENET_5PCT_USD = 1e11
"""IEEE Spectrum companion article: ImageNet at 5% error costs roughly US$100 billion (secondary)."""

PUBLISHED_TRAINING_COSTS_USD: dict[str, float] = {"BERT": 6912.0, "Grover": 25000.0, "GPT-3": 12e6}
"""Training costs the seed article quotes, for the calibration of the cost conversion."""
