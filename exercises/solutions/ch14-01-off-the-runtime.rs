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
        // Fails only if nobody awaits the answer any more: then drop it.
        let _ = sender.send(work());
    });
    receiver
}

/// Every crunch goes to rayon before the first `.await`, so they run on
/// rayon's threads, as many at once as it has. Awaiting a oneshot
/// receiver gives the runtime's thread back until the answer comes: the
/// heartbeat ticks on. Awaited in the order of `inputs`, the answers come
/// back in that order.
async fn crunch_all(inputs: Vec<u64>) -> Vec<u64> {
    let receivers: Vec<_> = inputs
        .into_iter()
        .map(|n| on_rayon(move || crunch(n)))
        .collect();
    let mut answers = Vec::new();
    for receiver in receivers {
        answers.push(receiver.await.expect("the job sends its answer"));
    }
    answers
}
