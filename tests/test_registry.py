"""The benchmark registry."""
import pytest

from analysis.data.registry import BENCHMARKS, UnknownBenchmarkError, get_benchmark


def test_the_papers_benchmarks_are_registered_with_their_files():
    from analysis.data.paper import PAPER_HARDWARE_BURDEN_N

    assert set(PAPER_HARDWARE_BURDEN_N) <= set(BENCHMARKS)
    assert all(not BENCHMARKS[b].beyond_paper for b in PAPER_HARDWARE_BURDEN_N)
    assert all(BENCHMARKS[b].beyond_paper for b in set(BENCHMARKS) - set(PAPER_HARDWARE_BURDEN_N))
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
