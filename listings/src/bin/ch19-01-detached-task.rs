use std::time::{Duration, Instant};

use tokio::time::sleep;

fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}

// ANCHOR: main
/// Saves order 7: records it in the audit log, in a task of its own so as
/// not to wait for it, then charges the card, which is declined.
async fn save_order(start: Instant) -> Result<(), String> {
    println!("[{:4} ms] save_order starts", ms(start));
    tokio::spawn(async move {
        println!("[{:4} ms] audit log starts", ms(start));
        sleep(Duration::from_millis(300)).await; // writing to the log
        println!("[{:4} ms] audit log: order 7 recorded as paid", ms(start));
        println!("[{:4} ms] audit log ends", ms(start));
    });
    sleep(Duration::from_millis(50)).await; // charging the card
    println!("[{:4} ms] save_order ends", ms(start));
    Err("card declined".into())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let result = save_order(start).await;
    println!("[{:4} ms] main: save_order returned {result:?}", ms(start));
    // The program goes on with other work.
    sleep(Duration::from_millis(400)).await;
    println!("all done in {} ms", ms(start));
}
// ANCHOR_END: main
