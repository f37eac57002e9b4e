// Mistake: nothing is left running, but it waits for the slowest replica
// before it answers.
// grader: fails first answer in time, saying "waited for every replica"
use tokio::task::JoinSet;

async fn first_answer(key: u32) -> u32 {
    let mut replicas = JoinSet::new();
    for replica in REPLICAS {
        replicas.spawn(ask(replica, key));
    }
    replicas.join_all().await[0]
}
