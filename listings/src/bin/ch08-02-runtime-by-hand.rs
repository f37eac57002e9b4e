use std::time::Duration;

/// Stands in for a slow call: it waits 50 ms, then answers.
async fn fetch_greeting() -> String {
    tokio::time::sleep(Duration::from_millis(50)).await;
    String::from("hello from an async fn")
}

// ANCHOR: main
fn main() {
    // What `#[tokio::main]` writes for you: a multi-threaded runtime with
    // its timers and I/O drivers enabled...
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("the runtime could not start");
    // ...and the body of `async fn main`, run to the end on this thread.
    runtime.block_on(async {
        let flavor = tokio::runtime::Handle::current().runtime_flavor();
        println!("runtime: {flavor:?}");
        let greeting = fetch_greeting().await;
        println!("{greeting}");
    });
}
// ANCHOR_END: main
