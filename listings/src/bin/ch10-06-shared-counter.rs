use std::sync::{Arc, Mutex};

// ANCHOR: main
#[tokio::main]
async fn main() {
    let counter = Arc::new(Mutex::new(0u64)); // std::sync::Mutex
    let mut handles = Vec::new();
    for _ in 0..100 {
        let counter = Arc::clone(&counter);
        handles.push(tokio::spawn(async move {
            for _ in 0..100 {
                // The guard is a temporary: it is dropped at the `;`,
                // before the task reaches its next `.await`.
                *counter.lock().unwrap() += 1;
                tokio::task::yield_now().await;
            }
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    println!(
        "100 tasks x 100 increments: total = {}",
        counter.lock().unwrap()
    );
}
// ANCHOR_END: main
