from concurrent.futures import ThreadPoolExecutor
import time


def job(name, start):
    def now():
        return (time.perf_counter() - start) * 1000

    # One write per line, newline included, so that lines from two
    # threads can never run together.
    print(f"[{now():4.0f} ms] {name} starts\n", end="")
    time.sleep(0.1)
    print(f"[{now():4.0f} ms] {name} ends\n", end="")


start = time.perf_counter()
# Three worker threads; leaving the `with` block waits for every job
# submitted, as dropping the Rust pool does.
with ThreadPoolExecutor(max_workers=3) as pool:
    for i in range(1, 7):
        pool.submit(job, f"job {i}", start)
print(f"all done in {(time.perf_counter() - start) * 1000:.0f} ms")
