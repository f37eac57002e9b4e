//! Hands every Rust block of the book, as the reader sees it, to skeptic.
//! See `book_tools::book` for how blocks are expanded and rewritten.

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("chapters");
    for watched in ["book.toml", "src", "listings/src", "listings/compile_fail"] {
        println!("cargo:rerun-if-changed={watched}");
    }
    let chapters = book_tools::book::chapters(&root).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(&out).unwrap();
    let mut files = Vec::new();
    for chapter in &chapters {
        // Named after the chapter, so a failing test names it too.
        let file = out.join(chapter.stem().replace('-', "_") + ".md");
        std::fs::write(&file, book_tools::book::skeptic_input(chapter)).unwrap();
        files.push(file);
    }
    skeptic::generate_doc_tests(&files);
}
