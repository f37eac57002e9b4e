// Mistake: each fetch is awaited as soon as it is spawned, so only one is
// ever under way: the limit holds, and nothing overlaps.
// grader: fails pace, saying "as long as three slow fetches"
use tokio::task::JoinSet;

async fn fetch_all(ids: Vec<u32>) -> Vec<String> {
    let mut set = JoinSet::new();
    let mut pages = Vec::new();
    for id in ids {
        set.spawn(fetch(id));
        pages.push(set.join_next().await.unwrap().unwrap());
    }
    pages
}
