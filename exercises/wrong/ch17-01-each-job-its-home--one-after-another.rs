// Mistake: the crunches go to rayon, so the heartbeat ticks on, but each
// job is awaited before the next one starts: the fetches wait one after
// another, and their waits add up.
// grader: fails overlap, saying "awaited one after another"
use tokio::sync::oneshot;

async fn run_all(jobs: Vec<Job>) -> Vec<u64> {
    let mut answers = Vec::new();
    for job in jobs {
        let answer = match job {
            Job::Fetch(id) => fetch(id).await,
            Job::Crunch(n) => {
                let (sender, receiver) = oneshot::channel();
                rayon::spawn(move || {
                    let _ = sender.send(crunch(n));
                });
                receiver.await.unwrap()
            }
        };
        answers.push(answer);
    }
    answers
}
