// Mistake: a bound as large as the whole job is no bound: `send` never
// waits, the producer makes every item at once, and they all pile up in
// the channel, as with an unbounded `channel()`.
// grader: fails backpressure, saying "a bound as large as the whole job"
use std::sync::mpsc;
use std::thread;

fn pipeline() {
    let (tx, rx) = mpsc::sync_channel(ITEMS as usize);
    let consumer = thread::spawn(move || {
        for item in rx {
            consume(item);
        }
    });
    for n in 1..=ITEMS {
        tx.send(produce(n)).unwrap();
    }
    drop(tx);
    consumer.join().unwrap();
}
