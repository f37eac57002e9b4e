use std::cell::Cell;
use std::thread;

// ANCHOR: main
thread_local! {
    /// Each thread gets its own counter, starting at 0.
    static CALLS: Cell<u32> = const { Cell::new(0) };
}

fn work() {
    CALLS.with(|calls| calls.set(calls.get() + 1));
}

fn main() {
    thread::scope(|s| {
        for (name, times) in [("worker a", 3), ("worker b", 5)] {
            s.spawn(move || {
                for _ in 0..times {
                    work();
                }
                println!("{name} counted {} calls", CALLS.with(Cell::get));
            });
        }
    });
    println!("main counted {} calls", CALLS.with(Cell::get));
}
// ANCHOR_END: main
