/// Checks the three services at once; returns at the first error.
async fn check_all() -> Result<[u32; 3], String> {
    // `try_join!` polls the three checks in this task, as `join!` does,
    // but returns as soon as one gives `Err`. The others are dropped then,
    // at the `.await` they wait in: none of them runs on.
    let (disk, network, cache) = tokio::try_join!(probe("disk"), probe("network"), probe("cache"))?;
    Ok([disk, network, cache])
}
