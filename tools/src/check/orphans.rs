//! Files are found by their names. A chapter is a set of files named after
//! it (see `STYLE.md`), and nothing lists them: a listing no page shows, a
//! test file no harness runs, or a program no test runs would sit in the
//! book unseen and untested while every test passes. So every such file must
//! be named `chNN-…` after its chapter, shown by that chapter, and run.
//! Another chapter may cite a recording (one measurement, shown where it is
//! compared), never a listing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{MACHINE, SHOWN, TEST_HARNESS, chapter_number, directives, files_in};
use crate::book::Chapter;

/// Files are found by name alone: every listing, recording, quiz and test
/// file is named `chNN-…` after its chapter and shown by that chapter; every
/// chapter `chNN-name.md` has its tests in `listings/tests/chNN-name.rs` and
/// its quiz in `quizzes/chNN-name.toml`; every program is run by its
/// chapter's tests, and every listing that must not compile is checked for
/// its error code in `listings/src/lib.rs`.
pub fn orphans(root: &Path, chapters: &[Chapter]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut shown_by: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    for chapter in chapters {
        for directive in directives(chapter) {
            shown_by
                .entry(directive.file)
                .or_default()
                .push(chapter.stem());
        }
    }
    let read = |path: &Path| std::fs::read_to_string(root.join(path)).unwrap_or_default();
    let compile_fail_checks =
        super::compile_fail_declarations(&read(Path::new("listings/src/lib.rs")));
    for dir in SHOWN {
        for file in files_in(root, dir) {
            let shown = file.display();
            if file == Path::new("listings/recorded").join(MACHINE) {
                if !shown_by.contains_key(&file) {
                    problems.push(format!(
                        "{shown}: no page says where its recordings were made"
                    ));
                }
                continue;
            }
            let Some(number) = chapter_number(&file) else {
                problems.push(format!("{shown}: not named after its chapter (`chNN-…`)"));
                continue;
            };
            let pages = shown_by.get(&file).cloned().unwrap_or_default();
            if pages.is_empty() {
                problems.push(format!("{shown}: no page of the book includes it"));
            } else if !pages.iter().any(|p| p.starts_with(&number)) {
                problems.push(format!(
                    "{shown}: included by {pages:?}, not by chapter {number}"
                ));
            } else if !file.starts_with("listings/recorded")
                && !pages.iter().all(|p| p.starts_with(&number))
            {
                // A recording may be cited by another chapter (a figure
                // measured once, shown where it is compared); a listing,
                // a quiz or a program belongs to its chapter alone.
                problems.push(format!(
                    "{shown}: included by {pages:?}, not by chapter {number} alone \
                     (only a recording may be cited by another chapter)"
                ));
            }
            let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
            let tests = chapters
                .iter()
                .find(|c| c.stem().starts_with(&number))
                .map(|c| PathBuf::from(format!("listings/tests/{}.rs", c.stem())));
            let runs = |needle: &str| tests.as_ref().is_some_and(|t| read(t).contains(needle));
            if dir.ends_with("bin") && !runs(&format!("listing!(\"{stem}\")")) {
                problems.push(format!(
                    "{shown}: its chapter's tests never run it (`listing!(\"{stem}\")`)"
                ));
            }
            if dir.ends_with("python")
                && !runs(&format!("{stem}.py"))
                && !runs(&format!("python!(\"{stem}\")"))
                && !runs(&format!("python!(\"{stem}\", venv)"))
            {
                problems.push(format!("{shown}: its chapter's tests never run it"));
            }
            if dir.ends_with("compile_fail")
                && !compile_fail_checks.contains(&format!("compile_fail!(\"{stem}\""))
            {
                problems.push(format!(
                    "{shown}: listings/src/lib.rs does not check its error code (`compile_fail!(\"{stem}\", \"E…\")`)"
                ));
            }
        }
    }
    for chapter in chapters
        .iter()
        .filter(|c| chapter_number(&c.path).is_some())
    {
        let stem = chapter.stem();
        for needed in [
            format!("listings/tests/{stem}.rs"),
            format!("quizzes/{stem}.toml"),
        ] {
            if !root.join(&needed).exists() {
                problems.push(format!(
                    "src/{}: chapter without {needed}",
                    chapter.path.display()
                ));
            }
        }
    }
    let harness = read(Path::new(TEST_HARNESS));
    for file in files_in(root, "listings/tests") {
        if file == Path::new(TEST_HARNESS) {
            continue;
        }
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        if !chapters.iter().any(|c| c.stem() == stem) {
            problems.push(format!("{}: no chapter src/{stem}.md", file.display()));
        }
        if !harness.contains(&format!("#[path = \"{stem}.rs\"]")) {
            problems.push(format!(
                "{}: never run: {TEST_HARNESS} has no `#[path = \"{stem}.rs\"]` module",
                file.display()
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{Fixture, PROGRAM, assert_problems};

    #[test]
    fn orphans_and_misnamed_files_are_found() {
        let book = Fixture::new("orphans");
        book.file("listings/src/bin/ch01-01-a.rs", PROGRAM)
            .file("listings/src/bin/ch01-02-b.rs", PROGRAM)
            .file("listings/src/bin/helper.rs", PROGRAM)
            .file("listings/recorded/ch01-01-a.txt", "out\n")
            .file("listings/compile_fail/ch01-03-c.rs", PROGRAM)
            .file("listings/tests/ch01-a.rs", "listing!(\"ch01-01-a\")")
            .file("listings/tests/ch02-gone.rs", "")
            .file(TEST_HARNESS, "#[path = \"ch01-a.rs\"]\nmod ch01_a;\n")
            .file("listings/src/lib.rs", "")
            .file("quizzes/ch01-a.toml", "");
        let chapter = book.chapter(
            "ch01-a.md",
            "```rust\n{{#rustdoc_include ../listings/src/bin/ch01-01-a.rs}}\n```\n```text\n{{#include ../listings/recorded/ch01-01-a.txt}}\n```\n```rust,compile_fail,E0373\n{{#include ../listings/compile_fail/ch01-03-c.rs}}\n```\n{{#quiz ../quizzes/ch01-a.toml}}\n",
        );
        let problems = orphans(&book.dir, &[chapter]);
        let expected = [
            "listings/src/bin/ch01-02-b.rs: no page of the book includes it",
            "listings/src/bin/ch01-02-b.rs: its chapter's tests never run it",
            "listings/src/bin/helper.rs: not named after its chapter",
            "listings/compile_fail/ch01-03-c.rs: listings/src/lib.rs does not check its error code",
            "listings/tests/ch02-gone.rs: no chapter src/ch02-gone.md",
            "listings/tests/ch02-gone.rs: never run",
        ];
        assert_problems(&problems, &expected);
    }

    #[test]
    fn another_chapter_may_cite_a_recording_but_not_show_a_listing() {
        let book = Fixture::new("orphans-cited");
        book.file("listings/src/bin/ch01-01-a.rs", PROGRAM)
            .file("listings/recorded/ch01-01-a.txt", "out\n")
            .file("listings/src/bin/ch02-01-b.rs", PROGRAM)
            .file("listings/recorded/ch02-01-b.txt", "out\n")
            .file("listings/tests/ch01-a.rs", "listing!(\"ch01-01-a\")")
            .file("listings/tests/ch02-b.rs", "listing!(\"ch02-01-b\")")
            .file(
                TEST_HARNESS,
                "#[path = \"ch01-a.rs\"]\nmod ch01_a;\n#[path = \"ch02-b.rs\"]\nmod ch02_b;\n",
            )
            .file("listings/src/lib.rs", "")
            .file("quizzes/ch01-a.toml", "")
            .file("quizzes/ch02-b.toml", "");
        let one = book.chapter(
            "ch01-a.md",
            "```rust\n{{#rustdoc_include ../listings/src/bin/ch01-01-a.rs}}\n```\n```text\n{{#include ../listings/recorded/ch01-01-a.txt}}\n```\n{{#quiz ../quizzes/ch01-a.toml}}\n",
        );
        // Chapter 2 cites chapter 1's recording (fine) and shows its
        // listing (not fine); chapter 2's own recording is shown only by
        // chapter 1 (not fine either).
        let two = book.chapter(
            "ch02-b.md",
            "```rust\n{{#rustdoc_include ../listings/src/bin/ch02-01-b.rs}}\n```\n```rust\n{{#rustdoc_include ../listings/src/bin/ch01-01-a.rs}}\n```\nAs chapter 1 measured: {{#include ../listings/recorded/ch01-01-a.txt}}\n{{#quiz ../quizzes/ch02-b.toml}}\n",
        );
        let one = book.chapter(
            "ch01-a.md",
            &format!(
                "{}\n{{{{#include ../listings/recorded/ch02-01-b.txt}}}}\n",
                one.source
            ),
        );
        let problems = orphans(&book.dir, &[one, two]);
        let expected = [
            "listings/src/bin/ch01-01-a.rs: included by [\"ch01-a\", \"ch02-b\"], not by chapter ch01 alone",
            "listings/recorded/ch02-01-b.txt: included by [\"ch01-a\"], not by chapter ch02",
        ];
        assert_problems(&problems, &expected);
    }

    #[test]
    fn a_python_program_is_run_on_the_system_or_in_the_venv() {
        let book = Fixture::new("orphans-python");
        book.file("listings/python/ch01-01-a.py", "print(1)\n")
            .file("listings/python/ch01-02-b.py", "print(2)\n")
            .file("listings/python/ch01-03-c.py", "print(3)\n")
            .file(
                "listings/tests/ch01-a.rs",
                "python!(\"ch01-01-a\"); python!(\"ch01-02-b\", venv);",
            )
            .file(TEST_HARNESS, "#[path = \"ch01-a.rs\"]\nmod ch01_a;\n")
            .file("listings/src/lib.rs", "")
            .file("quizzes/ch01-a.toml", "");
        let chapter = book.chapter(
            "ch01-a.md",
            "{{#quiz ../quizzes/ch01-a.toml}}\n```python\n{{#include ../listings/python/ch01-01-a.py}}\n```\n```python\n{{#include ../listings/python/ch01-02-b.py}}\n```\n```python\n{{#include ../listings/python/ch01-03-c.py}}\n```\n",
        );
        let problems = orphans(&book.dir, &[chapter]);
        assert_problems(
            &problems,
            &["listings/python/ch01-03-c.py: its chapter's tests never run it"],
        );
    }
}
