use std::any::Any;
use std::thread;
use std::time::Duration;

// ANCHOR: message
/// The message a panic carried, if it is text (it nearly always is: a
/// `&'static str` for `panic!("literal")`, a `String` otherwise).
fn message(payload: &(dyn Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "(not text)"
    }
}
// ANCHOR_END: message

// ANCHOR: main
fn main() {
    let inputs = ["12", "x7", "30"];
    let mut handles = Vec::new();
    for text in inputs {
        let handle = thread::Builder::new()
            .name(format!("parse {text}"))
            .spawn(move || {
                let n: u32 = text.parse().expect("not a number");
                // Still at work when "x7" has already panicked.
                thread::sleep(Duration::from_millis(100));
                n
            })
            .expect("the system could not start a thread");
        handles.push(handle);
    }
    let mut total = 0;
    for (text, handle) in inputs.iter().zip(handles) {
        match handle.join() {
            Ok(n) => {
                println!("{text:?} gave {n}");
                total += n;
            }
            Err(payload) => println!("{text:?} panicked: {}", message(&*payload)),
        }
    }
    println!("total of the numbers that parsed: {total}");
}
// ANCHOR_END: main
