import threading
import time


class Ticker(threading.Thread):
    """A thread written as a class: state in the object, work in `run`."""

    def __init__(self, name, ticks, period, clock):
        super().__init__(name=name)
        self.ticks = ticks
        self.period = period
        self.clock = clock
        self.late = []  # filled in by run: how late each tick woke up

    def stamp(self, event):
        ms = (time.perf_counter() - self.clock) * 1000
        print(f"[{ms:4.0f} ms] {self.name} {event}\n", end="")

    def run(self):  # what start() runs on the new thread
        self.stamp("starts")
        due = time.perf_counter()
        for _ in range(self.ticks):
            due += self.period
            time.sleep(max(0, due - time.perf_counter()))
            self.late.append(time.perf_counter() - due)
        self.stamp("ends")


clock = time.perf_counter()
tickers = [Ticker("fast", 4, 0.05, clock), Ticker("slow", 2, 0.1, clock)]
for ticker in tickers:
    ticker.start()
for ticker in tickers:
    ticker.join()  # returns None: the results are read from the object
    worst = max(ticker.late) * 1e6
    # One write per line: the other ticker may still be printing.
    print(f"{ticker.name} ticked {len(ticker.late)} times, at worst {worst:.0f} µs late\n", end="")
print(f"all done in {(time.perf_counter() - clock) * 1000:.0f} ms")
