// Mistake: each `thread_local!` declares a variable of its own. Declared
// inside each function, the counter that `note_request` adds to is not the
// one that `handled_by_this_thread` reads, which stays at 0.
// grader: fails each its own, saying "the counter `handled_by_this_thread` reads is not the one `note_request` adds to"
use std::cell::Cell;

fn note_request() {
    thread_local! {
        static HANDLED: Cell<u64> = const { Cell::new(0) };
    }
    HANDLED.with(|handled| handled.set(handled.get() + 1));
}

fn handled_by_this_thread() -> u64 {
    thread_local! {
        static HANDLED: Cell<u64> = const { Cell::new(0) };
    }
    HANDLED.with(Cell::get)
}
