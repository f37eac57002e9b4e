// Mistake: looks at the clock only after the job has ended: a job that
// never ends keeps its request waiting for ever.
// grader: fails times out, saying "still waiting for it"
async fn handle(n: u64) -> String {
    let started = std::time::Instant::now();
    let result = job(n).await;
    if started.elapsed() > LIMIT {
        return "error timeout".into();
    }
    format!("ok {result}")
}
