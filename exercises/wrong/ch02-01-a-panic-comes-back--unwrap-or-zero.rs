// Mistake: `unwrap_or(0)` turns the panicked thread's `Err` into a number
// it never computed: the failure is hidden, and 0 looks like a result.
// grader: fails results, saying "came back as Ok(0), but its thread panicked"
use std::thread;

fn parse_all(texts: &[&'static str]) -> Vec<Result<u64, String>> {
    let handles: Vec<_> = texts
        .iter()
        .map(|&text| thread::spawn(move || parse(text)))
        .collect();
    handles
        .into_iter()
        .map(|handle| Ok(handle.join().unwrap_or(0)))
        .collect()
}
