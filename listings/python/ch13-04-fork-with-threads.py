import os
import threading

lock = threading.Lock()
held = threading.Event()
done = threading.Event()


def holder():
    with lock:  # another thread of the parent holds the lock...
        held.set()
        done.wait()


if __name__ == "__main__":
    thread = threading.Thread(target=holder)
    thread.start()
    held.wait()
    pid = os.fork()  # ...when the main thread forks
    if pid == 0:
        # The child is a copy of the parent's memory, lock included, but
        # of one thread only: the one that called fork.
        print(f"child: {threading.active_count()} thread", flush=True)
        took = lock.acquire(timeout=1)  # without the timeout: for ever
        print(f"child: took the lock within a second: {took}", flush=True)
        os._exit(0)
    os.waitpid(pid, 0)
    done.set()
    thread.join()
    print(f"parent: took the lock: {lock.acquire(timeout=1)}")
