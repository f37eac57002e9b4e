//! Hands every Rust block of the book, as the reader sees it, to skeptic.
//! See `book_tools::book` for how blocks are expanded and rewritten.

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("chapters");
    let chapters = book_tools::book::chapters(&root).unwrap_or_else(|e| panic!("{e}"));
    // Exactly what the expanded chapters are made of. (Not all of `src/`:
    // mdbook-quiz writes its scripts there on every HTML build.)
    println!("cargo:rerun-if-changed=book.toml");
    println!("cargo:rerun-if-changed=src/SUMMARY.md");
    for chapter in &chapters {
        println!("cargo:rerun-if-changed=src/{}", chapter.path.display());
        for directive in book_tools::check::directives(chapter) {
            println!("cargo:rerun-if-changed={}", directive.file.display());
        }
    }
    std::fs::create_dir_all(&out).unwrap();
    let mut files = Vec::new();
    for chapter in &chapters {
        // Named after the chapter, so a failing test names it too.
        let file = out.join(chapter.stem().replace('-', "_") + ".md");
        std::fs::write(&file, book_tools::book::skeptic_input(chapter)).unwrap();
        files.push(file);
    }
    skeptic::generate_doc_tests(&files);
    // For tests/code_blocks.rs, which calls skeptic directly too.
    println!(
        "cargo:rustc-env=TARGET={}",
        std::env::var("TARGET").unwrap()
    );
}
