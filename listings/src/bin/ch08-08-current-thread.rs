use std::thread;
use std::time::Duration;

/// Which thread runs the code that calls it: its name and its id.
fn here() -> String {
    let me = thread::current();
    format!("{} {:?}", me.name().unwrap_or("(unnamed)"), me.id())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("main runs on {}", here());
    let mut handles = Vec::new();
    for n in 1..=4 {
        handles.push(tokio::spawn(async move {
            let before = here();
            tokio::time::sleep(Duration::from_millis(50)).await;
            println!("task {n} ran on {before}, then on {}", here());
        }));
    }
    for handle in handles {
        handle.await.expect("the task panicked");
    }
}
