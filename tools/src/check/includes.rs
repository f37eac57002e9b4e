//! Includes resolve. mdBook only logs an include of a missing file, and
//! renders an anchor no file has as nothing at all: a renamed listing or a
//! mistyped anchor would leave a hole in the page that no build notices.

use std::path::Path;

use super::{Directive, directives};
use crate::book::Chapter;

/// Every directive names a file that exists, and an anchor that file
/// opens and closes. (mdBook itself only logs a missing file, and renders
/// a missing anchor as nothing at all.) No file of several lines is
/// included inside a quote (a `> [!TIP]` box): it would break out of it.
pub fn includes(root: &Path, chapters: &[Chapter]) -> Vec<String> {
    let mut problems = Vec::new();
    for directive in chapters.iter().flat_map(directives) {
        let Directive {
            at,
            kind,
            file,
            anchor,
            ..
        } = &directive;
        if !["include", "rustdoc_include", "quiz"].contains(&kind.as_str()) {
            problems.push(format!("{at}: unknown directive `{{{{#{kind}}}}}`"));
            continue;
        }
        let Ok(text) = std::fs::read_to_string(root.join(file)) else {
            problems.push(format!("{at}: {kind} of {}: no such file", file.display()));
            continue;
        };
        if directive.in_quote && text.trim_end().lines().nth(1).is_some() {
            problems.push(format!(
                "{at}: {kind} of {} inside a quote: mdBook pastes the file's lines without `> `, so the quote ends after the first one; put the block after the quote",
                file.display()
            ));
        }
        if let Some(anchor) = anchor {
            for mark in ["ANCHOR", "ANCHOR_END"] {
                let tag = format!("{mark}: {anchor}");
                let found = text.lines().any(|l| {
                    l.split_once(&tag).is_some_and(|(_, after)| {
                        !after.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-')
                    })
                });
                if !found {
                    problems.push(format!(
                        "{at}: {kind} of {}: no `// {tag}` line in it",
                        file.display()
                    ));
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{Fixture, PROGRAM};

    #[test]
    fn a_missing_file_or_anchor_is_named_with_its_line() {
        let book = Fixture::new("includes");
        book.file("listings/src/bin/ch01-01-a.rs", PROGRAM);
        let chapter = book.chapter(
            "ch01-a.md",
            "# A\n\n```rust\n{{#rustdoc_include ../listings/src/bin/ch01-01-a.rs:main}}\n```\n\n```rust\n{{#rustdoc_include ../listings/src/bin/ch01-01-a.rs:mian}}\n```\n\n{{#include ../listings/nothing.txt}}\n{{#include ../listings/src/bin/ch01-01-a.rs:2:3}}\n",
        );
        let problems = includes(&book.dir, &[chapter]);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].starts_with("src/ch01-a.md:8: rustdoc_include of listings/src/bin/ch01-01-a.rs: no `// ANCHOR: mian`"));
        assert!(problems[1].contains("ANCHOR_END: mian"));
        assert!(
            problems[2]
                .starts_with("src/ch01-a.md:11: include of listings/nothing.txt: no such file")
        );
    }

    #[test]
    fn an_anchor_is_a_whole_word() {
        let book = Fixture::new("anchor-word");
        book.file("x.rs", "// ANCHOR: main_loop\n// ANCHOR_END: main_loop\n");
        let chapter = book.chapter("ch01-a.md", "{{#include ../x.rs:main}}\n");
        assert_eq!(includes(&book.dir, &[chapter]).len(), 2);
    }

    #[test]
    fn a_file_of_several_lines_breaks_out_of_a_quote() {
        let book = Fixture::new("includes-in-quotes");
        book.file("listings/python/ch01-01-a.py", "import time\nprint(1)\n")
            .file("listings/recorded/machine.txt", "2 cores\n");
        let chapter = book.chapter(
            "ch01-a.md",
            "# A\n\n> [!TIP]\n> Python:\n>\n> ```python\n> {{#include ../listings/python/ch01-01-a.py}}\n> ```\n\n> on {{#include ../listings/recorded/machine.txt}}\n\n```python\n{{#include ../listings/python/ch01-01-a.py}}\n```\n",
        );
        let problems = includes(&book.dir, &[chapter]);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(
            problems[0].starts_with(
                "src/ch01-a.md:7: include of listings/python/ch01-01-a.py inside a quote"
            ),
            "{problems:#?}"
        );
    }
}
