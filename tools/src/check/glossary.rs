//! The glossary defines each term once, in a line, and sends the reader to
//! where the book teaches it. The anchors of its links are checked with
//! every other link of the built book (`links`); here, that each entry has
//! its term and a link to another page of the book, in alphabetical order.

use crate::book::Chapter;

/// The glossary's file below `src/`.
pub const GLOSSARY: &str = "glossary.md";

/// Every entry of `src/glossary.md` (a list item) starts with its
/// `**term**` and links to a page of the book other than the glossary;
/// the terms are in alphabetical order. The glossary must be in SUMMARY.md.
pub fn glossary(chapters: &[Chapter]) -> Vec<String> {
    let Some(glossary) = chapters
        .iter()
        .find(|chapter| chapter.path.to_str() == Some(GLOSSARY))
    else {
        return vec![format!("src/SUMMARY.md: lists no src/{GLOSSARY}")];
    };
    let pages: Vec<String> = chapters
        .iter()
        .filter(|chapter| chapter.path.to_str() != Some(GLOSSARY))
        .map(|chapter| chapter.path.to_string_lossy().into_owned())
        .collect();
    // Each list item, joined into one line, with the line it starts on.
    let mut entries: Vec<(usize, String)> = Vec::new();
    for (n, line) in glossary.source.lines().enumerate() {
        if let Some(item) = line.strip_prefix("- ") {
            entries.push((n + 1, item.to_owned()));
        } else if line.starts_with("  ") && !entries.is_empty() {
            let entry = &mut entries.last_mut().unwrap().1;
            entry.push(' ');
            entry.push_str(line.trim());
        } else if !line.trim().is_empty() {
            // A paragraph ends the list above it.
            entries.push((0, String::new()));
        }
    }
    entries.retain(|(n, _)| *n > 0);
    let mut problems = Vec::new();
    if entries.is_empty() {
        problems.push(format!("src/{GLOSSARY}: has no entries (`- **term**: …`)"));
    }
    let mut previous: Option<String> = None;
    for (n, entry) in &entries {
        let at = format!("src/{GLOSSARY}:{n}");
        let Some(term) = entry
            .strip_prefix("**")
            .and_then(|rest| rest.split_once("**"))
            .map(|(term, _)| term)
        else {
            problems.push(format!("{at}: an entry starts with its `**term**`"));
            continue;
        };
        let targets: Vec<&str> = entry
            .split("](")
            .skip(1)
            .filter_map(|rest| rest.split_once(')').map(|(target, _)| target))
            .collect();
        let to_a_page = targets.iter().any(|target| {
            let page = target.split('#').next().unwrap_or_default();
            pages.iter().any(|p| p == page)
        });
        if !to_a_page {
            problems.push(format!(
                "{at}: `{term}` links to no page of the book (where is it taught?)"
            ));
        }
        let key = term.replace('`', "").to_lowercase();
        if let Some(before) = &previous
            && key < *before
        {
            problems.push(format!("{at}: `{term}` is out of alphabetical order"));
        }
        previous = Some(key);
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{Fixture, assert_problems};

    #[test]
    fn entries_need_a_term_a_link_to_a_page_and_their_place() {
        let book = Fixture::new("glossary");
        let ch01 = book.chapter("ch01-a.md", "# A\n\n## Here\n");
        let page = book.chapter(
            "glossary.md",
            "# Glossary\n\nIntro.\n\n- **Atomic**: one number ([chapter 1](ch01-a.md#here)).\n- **Waker**: wakes\n  ([nowhere](https://example.org)).\n- **Channel**: a queue\n  ([chapter 1](ch01-a.md)).\n- No term ([chapter 1](ch01-a.md)).\n",
        );
        let mut chapters = vec![ch01, page];
        let problems = glossary(&chapters);
        assert_problems(
            &problems,
            &[
                "src/glossary.md:6: `Waker` links to no page of the book",
                "src/glossary.md:8: `Channel` is out of alphabetical order",
                "src/glossary.md:10: an entry starts with its `**term**`",
            ],
        );
        chapters.pop();
        assert_problems(
            &glossary(&chapters),
            &["src/SUMMARY.md: lists no src/glossary.md"],
        );
    }
}
