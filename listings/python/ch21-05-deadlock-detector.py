import faulthandler
import sys
import threading
import time

a, b = threading.Lock(), threading.Lock()
both_hold_one = threading.Barrier(2)
both_gave_up = threading.Barrier(2)


def transfer(first, second, name):
    with first:
        both_hold_one.wait()  # each thread holds its first lock
        # The timeout is only so that this demonstration ends.
        if second.acquire(timeout=0.5):
            second.release()
        else:
            print(f"{name}: gave up waiting for the second lock\n", end="")
        both_gave_up.wait()  # keep the first lock until both have given up


threads = [
    threading.Thread(target=transfer, args=(a, b, "a to b")),
    threading.Thread(target=transfer, args=(b, a, "b to a")),
]
for thread in threads:
    thread.start()
time.sleep(0.2)  # both are stuck by now
# Every thread's stack, most recent call first, on standard error.
faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
for thread in threads:
    thread.join()
