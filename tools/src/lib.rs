//! The book's own tools, written once and used by the build script, the
//! tests and the `cargo book` command.
//!
//! - [`book`]: the book expanded as mdBook renders it, and its code blocks;
//! - [`recording`]: a listing's recorded output and the shape a new run of it
//!   must keep;
//! - [`timeline`]: a recorded run drawn as an SVG timeline;
//! - [`listing`]: running a listing under a timeout, from its tests;
//! - [`proofs`]: the book's mdBook preprocessor (claims as marked
//!   sentences, each page's list of proofs, its errata link);
//! - [`oracle`]: answers worked out another way, for the tests to check
//!   the listings' answers against.

#[cfg(feature = "book")]
pub mod book;
#[cfg(feature = "book")]
pub mod check;
pub mod listing;
pub mod oracle;
#[cfg(feature = "book")]
pub mod proofs;
pub mod recording;
pub mod timeline;
