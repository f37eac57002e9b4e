use std::thread;

fn main() {
    let names = vec!["ada", "grace", "linus"];
    // ANCHOR: spawn
    let counter = thread::spawn(move || {
        let letters = names.iter().map(|name| name.len()).sum::<usize>();
        (names, letters) // the thread hands the names back with its answer
    });
    let (names, letters) = counter.join().unwrap();
    // ANCHOR_END: spawn
    println!("{names:?} have {letters} letters");
}
