use std::pin::{Pin, pin};
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
    // ANCHOR: pinned
    let future = async {
        let numbers = [1, 2, 3];
        let first = &numbers[0]; // points into the future itself
        YieldNow { yielded: false }.await;
        println!("first is still {first}");
    };
    // Moving it is fine until its first poll: nothing points into it yet.
    let moved = future;
    let mut future = pin!(moved);
    let mut cx = Context::from_waker(Waker::noop());
    for n in 1.. {
        let poll = future.as_mut().poll(&mut cx);
        println!("poll {n}: {poll:?}");
        if poll.is_ready() {
            break;
        }
    }

    // A future with no reference into itself is `Unpin`: `Pin::new`
    // accepts it, and pinning it promises nothing.
    let mut plain = YieldNow { yielded: false };
    println!("plain: {:?}", Pin::new(&mut plain).poll(&mut cx));
    // ANCHOR_END: pinned
}
