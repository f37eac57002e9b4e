import heapq
import time
from collections import deque

STEP = 0.050  # seconds
start = time.monotonic()


def stamp(text):
    print(f"[{(time.monotonic() - start) * 1000:4.0f} ms] {text}")


def task(name):
    stamp(f"{name} starts")
    for _ in range(2):
        stamp(f"{name} sleeps {STEP * 1000:.0f} ms")
        asked = time.monotonic()
        yield STEP  # the await point: "wake me in STEP seconds"
        late = max(0.0, time.monotonic() - asked - STEP) * 1000
        stamp(f"{name} woke {late:.0f} ms late")
    stamp(f"{name} ends")


def run(tasks):
    ready = deque(tasks)  # generators ready to take a step
    timers = []  # (deadline, order, generator), soonest first
    order = 0
    while ready or timers:
        while timers and timers[0][0] <= time.monotonic():
            ready.append(heapq.heappop(timers)[2])
        if not ready:
            time.sleep(max(0.0, timers[0][0] - time.monotonic()))
            continue
        generator = ready.popleft()
        try:
            seconds = next(generator)  # runs it up to its next yield
        except StopIteration:
            continue  # it has finished
        order += 1
        heapq.heappush(timers, (time.monotonic() + seconds, order, generator))


run([task("task a"), task("task b"), task("task c")])
print(f"all done in {(time.monotonic() - start) * 1000:.0f} ms")
