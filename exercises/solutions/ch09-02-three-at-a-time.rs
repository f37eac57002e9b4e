use std::sync::Arc;

use tokio::sync::Semaphore;

/// Fetches every id, at most `LIMIT` at once, and returns the pages in the
/// order of `ids`.
async fn fetch_all(ids: Vec<u32>) -> Vec<String> {
    let permits = Arc::new(Semaphore::new(LIMIT));
    let handles: Vec<_> = ids
        .into_iter()
        .map(|id| {
            let permits = Arc::clone(&permits);
            tokio::spawn(async move {
                // Waits while `LIMIT` fetches hold the permits. The permit
                // has a name, so it lives to the end of the block: it is
                // given back only once the fetch has ended.
                let _permit = permits.acquire().await.unwrap();
                fetch(id).await
            })
        })
        .collect();
    // Every task was spawned first: `LIMIT` of them fetch at once. The
    // handles, awaited in spawn order, give the pages in the order of `ids`.
    let mut pages = Vec::new();
    for handle in handles {
        pages.push(handle.await.unwrap());
    }
    pages
}
