// Mistake: a pool, and `install`, but a sequential iterator inside it.
// `install` runs its closure on one thread of the pool; only a parallel
// iterator (or `join`) inside it hands work to the pool's other threads.
// grader: fails parallel, saying "so does the closure given to `install`"
fn thumbnails(images: &[u32]) -> Vec<String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap();
    pool.install(|| images.iter().map(|&image| thumbnail(image)).collect())
}
