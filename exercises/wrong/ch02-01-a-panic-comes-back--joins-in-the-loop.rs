// Mistake: each thread is joined in the loop that spawns it, so the next
// thread starts only when this one has ended: the parses take turns.
// grader: fails overlap, saying "A thread joined right after it is spawned"
use std::thread;

fn parse_all(texts: &[&'static str]) -> Vec<Result<u64, String>> {
    let mut results = Vec::new();
    for &text in texts {
        let handle = thread::spawn(move || parse(text));
        results.push(
            handle
                .join()
                .map_err(|payload| message(&*payload).to_owned()),
        );
    }
    results
}
