import os
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

TASKS = 4
STEPS = 1_000_000
WORKERS = 2


def task(n):
    """CPU-bound: pure Python arithmetic, which holds the GIL throughout."""
    total = 0
    for i in range(STEPS):
        total += i * n
    return total, os.getpid()


def measure(pool_type):
    """Runs every task on a pool of WORKERS; returns the results, the
    wall time and the CPU time spent by this process and its children."""
    before, start = os.times(), time.perf_counter()
    with pool_type(max_workers=WORKERS) as pool:  # waits for its workers
        results = list(pool.map(task, range(1, TASKS + 1)))
    wall = time.perf_counter() - start
    after = os.times()
    cpu = sum(after[:4]) - sum(before[:4])  # user + system, self + children
    return results, wall, cpu


print(f"{TASKS} CPU-bound tasks on {WORKERS} workers")
threads, thread_wall, thread_cpu = measure(ThreadPoolExecutor)
processes, process_wall, process_cpu = measure(ProcessPoolExecutor)
for name, wall, cpu in [
    ("thread pool", thread_wall, thread_cpu),
    ("process pool", process_wall, process_cpu),
]:
    print(f"{name:12}  wall {wall * 1000:5.0f} ms  CPU / wall {cpu / wall:.2f}")
same = [r for r, _ in threads] == [r for r, _ in processes]
print(f"same results: {same}")
pids = {pid for _, pid in processes}
print(f"tasks ran in the main process: {os.getpid() in pids}")
# The GIL lets one thread run Python code at a time: threads never used
# more than one core's worth of CPU, so only processes can use more.
if thread_cpu / thread_wall < 1.5:
    print("threads took turns on the GIL: choose processes for CPU-bound Python")
else:
    print("threads ran at once: this Python has no GIL")
