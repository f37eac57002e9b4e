use std::sync::mpsc;
use std::thread;

/// Hands every item that `produce` makes to a consumer thread, and returns
/// once all are consumed.
fn pipeline() {
    // A bounded channel: it holds at most `CAPACITY` items, and `send`
    // waits while it is full, until the consumer takes one out. The slow
    // consumer holds the fast producer back to its own pace.
    let (tx, rx) = mpsc::sync_channel(CAPACITY);
    // The consumer is receiving before the producer sends anything: a
    // full channel is emptied by this thread, never by the producer.
    let consumer = thread::spawn(move || {
        for item in rx {
            consume(item);
        }
    });
    for n in 1..=ITEMS {
        tx.send(produce(n)).unwrap();
    }
    drop(tx); // the consumer's loop ends after the last item
    consumer.join().unwrap();
}
