use std::time::Duration;

// ANCHOR: main
/// Stands in for a slow call: it waits 50 ms, then answers.
async fn fetch_greeting() -> String {
    tokio::time::sleep(Duration::from_millis(50)).await;
    String::from("hello from an async fn")
}

#[tokio::main]
async fn main() {
    let flavor = tokio::runtime::Handle::current().runtime_flavor();
    println!("runtime: {flavor:?}");
    let greeting = fetch_greeting().await;
    println!("{greeting}");
}
// ANCHOR_END: main
