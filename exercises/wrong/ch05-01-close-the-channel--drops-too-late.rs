// Mistake: `drop(tx)` after the receiving loop comes too late: the loop
// ends only once every sender is gone, and this one is still alive while
// the loop runs, so the loop never ends and the drop is never reached.
// grader: fails no deadlock, saying "is one still alive"
use std::sync::mpsc;
use std::thread;

fn gather(sources: &[u32]) -> Vec<String> {
    let (tx, rx) = mpsc::channel();
    for &source in sources {
        let tx = tx.clone();
        thread::spawn(move || {
            for line in 1..=LINES {
                tx.send(read_line(source, line)).unwrap();
            }
        });
    }
    let lines = rx.iter().collect();
    drop(tx);
    lines
}
