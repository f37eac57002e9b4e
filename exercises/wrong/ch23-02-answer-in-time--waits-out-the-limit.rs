// Mistake: waits for the limit first and only then looks: every request,
// the quick ones too, takes the whole limit, and the job never runs.
// grader: fails results, saying "expected `ok 50`"
async fn handle(_n: u64) -> String {
    tokio::time::sleep(LIMIT).await;
    "error timeout".into()
}
