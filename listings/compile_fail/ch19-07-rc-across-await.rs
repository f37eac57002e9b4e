use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

// ANCHOR: main
#[tokio::main]
async fn main() {
    let handle = tokio::spawn(async {
        let done = Rc::new(Cell::new(0)); // `Rc` is not `Send`
        tokio::time::sleep(Duration::from_millis(100)).await; // `done` lives across it
        done.set(done.get() + 1);
        done.get()
    });
    println!("{} tasks done", handle.await.unwrap());
}
// ANCHOR_END: main
