//! Claims are proven. The book promises that what it says about behaviour
//! and time is checked, so a "Proven claim" box must name a test that
//! exists, in its own chapter's test file: a renamed or deleted test would
//! otherwise leave the claim standing with nothing behind it.

use std::path::Path;

use crate::book::Chapter;

/// Every "Proven claim" names its test: ``Test `name` in `path` ``, where
/// `path` is the chapter's own test file and defines `fn name(`.
pub fn claims(root: &Path, chapters: &[Chapter]) -> Vec<String> {
    let mut problems = Vec::new();
    for chapter in chapters {
        // A claim sits in a quote: join each quote's lines into one text.
        let mut quotes: Vec<(usize, String)> = Vec::new();
        let mut open = false;
        for (n, line) in chapter.source.lines().enumerate() {
            match line.strip_prefix('>') {
                Some(text) => {
                    if !open {
                        quotes.push((n + 1, String::new()));
                    }
                    let quote = &mut quotes.last_mut().unwrap().1;
                    quote.push(' ');
                    quote.push_str(text.trim());
                    open = true;
                }
                None => open = false,
            }
        }
        let own_tests = format!("listings/tests/{}.rs", chapter.stem());
        for (line, quote) in quotes
            .iter()
            .filter(|(_, q)| q.contains("**Proven claim.**"))
        {
            let at = format!("src/{}:{line}", chapter.path.display());
            if chapter.stem() == "introduction" {
                continue;
            }
            let named = quote.split("Test `").nth(1).and_then(|rest| {
                let (name, rest) = rest.split_once("` in `")?;
                let (path, _) = rest.split_once('`')?;
                Some((name.to_owned(), path.to_owned()))
            });
            let Some((name, path)) = named else {
                problems.push(format!(
                    "{at}: a proven claim must say ``Test `name` in `{own_tests}` ``"
                ));
                continue;
            };
            if path != own_tests {
                problems.push(format!(
                    "{at}: the claim's test belongs in {own_tests}, not {path}"
                ));
            }
            let code = std::fs::read_to_string(root.join(&path)).unwrap_or_default();
            if !code.contains(&format!("fn {name}(")) {
                problems.push(format!("{at}: {path} has no test `fn {name}(`"));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::Fixture;

    #[test]
    fn claims_must_name_a_real_test_of_their_chapter() {
        let book = Fixture::new("claims");
        book.file("listings/tests/ch01-a.rs", "#[test]\nfn it_is_fast() {}\n");
        let chapter = book.chapter(
            "ch01-a.md",
            "> [!NOTE]\n> **Proven claim.** Fast. Test `it_is_fast` in\n> `listings/tests/ch01-a.rs`.\n\n> **Proven claim.** Faster. Test `it_is_faster` in `listings/tests/ch01-a.rs`.\n\n> **Proven claim.** Trust me.\n",
        );
        let problems = claims(&book.dir, &[chapter]);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].starts_with(
            "src/ch01-a.md:5: listings/tests/ch01-a.rs has no test `fn it_is_faster(`"
        ));
        assert!(problems[1].starts_with("src/ch01-a.md:7: a proven claim must say"));
    }
}
