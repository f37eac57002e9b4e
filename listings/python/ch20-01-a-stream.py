import asyncio


async def readings():
    """An async generator: each `yield` hands one reading to `async for`,
    and the body goes on only when the next one is asked for."""
    for n in range(1, 7):
        await asyncio.sleep(0.02)
        print(f"produced {n}")
        yield n * 10


async def main():
    # An async generator expression: filtered and mapped, lazily.
    even = (r // 10 async for r in readings() if r % 20 == 0)
    async for reading in even:
        print(f"got {reading}")
    print("the stream ended")


asyncio.run(main())
