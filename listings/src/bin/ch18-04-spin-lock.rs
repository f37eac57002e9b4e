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

    /// std's `UnsafeCell`, with the one method of loom's the lock uses.
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

// ANCHOR: lock
/// A lock that waits by spinning: a flag, and the value it guards.
pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// Safety: the flag lets one thread at a time reach the value, so sharing
// the lock is safe whenever sending the value is.
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    pub fn new(value: T) -> Self {
        SpinLock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    /// Runs `f` on the value, with the lock held.
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        // Acquire: once this turns false into true, it sees everything
        // the last holder wrote before its Release store below.
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            thread::yield_now(); // held (or a spurious failure): let the holder run
        }
        // Safety: the exchange succeeded, so this thread alone holds it.
        let result = self.value.with_mut(|value| f(unsafe { &mut *value }));
        self.locked.store(false, Ordering::Release); // Release: publish our writes
        result
    }
}
// ANCHOR_END: lock

/// Two threads add to one number through the lock.
pub fn two_adders(adds: u64) -> u64 {
    let total = Arc::new(SpinLock::new(0u64));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let total = Arc::clone(&total);
            thread::spawn(move || {
                for _ in 0..adds {
                    total.with(|n| *n += 1);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    total.with(|n| *n)
}

fn main() {
    let adds = 100_000;
    println!(
        "2 threads x {adds} additions through the spin lock: {}",
        two_adders(adds)
    );
}
