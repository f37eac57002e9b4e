use std::sync::atomic::{AtomicBool, AtomicU64, Ordering, fence};
use std::thread;

// ANCHOR: main
fn main() {
    let data = AtomicU64::new(0);
    let ready = AtomicBool::new(false);
    thread::scope(|s| {
        s.spawn(|| {
            data.store(42, Ordering::Relaxed);
            fence(Ordering::Release); // every write above ...
            ready.store(true, Ordering::Relaxed);
        });
        s.spawn(|| {
            while !ready.load(Ordering::Relaxed) {
                thread::yield_now();
            }
            fence(Ordering::Acquire); // ... is seen by every read below
            println!("data = {}", data.load(Ordering::Relaxed));
        });
    });
}
// ANCHOR_END: main
