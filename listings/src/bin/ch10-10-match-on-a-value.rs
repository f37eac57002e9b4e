use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let queue = Arc::new(Mutex::new(vec!["job 3", "job 2", "job 1"]));
    let mut handles = Vec::new();
    for _ in 0..2 {
        let queue = Arc::clone(&queue);
        handles.push(tokio::spawn(async move {
            loop {
                let next = queue.lock().unwrap().pop(); // the guard ends at the `;`
                match next {
                    Some(job) => {
                        println!("[{:4} ms] {job} starts", start.elapsed().as_millis());
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        println!("[{:4} ms] {job} ends", start.elapsed().as_millis());
                    }
                    None => break,
                }
            }
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
