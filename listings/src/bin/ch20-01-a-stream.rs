use std::pin::pin;
use std::time::Duration;

use futures::stream::{self, Stream};
use tokio::time::sleep;
use tokio_stream::StreamExt;

// ANCHOR: main
/// A stream of sensor readings, one every 20 ms, made from a state and a
/// step: each call of the closure produces the next reading and the next
/// state, or `None` to end the stream.
fn readings() -> impl Stream<Item = u32> {
    stream::unfold(1, |n| async move {
        if n > 6 {
            return None;
        }
        sleep(Duration::from_millis(20)).await;
        println!("produced {n}");
        Some((n * 10, n + 1))
    })
}

#[tokio::main]
async fn main() {
    // `filter` and `map` come from tokio_stream::StreamExt: they take
    // plain closures. `next` needs a stream it can poll by `&mut`, so the
    // stream is pinned first. Nothing runs until `next` asks for an item.
    let mut even = pin!(readings().filter(|r| r % 20 == 0).map(|r| r / 10));
    while let Some(reading) = even.next().await {
        println!("got {reading}");
    }
    println!("the stream ended");
}
// ANCHOR_END: main
