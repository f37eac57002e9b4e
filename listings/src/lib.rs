//! The listings of the book are the programs in `src/bin/`. This library
//! holds only what must *not* compile: each listing in `compile_fail/` is
//! checked here, by a rustdoc doctest, for the exact error the book
//! explains. (The book's own test proves each such block fails at all, and
//! that the page names the same error code as this file.)

/// Declares that a listing of `compile_fail/` fails with one error code.
macro_rules! compile_fail {
    ($listing:literal, $code:literal) => {
        #[doc = concat!("`compile_fail/", $listing, ".rs` fails with ", $code, ".")]
        ///
        #[doc = concat!("```compile_fail,", $code)]
        #[doc = include_str!(concat!("../compile_fail/", $listing, ".rs"))]
        /// ```
        pub mod _listing {}
    };
}

/// Chapter 1: a spawned closure that borrows instead of owning.
pub mod ch01_03_borrowing_closure {
    compile_fail!("ch01-03-borrowing-closure", "E0373");
}

/// Chapter 6: a job given to rayon's `spawn` borrows a local variable.
pub mod ch06_05_spawn_borrows {
    compile_fail!("ch06-05-spawn-borrows", "E0597");
}

/// Chapter 6: std's channel rebuilt from loom's primitives, for the model
/// checks of the chapter's thread pool (`--features loom`).
#[cfg(feature = "loom")]
pub mod ch06_loom;
