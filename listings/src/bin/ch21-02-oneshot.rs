use self::sync::{Arc, AtomicBool, Ordering, UnsafeCell, thread};

/// The listing's threads, atomics and cell: std's. The chapter's model
/// checks compile this file with loom's instead (`--features loom`), whose
/// `UnsafeCell` reports two threads touching the value at once.
mod sync {
    #[cfg(feature = "loom")]
    pub(crate) use loom::{
        cell::UnsafeCell,
        sync::{
            Arc,
            atomic::{AtomicBool, Ordering},
        },
        thread,
    };
    #[cfg(not(feature = "loom"))]
    pub(crate) use std::{
        sync::{
            Arc,
            atomic::{AtomicBool, Ordering},
        },
        thread,
    };

    /// std's `UnsafeCell`, with the one method of loom's the channel uses.
    #[cfg(not(feature = "loom"))]
    pub(crate) struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

    #[cfg(not(feature = "loom"))]
    impl<T> UnsafeCell<T> {
        pub(crate) fn new(value: T) -> Self {
            UnsafeCell(std::cell::UnsafeCell::new(value))
        }

        /// Calls `f` with a raw pointer to the value.
        pub(crate) fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
            f(self.0.get())
        }
    }
}

// ANCHOR: oneshot
/// A channel for one value: a flag, and a slot for the value.
struct Slot<T> {
    ready: AtomicBool,
    value: UnsafeCell<Option<T>>,
}

// Safety: the flag keeps the two threads off the slot at once.
unsafe impl<T: Send> Sync for Slot<T> {}

pub struct Sender<T>(Arc<Slot<T>>);
pub struct Receiver<T>(Arc<Slot<T>>);

pub fn oneshot<T>() -> (Sender<T>, Receiver<T>) {
    let slot = Arc::new(Slot {
        ready: AtomicBool::new(false),
        value: UnsafeCell::new(None),
    });
    (Sender(Arc::clone(&slot)), Receiver(slot))
}

impl<T> Sender<T> {
    /// Sends the value; `self` is consumed, so this happens once.
    pub fn send(self, value: T) {
        // Safety: until `ready` is true, only the sender touches the slot.
        self.0.value.with_mut(|slot| unsafe { *slot = Some(value) });
        self.0.ready.store(true, Ordering::Release); // Release: publish the value
    }
}

impl<T> Receiver<T> {
    /// The value, if it has been sent and not yet taken.
    pub fn try_recv(&mut self) -> Option<T> {
        // Acquire: if true, see everything written before the Release store.
        if !self.0.ready.load(Ordering::Acquire) {
            return None;
        }
        // Safety: `ready` is true, so the sender is done with the slot.
        self.0.value.with_mut(|slot| unsafe { (*slot).take() })
    }
}
// ANCHOR_END: oneshot

/// One round: a thread sends 42; this one polls until it arrives.
pub fn one_round() -> u64 {
    let (sender, mut receiver) = oneshot();
    let handle = thread::spawn(move || sender.send(42u64));
    let value = loop {
        if let Some(value) = receiver.try_recv() {
            break value;
        }
        thread::yield_now();
    };
    handle.join().unwrap();
    value
}

// ANCHOR: main
fn main() {
    let rounds = 1000;
    let right = (0..rounds).filter(|_| one_round() == 42).count();
    println!("{rounds} rounds: {right} received 42");
}
// ANCHOR_END: main
