use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Prints `line` stamped with the milliseconds since `start`.
fn stamp(start: Instant, line: &str) {
    println!("[{:4} ms] {line}", start.elapsed().as_millis());
}

// ANCHOR: main
/// A flag, and the condition variable that announces changes to it.
type Ready = Arc<(Mutex<bool>, Condvar)>;

fn wait_for_ready(name: &str, ready: Ready, start: Instant) {
    stamp(start, &format!("{name} starts"));
    let (flag, changed) = &*ready;
    // Sleeps until notified, then checks again; returns, with the lock
    // held, only once the flag is true. If it already is, no wait at all.
    let _guard = changed
        .wait_while(flag.lock().unwrap(), |is_ready| !*is_ready)
        .unwrap();
    stamp(start, &format!("{name} ends"));
}

fn main() {
    let start = Instant::now();
    let ready: Ready = Arc::new((Mutex::new(false), Condvar::new()));
    let mut handles = Vec::new();
    for name in ["waiter 1", "waiter 2"] {
        let ready = Arc::clone(&ready);
        handles.push(thread::spawn(move || wait_for_ready(name, ready, start)));
    }

    stamp(start, "loader starts");
    thread::sleep(Duration::from_millis(200)); // loading takes a while
    {
        let (flag, changed) = &*ready;
        let mut is_ready = flag.lock().unwrap();
        stamp(start, "loader ends");
        *is_ready = true; // first the flag, under the lock...
        changed.notify_all(); // ...then the news, to every waiter
    }

    // A latecomer: it starts after the only notification was sent.
    let late = Arc::clone(&ready);
    handles.push(thread::spawn(move || wait_for_ready("late", late, start)));
    for handle in handles {
        handle.join().unwrap();
    }
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
