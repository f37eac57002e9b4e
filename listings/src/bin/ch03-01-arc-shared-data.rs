use std::sync::Arc;
use std::thread;

// ANCHOR: main
fn main() {
    // One vector on the heap, with a count of its owners beside it.
    let readings: Arc<Vec<u64>> = Arc::new((1..=100).collect());

    // Three more owners: each clone copies a pointer and adds 1 to the count.
    let owners: Vec<Arc<Vec<u64>>> = (0..3).map(|_| Arc::clone(&readings)).collect();
    println!(
        "owners before the threads start: {}",
        Arc::strong_count(&readings)
    );

    let mut handles = Vec::new();
    for (id, mine) in owners.into_iter().enumerate() {
        handles.push(thread::spawn(move || {
            // Every thread reads the same vector; none of them copied it.
            let result = match id {
                0 => format!("sum = {}", mine.iter().sum::<u64>()),
                1 => format!("max = {}", mine.iter().max().unwrap()),
                _ => format!("evens = {}", mine.iter().filter(|n| *n % 2 == 0).count()),
            };
            println!("thread {id}: {result}");
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    // Each thread dropped its clone when it finished.
    println!("owners after the joins: {}", Arc::strong_count(&readings));
}
// ANCHOR_END: main
