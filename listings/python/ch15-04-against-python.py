"""The CPU-bound tasks of listing 15-3, in Python: one after another, on
threads, and in a pool of processes. Prints one line per version."""

import multiprocessing
import sys
import sysconfig
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

TASKS = 4


def task(n, steps):
    """Adds up i * n for every i below steps, wrapping like a Rust u64."""
    total = 0
    for i in range(steps):
        total += i * n
    return total % 2**64


def sequential(steps):
    return sum(task(n, steps) for n in range(1, TASKS + 1)) % 2**64


def threads(steps):
    with ThreadPoolExecutor(TASKS) as pool:
        return sum(pool.map(task, range(1, TASKS + 1), [steps] * TASKS)) % 2**64


def processes(steps):
    with ProcessPoolExecutor(TASKS) as pool:
        return sum(pool.map(task, range(1, TASKS + 1), [steps] * TASKS)) % 2**64


def measure(version, steps, runs=2):
    """Best wall time of `runs` runs after a warm-up, and this process's
    CPU time over the wall time of those runs."""
    result = version(steps)  # warm-up
    best, cpu, wall = float("inf"), 0.0, 0.0
    for _ in range(runs):
        cpu_start, start = time.process_time(), time.perf_counter()
        assert version(steps) == result
        took = time.perf_counter() - start
        cpu += time.process_time() - cpu_start
        wall += took
        best = min(best, took)
    return result, best, cpu / wall


if __name__ == "__main__":
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    # The build: Python 3.13 and later can be built without the GIL (the
    # free-threaded "3.13t"); every other build has it.
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    build = "free-threaded" if free_threaded else "standard"
    # The run: a free-threaded build may still turn the GIL on (PYTHON_GIL=1,
    # or a module that needs it); sys._is_gil_enabled() exists from 3.13.
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    method = multiprocessing.get_start_method()
    print(f"Python {sys.version.split()[0]}, {build} build, "
          f"GIL {'enabled' if gil else 'disabled'}, processes by {method}")
    print(f"CPU-bound: {TASKS} tasks of {steps} steps, best of 2 runs after a warm-up")
    print("version      best time  speedup  CPU / wall  result")
    base = None
    for name, version in [("sequential", sequential), ("threads", threads),
                          ("processes", processes)]:
        result, best, cpu_per_wall = measure(version, steps)
        base = base or best
        # process_time() counts this process only, not its pool's workers.
        shown = f"{cpu_per_wall:11.2f}" if version is not processes else f"{'-':>11}"
        print(f"{name:<11} {best * 1e3:8.1f} ms {base / best:7.2f}x {shown}  {result}")
