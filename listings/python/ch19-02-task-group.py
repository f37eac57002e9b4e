import asyncio
import time

start = time.perf_counter()


def ms():
    return (time.perf_counter() - start) * 1000


async def worker(name, seconds, fails=False):
    print(f"[{ms():4.0f} ms] {name} starts")
    try:
        await asyncio.sleep(seconds)
        if fails:
            raise ConnectionError(f"{name} lost its connection")
    finally:
        # Runs when the worker returns, fails, or is cancelled.
        print(f"[{ms():4.0f} ms] {name} ends")


async def main():
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(worker("upload 1", 0.1, fails=True))
            group.create_task(worker("upload 2", 1.0))
            group.create_task(worker("indexer", 1.0))
        # The block ends only once every task it started has ended: when
        # one fails, the group cancels the others and waits for them.
    except* ConnectionError as failed:
        print(f"[{ms():4.0f} ms] main: {failed.exceptions[0]}")
    print(f"all done in {ms():.0f} ms")


asyncio.run(main())
