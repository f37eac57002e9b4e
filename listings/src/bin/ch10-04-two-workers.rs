use std::time::{Duration, Instant};

async fn task(name: &str, start: Instant) {
    println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
    std::thread::sleep(Duration::from_millis(100)); // blocks its worker
    println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
}

// ANCHOR: main
#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let start = Instant::now();
    let mut handles = Vec::new();
    for name in ["task 1", "task 2", "task 3", "task 4"] {
        handles.push(tokio::spawn(task(name, start)));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
