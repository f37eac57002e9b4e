use std::pin::pin;
use std::task::{Context, Poll, Waker};

// ANCHOR: main
async fn hello(name: &str) -> usize {
    println!("{name}: running");
    name.len()
}

fn main() {
    let dropped = hello("dropped");
    println!("made a future for `dropped`");
    drop(dropped);

    let future = hello("polled");
    println!("made a future for `polled`");
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut cx) {
        Poll::Ready(n) => println!("polled: ready with {n}"),
        Poll::Pending => println!("polled: pending"),
    }
}
// ANCHOR_END: main
