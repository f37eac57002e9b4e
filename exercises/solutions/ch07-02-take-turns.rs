/// Adds up the squares of `numbers`, giving the thread back to the
/// executor once every `CHUNK` numbers.
async fn sum_of_squares(numbers: std::ops::Range<u64>) -> u64 {
    let mut sum = 0;
    for n in numbers {
        sum += n * n;
        if (n + 1) % CHUNK == 0 {
            // Pending once: the poll returns here, the executor polls the
            // other tasks in its queue, and then polls this one again,
            // which goes on from this `.await`.
            yield_now().await;
        }
    }
    sum
}
