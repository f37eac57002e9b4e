use std::cell::Cell;
use std::sync::RwLock;
use std::thread;

fn main() {
    // ANCHOR: main
    // Read guards give `&Cell`, and many threads may hold one at once.
    let hits = RwLock::new(Cell::new(0));
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                let cell = hits.read().unwrap();
                cell.set(cell.get() + 1);
            });
        }
    });
    // ANCHOR_END: main
    println!("hits: {}", hits.into_inner().unwrap().get());
}
