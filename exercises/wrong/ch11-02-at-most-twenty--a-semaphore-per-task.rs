// Mistake: each task makes a semaphore of its own, which spares the `Arc`
// but limits nothing: each semaphore has `LIMIT` permits for one task, and
// every task gets its permit at once. The tasks must share one semaphore.
// grader: fails limit, saying "shared by all the tasks"
use tokio::sync::Semaphore;

async fn fetch_all(ids: Vec<u32>) -> Vec<String> {
    let handles: Vec<_> = ids
        .into_iter()
        .map(|id| {
            tokio::spawn(async move {
                let permits = Semaphore::new(LIMIT);
                let _permit = permits.acquire().await.unwrap();
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
