use std::thread;

// ANCHOR: main
#[tokio::main]
async fn main() {
    let (tx, rx) = flume::bounded::<u32>(4);
    // A plain thread sends, blocking whenever the queue holds 4...
    let producer = thread::spawn(move || {
        for n in 1..=10 {
            tx.send(n).unwrap();
        }
    });
    // ...and two async tasks receive from clones of one receiver.
    let tasks: Vec<_> = (0..2)
        .map(|_| {
            let rx = rx.clone();
            tokio::spawn(async move {
                let mut sum = 0;
                while let Ok(n) = rx.recv_async().await {
                    sum += n;
                }
                sum
            })
        })
        .collect();
    drop(rx);
    let mut total = 0;
    for task in tasks {
        total += task.await.unwrap();
    }
    producer.join().unwrap();
    println!("received in total: {total} (1 + ... + 10 = 55)");
}
// ANCHOR_END: main
