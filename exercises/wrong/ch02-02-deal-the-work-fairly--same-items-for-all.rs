// Mistake: every thread takes every PARTS-th item from the start, so all
// of them process the same items (1, 5, 9, ...) and the others are never
// processed. Each thread must start at its own item: `skip(part)`.
// grader: fails results, saying "Do the threads take the same items?"
use std::thread;

fn total(items: &[u64]) -> u64 {
    thread::scope(|s| {
        let handles: Vec<_> = (0..PARTS)
            .map(|_| {
                s.spawn(|| {
                    items
                        .iter()
                        .step_by(PARTS)
                        .map(|&item| process(item))
                        .sum::<u64>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}
