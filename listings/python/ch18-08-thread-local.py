import threading

# Each thread that touches `calls.count` gets its own.
calls = threading.local()


def work():
    calls.count = getattr(calls, "count", 0) + 1


def worker(name, times):
    for _ in range(times):
        work()
    # One write, newline included: two threads' lines never run together.
    print(f"{name} counted {calls.count} calls\n", end="")


threads = [
    threading.Thread(target=worker, args=(name, times))
    for name, times in [("worker a", 3), ("worker b", 5)]
]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(f"main counted {getattr(calls, 'count', 0)} calls")
