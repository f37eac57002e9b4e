import asyncio
import time

start = time.perf_counter()


def ms():
    return (time.perf_counter() - start) * 1000


def blocking_job(name):
    print(f"[{ms():4.0f} ms] {name} starts")
    time.sleep(0.3)  # no `await`: no way to stop it
    print(f"[{ms():4.0f} ms] {name} ends")


async def main():
    task = asyncio.create_task(asyncio.to_thread(blocking_job, "blocking 1"))
    await asyncio.sleep(0.05)
    task.cancel()  # cancels the awaiting, not the thread
    try:
        await task
    except asyncio.CancelledError:
        print(f"[{ms():4.0f} ms] main: the task is cancelled")


# At its end, asyncio.run waits for the threads of its default executor.
asyncio.run(main())
print(f"all done in {ms():.0f} ms")
