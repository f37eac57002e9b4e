"""Sleeping asyncio tasks against sleeping threads: resident memory per one."""

import asyncio
import threading
import time

TASKS = 10_000
THREADS = 500
WAIT = 0.2  # seconds every task and thread sleeps, once all are started


def status_kib(field):
    """A line of /proc/self/status, such as VmRSS, in KiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1])
    raise LookupError(field)


def report(what, n, before, during, finished):
    print(f"{what}: {n - finished} of {n} alive when measured")
    print(f"  VmRSS before {before} KiB, while asleep {during} KiB")
    print(f"  {(during - before) * 1024 // n} bytes per {what}")


async def tasks():
    counts = {"asleep": 0, "finished": 0}
    started = asyncio.Event()

    async def sleeper():
        counts["asleep"] += 1
        if counts["asleep"] == TASKS:
            started.set()
        await asyncio.sleep(WAIT)
        counts["finished"] += 1

    before = status_kib("VmRSS")
    pending = [asyncio.create_task(sleeper()) for _ in range(TASKS)]
    await started.wait()
    report("task", TASKS, before, status_kib("VmRSS"), counts["finished"])
    await asyncio.gather(*pending)


def threads():
    counts = {"asleep": 0, "finished": 0}
    lock = threading.Lock()
    go = threading.Event()
    all_asleep = threading.Event()
    measured = threading.Event()

    def sleeper():
        go.wait()
        with lock:
            counts["asleep"] += 1
            if counts["asleep"] == THREADS:
                all_asleep.set()
        # Asleep until memory is read: a fixed sleep could end first, as
        # 500 threads take turns on the GIL to get here.
        measured.wait()
        time.sleep(WAIT)
        with lock:
            counts["finished"] += 1

    before = status_kib("VmRSS")
    pending = [threading.Thread(target=sleeper) for _ in range(THREADS)]
    for thread in pending:
        thread.start()
    go.set()
    all_asleep.wait()
    with lock:
        finished = counts["finished"]
    report("thread", THREADS, before, status_kib("VmRSS"), finished)
    measured.set()
    for thread in pending:
        thread.join()


start = time.monotonic()
asyncio.run(tasks())
threads()
print(f"all done in {(time.monotonic() - start) * 1000:.0f} ms")
