// Mistake: sorting puts the pages in alphabetical order, which is the
// order of `names` only when the names happen to be sorted.
// grader: fails results, saying "sorted by name"
use tokio::task::JoinSet;

async fn download_all(names: Vec<&'static str>) -> Vec<String> {
    let mut set = JoinSet::new();
    for name in names {
        set.spawn(download(name));
    }
    let mut pages = Vec::new();
    while let Some(page) = set.join_next().await {
        pages.push(page.unwrap());
    }
    pages.sort();
    pages
}
