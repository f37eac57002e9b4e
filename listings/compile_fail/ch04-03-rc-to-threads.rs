use std::rc::Rc;
use std::thread;

fn main() {
    // ANCHOR: main
    let names = Rc::new(vec!["ada", "grace", "linus"]);
    let mut readers = Vec::new();
    for reader in 1..=3 {
        let names = Rc::clone(&names);
        readers.push(thread::spawn(move || {
            format!("reader {reader} sees {names:?}")
        }));
    }
    // ANCHOR_END: main
    for handle in readers {
        println!("{}", handle.join().unwrap());
    }
    println!("owners left: {}", Rc::strong_count(&names));
}
