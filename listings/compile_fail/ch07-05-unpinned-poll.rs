use std::pin::Pin;
use std::task::{Context, Poll, Waker};

struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn main() {
    // ANCHOR: unpinned
    let mut future = async {
        let numbers = [1, 2, 3];
        let first = &numbers[0]; // points into the future itself
        YieldNow { yielded: false }.await;
        println!("first is still {first}");
    };
    let mut cx = Context::from_waker(Waker::noop());
    let _ = Pin::new(&mut future).poll(&mut cx);
    // ANCHOR_END: unpinned
}
