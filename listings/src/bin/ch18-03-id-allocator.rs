use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;

// ANCHOR: allocator
/// Hands out the ids 0, 1, 2 … up to `max` - 1, each once, and then
/// refuses: the counter never moves past `max`, so it cannot overflow.
struct Ids {
    next: AtomicU32,
    max: u32,
}

impl Ids {
    /// With a compare-and-exchange loop, written out.
    fn allocate(&self) -> Option<u32> {
        let mut current = self.next.load(Ordering::Relaxed);
        loop {
            if current >= self.max {
                return None; // all handed out: refuse, and leave the counter
            }
            match self.next.compare_exchange_weak(
                current,
                current + 1,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(current), // ours: no one else gets it
                Err(seen) => current = seen,   // changed meanwhile, or a spurious failure: retry
            }
        }
    }

    /// The same, with `fetch_update`, which runs that loop for us.
    fn allocate_with_fetch_update(&self) -> Option<u32> {
        self.next
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                (n < self.max).then_some(n + 1)
            })
            .ok()
    }
}
// ANCHOR_END: allocator

fn main() {
    let ids = Ids {
        next: AtomicU32::new(0),
        max: 1_000,
    };
    // Four threads ask for ids until they are refused; two of them use
    // each method.
    let got: Vec<Vec<u32>> = thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let ids = &ids;
                s.spawn(move || {
                    let mut mine = Vec::new();
                    loop {
                        let id = if t % 2 == 0 {
                            ids.allocate()
                        } else {
                            ids.allocate_with_fetch_update()
                        };
                        match id {
                            Some(id) => mine.push(id),
                            None => return mine,
                        }
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let all: BTreeSet<u32> = got.iter().flatten().copied().collect();
    let handed_out: usize = got.iter().map(Vec::len).sum();
    println!(
        "ids handed out: {handed_out}, distinct: {}, max: {}",
        all.len(),
        ids.max
    );
    println!(
        "refused after: {:?}",
        (ids.allocate(), ids.allocate_with_fetch_update())
    );
    println!("counter stays at {}", ids.next.load(Ordering::Relaxed));
}
