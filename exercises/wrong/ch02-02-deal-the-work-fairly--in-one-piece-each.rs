// Mistake: `chunks` gives each thread one piece of the slice, in order:
// the first thread gets the smallest items, the last the largest. The
// items are shared evenly, the work is not, and the run lasts as long as
// the busiest thread.
// grader: fails fair shares, saying "items taken in one piece each"
use std::thread;

fn total(items: &[u64]) -> u64 {
    let size = items.len().div_ceil(PARTS);
    thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(size)
            .map(|piece| s.spawn(move || piece.iter().map(|&item| process(item)).sum::<u64>()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}
