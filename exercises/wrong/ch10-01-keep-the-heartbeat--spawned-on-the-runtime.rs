// Mistake: the blocking call is moved into a task of its own with
// `tokio::spawn`. That task runs on the runtime's thread like every other,
// and blocks it just the same: tokio::spawn is for async work, and
// spawn_blocking for blocking calls.
// grader: fails heartbeat, saying "even inside tokio::spawn"
async fn answer(id: u32) -> String {
    tokio::spawn(async move { lookup(id) }).await.unwrap()
}
