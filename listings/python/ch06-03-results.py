from concurrent.futures import ThreadPoolExecutor
import time


def fail():
    raise ValueError("no answer")


with ThreadPoolExecutor(max_workers=3) as pool:
    # submit returns a Future; result() waits for the job's value.
    answer = pool.submit(lambda: 6 * 7)
    print(f"answer: {answer.result()}")

    # An exception in a job is kept in its Future and raised again by
    # result(); the worker thread lives on.
    failed = pool.submit(fail)
    try:
        print(f"failed: returned {failed.result()}")
    except ValueError as error:
        print(f"failed: {error}")

    start = time.perf_counter()

    def sleep_for(ms):
        def now():
            return (time.perf_counter() - start) * 1000

        print(f"[{now():4.0f} ms] job {ms} starts\n", end="")
        time.sleep(ms / 1000)
        print(f"[{now():4.0f} ms] job {ms} ends\n", end="")
        return ms

    # map yields the results in the order of the items.
    results = list(pool.map(sleep_for, [300, 100, 200]))
    print(f"results: {results}")
print(f"all done in {(time.perf_counter() - start) * 1000:.0f} ms")
