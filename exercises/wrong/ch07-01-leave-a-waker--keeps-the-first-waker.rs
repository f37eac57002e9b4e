// Mistake: the waker is stored on the first poll only. A later poll may
// bring another waker, when the future has moved to another task; the
// sender then wakes a task that no longer polls this future.
// grader: fails latest waker, saying "not the latest one"
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
        let mut shared = self.shared.lock().unwrap();
        match shared.value {
            Some(value) => Poll::Ready(value),
            None => {
                if shared.waker.is_none() {
                    shared.waker = Some(cx.waker().clone());
                }
                Poll::Pending
            }
        }
    }
}
