use self::sync::{Arc, AtomicBool, AtomicU64, Ordering, thread};

/// The listing's threads and atomics: std's. The chapter's model check
/// compiles this file with loom's instead (`cargo test -p listings --features loom`).
mod sync {
    #[cfg(feature = "loom")]
    pub(crate) use loom::{
        sync::{
            Arc,
            atomic::{AtomicBool, AtomicU64, Ordering},
        },
        thread,
    };
    #[cfg(not(feature = "loom"))]
    pub(crate) use std::{
        sync::{
            Arc,
            atomic::{AtomicBool, AtomicU64, Ordering},
        },
        thread,
    };
}

const ROUNDS: u32 = 1_000;

/// A report written by one thread and read by another.
struct Mailbox {
    lines: AtomicU64,
    words: AtomicU64,
    ready: AtomicBool,
}

// ANCHOR: round
/// One round: a writer fills the mailbox and raises the flag; a reader
/// waits for the flag, then reads. Returns whether the reader saw the data.
fn round() -> bool {
    let mailbox = Arc::new(Mailbox {
        lines: AtomicU64::new(0),
        words: AtomicU64::new(0),
        ready: AtomicBool::new(false),
    });
    let writer = {
        let mailbox = Arc::clone(&mailbox);
        thread::spawn(move || {
            mailbox.lines.store(12, Ordering::Relaxed);
            mailbox.words.store(345, Ordering::Relaxed);
            // Release: every write above is visible to whoever sees `true`
            // with an Acquire load.
            mailbox.ready.store(true, Ordering::Release);
        })
    };
    // Acquire: once this sees `true`, it also sees the writes before it.
    while !mailbox.ready.load(Ordering::Acquire) {
        thread::yield_now(); // let the writer run, even on one core
    }
    let seen = (
        mailbox.lines.load(Ordering::Relaxed),
        mailbox.words.load(Ordering::Relaxed),
    );
    writer.join().unwrap();
    seen == (12, 345)
}
// ANCHOR_END: round

fn main() {
    let stale = (0..ROUNDS).filter(|_| !round()).count();
    println!("rounds: {ROUNDS}, rounds that saw the flag without the data: {stale}");
}
