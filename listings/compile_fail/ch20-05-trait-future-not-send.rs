use std::sync::Arc;

// ANCHOR: main
trait Fetch {
    async fn fetch(&self, id: u32) -> String;
}

/// Fetches `id` on another task, with any `Fetch`.
async fn fetch_in_background<F: Fetch + Send + Sync + 'static>(fetcher: Arc<F>, id: u32) -> String {
    tokio::spawn(async move { fetcher.fetch(id).await })
        .await
        .unwrap()
}
// ANCHOR_END: main

struct Pages;

impl Fetch for Pages {
    async fn fetch(&self, id: u32) -> String {
        format!("page {id}")
    }
}

#[tokio::main]
async fn main() {
    println!("{}", fetch_in_background(Arc::new(Pages), 1).await);
}
