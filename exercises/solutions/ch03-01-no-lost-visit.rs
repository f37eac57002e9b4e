use std::sync::atomic::{AtomicU64, Ordering};

/// Called by one thread per page, all at the same time: counts the
/// page's visits and adds them to `total`.
fn add_visits(total: &AtomicU64, page: u32) {
    // The slow count needs nothing shared, so no thread waits for it.
    let visits = count_visits(page);
    // `fetch_add` reads, adds and writes in one indivisible step: no other
    // thread's addition can fall between the read and the write. `Relaxed`
    // is enough, since the total is read after the threads are joined.
    total.fetch_add(visits, Ordering::Relaxed);
}
