"""How every benchmark measures (issue 21, point 5): percentiles beside the median, the
machine's load beside every figure, and peak memory of a process counted from its own start.

Peak memory: `getrusage(RUSAGE_SELF).ru_maxrss` survives `execve`, so a child started by a
555 MB parent printed the parent's 555 MB whatever it did itself. `VmHWM` in /proc/self/status
is the high-water mark of the process's own address space, which `execve` replaces: a fresh
interpreter reading it measures itself from zero.
"""

from __future__ import annotations

import math
import os
import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


def percentile(samples: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (`share` in 0..1): a value that was measured, not interpolated."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Timing:
    """Seconds: the median and the tails of `n` runs, and the load when they were taken."""

    p50: float
    p90: float
    p99: float
    n: int
    load: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Timing:
        return cls(
            p50=percentile(samples, 0.5),
            p90=percentile(samples, 0.9),
            p99=percentile(samples, 0.99),
            n=len(samples),
            load=os.getloadavg()[0],
        )

    def __str__(self) -> str:
        return (
            f"p50 {ms(self.p50):>9s}  p90 {ms(self.p90):>9s}  p99 {ms(self.p99):>9s}"
            f"  (n={self.n}, load {self.load:.1f})"
        )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def timed(fn: Callable[[], Any], repeat: int) -> Timing:
    """`fn` run `repeat` times, each run timed on its own."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return Timing.of(samples)


def machine() -> str:
    """The line every benchmark prints first: cores and load now."""
    one, five, fifteen = os.getloadavg()
    return f"{os.cpu_count()} cores, load {one:.2f} {five:.2f} {fifteen:.2f}"


def peak_rss_mb() -> float:
    """The peak resident memory of this process since it started (see the module's note)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    # Without /proc (not Linux): ru_maxrss, which there is per process.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
