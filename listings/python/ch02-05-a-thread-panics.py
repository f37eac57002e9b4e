import threading

inputs = ["12", "x7", "30"]
results = {}


def parse(text):
    results[text] = int(text)  # raises ValueError for "x7"


workers = [threading.Thread(target=parse, args=(t,), name=f"parse {t}") for t in inputs]
for worker in workers:
    worker.start()
for text, worker in zip(inputs, workers):
    returned = worker.join()  # None, whether the thread raised or not
    print(f"{text!r}: join returned {returned}, result {results.get(text, 'missing')}")
print(f"total of the numbers that parsed: {sum(results.values())}")
