use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

/// Stands in for a connection that carries one exchange at a time: a
/// request, then its reply, and nothing else in between.
struct Connection {
    exchanges: u32,
}

impl Connection {
    async fn exchange(&mut self, name: &str, start: Instant) {
        println!("[{:4} ms] {name} starts", start.elapsed().as_millis());
        tokio::time::sleep(Duration::from_millis(100)).await; // the reply
        self.exchanges += 1;
        println!("[{:4} ms] {name} ends", start.elapsed().as_millis());
    }
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let connection = Arc::new(Mutex::new(Connection { exchanges: 0 }));
    let mut handles = Vec::new();
    for name in ["req 1", "req 2", "req 3"] {
        let connection = Arc::clone(&connection);
        handles.push(tokio::spawn(async move {
            let mut connection = connection.lock().await; // waits, as a task
            connection.exchange(name, start).await; // held across this `.await`
        }));
    }
    // A task that needs no lock, to show that the thread is free.
    handles.push(tokio::spawn(async move {
        println!("[{:4} ms] other starts", start.elapsed().as_millis());
        tokio::time::sleep(Duration::from_millis(100)).await;
        println!("[{:4} ms] other ends", start.elapsed().as_millis());
    }));
    for handle in handles {
        handle.await.unwrap();
    }
    println!("{} exchanges", connection.lock().await.exchanges);
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
