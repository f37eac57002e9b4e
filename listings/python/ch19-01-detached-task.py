import asyncio
import time

start = time.perf_counter()

# The event loop keeps only weak references to tasks: a task that nobody
# references may be garbage-collected before it ends. Keep them here.
background = set()


def ms():
    return (time.perf_counter() - start) * 1000


async def audit_log():
    print(f"[{ms():4.0f} ms] audit log starts")
    await asyncio.sleep(0.3)  # writing to the log
    print(f"[{ms():4.0f} ms] audit log: order 7 recorded as paid")
    print(f"[{ms():4.0f} ms] audit log ends")


async def save_order():
    print(f"[{ms():4.0f} ms] save_order starts")
    task = asyncio.create_task(audit_log())
    background.add(task)
    task.add_done_callback(background.discard)
    await asyncio.sleep(0.05)  # charging the card
    print(f"[{ms():4.0f} ms] save_order ends")
    raise ValueError("card declined")


async def main():
    try:
        await save_order()
    except ValueError as error:
        print(f"[{ms():4.0f} ms] main: save_order raised {error!r}")
    await asyncio.sleep(0.4)  # the program goes on with other work
    print(f"all done in {ms():.0f} ms")


asyncio.run(main())
