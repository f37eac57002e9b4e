// Mistake: a stronger `Ordering` does not join a load and a store into one
// step. `SeqCst` orders these operations among all others, but another
// thread can still store between this load and this store, and the store
// then wipes out its addition.
// grader: fails no lost update, saying "No `Ordering` makes a load and a later store one step"
use std::sync::atomic::{AtomicU64, Ordering};

fn add_visits(total: &AtomicU64, page: u32) {
    let so_far = total.load(Ordering::SeqCst);
    total.store(so_far + count_visits(page), Ordering::SeqCst);
}
