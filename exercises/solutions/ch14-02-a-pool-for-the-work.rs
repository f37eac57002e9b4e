use tokio::sync::oneshot;

/// One pool of `LIMIT` threads takes every job: it runs `LIMIT` at once,
/// and the others wait in its queue, each to get a core to itself.
/// `pool.spawn` returns at once, so the task goes on to await a oneshot
/// receiver, which gives the runtime's thread back until the answer comes.
async fn crunch_all(inputs: Vec<u64>) -> Vec<u64> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(LIMIT)
        .build()
        .expect("a pool of LIMIT threads");
    let receivers: Vec<_> = inputs
        .into_iter()
        .map(|n| {
            let (sender, receiver) = oneshot::channel();
            pool.spawn(move || {
                // Fails only if nobody awaits the answer any more.
                let _ = sender.send(crunch(n));
            });
            receiver
        })
        .collect();
    let mut answers = Vec::new();
    for receiver in receivers {
        answers.push(receiver.await.expect("the job sends its answer"));
    }
    answers
}
