import threading

# One list, shared by two threads, with no lock of this program's own.
numbers = []


def push(first, last):
    for n in range(first, last):
        numbers.append(n)


pushers = [
    threading.Thread(target=push, args=(0, 1_000_000)),
    threading.Thread(target=push, args=(1_000_000, 2_000_000)),
]
for pusher in pushers:
    pusher.start()
for pusher in pushers:
    pusher.join()
print(f"{len(numbers)} numbers, sum {sum(numbers)}")
