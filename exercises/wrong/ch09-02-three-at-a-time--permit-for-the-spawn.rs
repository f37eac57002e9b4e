// Mistake: the permit is taken in the loop and dropped once the task is
// spawned, which takes no time: the semaphore limits how many tasks are
// being spawned at once, not how many fetches run.
// grader: fails limit, saying "limits the spawning, not the fetches"
use tokio::sync::Semaphore;

async fn fetch_all(ids: Vec<u32>) -> Vec<String> {
    let permits = Semaphore::new(LIMIT);
    let mut handles = Vec::new();
    for id in ids {
        let permit = permits.acquire().await.unwrap();
        handles.push(tokio::spawn(fetch(id)));
        drop(permit);
    }
    let mut pages = Vec::new();
    for handle in handles {
        pages.push(handle.await.unwrap());
    }
    pages
}
