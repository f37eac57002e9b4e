/// Waits for every reply at once: a task each, all spawned before any is
/// awaited, so that their waits overlap. Ten thousand tasks are ten
/// thousand small allocations on one thread, not ten thousand threads.
async fn gather(ids: Vec<u32>) -> Vec<String> {
    let handles: Vec<_> = ids.into_iter().map(|id| tokio::spawn(reply(id))).collect();
    // Awaited in the order they were spawned: the replies come back in the
    // order of `ids`, whichever task ends first.
    let mut replies = Vec::with_capacity(handles.len());
    for handle in handles {
        replies.push(handle.await.unwrap());
    }
    replies
}
