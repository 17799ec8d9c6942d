"""The benchmark registry."""
import pytest

from analysis.registry import BENCHMARKS, UnknownBenchmarkError, get_benchmark


def test_six_benchmarks_with_their_files():
    assert list(BENCHMARKS) == ["imagenet", "mscoco", "squad11", "conll2003", "wmt14_en_fr", "wmt14_en_de"]
    assert get_benchmark("mscoco").results_file == "results/mscoco.csv"


def test_unknown_benchmark_lists_valid_ids():
    with pytest.raises(UnknownBenchmarkError) as error:
        get_benchmark("cifar10")
    message = str(error.value)
    assert "cifar10" in message
    for benchmark_id in BENCHMARKS:
        assert benchmark_id in message


def test_paper_targets_attached():
    imagenet = get_benchmark("imagenet")
    assert imagenet.today_error_pct == 11.5 and imagenet.target_errors_pct == (5.0, 1.0)
    assert get_benchmark("wmt14_en_de").today_error_pct is None
