use std::thread;

fn main() {
    let names = vec!["ada", "grace", "linus"];
    // ANCHOR: spawn
    let counter = thread::spawn(|| names.iter().map(|name| name.len()).sum::<usize>());
    // ANCHOR_END: spawn
    let letters = counter.join().unwrap();
    println!("{names:?} have {letters} letters");
}
