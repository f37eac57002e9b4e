use std::mem::size_of;
use std::sync::{Arc, Mutex, RwLock};
use std::thread;

use parking_lot as pl;

// ANCHOR: main
fn main() {
    println!("size_of std Mutex<()>:          {}", size_of::<Mutex<()>>());
    println!(
        "size_of parking_lot Mutex<()>:  {}",
        size_of::<pl::Mutex<()>>()
    );
    println!(
        "size_of std RwLock<()>:         {}",
        size_of::<RwLock<()>>()
    );
    println!(
        "size_of parking_lot RwLock<()>: {}",
        size_of::<pl::RwLock<()>>()
    );

    let std_lock = Arc::new(Mutex::new(0));
    let pl_lock = Arc::new(pl::Mutex::new(0));
    let (s, p) = (Arc::clone(&std_lock), Arc::clone(&pl_lock));
    let crashed = thread::spawn(move || {
        let _std_guard = s.lock().unwrap();
        let _pl_guard = p.lock(); // no Result: nothing to unwrap
        panic!("crashed while holding both locks");
    })
    .join()
    .is_err();
    println!("the thread panicked: {crashed}");
    println!("std lock() is Ok: {}", std_lock.lock().is_ok());
    println!("parking_lot lock() gives the value: {}", *pl_lock.lock());
}
// ANCHOR_END: main
