use std::cell::Cell;

thread_local! {
    /// How many requests the current thread has handled: one counter per
    /// thread, starting at 0 in each.
    static HANDLED: Cell<u64> = const { Cell::new(0) };
}

/// Called by a worker thread for each request it handles.
fn note_request() {
    HANDLED.with(|handled| handled.set(handled.get() + 1));
}

/// How many requests the calling thread has handled so far.
fn handled_by_this_thread() -> u64 {
    HANDLED.with(Cell::get)
}
