// Mistake: the task awaits `yield_now` before the call, so it gives the
// thread back once, for a moment; then `lookup` blocks the thread for its
// whole wait, and nothing else runs meanwhile. An `.await` lets others run
// only while the task is suspended at it, not during the code after it.
// grader: fails heartbeat, saying "or after an .await"
async fn answer(id: u32) -> String {
    tokio::task::yield_now().await;
    lookup(id)
}
