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
    quick = await asyncio.wait_for(operation("quick", 0.05), timeout=0.1)
    print(f"quick: {quick!r}")
    try:
        async with asyncio.timeout(0.1):  # Python 3.11 and later
            await operation("slow", 0.2)
        print("slow made it in time")
    except TimeoutError:
        print("slow: gave up, TimeoutError")
    print(f"all done in {ms():.0f} ms")


asyncio.run(main())
