use tokio::task::JoinSet;

/// Asks every replica for `key` at once and returns the first answer.
async fn first_answer(key: u32) -> u32 {
    let mut replicas = JoinSet::new();
    for replica in REPLICAS {
        replicas.spawn(ask(replica, key));
    }
    let first = replicas.join_next().await.unwrap().unwrap();
    // Abort the others, and wait until each of them is gone.
    replicas.shutdown().await;
    first
}
