"""Listing 15-2's measurement in Python: timeit runs the work once per
timing, after a warm-up, and we keep the minimum and the median."""

import statistics
import sys
import timeit


def work(n, steps):
    total = 0
    for i in range(steps):
        total += i * n
    return total


steps = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
timer = timeit.Timer(lambda: work(3, steps))
timer.timeit(number=1)  # warm-up, its time thrown away
times = sorted(timer.repeat(repeat=9, number=1))
print(f"Python, {steps} steps a run, 9 runs after a warm-up")
print(f"min      {times[0] * 1e3:.3f} ms")
print(f"median   {statistics.median(times) * 1e3:.3f} ms")
print(f"max      {times[-1] * 1e3:.3f} ms")
print(f"per step {times[0] * 1e9 / steps:.3f} ns (min / steps)")
