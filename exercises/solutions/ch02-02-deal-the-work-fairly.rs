use std::thread;

/// Returns the sum of `process(item)` over all of `items`, with `PARTS`
/// threads sharing the work.
fn total(items: &[u64]) -> u64 {
    // Scoped threads may borrow `items`: the scope joins them all before
    // it returns, so they cannot outlive the slice.
    thread::scope(|s| {
        let handles: Vec<_> = (0..PARTS)
            .map(|part| {
                // The items are dealt out in turn, like cards: thread
                // `part` takes items `part`, `part + PARTS`, ... so each
                // gets as many large, slow items as the others.
                s.spawn(move || {
                    items
                        .iter()
                        .skip(part)
                        .step_by(PARTS)
                        .map(|&item| process(item))
                        .sum::<u64>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}
