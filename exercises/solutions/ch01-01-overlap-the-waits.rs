use std::thread;

/// Fetches every page, and returns them in the order of `ids`: a thread
/// each, all started before any is joined, so that their waits overlap.
fn fetch_all(ids: &[u32]) -> Vec<String> {
    let handles: Vec<_> = ids
        .iter()
        .map(|&id| thread::spawn(move || fetch(id)))
        .collect();
    // Joined in the order they were started: the pages come back in the
    // order of `ids`, whichever thread ends first.
    handles
        .into_iter()
        .map(|handle| handle.join().unwrap())
        .collect()
}
