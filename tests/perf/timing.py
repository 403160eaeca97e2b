"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import time
from typing import Callable


def best_of(fn: Callable[[], object], runs: int = 5) -> float:
    """The fastest of ``runs`` calls, in seconds: the least disturbed by a noisy machine."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best
