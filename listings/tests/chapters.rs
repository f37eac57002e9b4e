//! The tests of every chapter, `chNN-name.rs` beside this file, in one
//! binary: they mostly wait for the programs they run, so they run side by
//! side, not one chapter after another. `tests/book.rs` checks that every
//! chapter's file is declared here.

#[path = "ch01-three-waits.rs"]
mod ch01_three_waits;

#[path = "ch02-threads.rs"]
mod ch02_threads;

#[path = "ch03-sharing-state.rs"]
mod ch03_sharing_state;

#[path = "ch04-send-sync.rs"]
mod ch04_send_sync;

#[path = "ch05-message-passing.rs"]
mod ch05_message_passing;

#[path = "ch06-thread-pools.rs"]
mod ch06_thread_pools;

#[path = "ch07-cooperative-multitasking.rs"]
mod ch07_cooperative_multitasking;

#[path = "ch08-tokio-basics.rs"]
mod ch08_tokio_basics;

#[path = "ch09-racing-and-cancellation.rs"]
mod ch09_racing_and_cancellation;

#[path = "ch10-blocking-and-sharing.rs"]
mod ch10_blocking_and_sharing;

#[path = "ch11-why-async-scales.rs"]
mod ch11_why_async_scales;

#[path = "ch12-data-parallelism.rs"]
mod ch12_data_parallelism;

#[path = "ch13-processes.rs"]
mod ch13_processes;

#[path = "ch14-hybrids.rs"]
mod ch14_hybrids;

#[path = "ch15-benchmarking.rs"]
mod ch15_benchmarking;

#[path = "ch16-beyond-one-machine.rs"]
mod ch16_beyond_one_machine;

#[path = "ch17-choosing.rs"]
mod ch17_choosing;

#[path = "ch18-memory-ordering.rs"]
mod ch18_memory_ordering;

#[path = "ch19-structured-concurrency.rs"]
mod ch19_structured_concurrency;

#[path = "ch20-streams-and-select.rs"]
mod ch20_streams_and_select;

#[path = "ch21-testing-and-observing.rs"]
mod ch21_testing_and_observing;

#[path = "ch22-beyond-std.rs"]
mod ch22_beyond_std;

#[path = "ch23-capstone.rs"]
mod ch23_capstone;

#[path = "appendix-from-python.rs"]
mod appendix_from_python;
