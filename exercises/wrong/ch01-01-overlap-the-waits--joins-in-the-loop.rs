// Mistake: each thread is joined in the loop that spawns it, so the next
// thread starts only when this one has ended: the waits add up again.
// grader: fails overlap, saying "A thread joined right after it is spawned"
use std::thread;

fn fetch_all(ids: &[u32]) -> Vec<String> {
    let mut pages = Vec::new();
    for &id in ids {
        let handle = thread::spawn(move || fetch(id));
        pages.push(handle.join().unwrap());
    }
    pages
}
