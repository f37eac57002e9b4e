//! Running listings, from their tests and from `cargo book record`: as real
//! processes, the way each is declared to run, under a timeout.
//!
//! A listing's tests run the very program the page shows, as `cargo run`
//! would, and read what it printed. How a listing is run (its build, its
//! arguments, what it reads on standard input, its environment, how many
//! cores it may use, the other processes started beside it) is declared
//! once, in `listings/Cargo.toml` beside the listing's `[[bin]]`, and read
//! here into a [`RunSpec`], so that the tests and the recording on the page
//! run it the same way.
//!
//! A program that deadlocks must fail its test, not hang the suite, so every
//! run has a deadline. And a test ends every process the listing started,
//! pass or fail: each run is its own process group, killed whole at the end.
//!
//! Five parts: `spec` (how a listing is declared to run), `process` (a run
//! as a process group under a deadline, and what it printed), `watched` (a
//! program a test talks to while it runs), `compile` (`rustc` on one
//! program outside cargo) and `python` (the interpreter, the pinned
//! virtual environment, the start methods).

mod compile;
mod process;
mod python;
mod spec;
mod watched;

pub use compile::*;
pub use process::*;
pub use python::*;
pub use spec::*;
pub use watched::*;
