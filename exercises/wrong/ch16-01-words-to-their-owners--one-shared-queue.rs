// Mistake: every word goes into one queue that all the workers take from,
// as the jobs of a thread pool do (chapter 6). A word then goes to
// whichever worker is free, not to its owner: the counts of one word end
// up spread over several workers.
// grader: fails owners, saying "by whichever worker took it from a shared queue"
use std::collections::BTreeMap;
use std::sync::{Mutex, mpsc};
use std::thread;

fn count_words(lines: &[&str], peers: usize) -> Vec<BTreeMap<String, u64>> {
    let (sender, receiver) = mpsc::channel::<String>();
    let receiver = Mutex::new(receiver);
    thread::scope(|scope| {
        let workers: Vec<_> = (0..peers)
            .map(|index| {
                let sender = sender.clone();
                let receiver = &receiver;
                scope.spawn(move || {
                    for line in lines.iter().skip(index).step_by(peers) {
                        for word in line.split_whitespace() {
                            sender.send(word.to_string()).unwrap();
                        }
                    }
                    drop(sender);
                    let mut counts = BTreeMap::new();
                    loop {
                        let next = receiver.lock().unwrap().recv();
                        match next {
                            Ok(word) => *counts.entry(word).or_insert(0) += 1,
                            Err(_) => break,
                        }
                    }
                    counts
                })
            })
            .collect();
        drop(sender);
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    })
}
