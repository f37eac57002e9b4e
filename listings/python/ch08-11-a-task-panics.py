import asyncio
import time


async def main():
    start = time.perf_counter()

    def now():
        return (time.perf_counter() - start) * 1000

    async def ok():
        await asyncio.sleep(0.1)
        print(f"[{now():4.0f} ms] ok: returns 42")
        return 42

    async def fails():
        await asyncio.sleep(0.05)
        print(f"[{now():4.0f} ms] fails: about to raise")
        raise IndexError("index out of range")

    # return_exceptions=True: an exception comes back as a value, in its
    # place, and the other tasks run to their end.
    results = await asyncio.gather(ok(), fails(), return_exceptions=True)
    for result in results:
        print("gather gave", repr(result))
    print(f"all done in {now():.0f} ms")


asyncio.run(main())
