import asyncio
import time


async def task(name, start):
    def now():
        return (time.perf_counter() - start) * 1000

    print(f"[{now():4.0f} ms] {name} starts")
    await asyncio.sleep(0.2)  # hands control back to the event loop
    print(f"[{now():4.0f} ms] {name} ends")


async def main():
    start = time.perf_counter()
    await asyncio.gather(
        task("task 1", start),
        task("task 2", start),
        task("task 3", start),
    )
    print(f"all done in {(time.perf_counter() - start) * 1000:.0f} ms")


asyncio.run(main())
