import asyncio
import time
from concurrent.futures import ProcessPoolExecutor


def count_primes(n):
    """Counts the primes below n by trial division: pure work for a core."""
    count = 0
    for k in range(2, n):
        d = 2
        while d * d <= k:
            if k % d == 0:
                break
            d += 1
        else:
            count += 1
    return count


async def ticker(period, done, start):
    """Wakes every period until done is set; returns the longest gap."""
    print(f"[{(time.perf_counter() - start) * 1000:4.0f} ms] ticker starts")
    last = time.perf_counter()
    longest = 0.0
    while not done.is_set():
        await asyncio.sleep(period)
        longest = max(longest, time.perf_counter() - last)
        last = time.perf_counter()
        print(f"[{(last - start) * 1000:4.0f} ms] tick")
    print(f"[{(time.perf_counter() - start) * 1000:4.0f} ms] ticker ends")
    return longest


async def main():
    start = time.perf_counter()
    done = asyncio.Event()
    ticks = asyncio.create_task(ticker(0.02, done, start))
    await asyncio.sleep(0.05)
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=1) as pool:
        print(f"[{(time.perf_counter() - start) * 1000:4.0f} ms] work starts")
        # The count runs in another process; this coroutine awaits it.
        primes = await loop.run_in_executor(pool, count_primes, 60_000)
        print(f"[{(time.perf_counter() - start) * 1000:4.0f} ms] work ends")
    done.set()
    longest = await ticks
    print(f"{primes} primes below 60000")
    print(f"longest gap between ticks: {longest * 1000:.0f} ms")
    print(f"all done in {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":  # the pool's processes import this file
    asyncio.run(main())
