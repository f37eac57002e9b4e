import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def square(n):
    if n == 2:
        os.abort()  # the worker process dies on item 2
    return n * n


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=2) as pool:
        try:
            print(list(pool.map(square, [1, 2, 3])))
        except BrokenProcessPool as e:
            print(f"map raised {type(e).__name__}")
        try:
            pool.submit(square, 4)
        except BrokenProcessPool as e:
            print(f"submit raised {type(e).__name__}: the pool is done for")
    print("the parent is still running")
