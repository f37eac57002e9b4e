//! The listings of the book are the programs in `src/bin/`. This library
//! holds only what must *not* compile: each listing in `compile_fail/` is
//! checked here for the exact error the book explains.
