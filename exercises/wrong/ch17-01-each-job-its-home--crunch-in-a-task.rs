// Mistake: every job becomes a tokio task, the crunches too. The fetches
// overlap, but a task that computes keeps the runtime's thread for as long
// as it computes: async does nothing for CPU work.
// grader: fails heartbeat, saying "or in a tokio task"
async fn run_all(jobs: Vec<Job>) -> Vec<u64> {
    let handles: Vec<_> = jobs
        .into_iter()
        .map(|job| match job {
            Job::Fetch(id) => tokio::spawn(fetch(id)),
            Job::Crunch(n) => tokio::spawn(async move { crunch(n) }),
        })
        .collect();
    let mut answers = Vec::new();
    for handle in handles {
        answers.push(handle.await.unwrap());
    }
    answers
}
