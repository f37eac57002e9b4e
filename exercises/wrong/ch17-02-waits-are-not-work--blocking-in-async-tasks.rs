// Mistake: the waits go to async tasks, the right home for waiting, but
// `fetch` blocks: an async task that calls it holds its runtime's thread
// until it returns. On a `current_thread` runtime the tasks take turns,
// and the waits add up, one after another.
// grader: fails overlap, saying "an async task that makes a blocking call holds its runtime's thread"
fn fetch_and_digest(ids: &[u64]) -> Vec<u64> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let pages = runtime.block_on(async {
        let tasks: Vec<_> = ids
            .iter()
            .map(|&id| tokio::spawn(async move { fetch(id) }))
            .collect();
        let mut pages = Vec::new();
        for task in tasks {
            pages.push(task.await.unwrap());
        }
        pages
    });
    pages.iter().map(|page| digest(page)).collect()
}
