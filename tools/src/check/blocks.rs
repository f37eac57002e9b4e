//! Code blocks show files. A block typed into the page is a block no test
//! runs and no recording backs, so Rust, output and Python are included from
//! the files the tests run; attributes are the ones mdBook and the tests
//! know, since a mistyped one (`nopaly`) is silently ignored; an `ignore`d
//! block is compiled by nothing, so each needs a reason; and a Run button
//! that cannot work on the Playground is worse than none.

use std::collections::BTreeSet;
use std::path::Path;

use super::directives;
use crate::book::{Chapter, RUST_ATTRIBUTES, code_blocks};

/// Languages a block may be written in, and what its body must be.
const LANGUAGES: &[(&str, &str)] = &[
    ("rust", "listings/ or exercises/"),
    ("text", "listings/recorded/"),
    ("python", "listings/python/"),
    ("console", ""),
    ("toml", ""),
];

/// Crates a block may use and still have a Run button: the Playground has
/// these (and more, but the book promises no more).
const PLAYGROUND_CRATES: &[&str] = &[
    "std", "core", "alloc", "tokio", "rayon", "crate", "self", "super",
];

/// The words `lib` (`listings/src/lib.rs`, whitespace folded) expects in
/// the error of the listing `stem`, which has no code:
/// `compile_fail!("stem", words = ["a", "b"])`.
fn declared_words(lib: &str, stem: &str) -> Option<Vec<String>> {
    let start = lib.find(&format!("compile_fail!(\"{stem}\", words = ["))?;
    let list = &lib[start..];
    let list = &list[list.find('[')? + 1..list.find(']')?];
    let words: Vec<String> = list
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    (!words.is_empty()).then_some(words)
}

/// The file's program must fail to compile (type-checked against the
/// listings' crates), with each of `words` in the compiler's message.
fn check_words(root: &Path, file: &Path, words: &[String]) -> Vec<String> {
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    let Ok(source) = std::fs::read_to_string(root.join(file)) else {
        return vec![format!("cannot read {}", file.display())];
    };
    match crate::listing::type_check(&source, &stem) {
        Ok(()) => vec![format!(
            "{} compiles, but its block says it does not",
            file.display()
        )],
        Err(error) => words
            .iter()
            .filter(|w| !error.contains(w.as_str()))
            .map(|w| {
                format!(
                    "the error of {} does not say {w:?}:\n{error}",
                    file.display()
                )
            })
            .collect(),
    }
}

/// Every block says what it is, uses only known attributes, and shows a
/// file rather than pasted text: Rust from `listings/`, output from
/// `listings/recorded/`, Python from `listings/python/` (commands in
/// `console` blocks and manifests in `toml` blocks may be written in place).
/// A block is `ignore`d only where `ignore_allowed` gives the page, the line
/// and a reason. A `compile_fail` block names its error code, the same one
/// `listings/src/lib.rs` checks. A block with a Run button uses only crates
/// the Playground has.
pub fn blocks(
    root: &Path,
    chapters: &[Chapter],
    ignore_allowed: &[(&str, usize, &str)],
) -> Vec<String> {
    let mut problems = Vec::new();
    let lib = super::compile_fail_declarations(
        &std::fs::read_to_string(root.join("listings/src/lib.rs")).unwrap_or_default(),
    );
    for chapter in chapters {
        let page = format!("src/{}", chapter.path.display());
        for block in code_blocks(&chapter.source) {
            let at = format!("{page}:{}", block.line);
            let Some((_, home)) = LANGUAGES.iter().find(|(lang, _)| *lang == block.lang) else {
                problems.push(format!(
                    "{at}: block in language {:?}; the book uses {:?}",
                    block.lang,
                    LANGUAGES.iter().map(|l| l.0).collect::<Vec<_>>()
                ));
                continue;
            };
            let body: Vec<&str> = block
                .code
                .lines()
                .filter(|l| !l.trim().is_empty())
                .collect();
            let included = match body.as_slice() {
                [line] if line.trim_start().starts_with("{{#") => {
                    let single = Chapter {
                        title: chapter.title.clone(),
                        path: chapter.path.clone(),
                        source: line.to_string(),
                        expanded: String::new(),
                    };
                    directives(&single).pop().map(|d| d.file)
                }
                _ => None,
            };
            if !home.is_empty() {
                match &included {
                    Some(file) if home.split(" or ").any(|home| file.starts_with(home)) => {}
                    _ => problems.push(format!(
                        "{at}: a {} block must include one file from {home}, not paste text",
                        block.lang
                    )),
                }
            }
            if block.lang != "rust" {
                if !block.attrs.is_empty() {
                    problems.push(format!(
                        "{at}: attributes {:?} on a {} block",
                        block.attrs, block.lang
                    ));
                }
                continue;
            }
            let file = included.clone().unwrap_or_default();
            let exercise = file.starts_with(crate::book::EXERCISES);
            if exercise != block.has("editable") {
                problems.push(format!(
                    "{at}: an exercise's block (one that includes {}) is `rust,editable`, and no other block is",
                    crate::book::EXERCISES
                ));
            }
            if file.starts_with(crate::book::EXERCISE_ANSWERS) && !block.has("noplayground") {
                problems.push(format!(
                    "{at}: a solution is not a whole program (its exercise's grader runs it): mark it `noplayground`"
                ));
            }
            let fails = block.has("compile_fail");
            let codes: Vec<&String> = block.attrs.iter().filter(|a| is_error_code(a)).collect();
            for attr in &block.attrs {
                let known =
                    RUST_ATTRIBUTES.contains(&attr.as_str()) || (fails && is_error_code(attr));
                if !known {
                    problems.push(format!("{at}: unknown attribute `{attr}` on a rust block"));
                }
            }
            if block.has("ignore")
                && !ignore_allowed
                    .iter()
                    .any(|(p, l, _)| *p == page && *l == block.line)
            {
                problems.push(format!(
                    "{at}: `ignore`d block: no test compiles it; make it compile, or allow it with a reason"
                ));
            }
            if fails {
                let file = included.clone().unwrap_or_default();
                let stem = file.file_stem().unwrap_or_default().to_string_lossy();
                match codes.as_slice() {
                    [code] if file.starts_with("listings/compile_fail") => {
                        let check = format!("compile_fail!(\"{stem}\", \"{code}\")");
                        if !lib.contains(&check) {
                            problems.push(format!("{at}: listings/src/lib.rs has no `{check}`"));
                        }
                    }
                    [] if file.starts_with("listings/compile_fail") => {
                        match declared_words(&lib, &stem) {
                            Some(words) => problems.extend(
                                check_words(root, &file, &words)
                                    .into_iter()
                                    .map(|problem| format!("{at}: {problem}")),
                            ),
                            None => problems.push(format!("{at}: a compile_fail block names its error code, e.g. `rust,compile_fail,E0373`; only for an error rustc gives no code may it name none, with the words of the error in listings/src/lib.rs: `compile_fail!(\"{stem}\", words = [\"…\"])`")),
                        }
                    }
                    [_] | [] => problems.push(format!("{at}: a compile_fail block includes a file of listings/compile_fail/")),
                    _ => problems.push(format!("{at}: a compile_fail block names exactly one error code, e.g. `rust,compile_fail,E0373`")),
                }
            }
            if !block.has("noplayground")
                && let Some(file) = &included
            {
                let code = std::fs::read_to_string(root.join(file)).unwrap_or_default();
                for krate in crates_used(&code) {
                    if !PLAYGROUND_CRATES.contains(&krate.as_str()) {
                        problems.push(format!(
                            "{at}: uses the crate `{krate}`, which the Run button's Playground lacks: mark it `noplayground`"
                        ));
                    }
                }
            }
        }
    }
    problems
}

fn is_error_code(attr: &str) -> bool {
    attr.len() == 5 && attr.starts_with('E') && attr[1..].chars().all(|c| c.is_ascii_digit())
}

/// The first segment of every `use` path and `extern crate` in `code`.
fn crates_used(code: &str) -> BTreeSet<String> {
    code.lines()
        .filter_map(|line| {
            let line = line.trim_start().trim_start_matches("pub ");
            line.strip_prefix("use ")
                .or_else(|| line.strip_prefix("extern crate "))
        })
        .filter_map(|path| {
            let root = path
                .trim_start_matches("::")
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()?;
            (!root.is_empty()).then(|| root.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{Fixture, PROGRAM, assert_problems};

    #[test]
    fn block_rules_catch_what_they_are_for() {
        let book = Fixture::new("blocks");
        book.file("listings/src/bin/ch01-01-a.rs", PROGRAM)
            .file(
                "listings/src/bin/ch01-02-b.rs",
                "use listings::helper;\nfn main() {}\n",
            )
            .file("listings/compile_fail/ch01-03-c.rs", PROGRAM)
            .file(
                "exercises/src/bin/ch01-01-x.rs",
                "// ANCHOR: starter\nfn f() {}\n// ANCHOR_END: starter\nfn main() {}\n",
            )
            .file("exercises/solutions/ch01-01-x.rs", "fn f() {}\n")
            .file(
                "listings/src/lib.rs",
                "compile_fail!(\"ch01-03-c\", \"E0373\");",
            );
        let chapter = book.chapter(
            "ch01-a.md",
            [
                "```rust,nopaly", // 1
                "{{#rustdoc_include ../listings/src/bin/ch01-01-a.rs}}",
                "```",
                "```rust,ignore", // 4
                "{{#rustdoc_include ../listings/src/bin/ch01-01-a.rs}}",
                "```",
                "```text", // 7
                "typed by hand",
                "```",
                "```rust", // 10
                "fn main() {}",
                "```",
                "```rust,compile_fail,E0382", // 13
                "{{#rustdoc_include ../listings/compile_fail/ch01-03-c.rs}}",
                "```",
                "```rust", // 16
                "{{#rustdoc_include ../listings/src/bin/ch01-02-b.rs}}",
                "```",
                "```", // 19
                "what is this",
                "```",
                "```rust,compile_fail,E0373", // 22
                "{{#rustdoc_include ../listings/compile_fail/ch01-03-c.rs}}",
                "```",
                "```rust,noplayground", // 25
                "{{#rustdoc_include ../listings/src/bin/ch01-02-b.rs}}",
                "```",
                "```rust,editable", // 28: a listing is not an exercise
                "{{#rustdoc_include ../listings/src/bin/ch01-01-a.rs}}",
                "```",
                "```rust", // 31: an exercise is editable
                "{{#rustdoc_include ../exercises/src/bin/ch01-01-x.rs:starter}}",
                "```",
                "```rust,editable", // 34: as it should be
                "{{#rustdoc_include ../exercises/src/bin/ch01-01-x.rs:starter}}",
                "```",
                "```rust", // 37: a solution has no Run button
                "{{#include ../exercises/solutions/ch01-01-x.rs}}",
                "```",
            ]
            .join("\n")
            .as_str(),
        );
        let problems = blocks(&book.dir, std::slice::from_ref(&chapter), &[]);
        let expected = [
            "src/ch01-a.md:1: unknown attribute `nopaly`",
            "src/ch01-a.md:4: `ignore`d block",
            "src/ch01-a.md:7: a text block must include one file from listings/recorded/",
            "src/ch01-a.md:10: a rust block must include one file from listings/",
            "src/ch01-a.md:13: listings/src/lib.rs has no `compile_fail!(\"ch01-03-c\", \"E0382\")`",
            "src/ch01-a.md:16: uses the crate `listings`",
            "src/ch01-a.md:19: block in language \"\"",
            "src/ch01-a.md:28: an exercise's block",
            "src/ch01-a.md:31: an exercise's block",
            "src/ch01-a.md:37: a solution is not a whole program",
        ];
        assert_problems(&problems, &expected);
        // With a reason, the ignored block is allowed.
        let allowed = blocks(
            &book.dir,
            &[chapter],
            &[("src/ch01-a.md", 4, "shows a fragment")],
        );
        assert_eq!(allowed.len(), expected.len() - 1);
    }

    #[test]
    fn an_error_without_a_code_is_checked_by_its_words() {
        let book = Fixture::new("blocks-words");
        let mismatch = "fn main() {\n    let _n: u8 = \"text\";\n}\n";
        book.file("listings/compile_fail/ch01-01-a.rs", mismatch)
            .file("listings/compile_fail/ch01-02-b.rs", mismatch)
            .file("listings/compile_fail/ch01-03-c.rs", mismatch)
            .file("listings/compile_fail/ch01-04-d.rs", PROGRAM)
            .file(
                "listings/src/lib.rs",
                [
                    "compile_fail!(\"ch01-01-a\", words = [\"mismatched types\", \"expected `u8`\"]);",
                    "compile_fail!(\"ch01-02-b\", words = [\"cannot be sent\"]);",
                    "compile_fail!(\"ch01-04-d\", words = [\"anything\"]);",
                ]
                .join("\n")
                .as_str(),
            );
        let block = |file: &str| {
            format!(
                "```rust,compile_fail\n{{{{#rustdoc_include ../listings/compile_fail/{file}.rs}}}}\n```\n"
            )
        };
        let page: String = ["ch01-01-a", "ch01-02-b", "ch01-03-c", "ch01-04-d"]
            .map(block)
            .concat();
        let chapter = book.chapter("ch01-a.md", &page);
        let problems = blocks(&book.dir, &[chapter], &[]);
        let expected = [
            "src/ch01-a.md:4: the error of listings/compile_fail/ch01-02-b.rs does not say \"cannot be sent\"",
            "src/ch01-a.md:7: a compile_fail block names its error code",
            "src/ch01-a.md:10: listings/compile_fail/ch01-04-d.rs compiles",
        ];
        assert_problems(&problems, &expected);
    }

    #[test]
    fn crates_are_read_from_use_lines() {
        let code = "use std::thread;\nuse tokio::time;\npub use rayon::prelude::*;\nextern crate listings;\n";
        assert_eq!(
            crates_used(code).into_iter().collect::<Vec<_>>(),
            ["listings", "rayon", "std", "tokio"]
        );
    }
}
