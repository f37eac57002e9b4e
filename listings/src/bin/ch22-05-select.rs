use std::thread;
use std::time::Duration;

use crossbeam_channel::{never, select, unbounded};

// ANCHOR: main
fn main() {
    let (numbers, mut number_inbox) = unbounded::<u32>();
    let (words, mut word_inbox) = unbounded::<&str>();
    thread::spawn(move || {
        for n in 1..=3 {
            thread::sleep(Duration::from_millis(20));
            numbers.send(n).unwrap();
        }
    });
    thread::spawn(move || {
        thread::sleep(Duration::from_millis(30));
        words.send("hello").unwrap();
    });

    let mut open = 2;
    while open > 0 {
        select! {
            recv(number_inbox) -> n => match n {
                Ok(n) => println!("number {n}"),
                // A closed channel is always ready: swap in one that never is.
                Err(_) => { number_inbox = never(); open -= 1; }
            },
            recv(word_inbox) -> w => match w {
                Ok(w) => println!("word {w}"),
                Err(_) => { word_inbox = never(); open -= 1; }
            },
            default(Duration::from_secs(1)) => {
                println!("nothing for a second: giving up");
                break;
            }
        }
    }
    println!("both channels closed: {}", open == 0);
}
// ANCHOR_END: main
