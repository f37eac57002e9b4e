use std::sync::{Arc, Mutex};
use std::time::Duration;

// ANCHOR: main
#[tokio::main]
async fn main() {
    let log = Arc::new(Mutex::new(Vec::new())); // std::sync::Mutex
    let mut handles = Vec::new();
    for name in ["task 1", "task 2", "task 3"] {
        let log = Arc::clone(&log);
        handles.push(tokio::spawn(async move {
            let mut entries = log.lock().unwrap();
            entries.push(format!("{name} sent its request"));
            // The guard `entries` is still alive across this `.await`.
            tokio::time::sleep(Duration::from_millis(100)).await;
            entries.push(format!("{name} got its reply"));
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    for entry in log.lock().unwrap().iter() {
        println!("{entry}");
    }
}
// ANCHOR_END: main
