//! The rules the book as a whole keeps, as functions that list every
//! breach, each naming a file (and a line where there is one), relative to
//! the book's root. `tests/book.rs` runs them on the real book; each
//! module's tests run them on small broken books, so that each rule is known
//! to catch what it is for.
//!
//! One module per family of rules:
//!
//! - [`includes`]: every include names a file and an anchor that exist;
//! - [`orphans`]: every file is found by its name, shown and tested;
//! - [`bins`]: every listing is built once, as a program, by cargo;
//! - [`blocks`]: every code block shows a file, with known attributes;
//! - [`claims`]: every proven claim names the test that proves it;
//! - [`figures`]: no measured figure is typed into a page or a quiz;
//! - [`glossary`]: every glossary entry has its term and a link to a page;
//! - [`quizzes`]: every quiz is valid and its answers right;
//! - [`timelines`]: every timeline figure is drawn from its recording;
//! - [`graphs`]: every graph figure is drawn from its source;
//! - [`links`]: every link of the built book leads somewhere.
//!
//! This module holds what they share: the directives of a page, the files of
//! a folder, and the names of things.

use std::path::{Path, PathBuf};

use crate::book::Chapter;

mod bins;
mod blocks;
mod claims;
mod exercises;
mod figures;
mod glossary;
mod graphs;
mod includes;
mod links;
mod orphans;
mod quizzes;
mod recordings;
mod timelines;

pub use bins::bins;
pub use blocks::blocks;
pub use claims::claims;
pub use exercises::exercises;
pub use figures::{Typed, figures};
pub use glossary::glossary;
pub use graphs::graphs;
pub use includes::includes;
pub use links::{Links, links};
pub use orphans::orphans;
pub use quizzes::{compile, quizzes};
pub use recordings::recorded_runs;
pub use timelines::timelines;

/// A `{{#include}}`, `{{#rustdoc_include}}` or `{{#quiz}}` in a page.
#[derive(Debug)]
pub struct Directive {
    /// `src/ch01-three-waits.md:23`.
    pub at: String,
    pub kind: String,
    /// The file, relative to the book's root, `..` resolved.
    pub file: PathBuf,
    /// The anchor after the path (`:main`), unless it is a line range.
    pub anchor: Option<String>,
    /// Written on a line of a quote (`> …`).
    pub in_quote: bool,
}

/// Every directive of a chapter as written.
pub fn directives(chapter: &Chapter) -> Vec<Directive> {
    let mut found = Vec::new();
    for (n, line) in chapter.source.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("{{#") {
            let Some(len) = rest[start..].find("}}") else {
                break;
            };
            let inner = &rest[start + 3..start + len];
            rest = &rest[start + len + 2..];
            let (kind, arg) = inner.split_once(' ').unwrap_or((inner, ""));
            let target = arg.split_whitespace().next().unwrap_or("");
            let (path, anchor) = match target.split_once(':') {
                Some((path, anchor)) if !anchor.starts_with(|c: char| c.is_ascii_digit()) => {
                    (path, Some(anchor.to_owned()))
                }
                Some((path, _)) => (path, None),
                None => (target, None),
            };
            let dir = Path::new("src").join(&chapter.path);
            found.push(Directive {
                at: format!("src/{}:{}", chapter.path.display(), n + 1),
                kind: kind.to_owned(),
                file: normalize(&dir.parent().unwrap().join(path)),
                anchor,
                in_quote: line.trim_start().starts_with('>'),
            });
        }
    }
    found
}

/// `path` with `.` and `..` resolved, without asking the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The folders of things a page shows, each file of which some page must
/// include.
pub const SHOWN: &[&str] = &[
    "listings/src/bin",
    "listings/compile_fail",
    "listings/python",
    "listings/recorded",
    "quizzes",
];

/// The files of `dir` (relative to `root`), as paths relative to `root`,
/// sorted; none if there is no such folder.
fn files_in(root: &Path, dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| Path::new(dir).join(e.file_name()))
        .collect();
    files.sort();
    files
}

/// The test binary that holds every chapter's tests as modules.
pub const TEST_HARNESS: &str = "listings/tests/chapters.rs";

/// Where the recorded outputs, their timelines and how they were run are.
pub const RECORDED: &str = "listings/recorded";

/// The one recorded file not of a chapter: where the recordings were made.
pub const MACHINE: &str = "machine.txt";

/// `chNN` of a file named `chNN-…`.
/// `listings/src/lib.rs` with its whitespace folded, so that its
/// `compile_fail!("stem", …)` declarations read the same however rustfmt
/// lays them out: one space between tokens, none after `(` or `[`.
fn compile_fail_declarations(lib: &str) -> String {
    lib.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("( ", "(")
        .replace("[ ", "[")
}

fn chapter_number(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    (name.starts_with("ch") && name.as_bytes().get(4) == Some(&b'-')).then(|| name[..4].to_owned())
}

/// The line (from 1) of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line of each table of the array `key` (`[[key]]`, or `key = [{…}]`)
/// at the top of a TOML text, in order; none if it does not parse.
fn toml_array_lines(text: &str, key: &str) -> Vec<usize> {
    let Ok(doc) = toml::de::DeTable::parse(text) else {
        return Vec::new();
    };
    match doc.get_ref().get(key).map(|v| v.get_ref()) {
        Some(toml::de::DeValue::Array(items)) => items
            .iter()
            .map(|item| line_of(text, item.span().start))
            .collect(),
        _ => Vec::new(),
    }
}

/// Shared by the tests of every rule: small books in temporary folders.
#[cfg(test)]
pub(crate) mod fixture {
    use std::path::PathBuf;

    use crate::book::Chapter;

    /// A small book in a temporary folder, with its chapters as given.
    pub struct Fixture {
        pub dir: PathBuf,
    }

    impl Fixture {
        pub fn new(name: &str) -> Fixture {
            let dir =
                std::env::temp_dir().join(format!("book-check-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            Fixture { dir }
        }
        pub fn file(&self, path: &str, text: &str) -> &Self {
            let path = self.dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
            self
        }
        pub fn chapter(&self, path: &str, source: &str) -> Chapter {
            self.file(&format!("src/{path}"), source);
            Chapter {
                title: path.into(),
                path: path.into(),
                source: source.into(),
                expanded: source.into(),
            }
        }
    }

    impl Drop for Fixture {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    /// Each expected problem is found (by its start), and nothing else.
    pub fn assert_problems(problems: &[String], expected: &[&str]) {
        for want in expected {
            assert!(
                problems.iter().any(|p| p.starts_with(want)),
                "missing {want:?} in {problems:#?}"
            );
        }
        assert_eq!(problems.len(), expected.len(), "{problems:#?}");
    }

    /// A listing with one anchor, `main`.
    pub const PROGRAM: &str =
        "use std::thread;\n// ANCHOR: main\nfn main() {}\n// ANCHOR_END: main\n";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_resolve_paths_and_tell_anchors_from_line_ranges() {
        let chapter = Chapter {
            title: "A".into(),
            path: "ch01-a.md".into(),
            source: "# A\n{{#rustdoc_include ../listings/src/bin/ch01-01-a.rs:main}} {{#include ./x.txt:2:3}}\n".into(),
            expanded: String::new(),
        };
        let found = directives(&chapter);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].at, "src/ch01-a.md:2");
        assert_eq!(found[0].kind, "rustdoc_include");
        assert_eq!(found[0].file, Path::new("listings/src/bin/ch01-01-a.rs"));
        assert_eq!(found[0].anchor.as_deref(), Some("main"));
        assert_eq!(found[1].file, Path::new("src/x.txt"));
        assert_eq!(found[1].anchor, None);
    }

    #[test]
    fn chapter_numbers_and_lines_are_read_from_names_and_offsets() {
        assert_eq!(
            chapter_number(Path::new("listings/src/bin/ch01-02-a.rs")).as_deref(),
            Some("ch01")
        );
        assert_eq!(chapter_number(Path::new("helper.rs")), None);
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }

    #[test]
    fn toml_tables_are_found_with_their_lines() {
        let text = "[package]\nname = \"x\"\n\n[[bin]]\nname = \"a\"\n\n[[bin]]\nname = \"b\"\n";
        assert_eq!(toml_array_lines(text, "bin"), [4, 7]);
        assert_eq!(
            toml_array_lines("q = [{ a = 1 },\n{ a = 2 }]\n", "q"),
            [1, 2]
        );
        assert_eq!(toml_array_lines(text, "test"), [0; 0]);
        assert_eq!(toml_array_lines("[[bin]", "bin"), [0; 0]);
    }
}
