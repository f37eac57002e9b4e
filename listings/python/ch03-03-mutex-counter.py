import threading
import time

THREADS = 4
ADDS = 10_000

visits = 0
lock = threading.Lock()


def add(times):
    global visits
    for _ in range(times):
        with lock:  # acquired here, released at the end of the block
            visits += 1


workers = [threading.Thread(target=add, args=(ADDS,)) for _ in range(THREADS)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(f"{THREADS} threads, {ADDS} additions each: visits = {visits}")


# The unlucky switch of the previous program, now inside the lock: the
# sleep lets the other thread run, but not into the block.
def add_one_slowly():
    global visits
    with lock:
        value = visits
        time.sleep(0.01)  # gives up the GIL, but not the lock
        visits = value + 1


visits = 0
pair = [threading.Thread(target=add_one_slowly) for _ in range(2)]
for t in pair:
    t.start()
for t in pair:
    t.join()
print(f"two threads added 1 each, with a lock: visits = {visits}")
