//! The book's own tools, written once and used by the build script, the
//! tests and the `cargo book` command.
//!
//! - [`book`]: the book expanded as mdBook renders it, and its code blocks;
//! - [`recording`]: a listing's recorded output and the shape a new run of it
//!   must keep;
//! - [`timeline`]: a recorded run drawn as an SVG timeline;
//! - [`cpu_bound`]: judging CPU-bound speedups only while the machine is
//!   otherwise quiet;
//! - [`graph`]: figures of nodes and edges, derived from a recording or a
//!   listing;
//! - [`listing`]: running a listing under a timeout, from its tests;
//! - [`reaper`]: nothing `cargo book` starts outlives it, even on Ctrl-C;
//! - [`runner`]: the local runner of `cargo book serve`, which runs the
//!   pages' code on the reader's machine for the book's pages only;
//! - [`quiz_cache`]: mdbook-quiz, run once per input when the tools build
//!   the book;
//! - [`quiz_loader`]: the mdBook preprocessor that defers the quiz's
//!   script until the reader needs it;
//! - [`proofs`]: the book's mdBook preprocessor (claims as marked
//!   sentences, each page's list of proofs, its errata link);
//! - [`oracle`]: answers worked out another way, for the tests to check
//!   the listings' answers against.

#[cfg(feature = "book")]
pub mod book;
#[cfg(feature = "book")]
pub mod check;
pub mod cpu_bound;
pub mod graph;
pub mod listing;
pub mod oracle;
#[cfg(feature = "book")]
pub mod proofs;
#[cfg(feature = "book")]
pub mod quiz_cache;
#[cfg(feature = "book")]
pub mod quiz_loader;
pub mod reaper;
pub mod recording;
#[cfg(feature = "book")]
pub mod runner;
pub mod scaling;
pub mod timeline;

/// The target folder of the workspace at `root`: `CARGO_TARGET_DIR` if set,
/// else `root/target`. Caches, the virtual environment and reports go there.
pub fn target_dir(root: &std::path::Path) -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}
