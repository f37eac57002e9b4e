//! Chapter 6's model checks: `std::sync::mpsc`, rebuilt from loom's
//! primitives, for listing 6-3's thread pool to run on under loom.
//!
//! loom 0.7 has a channel of its own, but it does not model a closed one:
//! there, `recv` on an empty channel whose senders are all gone blocks
//! forever, where std's returns `Err(RecvError)`. The pool shuts down by
//! exactly that, so the model checks give it this channel instead: a queue
//! behind loom's `Mutex` and `Condvar`, with std's documented behaviour
//! (first in, first out; `recv` hands out what is queued before it reports
//! the channel closed; `send` fails once the receiver is gone).

pub mod mpsc {
    use std::collections::VecDeque;
    pub use std::sync::mpsc::{RecvError, SendError};

    use loom::sync::{Arc, Condvar, Mutex};

    struct State<T> {
        queue: VecDeque<T>,
        senders: usize,
        receiver: bool,
    }

    struct Channel<T> {
        state: Mutex<State<T>>,
        changed: Condvar,
    }

    pub struct Sender<T>(Arc<Channel<T>>);
    pub struct Receiver<T>(Arc<Channel<T>>);

    pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
        let channel = Arc::new(Channel {
            state: Mutex::new(State {
                queue: VecDeque::new(),
                senders: 1,
                receiver: true,
            }),
            changed: Condvar::new(),
        });
        (Sender(Arc::clone(&channel)), Receiver(channel))
    }

    impl<T> Sender<T> {
        pub fn send(&self, message: T) -> Result<(), SendError<T>> {
            let mut state = self.0.state.lock().unwrap();
            if !state.receiver {
                return Err(SendError(message));
            }
            state.queue.push_back(message);
            drop(state);
            self.0.changed.notify_one();
            Ok(())
        }
    }

    impl<T> Clone for Sender<T> {
        fn clone(&self) -> Self {
            self.0.state.lock().unwrap().senders += 1;
            Sender(Arc::clone(&self.0))
        }
    }

    impl<T> Drop for Sender<T> {
        fn drop(&mut self) {
            let mut state = self.0.state.lock().unwrap();
            state.senders -= 1;
            if state.senders == 0 {
                drop(state);
                self.0.changed.notify_all();
            }
        }
    }

    impl<T> Receiver<T> {
        pub fn recv(&self) -> Result<T, RecvError> {
            let mut state = self.0.state.lock().unwrap();
            loop {
                if let Some(message) = state.queue.pop_front() {
                    return Ok(message);
                }
                if state.senders == 0 {
                    return Err(RecvError);
                }
                state = self.0.changed.wait(state).unwrap();
            }
        }
    }

    impl<T> Drop for Receiver<T> {
        fn drop(&mut self) {
            let mut state = self.0.state.lock().unwrap();
            state.receiver = false;
            // Dropped after the lock is released: a message may hold a
            // sender of this very channel.
            let queued = std::mem::take(&mut state.queue);
            drop(state);
            drop(queued);
        }
    }
}
