import os
import time
from multiprocessing import Pool

from joblib import Parallel, delayed


def square(x):
    # Busy for 20 ms, like listing 12-1's items, then report which
    # process did the work.
    until = time.perf_counter() + 0.02
    while time.perf_counter() < until:
        pass
    return x * x, os.getpid()


def report(name, results):
    squares = [square for square, _ in results]
    workers = {pid for _, pid in results}
    print(f"{name}: {squares}")
    here = "one of them" if os.getpid() in workers else "none of them"
    print(f"  done by {len(workers)} worker processes, {here} this one")


if __name__ == "__main__":
    items = list(range(1, 9))

    # A pool of two processes; map hands out the items and gives the
    # results back in the order of the items.
    with Pool(processes=2) as pool:
        report("Pool.map", pool.map(square, items, chunksize=1))

    # joblib: the same, written as a generator of delayed calls.
    report("joblib", Parallel(n_jobs=2)(delayed(square)(x) for x in items))
