//! Every Rust block a reader sees, compiled and run. `build.rs` expands the
//! book exactly as mdBook renders it and hands the chapters to skeptic, which
//! writes one test per block.
include!(concat!(env!("OUT_DIR"), "/skeptic-tests.rs"));
