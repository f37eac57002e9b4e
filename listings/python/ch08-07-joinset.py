import asyncio
import time


async def fetch(name, ms, start):
    def now():
        return (time.perf_counter() - start) * 1000

    print(f"[{now():4.0f} ms] {name} starts")
    await asyncio.sleep(ms / 1000)
    print(f"[{now():4.0f} ms] {name} ends")
    return f"page {name}"


async def main():
    start = time.perf_counter()
    jobs = [("a", 50), ("b", 150), ("c", 100)]

    # gather: every result, in the order the tasks were given.
    pages = await asyncio.gather(*(fetch(n, ms, start) for n, ms in jobs))
    print("gather gave", pages)

    # as_completed: each result as soon as its task is done.
    tasks = [asyncio.create_task(fetch(n, ms, start)) for n, ms in jobs]
    for next_done in asyncio.as_completed(tasks):
        print("as_completed gave", await next_done)


asyncio.run(main())
