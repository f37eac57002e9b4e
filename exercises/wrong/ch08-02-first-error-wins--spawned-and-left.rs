// Mistake: the checks are spawned, and `try_join!` over their handles
// returns at the first error, but dropping a `JoinHandle` only detaches
// its task: the other checks run on to their end, with nobody waiting.
// grader: fails nothing left running, saying "dropping a `JoinHandle` does not stop its task"
async fn check_all() -> Result<[u32; 3], String> {
    let disk = tokio::spawn(probe("disk"));
    let network = tokio::spawn(probe("network"));
    let cache = tokio::spawn(probe("cache"));
    let answer = |handle: tokio::task::JoinHandle<Result<u32, String>>| async move {
        handle.await.map_err(|e| e.to_string())?
    };
    let (disk, network, cache) = tokio::try_join!(answer(disk), answer(network), answer(cache))?;
    Ok([disk, network, cache])
}
