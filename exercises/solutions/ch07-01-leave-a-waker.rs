use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

/// What the two sides of a signal share: the value, once another thread
/// has sent it, and a waker to call when it does.
struct Shared {
    value: Option<u32>,
    waker: Option<Waker>,
}

/// A future that is ready with the value once another thread sends it.
struct Signal {
    shared: Arc<Mutex<Shared>>,
}

impl Future for Signal {
    type Output = u32;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        // One lock for the check and the store: `send` cannot slip in
        // between them, find no waker, and leave the task asleep forever.
        let mut shared = self.shared.lock().unwrap();
        match shared.value {
            Some(value) => Poll::Ready(value),
            None => {
                // The waker of *this* poll: an earlier one may belong to
                // a task that no longer polls this future.
                shared.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}
