use std::collections::BTreeMap;
use std::sync::mpsc;
use std::thread;

/// Counts the words of `lines` with `peers` workers, a thread each. Worker
/// `i` reads lines `i`, `i + peers`, `i + 2 * peers`…, and the words it
/// counts must be the words it owns: a word belongs to worker
/// `key(word) % peers`. Returns each worker's counts, worker 0's first.
fn count_words(lines: &[&str], peers: usize) -> Vec<BTreeMap<String, u64>> {
    // An inbox per worker, and a sender to it that every worker may use:
    // the threads share no counts, they only exchange words, as timely's
    // workers do.
    let (senders, inboxes): (Vec<_>, Vec<_>) =
        (0..peers).map(|_| mpsc::channel::<String>()).unzip();
    thread::scope(|scope| {
        let workers: Vec<_> = inboxes
            .into_iter()
            .enumerate()
            .map(|(index, inbox)| {
                let senders = senders.clone();
                scope.spawn(move || {
                    // Every word goes to its owner, wherever it was read;
                    // the owner is computed from the word alone, the same
                    // way on every worker.
                    for line in lines.iter().skip(index).step_by(peers) {
                        for word in line.split_whitespace() {
                            let owner = (key(word) % peers as u64) as usize;
                            senders[owner].send(word.to_string()).unwrap();
                        }
                    }
                    // This worker sends nothing more: dropping its senders
                    // says so, like timely's `close`. An inbox ends once
                    // every sender to it is gone.
                    drop(senders);
                    let mut counts = BTreeMap::new();
                    for word in inbox {
                        *counts.entry(word).or_insert(0) += 1;
                    }
                    counts
                })
            })
            .collect();
        // The first senders are not a worker's: drop them too, or no inbox
        // would ever end.
        drop(senders);
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    })
}
