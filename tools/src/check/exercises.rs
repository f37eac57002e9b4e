//! Every chapter has exercises, and every exercise is whole. A reader finds
//! them by the chapter's name, as listings: exercise `chNN-MM-name` is
//! `exercises/src/bin/chNN-MM-name.rs` (the starter above its grader, shown
//! by chapter NN in an editable block), with `exercises/hints/…md` and
//! `exercises/solutions/…rs` included by the same page, and at least one
//! `exercises/wrong/chNN-MM-name--mistake.rs`. Whether each grader passes
//! and fails what it should is `exercises/tests/graders.rs`'s to prove.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{chapter_number, directives, files_in};
use crate::book::Chapter;

const STARTERS: &str = "exercises/src/bin";
const SOLUTIONS: &str = "exercises/solutions";
const HINTS: &str = "exercises/hints";
const WRONG: &str = "exercises/wrong";

/// Every numbered chapter has an exercise; every exercise is shown by its
/// chapter (starter, hints, solution, and the command that grades it
/// locally) and has a solution, hints and a wrong answer; and every file
/// of `exercises/` belongs to an exercise.
pub fn exercises(root: &Path, chapters: &[Chapter]) -> Vec<String> {
    let mut problems = Vec::new();
    let starters: Vec<String> = files_in(root, STARTERS)
        .iter()
        .filter_map(|f| Some(f.file_stem()?.to_string_lossy().into_owned()))
        .collect();
    let mut included: BTreeMap<PathBuf, Vec<(String, Option<String>)>> = BTreeMap::new();
    for chapter in chapters {
        for directive in directives(chapter) {
            included
                .entry(directive.file)
                .or_default()
                .push((chapter.stem(), directive.anchor));
        }
    }
    for chapter in chapters {
        let Some(number) = chapter_number(&chapter.path) else {
            continue;
        };
        let page = format!("src/{}", chapter.path.display());
        let own: Vec<&String> = starters.iter().filter(|s| s.starts_with(&number)).collect();
        if own.is_empty() {
            problems.push(format!(
                "{page}: no exercise; add {STARTERS}/{number}-01-name.rs (see STYLE.md, \"Exercises\")"
            ));
        }
        for exercise in own {
            let shows = |file: String, anchor: Option<&str>| {
                included.get(Path::new(&file)).is_some_and(|pages| {
                    pages
                        .iter()
                        .any(|(p, a)| *p == chapter.stem() && a.as_deref() == anchor)
                })
            };
            let starter = format!("{STARTERS}/{exercise}.rs");
            if !shows(starter.clone(), Some("starter")) {
                problems.push(format!(
                    "{page}: does not show {starter} (`{{{{#rustdoc_include ../{starter}:starter}}}}`)"
                ));
            }
            let command = format!("cargo run -p exercises --bin {exercise}");
            if !chapter.source.contains(&command) {
                problems.push(format!(
                    "{page}: does not say how to grade {exercise} locally (`{command}`)"
                ));
            }
            for (dir, ext) in [(HINTS, "md"), (SOLUTIONS, "rs")] {
                let file = format!("{dir}/{exercise}.{ext}");
                if !root.join(&file).is_file() {
                    problems.push(format!("{starter}: no {file}"));
                } else if !shows(file.clone(), None) {
                    problems.push(format!(
                        "{page}: does not include {file} (in a `<details>` below the exercise)"
                    ));
                }
            }
            let wrong = files_in(root, WRONG).into_iter().any(|f| {
                f.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{exercise}--")))
            });
            if !wrong {
                problems.push(format!(
                    "{starter}: no wrong answer ({WRONG}/{exercise}--MISTAKE.rs), so nothing proves its grader can catch a mistake"
                ));
            }
        }
    }
    for dir in [SOLUTIONS, HINTS, WRONG] {
        for file in files_in(root, dir) {
            let name = file.file_stem().unwrap_or_default().to_string_lossy();
            let exercise = name.split("--").next().unwrap_or_default();
            if !starters.iter().any(|s| s == exercise) {
                problems.push(format!(
                    "{}: belongs to no exercise ({STARTERS}/{exercise}.rs)",
                    file.display()
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{Fixture, assert_problems};

    #[test]
    fn an_exercise_needs_its_page_hints_solution_and_a_wrong_answer() {
        let book = Fixture::new("exercises");
        book.file(
            "exercises/src/bin/ch01-01-a.rs",
            "// ANCHOR: starter\n// ANCHOR_END: starter\n",
        )
        .file("exercises/hints/ch01-01-a.md", "- a hint\n")
        .file("exercises/solutions/ch01-01-a.rs", "fn f() {}\n")
        .file("exercises/wrong/ch01-01-a--slow.rs", "fn f() {}\n");
        let whole = [
            "```rust,editable",
            "{{#rustdoc_include ../exercises/src/bin/ch01-01-a.rs:starter}}",
            "```",
            "`cargo run -p exercises --bin ch01-01-a`",
            "{{#include ../exercises/hints/ch01-01-a.md}}",
            "```rust,noplayground",
            "{{#include ../exercises/solutions/ch01-01-a.rs}}",
            "```",
        ]
        .join("\n");
        let chapter = book.chapter("ch01-a.md", &whole);
        assert_problems(&exercises(&book.dir, &[chapter]), &[]);

        // A chapter without one, a page that leaves the solution out, an
        // exercise without a wrong answer, a hint of no exercise.
        let bare = book.chapter("ch02-b.md", "# B\n");
        let no_solution = book.chapter("ch01-a.md", &whole.replace("solutions", "elsewhere"));
        std::fs::remove_file(book.dir.join("exercises/wrong/ch01-01-a--slow.rs")).unwrap();
        book.file("exercises/hints/ch01-09-gone.md", "- a hint\n");
        assert_problems(
            &exercises(&book.dir, &[no_solution, bare]),
            &[
                "src/ch02-b.md: no exercise",
                "src/ch01-a.md: does not include exercises/solutions/ch01-01-a.rs",
                "exercises/src/bin/ch01-01-a.rs: no wrong answer",
                "exercises/hints/ch01-09-gone.md: belongs to no exercise",
            ],
        );
    }
}
