use std::thread;
use std::time::Duration;

use parking_lot::{Mutex, const_mutex};

static A: Mutex<i64> = const_mutex(100);
static B: Mutex<i64> = const_mutex(100);

// ANCHOR: transfer
/// Chapter 4's transfer, on parking_lot's locks: each thread takes its
/// first lock, waits a moment, then asks for the other's.
fn transfer(from: &Mutex<i64>, to: &Mutex<i64>, amount: i64) {
    let mut from = from.lock();
    thread::sleep(Duration::from_millis(50));
    let mut to = to.lock(); // never returns
    *from -= amount;
    *to += amount;
}
// ANCHOR_END: transfer

// ANCHOR: detector
/// Checks for a deadlock every 100 ms; reports the first one and ends the
/// process.
fn watch_for_deadlocks() {
    loop {
        thread::sleep(Duration::from_millis(100));
        let deadlocks = parking_lot_core::deadlock::check_deadlock();
        let Some(threads) = deadlocks.first() else {
            continue;
        };
        println!("deadlock: {} threads wait for each other", threads.len());
        for waiting in threads {
            let mut trace = waiting.backtrace().clone();
            trace.resolve();
            let names: Vec<String> = trace
                .frames()
                .iter()
                .flat_map(|frame| frame.symbols())
                .filter_map(|symbol| Some(symbol.name()?.to_string()))
                .collect();
            let in_transfer = names.iter().any(|name| name.contains("transfer"));
            println!("a thread waits for a lock, inside transfer: {in_transfer}");
        }
        std::process::exit(0); // the report is the result: end here
    }
}

fn main() {
    thread::spawn(watch_for_deadlocks);
    let one = thread::spawn(|| transfer(&A, &B, 20));
    let other = thread::spawn(|| transfer(&B, &A, 10));
    one.join().unwrap();
    other.join().unwrap();
    println!("done: no deadlock");
}
// ANCHOR_END: detector
