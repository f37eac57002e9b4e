import asyncio
import time


async def blocker():
    time.sleep(0.2)  # blocks the event loop: the mistake of chapter 10


async def main():
    # Debug mode logs every step of a task that holds the loop this long.
    asyncio.get_running_loop().slow_callback_duration = 0.1
    await asyncio.create_task(blocker())
    print("done")


asyncio.run(main(), debug=True)
