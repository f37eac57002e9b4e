// Mistake: `try_iter` never waits: it takes what is in the channel at this
// moment and stops at the first empty moment. The sources have not sent
// anything yet, so their lines are lost.
// grader: fails no lost message, saying "(`try_iter`, `try_recv`) misses the lines still to come"
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
    rx.try_iter().collect()
}
