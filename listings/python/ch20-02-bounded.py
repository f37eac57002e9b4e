import asyncio
import time

start = time.perf_counter()


def ms():
    return (time.perf_counter() - start) * 1000


async def fetch(i, limit):
    async with limit:  # at most two fetches hold a permit at once
        print(f"[{ms():4.0f} ms] fetch {i} starts")
        await asyncio.sleep(0.1)
        print(f"[{ms():4.0f} ms] fetch {i} ends")
        return i * 10


async def save(i, limit):
    async with limit:
        print(f"[{ms():4.0f} ms] save {i} starts")
        await asyncio.sleep(0.1)
        print(f"[{ms():4.0f} ms] save {i} ends")


async def main():
    limit = asyncio.Semaphore(2)
    pages = await asyncio.gather(*(fetch(i, limit) for i in range(1, 7)))
    print(f"fetched {len(pages)} pages")
    await asyncio.gather(*(save(i, limit) for i in range(1, 7)))
    print(f"all done in {ms():.0f} ms")


asyncio.run(main())
