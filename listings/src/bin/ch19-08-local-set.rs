use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use tokio::task::LocalSet;
use tokio::time::sleep;

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let local = LocalSet::new();
    // Tasks of a LocalSet all run on this thread: they need not be `Send`.
    local
        .run_until(async move {
            let done = Rc::new(Cell::new(0)); // not `Send`, and no need
            let mut handles = Vec::new();
            for name in ["task 1", "task 2", "task 3"] {
                let done = Rc::clone(&done);
                handles.push(tokio::task::spawn_local(async move {
                    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
                    sleep(Duration::from_millis(100)).await; // `done` lives across it
                    done.set(done.get() + 1);
                    println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
                }));
            }
            for handle in handles {
                handle.await.unwrap();
            }
            println!("{} tasks done", done.get());
        })
        .await;
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
