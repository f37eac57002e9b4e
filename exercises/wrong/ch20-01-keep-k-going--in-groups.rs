// Mistake: the fetches go in groups of `LIMIT`, and each group waits for
// its slowest fetch before the next starts: the limit holds, but places
// stay empty while a slow fetch finishes.
// grader: fails pace, saying "wait for its slowest"
use tokio::task::JoinSet;

async fn fetch_all(ids: Vec<u32>) -> Vec<String> {
    let mut pages = Vec::new();
    for group in ids.chunks(LIMIT) {
        let mut set = JoinSet::new();
        for &id in group {
            set.spawn(fetch(id));
        }
        while let Some(page) = set.join_next().await {
            pages.push(page.unwrap());
        }
    }
    pages
}
