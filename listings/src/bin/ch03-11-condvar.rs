use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
fn main() {
    let start = Instant::now();
    let stamp = move |line: &str| println!("[{:4} ms] {line}", start.elapsed().as_millis());
    // The flag, and the condition variable that announces changes to it.
    let ready = Arc::new((Mutex::new(false), Condvar::new()));

    let wait_for_ready = move |name: &'static str, ready: Arc<(Mutex<bool>, Condvar)>| {
        stamp(&format!("{name} starts"));
        let (flag, changed) = &*ready;
        // Sleeps until notified, then checks again; returns, with the lock
        // held, only once the flag is true. If it already is, no wait.
        let _guard = changed
            .wait_while(flag.lock().unwrap(), |is_ready| !*is_ready)
            .unwrap();
        stamp(&format!("{name} ends"));
    };
    let mut handles = Vec::new();
    for name in ["waiter 1", "waiter 2"] {
        let ready = Arc::clone(&ready);
        handles.push(thread::spawn(move || wait_for_ready(name, ready)));
    }

    stamp("loader starts");
    thread::sleep(Duration::from_millis(100)); // loading takes a while
    {
        let (flag, changed) = &*ready;
        let mut is_ready = flag.lock().unwrap();
        stamp("loader ends");
        *is_ready = true; // first the flag, under the lock...
        changed.notify_all(); // ...then the news, to every waiter
    }

    // A latecomer: it starts after the only notification was sent, and
    // finds the flag already set.
    let late = Arc::clone(&ready);
    handles.push(thread::spawn(move || wait_for_ready("late", late)));
    for handle in handles {
        handle.join().unwrap();
    }
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
