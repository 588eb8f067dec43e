"""Latency measurement shared by the benchmarks: repeated runs within a budget, p50 and p99."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def timed(run: Callable[[], T], *, requests: int, budget: float) -> tuple[T, list[float]]:
    """Return what one warm-up run returned and the durations of up to `requests` runs,
    stopping once `budget` seconds are spent (but after 3 runs at least)."""
    first = run()  # warm up: caches, lazy imports, query parsers
    out: list[float] = []
    spent = time.perf_counter()
    while len(out) < requests and (time.perf_counter() - spent < budget or len(out) < 3):
        started = time.perf_counter()
        run()
        out.append(time.perf_counter() - started)
    return first, out


def percentiles(timings: list[float]) -> tuple[float, float]:
    """Return p50 and p99 in milliseconds."""
    ordered = sorted(timings)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000
