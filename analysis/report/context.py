"""One build's computation state: the data, each benchmark's analysis table, its samples and fits, each computed once.

Every report module reads samples and fits through a `ReportContext`, so a fit the key-number table,
a page's figure and the back-test share is fitted once, and every sample is chosen by one rule.
"""
from __future__ import annotations

from functools import cached_property

import pandas as pd

from analysis.stats.compute import PEAK_CHOICES, run_hardware_burden
from analysis.data import Dataset
from analysis.stats.models import MODELS, Fit, fit_model
from analysis.data.paper import PAPER_CUTOFF_DATE
from analysis.data.registry import BENCHMARKS, Benchmark
from analysis.stats.samples import FIT_RULES, PAPER_SAMPLES, WHATIF_RULES, analysis_table, authors_points, select_sample


class ReportContext:
    """The data of one build and everything derived from it, cached by its arguments."""

    def __init__(self, dataset: Dataset, cutoff_date: str | None = None, headline_rule: str = "ours",
                 peak: str = "paper_convention"):
        """A build's context; the arguments are what-if switches (`analysis.book.whatif`), the defaults the report's.

        `cutoff_date` overrides every benchmark's window end (by default each benchmark's own); `headline_rule`
        is the sample rule that the `authors` sample stands for; `peak` the default peak of every hardware burden.
        """
        if headline_rule not in WHATIF_RULES:
            raise ValueError(f"unknown sample rule {headline_rule!r}; choose one of {', '.join(WHATIF_RULES)}")
        if peak not in PEAK_CHOICES:
            raise ValueError(f"unknown peak choice {peak!r}; choose one of {', '.join(PEAK_CHOICES)}")
        self.dataset = dataset
        self.cutoff_override = cutoff_date
        self.cutoff_date = cutoff_date or PAPER_CUTOFF_DATE
        self.headline_rule = headline_rule
        self.peak = peak
        self._runs: dict[str, pd.DataFrame] = {}
        self._tables: dict[tuple, pd.DataFrame] = {}
        self._samples: dict[tuple, pd.DataFrame] = {}
        self._fits: dict[tuple, Fit | None] = {}
        self._derived: dict[str, pd.DataFrame] = {}

    @cached_property
    def benchmarks(self) -> list[Benchmark]:
        """The registry's benchmarks that have a results file in the data."""
        return [b for b in BENCHMARKS.values() if b.id in self.dataset.results]

    def table(self, benchmark_id: str, peak: str | None = None) -> pd.DataFrame:
        """A benchmark's results with both compute measures and error columns (`analysis.stats.samples.analysis_table`)."""
        peak = peak or self.peak
        key = (benchmark_id, peak)
        if key not in self._tables:
            self._tables[key] = analysis_table(self.dataset, benchmark_id, peak, self.runs(peak))
        return self._tables[key]

    def runs(self, peak: str | None = None) -> pd.DataFrame:
        """Every training run's hardware burden (FLOP) and processor-hours under `peak` (`analysis.stats.compute.run_hardware_burden`)."""
        peak = peak or self.peak
        if peak not in self._runs:
            self._runs[peak] = run_hardware_burden(self.dataset.training_runs, self.dataset.processors, peak)
        return self._runs[peak]

    def sample(self, benchmark_id: str, metric: str, measure: str, rule: str, period: str = "before",
               peak: str | None = None) -> pd.DataFrame:
        """The points of one regression: `rule` of FIT_RULES or PAPER_SAMPLES, results `before` or `after` the cut-off.

        `backtest_before` / `backtest_after` split at the benchmark's own back-test cut-off where it has one
        (`Benchmark.backtest_cutoff_date`), else at the paper's.
        """
        peak = peak or self.peak
        key = (benchmark_id, metric, measure, rule, period, peak)
        if key not in self._samples:
            if rule in PAPER_SAMPLES:
                if period not in ("before", "backtest_before"):
                    raise ValueError(f"the paper's points are all published before its cut-off: no period {period!r}")
                points = authors_points(self.dataset, benchmark_id, rule, table=self.table(benchmark_id, peak))
            else:
                if period not in ("before", "after", "backtest_before", "backtest_after"):
                    raise ValueError(f"unknown period {period!r}")
                cutoff = self.backtest_cutoff(benchmark_id) if period.startswith("backtest_") else self.window_end(benchmark_id)
                before, after = (cutoff, None) if period.endswith("before") else (None, cutoff)
                chosen = self.headline_rule if rule == "ours" else rule  # a what-if may stand another rule in
                points = select_sample(self.table(benchmark_id, peak), benchmark_id, metric, measure, chosen, before, after)
                if cutoff is None and period.endswith("after"):  # no window end: nothing comes after it
                    points = points.iloc[0:0]
            self._samples[key] = points
        return self._samples[key]

    def window_end(self, benchmark_id: str) -> str | None:
        """The end of a benchmark's headline window: the what-if override, else the registry's (None: no end)."""
        return self.cutoff_override or BENCHMARKS[benchmark_id].window_end_date

    def backtest_cutoff(self, benchmark_id: str) -> str:
        """The date that splits a benchmark's back-test: its own where the registry gives one, else its window end."""
        return BENCHMARKS[benchmark_id].backtest_cutoff_date or self.window_end(benchmark_id) or self.cutoff_date

    def fit(self, benchmark_id: str, metric: str, measure: str, rule: str, model: str, period: str = "before",
            peak: str | None = None) -> Fit | None:
        """The fit of `model` on one sample; None with too few points."""
        peak = peak or self.peak
        key = (benchmark_id, metric, measure, rule, model, period, peak)
        if key not in self._fits:
            points = self.sample(benchmark_id, metric, measure, rule, period, peak)
            self._fits[key] = fit_model(points, model, rule, measure, metric)
        return self._fits[key]

    def samples_of(self, benchmark: Benchmark, metric: str, measure: str) -> tuple[str, ...]:
        """The sample rules fitted for one metric and measure: the paper's points only for its headline regression."""
        headline = metric == benchmark.primary_metric.column and measure == "hardware_burden"
        if not headline or self.dataset.paper_points is None or not (self.dataset.paper_points["benchmark"] == benchmark.id).any():
            return FIT_RULES
        return FIT_RULES + (PAPER_SAMPLES if self.dataset.paper_points_map is not None else PAPER_SAMPLES[:1])

    def has_paper_points(self, benchmark_id: str) -> bool:
        """True where the authors published regression points for the benchmark."""
        points = self.dataset.paper_points
        return points is not None and bool((points["benchmark"] == benchmark_id).any())

    def derived(self, name: str, compute) -> pd.DataFrame:
        """A table derived from the build's data, computed once by `compute(self)` and shared by every output that reads it."""
        if name not in self._derived:
            self._derived[name] = compute(self)
        return self._derived[name]

    def reuse(self, tables: dict[str, pd.DataFrame]) -> None:
        """Tables an earlier build computed that this one would compute the same (`analysis.report.reusable_tables`):
        `derived` returns them rather than computing them again."""
        self._derived.update(tables)

    @cached_property
    def key_numbers(self) -> pd.DataFrame:
        """The key-number table of the build (`analysis.report.backtests.later_key_numbers`), computed once and shared by every output."""
        from analysis.report.keynumbers import key_numbers
        from analysis.report.backtests import later_key_numbers

        return later_key_numbers(self, key_numbers(self))

    def fits(self, benchmark: Benchmark, metric: str, measure: str) -> list[tuple[str, str, Fit | None]]:
        """(sample, model, fit) for every sample rule and model of one metric and measure."""
        return [(rule, model, self.fit(benchmark.id, metric, measure, rule, model))
                for rule in self.samples_of(benchmark, metric, measure) for model in MODELS]
