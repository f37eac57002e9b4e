// Mistake: each job gets a pool of `LIMIT` threads of its own. Each pool
// runs one job, so nothing waits for anything: every job runs at once, and
// the pools together have far more threads than `LIMIT`.
// grader: fails cap, saying "a pool built for each job caps nothing"
use tokio::sync::oneshot;

async fn crunch_all(inputs: Vec<u64>) -> Vec<u64> {
    let receivers: Vec<_> = inputs
        .into_iter()
        .map(|n| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(LIMIT)
                .build()
                .unwrap();
            let (sender, receiver) = oneshot::channel();
            pool.spawn(move || {
                let _ = sender.send(crunch(n));
            });
            receiver
        })
        .collect();
    let mut answers = Vec::new();
    for receiver in receivers {
        answers.push(receiver.await.unwrap());
    }
    answers
}
