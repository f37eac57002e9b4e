import asyncio
import time


class Connection:
    """Carries one exchange at a time: a request, then its reply."""

    def __init__(self):
        self.exchanges = 0

    async def exchange(self, name, now):
        print(f"[{now():4.0f} ms] {name} starts")
        await asyncio.sleep(0.1)  # the reply
        self.exchanges += 1
        print(f"[{now():4.0f} ms] {name} ends")


async def main():
    start = time.perf_counter()

    def now():
        return (time.perf_counter() - start) * 1000

    connection = Connection()
    lock = asyncio.Lock()

    async def request(name):
        async with lock:  # waits, as a task; held across the await below
            await connection.exchange(name, now)

    async def other():
        print(f"[{now():4.0f} ms] other starts")
        await asyncio.sleep(0.1)
        print(f"[{now():4.0f} ms] other ends")

    await asyncio.gather(*(request(f"req {n}") for n in (1, 2, 3)), other())
    print(f"{connection.exchanges} exchanges")
    print(f"all done in {now():.0f} ms")


asyncio.run(main())
