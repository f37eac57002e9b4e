import multiprocessing

COUNTER = 0


def child(method):
    global COUNTER
    print(f"{method} child: COUNTER is {COUNTER} at the start", flush=True)
    COUNTER = 100
    print(f"{method} child: I set COUNTER to {COUNTER}", flush=True)


if __name__ == "__main__":
    COUNTER = 1
    print(f"parent: I set COUNTER to {COUNTER}")
    for method in ["fork", "spawn"]:
        context = multiprocessing.get_context(method)
        process = context.Process(target=child, args=(method,))
        process.start()
        process.join()
        print(f"parent: after the {method} child's change, COUNTER is {COUNTER}")
