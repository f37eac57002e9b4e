use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
fn main() {
    let numbers: Vec<u64> = (1..=1000).collect();
    let (left, right) = numbers.split_at(numbers.len() / 2);
    // Each thread borrows one half: no copy, no `Arc`.
    let (a, b) = thread::scope(|s| {
        let a = s.spawn(|| left.iter().sum::<u64>());
        let b = s.spawn(|| right.iter().sum::<u64>());
        (a.join().unwrap(), b.join().unwrap())
    });
    println!("{a} + {b} = {}", a + b);

    // Threads may also borrow mutably, each its own part.
    let clock = Instant::now();
    let mut scores = vec![1, 2, 3, 4, 5, 6];
    thread::scope(|s| {
        for (i, pair) in scores.chunks_mut(2).enumerate() {
            s.spawn(move || {
                let ms = clock.elapsed().as_millis();
                println!("[{ms:4} ms] pair {} starts", i + 1);
                thread::sleep(Duration::from_millis(100));
                for score in pair.iter_mut() {
                    *score *= 10;
                }
                let ms = clock.elapsed().as_millis();
                println!("[{ms:4} ms] pair {} ends", i + 1);
            });
        }
    }); // Every thread spawned in the scope has finished here.
    let ms = clock.elapsed().as_millis();
    println!("[{ms:4} ms] scope returned: {scores:?}");
    println!("numbers is still here: {} of them", numbers.len());
}
// ANCHOR_END: main
