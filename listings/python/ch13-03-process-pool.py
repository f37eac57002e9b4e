import os
from concurrent.futures import ProcessPoolExecutor


def primes_below(n):
    """How many primes there are below n, by trial division."""
    count = 0
    for k in range(2, n):
        d = 2
        while d * d <= k and k % d != 0:
            d += 1
        if d * d > k:
            count += 1
    return count, os.getpid()


if __name__ == "__main__":
    print(f"parent pid {os.getpid()}")
    items = [10_000, 2_500, 7_500, 5_000, 1_000, 9_000, 4_000, 6_000]
    with ProcessPoolExecutor(max_workers=2) as pool:
        # map hands back the results in the order of items, whichever
        # worker finishes first.
        for index, (n, (primes, pid)) in enumerate(zip(items, pool.map(primes_below, items))):
            print(f"item {index}: {primes} primes below {n} (pid {pid})")
