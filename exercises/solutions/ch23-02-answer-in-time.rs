/// Answers one request: `ok RESULT`, or `error timeout` once the job has
/// taken longer than `LIMIT`.
async fn handle(n: u64) -> String {
    // Races the job against a timer: when the timer wins, the job's future
    // is dropped, and the request is answered at once.
    match tokio::time::timeout(LIMIT, job(n)).await {
        Ok(result) => format!("ok {result}"),
        Err(_) => "error timeout".into(),
    }
}
