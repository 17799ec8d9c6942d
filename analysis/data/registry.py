"""The benchmarks: one registry that pages, tests and the build read (the paper's six, and any added since)."""
from __future__ import annotations

from dataclasses import dataclass

from analysis.data.paper import PAPER_CUTOFF_DATE, PAPER_EXTRAPOLATIONS


@dataclass(frozen=True)
class Metric:
    """A score column of a results file and the error it becomes (error_pct = 100 - score_pct)."""

    column: str
    label: str


@dataclass(frozen=True)
class Benchmark:
    """A benchmark: where its data lives, how its error is computed, and the paper's targets."""

    id: str
    title: str
    task: str
    metrics: tuple[Metric, ...]
    error_rule: str
    today_error_pct: float | None
    target_errors_pct: tuple[float, ...]
    authors_best_per_paper: bool = False
    """The paper's sample rule for this benchmark counts only each paper's best result (ImageNet)."""
    beyond_paper: bool = False
    """A benchmark the paper did not study (marked as such on every page)."""
    chance_error_pct: float | None = None
    """Error of guessing (e.g. 75% for four-choice questions); results near it are left out of the fits
    (`analysis.stats.rules.CHANCE_MARGIN_POINTS`)."""
    backtest_cutoff_date: str | None = None
    """Cut-off of this benchmark's own back-test (fit before, test after), where it differs from the paper's."""
    window_end_date: str | None = PAPER_CUTOFF_DATE
    """Results published before this date form the headline sample (the paper's window); None: every result."""

    @property
    def primary_metric(self) -> Metric:
        """The metric of the paper's headline regression (the first listed)."""
        return self.metrics[0]

    @property
    def results_file(self) -> str:
        """Path of the results CSV, relative to the data directory."""
        return f"results/{self.id}.csv"


MMLU_BACKTEST_CUTOFF_DATE = "2023-07-01"
"""MMLU's back-test splits at mid-2023: the first mid-year at which the fit before it has at least
`analysis.stats.rules.BACKTEST_MIN_FIT_POINTS` points (GPT-3 to BLOOM), with the later results to test it."""


def _benchmark(id: str, title: str, task: str, metrics: tuple[Metric, ...], error_rule: str,
               target_errors_pct: tuple[float, ...] = (), **options) -> Benchmark:
    """A registry entry; the paper's "today" error and targets where the paper printed a row, else `target_errors_pct`."""
    row = PAPER_EXTRAPOLATIONS.get(id)
    today, targets = (row.today_error_pct, row.target_errors_pct) if row else (None, target_errors_pct)
    return Benchmark(id, title, task, metrics, error_rule, today, targets, **options)


BENCHMARKS: dict[str, Benchmark] = {
    b.id: b
    for b in (
        _benchmark("imagenet", "ImageNet", "Image classification",
                   (Metric("top1_pct", "top-1"), Metric("top5_pct", "top-5")),
                   "error = 100 - top-1 (or top-5) accuracy, percent", authors_best_per_paper=True),
        _benchmark("mscoco", "MS COCO", "Object detection",
                   (Metric("box_ap_pct", "box AP"),),
                   "error = 100 - box AP, percent"),
        _benchmark("squad11", "SQuAD 1.1", "Question answering",
                   (Metric("f1_pct", "F1"), Metric("em_pct", "EM")),
                   "error = 100 - F1 (or EM), percent"),
        _benchmark("conll2003", "CoNLL-2003", "Named-entity recognition",
                   (Metric("f1_pct", "F1"),),
                   "error = 100 - F1, percent"),
        _benchmark("wmt14_en_fr", "WMT 2014 En-Fr", "Machine translation, English to French",
                   (Metric("bleu", "BLEU"),),
                   "error = 100 - BLEU"),
        _benchmark("wmt14_en_de", "WMT 2014 En-De", "Machine translation, English to German",
                   (Metric("bleu", "BLEU"),),
                   "error = 100 - BLEU"),
        _benchmark("mmlu", "MMLU", "Multitask language understanding: 57 subjects, four-choice questions (beyond the paper)",
                   (Metric("mmlu_pct", "accuracy"),),
                   "error = 100 - accuracy, percent (5-shot where the report gives it); guessing gives 75% error",
                   target_errors_pct=(10.0, 5.0, 1.0), beyond_paper=True, chance_error_pct=75.0,
                   backtest_cutoff_date=MMLU_BACKTEST_CUTOFF_DATE, window_end_date=None),
    )
}


class UnknownBenchmarkError(KeyError):
    """A benchmark id that is not in the registry."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return self.args[0]


def get_benchmark(benchmark_id: str) -> Benchmark:
    """The registry entry of `benchmark_id`; an unknown id raises an error listing the valid ids."""
    try:
        return BENCHMARKS[benchmark_id]
    except KeyError:
        valid = ", ".join(BENCHMARKS)
        raise UnknownBenchmarkError(f"unknown benchmark id {benchmark_id!r}; valid ids: {valid}") from None
