import threading
import time


def task(name, start):
    def now():
        return (time.perf_counter() - start) * 1000

    # One write per line, newline included, so that lines from two
    # threads can never run together.
    print(f"[{now():4.0f} ms] {name} starts\n", end="")
    time.sleep(0.2)  # gives up the GIL while it waits
    print(f"[{now():4.0f} ms] {name} ends\n", end="")


start = time.perf_counter()
workers = []
for name in ["task 1", "task 2", "task 3"]:
    worker = threading.Thread(target=task, args=(name, start))
    worker.start()
    workers.append(worker)
for worker in workers:
    worker.join()
print(f"all done in {(time.perf_counter() - start) * 1000:.0f} ms")
