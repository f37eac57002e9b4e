//! Every listing is built once, as the program it is. Left to itself, cargo
//! finds each file of `listings/src/bin/` and builds it twice: once as the
//! program, and once more as a unit-test harness with no test in it (the
//! listings' tests are in `listings/tests/`), which costs a compile and a
//! link per listing on every test run. So `listings/Cargo.toml` says
//! `autobins = false` and lists every listing as a `[[bin]]` with
//! `test = false`; that list and the files must then agree, or a new listing
//! is silently never built.

use std::collections::BTreeSet;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::{files_in, line_of};
use crate::listing::MANIFEST;

/// The listings, relative to the book's root.
const LISTINGS: &str = "listings/src/bin";

/// `listings/Cargo.toml` says `autobins = false`, and its `[[bin]]` entries
/// are the files of `listings/src/bin/`, one each: an entry `name` has
/// `path = "src/bin/<name>.rs"`, that file exists, and `test = false`.
pub fn bins(root: &Path) -> Vec<String> {
    let text = match std::fs::read_to_string(root.join(MANIFEST)) {
        Ok(text) => text,
        Err(e) => return vec![format!("{MANIFEST}: {e}")],
    };
    let doc = match DeTable::parse(&text) {
        Ok(doc) => doc,
        Err(e) => {
            let at = e.span().map_or(MANIFEST.to_owned(), |s| {
                format!("{MANIFEST}:{}", line_of(&text, s.start))
            });
            return vec![format!("{at}: {}", e.message())];
        }
    };
    let doc = doc.get_ref();
    let mut problems = Vec::new();
    let autobins = doc.get("package").and_then(|p| match p.get_ref() {
        DeValue::Table(package) => package.get("autobins"),
        _ => None,
    });
    if !matches!(autobins.map(|a| a.get_ref()), Some(DeValue::Boolean(false))) {
        let line = doc
            .get_key_value("package")
            .map_or(1, |(key, _)| line_of(&text, key.span().start));
        problems.push(format!(
            "{MANIFEST}:{line}: [package] must say `autobins = false`, or cargo builds every file of src/bin/, listed or not, with an empty unit-test harness"
        ));
    }
    let mut listed = BTreeSet::new();
    let entries = match doc
        .get("bin")
        .map(|b| (b.get_ref(), line_of(&text, b.span().start)))
    {
        None => Vec::new(),
        Some((DeValue::Array(entries), _)) => entries.iter().collect(),
        Some((_, line)) => {
            problems.push(format!(
                "{MANIFEST}:{line}: `bin` is not a list of [[bin]] tables"
            ));
            Vec::new()
        }
    };
    for entry in entries {
        let at = format!("{MANIFEST}:{}", line_of(&text, entry.span().start));
        let DeValue::Table(entry) = entry.get_ref() else {
            problems.push(format!("{at}: a [[bin]] that is not a table"));
            continue;
        };
        let string = |key: &str| match entry.get(key).map(|v| v.get_ref()) {
            Some(DeValue::String(value)) => Some(value.to_string()),
            _ => None,
        };
        let Some(name) = string("name") else {
            problems.push(format!("{at}: a [[bin]] without a `name`"));
            continue;
        };
        if !listed.insert(name.clone()) {
            problems.push(format!("{at}: [[bin]] `{name}` is listed twice"));
        }
        let path = format!("src/bin/{name}.rs");
        match string("path") {
            Some(p) if p == path => {}
            Some(p) => problems.push(format!(
                "{at}: [[bin]] `{name}` has path {p:?}; a listing is `path = \"{path}\"`"
            )),
            None => problems.push(format!("{at}: [[bin]] `{name}` has no `path = \"{path}\"`")),
        }
        if !root.join("listings").join(&path).is_file() {
            problems.push(format!(
                "{at}: [[bin]] `{name}`: no such file listings/{path}"
            ));
        }
        if !matches!(
            entry.get("test").map(|t| t.get_ref()),
            Some(DeValue::Boolean(false))
        ) {
            problems.push(format!(
                "{at}: [[bin]] `{name}` has no `test = false`, so cargo also builds it as an empty unit-test harness"
            ));
        }
    }
    for file in files_in(root, LISTINGS) {
        let shown = file.display();
        let is_rs = file.extension().is_some_and(|e| e == "rs") && root.join(&file).is_file();
        let stem = file.file_stem().unwrap_or_default().to_string_lossy();
        if !is_rs {
            problems.push(format!(
                "{shown}: not a listing (`{LISTINGS}/<name>.rs`), so cargo never builds it"
            ));
        } else if !listed.contains(stem.as_ref()) {
            problems.push(format!(
                "{shown}: not listed as a [[bin]] in {MANIFEST}, so cargo never builds it"
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{Fixture, PROGRAM, assert_problems};

    const PACKAGE: &str = "[package]\nname = \"listings\"\nautobins = false\n";

    fn entry(name: &str) -> String {
        format!("\n[[bin]]\nname = \"{name}\"\npath = \"src/bin/{name}.rs\"\ntest = false\n")
    }

    #[test]
    fn every_listing_and_no_other_is_a_bin_without_tests() {
        let book = Fixture::new("bins-good");
        book.file("listings/src/bin/ch01-01-a.rs", PROGRAM)
            .file("listings/src/bin/ch01-02-b.rs", PROGRAM)
            .file(
                MANIFEST,
                &format!("{PACKAGE}{}{}", entry("ch01-01-a"), entry("ch01-02-b")),
            );
        assert_problems(&bins(&book.dir), &[]);
    }

    #[test]
    fn a_listing_left_out_is_named() {
        let book = Fixture::new("bins-missing");
        book.file("listings/src/bin/ch01-01-a.rs", PROGRAM)
            .file("listings/src/bin/ch02-01-x.rs", PROGRAM)
            .file(MANIFEST, &format!("{PACKAGE}{}", entry("ch01-01-a")));
        assert_problems(
            &bins(&book.dir),
            &[
                "listings/src/bin/ch02-01-x.rs: not listed as a [[bin]] in listings/Cargo.toml, so cargo never builds it",
            ],
        );
    }

    #[test]
    fn an_entry_without_a_file_is_named_with_its_line() {
        let book = Fixture::new("bins-gone");
        book.file("listings/src/bin/ch01-01-a.rs", PROGRAM).file(
            MANIFEST,
            &format!("{PACKAGE}{}{}", entry("ch01-01-a"), entry("ch01-02-gone")),
        );
        assert_problems(
            &bins(&book.dir),
            &[
                "listings/Cargo.toml:10: [[bin]] `ch01-02-gone`: no such file listings/src/bin/ch01-02-gone.rs",
            ],
        );
    }

    #[test]
    fn each_entry_has_its_path_and_no_test_harness() {
        let book = Fixture::new("bins-harness");
        book.file("listings/src/bin/ch01-01-a.rs", PROGRAM)
            .file("listings/src/bin/ch01-02-b.rs", PROGRAM)
            .file("listings/src/bin/ch01-03-c.rs", PROGRAM)
            .file("listings/src/bin/notes.txt", "")
            .file(
                MANIFEST,
                &[
                    "[package]",                       // 1
                    "name = \"listings\"",             // 2
                    "",                                // 3
                    "[[bin]]",                         // 4
                    "name = \"ch01-01-a\"",            // 5
                    "path = \"src/bin/ch01-01-a.rs\"", // 6
                    "",                                // 7
                    "[[bin]]",                         // 8
                    "name = \"ch01-02-b\"",            // 9
                    "path = \"src/bin/ch01-01-a.rs\"", // 10
                    "test = false",                    // 11
                    "",                                // 12
                    "[[bin]]",                         // 13
                    "name = \"ch01-03-c\"",            // 14
                    "test = false",                    // 15
                    "",                                // 16
                    "[[bin]]",                         // 17
                    "name = \"ch01-03-c\"",            // 18
                    "path = \"src/bin/ch01-03-c.rs\"", // 19
                    "test = true",                     // 20
                    "",                                // 21
                    "[[bin]]",                         // 22
                    "path = \"src/bin/ch01-01-a.rs\"", // 23
                ]
                .join("\n"),
            );
        assert_problems(
            &bins(&book.dir),
            &[
                "listings/Cargo.toml:1: [package] must say `autobins = false`",
                "listings/Cargo.toml:4: [[bin]] `ch01-01-a` has no `test = false`, so cargo also builds it as an empty unit-test harness",
                "listings/Cargo.toml:8: [[bin]] `ch01-02-b` has path \"src/bin/ch01-01-a.rs\"; a listing is `path = \"src/bin/ch01-02-b.rs\"`",
                "listings/Cargo.toml:13: [[bin]] `ch01-03-c` has no `path = \"src/bin/ch01-03-c.rs\"`",
                "listings/Cargo.toml:17: [[bin]] `ch01-03-c` is listed twice",
                "listings/Cargo.toml:17: [[bin]] `ch01-03-c` has no `test = false`",
                "listings/Cargo.toml:22: a [[bin]] without a `name`",
                "listings/src/bin/notes.txt: not a listing",
            ],
        );
    }

    #[test]
    fn a_manifest_that_does_not_parse_is_named_with_its_line() {
        let book = Fixture::new("bins-parse");
        book.file(MANIFEST, "[package]\nname = \"listings\"\n[[bin]\n");
        let problems = bins(&book.dir);
        assert_problems(&problems, &["listings/Cargo.toml:3: "]);
        let missing = Fixture::new("bins-no-manifest");
        assert_problems(&bins(&missing.dir), &["listings/Cargo.toml: "]);
    }
}
