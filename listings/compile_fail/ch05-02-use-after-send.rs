use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    // ANCHOR: send
    thread::spawn(move || {
        let report = String::from("42 files checked");
        tx.send(report).unwrap();
        println!("sent: {report}"); // `report` now belongs to the receiver
    });
    // ANCHOR_END: send
    println!("got: {}", rx.recv().unwrap());
}
