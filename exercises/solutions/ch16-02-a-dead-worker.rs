use std::collections::BTreeMap;
use std::thread;

/// Counts the words of `lines` with `peers` workers, a thread each: worker
/// `i` reads lines `i`, `i + peers`, `i + 2 * peers`… with `words`, and
/// reports its counts; the counts of all the workers are added up. A
/// worker may die (`words` panics on a line it cannot read): then the
/// count is an `Err` that says so, never partial counts, and never a hang.
fn count_words(lines: &[&str], peers: usize) -> Result<BTreeMap<String, u64>, String> {
    thread::scope(|scope| {
        let workers: Vec<_> = (0..peers)
            .map(|index| {
                scope.spawn(move || {
                    let mut counts = BTreeMap::new();
                    for line in lines.iter().skip(index).step_by(peers) {
                        for word in words(line) {
                            *counts.entry(word).or_insert(0) += 1;
                        }
                    }
                    counts
                })
            })
            .collect();
        // Each worker's report is what its thread returns, and `join` says
        // whether it returned at all: a thread that died comes back as an
        // `Err`, so nothing waits for a report that never comes. Every
        // worker is joined before any verdict, so that none is left behind.
        let reports: Vec<_> = workers.into_iter().map(|w| w.join()).collect();
        let mut total = BTreeMap::new();
        for (index, report) in reports.into_iter().enumerate() {
            // One dead worker and the count is wrong: fail it whole.
            let counts = report.map_err(|_| format!("worker {index} died"))?;
            for (word, count) in counts {
                *total.entry(word).or_insert(0) += count;
            }
        }
        Ok(total)
    })
}
