import sys
import time

CHILDREN = 4


def worker(number):
    """What each child does: 200 ms of work (a sleep here), then its answer."""
    time.sleep(0.2)
    print(f"worker {number}: {number} squared is {number * number}")


async def child(number, start):
    print(f"[{(time.perf_counter() - start) * 1000:4.0f} ms] child {number} starts")
    process = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "worker", str(number),
        stdout=asyncio.subprocess.PIPE,
    )
    output, _ = await process.communicate()  # reads its output as it comes
    print(f"[{(time.perf_counter() - start) * 1000:4.0f} ms] child {number} ends")
    assert process.returncode == 0, f"child {number}: exit {process.returncode}"
    print(f"child {number} said: {output.decode().rstrip()}")


async def main():
    start = time.perf_counter()
    await asyncio.gather(*(child(n, start) for n in range(1, CHILDREN + 1)))
    print(f"all done in {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        worker(int(sys.argv[2]))
    else:
        import asyncio  # only the parent needs it: children start faster

        asyncio.run(main())
