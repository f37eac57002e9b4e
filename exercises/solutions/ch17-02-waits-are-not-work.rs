use rayon::prelude::*;
use std::thread;

/// Fetches every page and returns the digest of each, in the order of
/// `ids`. A `fetch` is a blocking call that only waits; `digest` computes.
fn fetch_and_digest(ids: &[u64]) -> Vec<u64> {
    // Waiting: a thread each, all started before any is joined, so that
    // the waits overlap however few CPUs there are (a handful of waits,
    // or hundreds: threads are the simplest home).
    let pages: Vec<String> = thread::scope(|scope| {
        let handles: Vec<_> = ids
            .iter()
            .map(|&id| scope.spawn(move || fetch(id)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    // Computing: rayon, one thread per logical CPU. `collect` on an
    // indexed parallel iterator keeps the order of `pages`.
    pages.par_iter().map(|page| digest(page)).collect()
}
