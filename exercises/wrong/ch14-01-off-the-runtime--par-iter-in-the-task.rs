// Mistake: rayon's `par_iter` spreads the crunches over rayon's threads,
// but the task that calls it waits, blocked, until every one is done: the
// runtime's only thread is stuck in that call, and no other task runs.
// grader: fails heartbeat, saying "by a par_iter the task waits for"
use rayon::prelude::*;

async fn crunch_all(inputs: Vec<u64>) -> Vec<u64> {
    inputs.par_iter().map(|&n| crunch(n)).collect()
}
