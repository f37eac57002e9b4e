use std::cell::Cell;
use std::sync::Arc;
use std::thread;

fn main() {
    // ANCHOR: main
    // A `Cell` may go to another thread (it is `Send`), but not be shared
    // (it is not `Sync`); an `Arc` would share it.
    let hits = Arc::new(Cell::new(0));
    let counter = {
        let hits = Arc::clone(&hits);
        thread::spawn(move || hits.set(hits.get() + 1))
    };
    hits.set(hits.get() + 1);
    // ANCHOR_END: main
    counter.join().unwrap();
    println!("hits: {}", hits.get());
}
