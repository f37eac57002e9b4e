use std::thread;
use std::time::Duration;

// ANCHOR: main
fn main() {
    // How many lines each thread prints: 3, or the first argument.
    let lines: u32 = match std::env::args().nth(1) {
        Some(arg) => arg.parse().expect("a number of lines"),
        None => 3,
    };
    let mut printers = Vec::new();
    for name in ["left", "right"] {
        printers.push(thread::spawn(move || {
            for i in 1..=lines {
                println!("{name} thread, line {i} of {lines}");
                thread::sleep(Duration::from_micros(100));
            }
        }));
    }
    for printer in printers {
        printer.join().unwrap();
    }
}
// ANCHOR_END: main
