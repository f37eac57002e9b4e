use std::sync::{Arc, Mutex};
use std::thread;

// ANCHOR: main
fn main() {
    let accounts = Arc::new(Mutex::new(vec![100, 50]));

    let shared = Arc::clone(&accounts);
    let result = thread::spawn(move || {
        let mut balances = shared.lock().unwrap();
        balances[0] -= 30; // money leaves the first account...
        panic!("crashed in the middle of a transfer");
        // ...and never reaches the second: the guard is dropped while
        // the thread unwinds, and the mutex is marked poisoned.
    })
    .join();
    println!("the thread panicked: {}", result.is_err());
    println!("the mutex is poisoned: {}", accounts.is_poisoned());

    // `lock` now returns `Err(PoisonError)`; the error holds the guard.
    let balances = match accounts.lock() {
        Ok(guard) => guard,
        Err(poisoned) => {
            println!("lock() returned Err: {poisoned}");
            poisoned.into_inner()
        }
    };
    println!("recovered the data anyway: {:?}", *balances);
    drop(balances);

    // Once the data is repaired (or checked), the mark can be cleared.
    accounts.clear_poison();
    println!(
        "after clear_poison, lock() is Ok: {}",
        accounts.lock().is_ok()
    );
}
// ANCHOR_END: main
