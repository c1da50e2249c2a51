"""The benchmarks' measures are right: a child's peak memory is its own, not its parent's, and
the percentiles are values that were measured."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

sys.path.insert(0, str(Path(settings.BASE_DIR)))

from bench.measure import Timing, peak_rss_mb, percentile


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_child_process_reports_its_own_peak_not_its_parents():
    ballast = bytearray(300 * 1024 * 1024)  # the parent's peak rises by 300 MB
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1  # touch every page so it is resident
    parent_peak = peak_rss_mb()
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, '.'); from bench.measure import peak_rss_mb; "
            "print(peak_rss_mb())",
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    del ballast
    child_peak = float(child.stdout)
    assert parent_peak > 300
    assert child_peak < parent_peak - 250, (child_peak, parent_peak)


def test_percentiles_are_nearest_rank():
    samples = [float(n) for n in range(1, 101)]
    assert (percentile(samples, 0.5), percentile(samples, 0.9), percentile(samples, 0.99)) == (
        50.0,
        90.0,
        99.0,
    )
    timing = Timing.of([0.003, 0.001, 0.002])
    assert (timing.p50, timing.p99, timing.n) == (0.002, 0.003, 3)
    with pytest.raises(ValueError):
        percentile([], 0.5)
