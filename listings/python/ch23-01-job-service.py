import asyncio
import concurrent.futures

BOUND = 2  # jobs at once; past it, the service answers "error busy"
TIMEOUT = 0.35  # seconds a request may take


def run(job, n):
    # The CPU work, in a worker process.
    if job == "primes":
        return sum(all(k % d for d in range(2, int(k**0.5) + 1)) for k in range(2, n))
    if job == "sleep":
        import time

        time.sleep(n / 1000)
        return n
    raise RuntimeError("the job failed")


async def answer(line, jobs, pool):
    words = line.split()
    if not words or words[0] not in ("primes", "sleep", "panic"):
        return "error bad request"
    if jobs.locked():  # full: refuse at once, never queue
        return "error busy"
    async with jobs:
        n = int(words[1]) if len(words) > 1 else 0
        work = asyncio.get_running_loop().run_in_executor(pool, run, words[0], n)
        try:
            async with asyncio.timeout(TIMEOUT):
                return f"ok {await work}"
        except TimeoutError:
            return "error timeout"
        except Exception:
            return "error the job panicked"


async def serve(reader, writer, jobs, pool, serving):
    serving.add(asyncio.current_task())
    while line := await reader.readline():
        writer.write(f"{await answer(line.decode(), jobs, pool)}\n".encode())
        await writer.drain()
    writer.close()
    serving.discard(asyncio.current_task())


async def client(port, requests):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for request in requests:
        writer.write(f"{request}\n".encode())
        print(f"{request} -> {(await reader.readline()).decode().strip()}\n", end="")
    writer.close()
    await writer.wait_closed()


async def main():
    jobs, serving = asyncio.Semaphore(BOUND), set()
    with concurrent.futures.ProcessPoolExecutor(max_workers=BOUND) as pool:
        # Start the worker processes before the first request.
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(pool, run, "primes", 2) for _ in range(BOUND)))
        server = await asyncio.start_server(
            lambda r, w: serve(r, w, jobs, pool, serving), "127.0.0.1", 0
        )
        port = server.sockets[0].getsockname()[1]
        await client(port, ["primes 100", "panic", "primes 1000"])
        long_jobs = [asyncio.create_task(client(port, [f"sleep {ms}"])) for ms in (200, 500)]
        await asyncio.sleep(0.05)
        await client(port, ["primes 10"])
        await asyncio.gather(*long_jobs)
        while serving:  # let each connection see its client's end
            await asyncio.sleep(0.01)
        server.close()
        await server.wait_closed()
    print("the service stopped\n", end="")


if __name__ == "__main__":
    asyncio.run(main())
