// Mistake: each fetch gets a job of its own in a `rayon::scope`, which
// looks like a thread each. But rayon runs jobs on its own threads, one
// per logical CPU: two fetches wait at a time, the others wait for them.
// grader: fails overlap, saying "rayon runs as many jobs at once as it has threads"
fn fetch_and_digest(ids: &[u64]) -> Vec<u64> {
    let mut pages = vec![String::new(); ids.len()];
    rayon::scope(|scope| {
        for (page, &id) in pages.iter_mut().zip(ids) {
            scope.spawn(move |_| *page = fetch(id));
        }
    });
    pages.iter().map(|page| digest(page)).collect()
}
