use std::sync::Arc;

use tokio::sync::Semaphore;

/// Answers one request: `ok RESULT`, or `error busy` at once when `jobs`
/// has no permit left.
async fn handle(jobs: Arc<Semaphore>, n: u64) -> String {
    // `_permit` lives to the end of the function: the job holds it.
    let Ok(_permit) = jobs.try_acquire_owned() else {
        return "error busy".into();
    };
    format!("ok {}", job(n).await)
}
