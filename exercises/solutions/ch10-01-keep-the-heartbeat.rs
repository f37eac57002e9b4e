use tokio::task;

/// Answers request `id`: the blocking call runs on a thread of tokio's
/// blocking pool, kept for such calls, and this task awaits its handle.
/// The `.await` gives the runtime's thread back to the other tasks until
/// the lookup is done.
async fn answer(id: u32) -> String {
    // `move`: the closure runs on another thread, so it owns what it uses.
    // `unwrap`: the handle's `Err` would mean that `lookup` panicked.
    task::spawn_blocking(move || lookup(id)).await.unwrap()
}
