use std::sync::Arc;

use tokio::sync::Semaphore;

/// Fetches every page, a task each, but never more than `LIMIT` at once.
async fn fetch_all(ids: Vec<u32>) -> Vec<String> {
    // One semaphore, shared by every task: `LIMIT` permits in all.
    let permits = Arc::new(Semaphore::new(LIMIT));
    let handles: Vec<_> = ids
        .into_iter()
        .map(|id| {
            let permits = Arc::clone(&permits);
            tokio::spawn(async move {
                // Waits, as a task, while `LIMIT` others hold the permits.
                // The permit is a named variable: it is given back when it
                // is dropped, at the end of the block, once the fetch is
                // done.
                let _permit = permits.acquire().await.unwrap();
                fetch(id).await
            })
        })
        .collect();
    // Every task was spawned before any is awaited, so `LIMIT` fetches wait
    // at once; awaited in order, the pages keep the order of `ids`.
    let mut pages = Vec::new();
    for handle in handles {
        pages.push(handle.await.unwrap());
    }
    pages
}
