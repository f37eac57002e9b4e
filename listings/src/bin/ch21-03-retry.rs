use std::time::Duration;

use tokio::time::{Instant, sleep, timeout};

// ANCHOR: retry
/// Calls `attempt` up to `tries` times, giving each call `limit` to answer
/// and waiting `pause` after each call that did not: the first answer, or
/// `None` if every call timed out.
pub async fn retry<T, F>(
    tries: u32,
    limit: Duration,
    pause: Duration,
    mut attempt: impl FnMut(u32) -> F,
) -> Option<T>
where
    F: Future<Output = T>,
{
    for n in 1..=tries {
        if let Ok(answer) = timeout(limit, attempt(n)).await {
            return Some(answer);
        }
        if n < tries {
            sleep(pause).await;
        }
    }
    None
}
// ANCHOR_END: retry

// ANCHOR: main
/// A service that answers its first two calls after `slow`, the next after
/// `fast`.
async fn service(call: u32, slow: Duration, fast: Duration) -> &'static str {
    sleep(if call <= 2 { slow } else { fast }).await;
    "pong"
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let start = Instant::now();
    let (limit, pause) = (Duration::from_millis(100), Duration::from_millis(50));
    let (slow, fast) = (Duration::from_millis(300), Duration::from_millis(10));
    let answer = retry(3, limit, pause, |call| {
        println!("[{:4} ms] call {call}", start.elapsed().as_millis());
        service(call, slow, fast)
    })
    .await;
    println!("[{:4} ms] answer: {answer:?}", start.elapsed().as_millis());
}
// ANCHOR_END: main
