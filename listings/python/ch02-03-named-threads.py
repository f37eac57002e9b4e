import threading


def greet():
    # One write per line, newline included: lines of two threads cannot
    # run together (see "Two threads, one terminal").
    print(f"hello from {threading.current_thread().name}\n", end="")


workers = [threading.Thread(target=greet, name=name) for name in ["loader", "parser"]]
workers.append(threading.Thread(target=greet))  # named for you: Thread-N
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()
print(f"goodbye from {threading.current_thread().name}")
