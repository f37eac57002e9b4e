use tokio::sync::oneshot;

/// Starts `work` on rayon's pool at once, and gives back a receiver that
/// a task can await for its result (listing 14-1).
fn on_rayon<T, F>(work: F) -> oneshot::Receiver<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (sender, receiver) = oneshot::channel();
    rayon::spawn(move || {
        let _ = sender.send(work());
    });
    receiver
}

/// Every job becomes a tokio task at once, so that no job waits for
/// another. A fetch only waits, and a task is the cheap home for a wait;
/// a crunch computes, so its task hands it to rayon and awaits the answer,
/// leaving the runtime's thread free. The handles are awaited in the
/// order of `jobs`, and so are the answers.
async fn run_all(jobs: Vec<Job>) -> Vec<u64> {
    let handles: Vec<_> = jobs
        .into_iter()
        .map(|job| match job {
            Job::Fetch(id) => tokio::spawn(fetch(id)),
            Job::Crunch(n) => tokio::spawn(async move {
                on_rayon(move || crunch(n))
                    .await
                    .expect("the job sends its answer")
            }),
        })
        .collect();
    let mut answers = Vec::new();
    for handle in handles {
        answers.push(handle.await.expect("the job did not panic"));
    }
    answers
}
