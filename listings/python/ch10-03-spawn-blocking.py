import asyncio
import time


async def task(name, start):
    def now():
        return (time.perf_counter() - start) * 1000

    print(f"[{now():4.0f} ms] {name} starts")
    await asyncio.to_thread(time.sleep, 0.1)  # on a thread of a pool
    print(f"[{now():4.0f} ms] {name} ends")


async def main():
    start = time.perf_counter()
    tasks = [asyncio.create_task(task(name, start)) for name in ["task 1", "task 2", "task 3"]]
    for t in tasks:
        await t
    print(f"all done in {(time.perf_counter() - start) * 1000:.0f} ms")


asyncio.run(main())
