import os
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

TASKS = 4
STEPS = 1_000_000
WORKERS = 2


def task(n):
    """CPU-bound: pure Python arithmetic, which holds the GIL throughout.
    Returns its result, the pid that ran it and the CPU time it used, as
    measured by the thread that ran it: that works in a worker thread and
    in a worker process alike, whichever way the process was started."""
    cpu = time.thread_time()
    total = 0
    for i in range(STEPS):
        total += i * n
    return total, os.getpid(), time.thread_time() - cpu


def measure(pool_type):
    """Runs every task on a pool of WORKERS; returns the results, the
    wall time and the CPU time the tasks used, wherever they ran."""
    start = time.perf_counter()
    with pool_type(max_workers=WORKERS) as pool:  # waits for its workers
        results = list(pool.map(task, range(1, TASKS + 1)))
    wall = time.perf_counter() - start
    cpu = sum(cpu for _, _, cpu in results)
    return results, wall, cpu


# A pool of processes may start each worker as a fresh interpreter that
# imports this file (the `spawn` and `forkserver` start methods): the guard
# keeps those imports from starting pools of their own.
if __name__ == "__main__":
    print(f"{TASKS} CPU-bound tasks on {WORKERS} workers")
    threads, thread_wall, thread_cpu = measure(ThreadPoolExecutor)
    processes, process_wall, process_cpu = measure(ProcessPoolExecutor)
    for name, wall, cpu in [
        ("thread pool", thread_wall, thread_cpu),
        ("process pool", process_wall, process_cpu),
    ]:
        print(
            f"{name:12}  wall {wall * 1000:5.0f} ms  CPU {cpu * 1000:5.0f} ms"
            f"  CPU / wall {cpu / wall:.2f}"
        )
    same = [r for r, _, _ in threads] == [r for r, _, _ in processes]
    print(f"same results: {same}")
    pids = {pid for _, pid, _ in processes}
    print(f"tasks ran in the main process: {os.getpid() in pids}")
    # The GIL lets one thread run Python code at a time: threads never used
    # more than one core's worth of CPU, so only processes can use more.
    if thread_cpu / thread_wall < 1.5:
        print("threads took turns on the GIL: choose processes for CPU-bound Python")
    else:
        print("threads ran at once: this Python has no GIL")
