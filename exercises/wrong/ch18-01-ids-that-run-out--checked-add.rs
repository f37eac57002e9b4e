// Mistake: refusing only when the counter would overflow keeps it from
// wrapping around, but hands out ids from MAX up to 254 before it refuses.
// grader: fails ids below MAX, saying "refuse once it reaches MAX"
use std::sync::atomic::{AtomicU8, Ordering};

const MAX: u8 = 200;

static NEXT: AtomicU8 = AtomicU8::new(0);

fn allocate() -> Option<u8> {
    NEXT.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_add(1))
        .ok()
}
