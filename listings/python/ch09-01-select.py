import asyncio
import time

start = time.perf_counter()


def ms():
    return (time.perf_counter() - start) * 1000


async def operation(name, seconds):
    print(f"[{ms():4.0f} ms] {name} starts")
    try:
        await asyncio.sleep(seconds)
        print(f"[{ms():4.0f} ms] {name} woke up")
        return name
    finally:
        # Runs when the coroutine returns, and when it is cancelled: then
        # asyncio.CancelledError was raised at the await above.
        print(f"[{ms():4.0f} ms] {name} ends")


async def main():
    fast = asyncio.create_task(operation("fast", 0.1))
    slow = asyncio.create_task(operation("slow", 1.0))
    done, pending = await asyncio.wait(
        {fast, slow}, return_when=asyncio.FIRST_COMPLETED
    )
    # The loser keeps running unless we cancel it ourselves.
    for task in pending:
        task.cancel()
    await asyncio.wait(pending)
    for task in done:
        print(f"{task.result()} won")
    print(f"all done in {ms():.0f} ms")


asyncio.run(main())
