import threading
import time

start = time.monotonic()


def stamp():
    return int((time.monotonic() - start) * 1000)


def say(text):
    # One write per line, newline included, so that lines from two
    # threads can never run together.
    print(f"[{stamp():4} ms] {text}\n", end="")


go = threading.Event()


def waiter():
    say("waiter starts")
    go.wait()  # blocks until main sets the event; a set before the wait is kept
    say("waiter ends")


thread = threading.Thread(target=waiter)
thread.start()
say("main starts")
time.sleep(0.1)
go.set()
say("main ends")
thread.join()
print(f"all done in {stamp()} ms")
