import asyncio
import time

start = time.perf_counter()


def ms():
    return (time.perf_counter() - start) * 1000


async def consumer(queue, got):
    await asyncio.sleep(0.1)
    while (n := await queue.get()) is not None:
        got.append(n)


async def main():
    queue = asyncio.Queue(maxsize=2)
    got = []
    consuming = asyncio.create_task(consumer(queue, got))
    for n in range(1, 5):
        await queue.put(n)  # waits while the queue is full
        print(f"[{ms():4.0f} ms] queue: put {n}")
    await queue.put(None)  # no more: a queue cannot tell by itself
    await consuming
    print(f"queue: the consumer got {got}")


asyncio.run(main())
