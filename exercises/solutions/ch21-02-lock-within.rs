/// Locks `lock`, waiting at most `limit`.
fn lock_within(lock: &Lock, limit: std::time::Duration) -> Option<std::sync::MutexGuard<'_, u32>> {
    let deadline = std::time::Instant::now() + limit;
    loop {
        // `try_lock` never waits, so this thread never sits in a lock it
        // cannot get: a deadlock shows up as `None` instead of a hang.
        if let Some(guard) = lock.try_lock() {
            return Some(guard);
        }
        if std::time::Instant::now() >= deadline {
            return None;
        }
        // Sleep between tries, so as not to burn a core while waiting.
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}
