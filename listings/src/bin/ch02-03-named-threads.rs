use std::thread;

fn greet() {
    // `current` is a handle on the thread running this line.
    println!("hello from {:?}", thread::current().name());
}

// ANCHOR: main
fn main() {
    let mut handles = Vec::new();
    for name in ["loader", "parser"] {
        let handle = thread::Builder::new()
            .name(name.to_string())
            .spawn(greet)
            .expect("the system could not start a thread");
        handles.push(handle);
    }
    // `thread::spawn` starts a thread without a name.
    handles.push(thread::spawn(greet));
    for handle in handles {
        handle.join().unwrap();
    }
    println!("goodbye from {:?}", thread::current().name());
}
// ANCHOR_END: main
