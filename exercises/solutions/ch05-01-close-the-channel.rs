use std::sync::mpsc;
use std::thread;

/// Reads every source on a thread of its own, all at once, and returns
/// every line received, once every source is done.
fn gather(sources: &[u32]) -> Vec<String> {
    let (tx, rx) = mpsc::channel();
    for &source in sources {
        // Each source gets a clone, dropped when its thread ends.
        let tx = tx.clone();
        thread::spawn(move || {
            for line in 1..=LINES {
                tx.send(read_line(source, line)).unwrap();
            }
        });
    }
    // This function sends nothing, but as long as it holds `tx` the channel
    // stays open, and the loop below would wait for it forever. Dropped, the
    // last sender goes when the last source ends, and the loop ends after
    // the last line.
    drop(tx);
    rx.iter().collect()
}
