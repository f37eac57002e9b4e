// Mistake: every future is made first, and awaited later, in order. But a
// future does nothing until it is polled: each `reply` starts its wait only
// when the loop awaits it, after the one before has ended. Making futures
// is not starting them; spawning them is.
// grader: fails overlap, saying "A future does nothing until it is awaited"
async fn gather(ids: Vec<u32>) -> Vec<String> {
    let futures: Vec<_> = ids.into_iter().map(reply).collect();
    let mut replies = Vec::new();
    for future in futures {
        replies.push(future.await);
    }
    replies
}
