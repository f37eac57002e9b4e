// Mistake: the channel is bounded, but nobody receives until every item is
// sent: once `CAPACITY` items fill it, the next `send` waits for a receiver
// that this same thread would only start after the loop. It waits forever.
// grader: fails no deadlock, saying "is the consumer already receiving"
use std::sync::mpsc;

fn pipeline() {
    let (tx, rx) = mpsc::sync_channel(CAPACITY);
    for n in 1..=ITEMS {
        tx.send(produce(n)).unwrap();
    }
    drop(tx);
    for item in rx {
        consume(item);
    }
}
