// Mistake: `let Ok(_) = …` binds nothing, so the permit is dropped at the
// end of the statement, before the job runs: nobody is ever refused.
// grader: fails at most the bound at once, saying "the permit was let go before the job ran"
use std::sync::Arc;

use tokio::sync::Semaphore;

async fn handle(jobs: Arc<Semaphore>, n: u64) -> String {
    let Ok(_) = jobs.try_acquire_owned() else {
        return "error busy".into();
    };
    format!("ok {}", job(n).await)
}
