use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

// ANCHOR: yield_now
/// A future that is not ready the first time it is polled, and is the
/// second time: the smallest future that makes its task wait.
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
        // "Poll me again": without this, a real executor never would.
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

async fn two_steps() -> u32 {
    println!("  step 1");
    YieldNow { yielded: false }.await;
    println!("  step 2");
    42
}
// ANCHOR_END: yield_now

// ANCHOR: main
fn main() {
    let mut future = pin!(two_steps());
    let mut cx = Context::from_waker(Waker::noop());
    for n in 1.. {
        println!("poll {n}");
        match future.as_mut().poll(&mut cx) {
            Poll::Pending => println!("  -> Pending"),
            Poll::Ready(value) => {
                println!("  -> Ready({value})");
                break;
            }
        }
    }
}
// ANCHOR_END: main
