import queue
import threading

jobs = queue.Queue()
DONE = None  # one per worker: a Queue has no "all senders are gone"


def worker(name, out):
    mine = []
    while (job := jobs.get()) is not DONE:
        mine.append(job)
    print(f"{name} took {len(mine)} jobs\n", end="")
    out.extend(mine)


taken = []
workers = [threading.Thread(target=worker, args=(name, taken)) for name in ("worker a", "worker b")]
for w in workers:
    w.start()
for job in range(1000):
    jobs.put(job)
for _ in workers:
    jobs.put(DONE)
for w in workers:
    w.join()
print(f"distinct jobs done: {len(set(taken))} of 1000")
