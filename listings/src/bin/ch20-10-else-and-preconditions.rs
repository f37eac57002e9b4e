use tokio::sync::mpsc;

// ANCHOR: main
#[tokio::main]
async fn main() {
    // Two channels, filled and closed before the loop starts.
    let (a_tx, mut a) = mpsc::channel(8);
    let (b_tx, mut b) = mpsc::channel(8);
    for n in 1..=5 {
        a_tx.send(n).await.unwrap();
    }
    for n in [10, 20] {
        b_tx.send(n).await.unwrap();
    }
    drop((a_tx, b_tx));

    let mut from_a = 0;
    loop {
        tokio::select! {
            biased;
            // Skipped, not even polled, once three came from `a`.
            Some(n) = a.recv(), if from_a < 3 => {
                from_a += 1;
                println!("a gave {n}");
            }
            // Disabled for this round when `recv` gives `None`.
            Some(n) = b.recv() => println!("b gave {n}"),
            // Every branch is disabled: nothing more can come.
            else => break,
        }
    }
    println!("done: {from_a} from a, {} left in a", a.len());
}
// ANCHOR_END: main
