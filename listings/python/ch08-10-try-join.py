import asyncio
import time


async def check(name, ms, ok, start):
    def now():
        return (time.perf_counter() - start) * 1000

    try:
        await asyncio.sleep(ms / 1000)
    except asyncio.CancelledError:
        print(f"[{now():4.0f} ms] {name}: cancelled, never finished")
        raise
    print(f"[{now():4.0f} ms] {name}: finished")
    if not ok:
        raise ValueError(f"{name} failed")
    return ms


async def main():
    start = time.perf_counter()
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(check("disk", 150, True, start))
            group.create_task(check("network", 50, False, start))
            group.create_task(check("cache", 100, True, start))
    except* ValueError as failures:
        print("TaskGroup raised", repr(failures.exceptions[0]))
    print(f"all done in {(time.perf_counter() - start) * 1000:.0f} ms")


asyncio.run(main())
