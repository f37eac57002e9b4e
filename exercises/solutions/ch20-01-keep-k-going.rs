use tokio::task::JoinSet;

/// Fetches every id, at most `LIMIT` at once, and returns the pages in the
/// order they were fetched.
async fn fetch_all(ids: Vec<u32>) -> Vec<String> {
    let mut set = JoinSet::new();
    let mut pages = Vec::new();
    for id in ids {
        // The set is full: wait for any one fetch to end, and only then
        // start the next. `len` counts the tasks not yet joined.
        if set.len() == LIMIT {
            pages.push(set.join_next().await.unwrap().unwrap());
        }
        set.spawn(fetch(id));
    }
    // The last ones.
    while let Some(page) = set.join_next().await {
        pages.push(page.unwrap());
    }
    pages
}
