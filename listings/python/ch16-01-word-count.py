# The word count of listing 16-1 with dask: a bag of lines, split into
# words, counted by word. The `distributed` scheduler runs it on a local
# cluster of two workers; on real machines, Client("scheduler:8786")
# would connect to a cluster started on them.
import time

import dask.bag as db
from dask.distributed import Client, LocalCluster

TEXT = """the map is not the territory
the dataflow is the program
every worker counts the words it owns
no worker counts the words it does not own"""

if __name__ == "__main__":
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        lines = db.from_sequence(TEXT.splitlines(), npartitions=2)
        words = lines.map(str.split).flatten()
        start = time.perf_counter()
        counts = dict(words.frequencies().compute())
        elapsed = time.perf_counter() - start
        workers = len(client.scheduler_info()["workers"])
    for word in sorted(counts):
        print(f"{word}={counts[word]}")
    print(f"{sum(counts.values())} words, {len(counts)} different, on {workers} workers")
    print(f"counted in {elapsed * 1000:.1f} ms")
