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
        print(f"[{ms():4.0f} ms] {name} ends")


async def main():
    # A generous limit: if the loop is late to run and sees both the end of
    # the sleep and the deadline as due, wait_for gives up on the sleep.
    quick = await asyncio.wait_for(operation("quick", 0.05), timeout=1.0)
    print(f"quick: {quick!r}")
    try:
        async with asyncio.timeout(0.1):  # Python 3.11 and later
            await operation("slow", 1.0)
        print("slow made it in time")
    except TimeoutError:
        print("slow: gave up, TimeoutError")
    print(f"all done in {ms():.0f} ms")


asyncio.run(main())
