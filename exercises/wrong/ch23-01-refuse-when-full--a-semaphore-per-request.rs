// Mistake: a new semaphore for every request: each has all its permits,
// so the bound counts one request, and nothing is refused.
// grader: fails refuses past the bound, saying "never a new one per request"
use std::sync::Arc;

use tokio::sync::Semaphore;

async fn handle(_jobs: Arc<Semaphore>, n: u64) -> String {
    let jobs = Arc::new(Semaphore::new(BOUND));
    let Ok(_permit) = jobs.try_acquire_owned() else {
        return "error busy".into();
    };
    format!("ok {}", job(n).await)
}
