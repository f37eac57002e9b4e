//! The tests of every chapter, `chNN-name.rs` beside this file, in one
//! binary: they mostly wait for the programs they run, so they run side by
//! side, not one chapter after another. `tests/book.rs` checks that every
//! chapter's file is declared here.

#[path = "ch01-three-waits.rs"]
mod ch01_three_waits;

#[path = "ch06-thread-pools.rs"]
mod ch06_thread_pools;
