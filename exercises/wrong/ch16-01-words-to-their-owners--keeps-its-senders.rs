// Mistake: each worker sends every word to its owner, then reads its inbox
// while it still holds its own senders. An inbox ends only when every
// sender to it is gone, and every worker holds one to every inbox: each
// waits for the others to finish, and none does.
// grader: fails no deadlock, saying "a message never sent"
use std::collections::BTreeMap;
use std::sync::mpsc;
use std::thread;

fn count_words(lines: &[&str], peers: usize) -> Vec<BTreeMap<String, u64>> {
    let (senders, inboxes): (Vec<_>, Vec<_>) =
        (0..peers).map(|_| mpsc::channel::<String>()).unzip();
    thread::scope(|scope| {
        let workers: Vec<_> = inboxes
            .into_iter()
            .enumerate()
            .map(|(index, inbox)| {
                let senders = senders.clone();
                scope.spawn(move || {
                    for line in lines.iter().skip(index).step_by(peers) {
                        for word in line.split_whitespace() {
                            let owner = (key(word) % peers as u64) as usize;
                            senders[owner].send(word.to_string()).unwrap();
                        }
                    }
                    let mut counts = BTreeMap::new();
                    for word in inbox {
                        *counts.entry(word).or_insert(0) += 1;
                    }
                    counts
                })
            })
            .collect();
        drop(senders);
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    })
}
