"""Shared by the benchmark scripts: percentiles and one printed line of figures."""

from __future__ import annotations

import statistics


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` (0–1) of `values` lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def figures(name: str, seconds: list[float]) -> float:
    """Print p50/p90/p99 in milliseconds of timings given in seconds; return the p50."""
    ms = [s * 1000 for s in seconds]
    p50 = statistics.median(ms)
    print(f"  {name}: p50 {p50:.3f} ms, p90 {percentile(ms, 0.9):.3f} ms, p99 {percentile(ms, 0.99):.3f} ms "
          f"({len(ms)} questions)")
    return p50


def verdict(p50_ms: float, goal_ms: float, what: str = "a whole turn") -> int:
    """Print whether the p50 meets its goal; the exit code for the script (0 met, 1 not)."""
    met = p50_ms < goal_ms
    print(f"  goal p50 < {goal_ms:g} ms for {what}: {'met' if met else 'NOT met'}")
    return 0 if met else 1
