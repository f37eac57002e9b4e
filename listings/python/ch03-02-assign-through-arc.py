import dis
import threading

visits = 0


def add_one():
    global visits
    visits += 1


# The steps CPython runs for `visits += 1`: read the value, add, write it back.
steps = [
    i.opname
    for i in dis.get_instructions(add_one)
    if i.opname in ("LOAD_GLOBAL", "LOAD_NAME", "BINARY_OP", "INPLACE_ADD", "STORE_GLOBAL")
]
print("visits += 1 runs as:", " -> ".join(steps))


# The same three steps, written out, with the thread switch the GIL may make
# between any two of them placed where it hurts, every time: both threads
# read before either writes.
def add_one_unluckily(both_have_read):
    global visits
    value = visits  # read
    both_have_read.wait()  # the other thread runs here
    visits = value + 1  # write


visits = 0
gate = threading.Barrier(2)
threads = [threading.Thread(target=add_one_unluckily, args=(gate,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"two threads added 1 each, without a lock: visits = {visits}")
