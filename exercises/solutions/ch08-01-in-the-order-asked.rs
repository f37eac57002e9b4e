use tokio::task::JoinSet;

/// Downloads every page at once, in a `JoinSet`, and returns the pages in
/// the order of `names`.
async fn download_all(names: Vec<&'static str>) -> Vec<String> {
    let mut set = JoinSet::new();
    let count = names.len();
    // Each task returns its index along with its page: a `JoinSet` says
    // nothing of which task a result comes from.
    for (index, name) in names.into_iter().enumerate() {
        set.spawn(async move { (index, download(name).await) });
    }
    // Every task was spawned before the first `join_next`, so the
    // downloads overlap; each page goes to its place as it arrives.
    let mut pages = vec![String::new(); count];
    while let Some(result) = set.join_next().await {
        let (index, page) = result.unwrap();
        pages[index] = page;
    }
    pages
}
