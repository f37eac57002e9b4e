// Mistake: `yield_now()` without `.await` makes a `YieldNow` and drops it
// unpolled. A future does nothing until it is polled, so the task never
// answers Pending, and holds the thread from its start to its end.
// grader: fails heartbeat, saying "without `.await` only makes a future"
async fn sum_of_squares(numbers: std::ops::Range<u64>) -> u64 {
    let mut sum = 0;
    for n in numbers {
        sum += n * n;
        if (n + 1) % CHUNK == 0 {
            let _ = yield_now();
        }
    }
    sum
}
