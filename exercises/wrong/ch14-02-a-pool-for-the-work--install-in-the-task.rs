// Mistake: one pool of `LIMIT` threads, but `install` runs the job and
// makes the calling thread wait until it is done. Called from the task,
// it keeps the runtime's only thread waiting for each crunch in turn.
// grader: fails heartbeat, saying "pool.install (like a par_iter) makes the thread"
async fn crunch_all(inputs: Vec<u64>) -> Vec<u64> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(LIMIT)
        .build()
        .unwrap();
    inputs
        .into_iter()
        .map(|n| pool.install(|| crunch(n)))
        .collect()
}
