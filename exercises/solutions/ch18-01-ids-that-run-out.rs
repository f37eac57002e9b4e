use std::sync::atomic::{AtomicU8, Ordering};

/// The ids there are: 0 to MAX - 1, each for one caller only.
const MAX: u8 = 200;

static NEXT: AtomicU8 = AtomicU8::new(0);

/// Hands out the next free id, or `None` once all MAX are taken, and
/// forever after. Called from many threads at once.
fn allocate() -> Option<u8> {
    // `fetch_update` retries the closure until its exchange succeeds; the
    // closure returns `None` to refuse, and then the counter stays at MAX.
    NEXT.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
        if n < MAX { Some(n + 1) } else { None }
    })
    .ok()
}
