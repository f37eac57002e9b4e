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
        // Written only when it changed: skeptic asks cargo to run this
        // script again when the file is newer than the last run, and a file
        // written by every run would always be.
        let text = book_tools::book::skeptic_input(chapter);
        if std::fs::read_to_string(&file).ok().as_deref() != Some(&*text) {
            std::fs::write(&file, text).unwrap();
        }
        files.push(file);
    }
    skeptic::generate_doc_tests(&files);
    // For tests/code_blocks.rs, which calls skeptic directly too.
    println!(
        "cargo:rustc-env=TARGET={}",
        std::env::var("TARGET").unwrap()
    );
}
