import queue
import threading
import time

CAPACITY = 2  # how many items the queue holds before put() waits
MESSAGES = 7
WORK = 0.05  # seconds the consumer works on each item

start = time.perf_counter()


def say(text):
    # One write per line, newline included, so that lines from two
    # threads can never run together.
    print(f"[{(time.perf_counter() - start) * 1000:4.0f} ms] {text}\n", end="")


channel = queue.Queue(maxsize=CAPACITY)
DONE = object()  # Python's queue has no senders to drop: send a marker


def consume():
    while (item := channel.get()) is not DONE:
        say(f"work {item} starts")
        time.sleep(WORK)
        say(f"work {item} ends")


consumer = threading.Thread(target=consume)
consumer.start()

blocked = 0.0
for item in range(1, MESSAGES + 1):
    say(f"send {item} starts")
    before = time.perf_counter()
    channel.put(item)  # waits while the queue is full
    blocked += time.perf_counter() - before
    say(f"send {item} ends")
print(f"the producer was blocked in send for {blocked * 1000:.1f} ms in all\n", end="")
channel.put(DONE)

consumer.join()
print(f"all done in {(time.perf_counter() - start) * 1000:.0f} ms")
