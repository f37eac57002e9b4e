use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::sleep;

// ANCHOR: explicit
/// Fix 1: the trait says what `async fn` leaves unsaid, that the future is
/// `Send`. Implementations may still write `async fn`.
trait Fetch {
    fn fetch(&self, id: u32) -> impl Future<Output = String> + Send;
}

struct Pages;

impl Fetch for Pages {
    async fn fetch(&self, id: u32) -> String {
        sleep(Duration::from_millis(10)).await;
        format!("page {id}")
    }
}

async fn fetch_in_background<F: Fetch + Send + Sync + 'static>(fetcher: Arc<F>, id: u32) -> String {
    tokio::spawn(async move { fetcher.fetch(id).await })
        .await
        .unwrap()
}
// ANCHOR_END: explicit

// ANCHOR: variant
/// Fix 2: trait_variant writes the `Send` trait for you. `LocalStore` keeps
/// `async fn`, for callers that never spawn; `Store` is the same trait with
/// `+ Send` on every future, and every `Store` is also a `LocalStore`.
#[trait_variant::make(Store: Send)]
trait LocalStore {
    async fn load(&self, key: &str) -> Option<u32>;
}

struct Memory;

impl Store for Memory {
    async fn load(&self, key: &str) -> Option<u32> {
        sleep(Duration::from_millis(10)).await;
        key.strip_prefix("n").and_then(|n| n.parse().ok())
    }
}

async fn load_in_background<S: Store + Sync + 'static>(
    store: Arc<S>,
    key: &'static str,
) -> Option<u32> {
    tokio::spawn(async move { store.load(key).await })
        .await
        .unwrap()
}
// ANCHOR_END: variant

#[tokio::main]
async fn main() {
    println!("{}", fetch_in_background(Arc::new(Pages), 1).await);
    println!("{:?}", load_in_background(Arc::new(Memory), "n42").await);
    println!("{:?}", LocalStore::load(&Memory, "x").await);
}
