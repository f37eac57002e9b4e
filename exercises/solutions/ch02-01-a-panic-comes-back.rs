use std::thread;

/// Parses every text on a thread of its own, all at once, and returns the
/// results in the order of `texts`.
fn parse_all(texts: &[&'static str]) -> Vec<Result<u64, String>> {
    // Every thread is started before any is joined: the parses overlap.
    let handles: Vec<_> = texts
        .iter()
        .map(|&text| thread::spawn(move || parse(text)))
        .collect();
    // `join` returns `Ok` with the closure's value, or `Err` with the
    // panic's payload: a panic ends only its own thread, and the caller
    // decides what it means. Here it becomes an `Err` in the results, and
    // the other threads' numbers are kept.
    handles
        .into_iter()
        .map(|handle| {
            handle
                .join()
                .map_err(|payload| message(&*payload).to_owned())
        })
        .collect()
}
