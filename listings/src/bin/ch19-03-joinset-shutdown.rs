use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::task::JoinSet;
use tokio::time::sleep;

fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}

/// How many tasks have been dropped so far.
static GONE: AtomicUsize = AtomicUsize::new(0);

/// Prints the `ends` line of its task when the task is dropped.
struct Guard(&'static str, Instant);

impl Drop for Guard {
    fn drop(&mut self) {
        GONE.fetch_add(1, Ordering::SeqCst);
        println!("[{:4} ms] {} ends", ms(self.1), self.0);
    }
}

// ANCHOR: main
/// A task that would run for a minute, if nobody stopped it.
async fn task(name: &'static str, start: Instant) {
    let _guard = Guard(name, start); // prints `NAME ends` when dropped
    println!("[{:4} ms] {name} starts", ms(start));
    sleep(Duration::from_secs(60)).await;
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let gone = || GONE.load(Ordering::SeqCst);

    let mut set = JoinSet::new();
    for name in ["a", "b", "c"] {
        set.spawn(task(name, start));
    }
    sleep(Duration::from_millis(100)).await;
    set.abort_all(); // asks each task to stop, and returns at once
    println!(
        "[{:4} ms] abort_all returned: {} of 3 gone",
        ms(start),
        gone()
    );
    while let Some(result) = set.join_next().await {
        assert!(result.unwrap_err().is_cancelled());
    }
    println!("[{:4} ms] joined: {} of 3 gone", ms(start), gone());

    for name in ["d", "e", "f"] {
        set.spawn(task(name, start));
    }
    sleep(Duration::from_millis(100)).await;
    set.shutdown().await; // aborts every task, and waits until each is gone
    println!(
        "[{:4} ms] shutdown returned: {} of 6 gone",
        ms(start),
        gone()
    );
    println!("all done in {} ms", ms(start));
}
// ANCHOR_END: main
