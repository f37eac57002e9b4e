use std::thread;

// ANCHOR: main
fn main() {
    print!("main starts a line, ");
    // While main's line is half written, another thread prints.
    thread::spawn(|| println!("a thread prints a whole line"))
        .join()
        .unwrap();
    println!("and main ends the next one.");
}
// ANCHOR_END: main
