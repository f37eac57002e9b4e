use std::sync::Arc;
use std::thread;

// ANCHOR: main
fn main() {
    let names = Arc::new(vec!["ada", "grace", "linus"]);
    let mut readers = Vec::new();
    for reader in 1..=3 {
        let names = Arc::clone(&names);
        readers.push(thread::spawn(move || {
            format!("reader {reader} sees {names:?}")
        }));
    }
    for handle in readers {
        println!("{}", handle.join().unwrap());
    }
    // Each reader's clone was dropped when its thread finished.
    println!("owners left: {}", Arc::strong_count(&names));
}
// ANCHOR_END: main
