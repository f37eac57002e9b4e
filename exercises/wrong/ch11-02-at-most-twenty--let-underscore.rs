// Mistake: `let _ = …` does not bind the permit: the pattern `_` drops it
// at the end of the statement, before the fetch starts. The semaphore is
// shared and acquired, yet every fetch runs without a permit. A permit
// must live in a named variable (`_permit` is a name; `_` is not).
// grader: fails limit, saying "drops the permit at once"
use std::sync::Arc;

use tokio::sync::Semaphore;

async fn fetch_all(ids: Vec<u32>) -> Vec<String> {
    let permits = Arc::new(Semaphore::new(LIMIT));
    let handles: Vec<_> = ids
        .into_iter()
        .map(|id| {
            let permits = Arc::clone(&permits);
            tokio::spawn(async move {
                let _ = permits.acquire().await.unwrap();
                fetch(id).await
            })
        })
        .collect();
    let mut pages = Vec::new();
    for handle in handles {
        pages.push(handle.await.unwrap());
    }
    pages
}
