import sys
import threading
import time

THREADS = 4
BLOCK = 1000


def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, int(n**0.5) + 1))


def count_part(part, parts, limit):
    count = 0
    for block in range(part * BLOCK, limit, parts * BLOCK):
        count += sum(1 for n in range(block, min(block + BLOCK, limit)) if is_prime(n))
    return count


def measure(work):
    """Runs work(); returns its result, wall time and CPU time (all threads)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def with_threads(limit):
    counts = [0] * THREADS

    def run(part):
        counts[part] = count_part(part, THREADS, limit)

    workers = [threading.Thread(target=run, args=(p,)) for p in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return counts


limit = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
gil = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True
print(f"Python {sys.version.split()[0]}, GIL {'enabled' if gil else 'disabled'}")
alone, wall, cpu = measure(lambda: count_part(0, 1, limit))
print(f"alone: {alone} primes below {limit} in {wall * 1000:.0f} ms, {cpu * 1000:.0f} ms of CPU time")
counts, wall, cpu = measure(lambda: with_threads(limit))
parts = " + ".join(map(str, counts))
print(f"{THREADS} threads: {parts} = {sum(counts)} primes in {wall * 1000:.0f} ms, {cpu * 1000:.0f} ms of CPU time")
