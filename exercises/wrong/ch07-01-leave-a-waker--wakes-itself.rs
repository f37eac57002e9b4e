// Mistake: listing 7-2's `YieldNow` wakes its own task before it answers
// Pending, which means "poll me again at once". Done on every poll while
// the value has not come, it never sleeps: the executor polls it round
// and round, burning a core, until the value arrives.
// grader: fails no busy polling, saying "woke its own task"
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

struct Shared {
    value: Option<u32>,
    waker: Option<Waker>,
}

struct Signal {
    shared: Arc<Mutex<Shared>>,
}

impl Future for Signal {
    type Output = u32;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        let shared = self.shared.lock().unwrap();
        match shared.value {
            Some(value) => Poll::Ready(value),
            None => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }
}
