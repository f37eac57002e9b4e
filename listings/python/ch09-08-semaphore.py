import asyncio
import time

start = time.perf_counter()


def ms():
    return (time.perf_counter() - start) * 1000


running = 0
most = 0


async def operation(op, permits):
    global running, most
    async with permits:  # waits while three operations hold the permits
        running += 1
        most = max(most, running)
        print(f"[{ms():4.0f} ms] op {op} starts")
        await asyncio.sleep(0.1)  # the operation
        print(f"[{ms():4.0f} ms] op {op} ends")
        running -= 1


async def main():
    permits = asyncio.Semaphore(3)
    async with asyncio.TaskGroup() as group:
        for op in range(1, 8):
            group.create_task(operation(op, permits))
    print(f"at most {most} operations ran at once")
    print(f"all done in {ms():.0f} ms")


asyncio.run(main())
