//! Every Rust block a reader sees, compiled and run (a block that is a
//! whole listing is compiled here and run by its chapter's tests, as
//! `listings/Cargo.toml` declares it). `build.rs` expands the
//! book exactly as mdBook renders it and hands the chapters to skeptic, which
//! writes one test per block (see `book_tools::book::skeptic_input`).
include!(concat!(env!("OUT_DIR"), "/skeptic-tests.rs"));

/// Blocks are compiled as the book's edition, 2024, not 2021: a program
/// with a `let` chain, which only 2024 accepts, compiles and runs.
#[test]
fn blocks_are_compiled_as_edition_2024() {
    let program = "fn main() {\n    let a = Some(2);\n    if let Some(x) = a && x > 1 {\n        println!(\"{x}\");\n    }\n}\n";
    skeptic::rt::run_test(
        env!("CARGO_MANIFEST_DIR"),
        env!("OUT_DIR"),
        env!("TARGET"),
        program,
    );
}
