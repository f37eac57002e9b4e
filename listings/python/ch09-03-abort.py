import asyncio
import time

start = time.perf_counter()


def ms():
    return (time.perf_counter() - start) * 1000


async def worker():
    print(f"[{ms():4.0f} ms] worker starts")
    try:
        for step in range(1, 4):
            await asyncio.sleep(0.2)
            print(f"[{ms():4.0f} ms] worker: step {step} done")
        print(f"[{ms():4.0f} ms] worker: all steps done")
    except asyncio.CancelledError:
        # Raised inside the task, at the await it was suspended in. The
        # task could even carry on; re-raising lets the cancellation finish.
        print(f"[{ms():4.0f} ms] worker: CancelledError at its await")
        raise
    finally:
        print(f"[{ms():4.0f} ms] worker ends")


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(0.3)
    print(f"[{ms():4.0f} ms] main: cancel the worker")
    task.cancel()
    try:
        await task
        print("the worker finished")
    except asyncio.CancelledError:
        print(f"the worker was cancelled: {task.cancelled()}")
    print(f"all done in {ms():.0f} ms")


asyncio.run(main())
