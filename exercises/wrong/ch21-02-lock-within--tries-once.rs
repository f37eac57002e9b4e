// Mistake: one `try_lock` never hangs, but it gives up at once: a lock
// that another thread lets go a moment later is reported as not got.
// grader: fails waits for a lock let go in time, saying "one try is not a wait"
fn lock_within(lock: &Lock, limit: std::time::Duration) -> Option<std::sync::MutexGuard<'_, u32>> {
    let _ = limit;
    lock.try_lock()
}
