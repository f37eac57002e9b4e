// Mistake: the lock makes the load and the store one step, so no update is
// lost, but it is held through the slow count: the four counts take turns,
// and the threads gain nothing.
// grader: fails overlap, saying "A lock held through `count_visits`"
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

static LOCK: Mutex<()> = Mutex::new(());

fn add_visits(total: &AtomicU64, page: u32) {
    let _guard = LOCK.lock().unwrap();
    let so_far = total.load(Ordering::Relaxed);
    total.store(so_far + count_visits(page), Ordering::Relaxed);
}
