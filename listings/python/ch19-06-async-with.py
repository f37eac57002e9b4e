import asyncio
import time

start = time.perf_counter()


def ms():
    return (time.perf_counter() - start) * 1000


class Connection:
    """A connection that must say goodbye to its server before it goes."""

    def __init__(self, name):
        self.name = name

    async def close(self):
        print(f"[{ms():4.0f} ms] {self.name} goodbye starts")
        await asyncio.sleep(0.05)  # the round trip
        print(f"[{ms():4.0f} ms] {self.name} goodbye ends")

    async def __aenter__(self):
        return self

    async def __aexit__(self, *error):
        # Awaited on every way out of the `async with` block.
        await self.close()


async def main():
    async with Connection("conn 1"):
        print(f"[{ms():4.0f} ms] main: using conn 1")
    print(f"[{ms():4.0f} ms] main: conn 1 closed")
    try:
        async with Connection("conn 2"):
            raise ValueError("the request failed")
    except ValueError as error:
        print(f"[{ms():4.0f} ms] main: {error}, and conn 2 is closed")
    print(f"all done in {ms():.0f} ms")


asyncio.run(main())
