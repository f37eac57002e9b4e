//! The book's own mdBook preprocessor, `proofs` in `book.toml`: what the
//! reader sees of a proof, and a way to report a problem with a page.
//!
//! Authors write a proven claim as a box that names its test (STYLE.md;
//! `check::claims` checks that the test exists):
//!
//! ```text
//! > [!NOTE]
//! > **Proven claim.** What is true. Test `test_name` in
//! > `listings/tests/chNN-name.rs`.
//! ```
//!
//! In the HTML book the box becomes a plain paragraph of the text, the
//! claim, ending in a small "proven" mark: a link to the test's source at
//! the line of its `fn test_name(` on the book's repository
//! (`git-repository-url`), whose title and accessible name give the test's
//! name (shown on hover, and on keyboard focus by `theme/book.css`). Every
//! page then ends with a collapsible list of its proofs and a link that
//! opens an issue about the page, with its path and title filled in.
//!
//! mdBook runs it as `cargo book proofs` (see `book.toml`), only for the
//! HTML output: the book expanded for skeptic (`book::chapters`) and its
//! code blocks are left as written. The tests' own builds
//! (`book::build_html`) run [`Proofs`] in process.

use std::path::Path;

use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

/// The preprocessor's name, the key of its table in `book.toml`.
pub const NAME: &str = "proofs";

/// The issue template the errata link opens, in `.github/ISSUE_TEMPLATE/`.
pub const ISSUE_TEMPLATE: &str = "page-problem.md";

/// The branch the proofs' links point into (as `edit-url-template` does).
pub const BRANCH: &str = "main";

/// The preprocessor, for mdBook's library.
pub struct Proofs;

impl Preprocessor for Proofs {
    fn name(&self) -> &str {
        NAME
    }

    fn run(
        &self,
        ctx: &PreprocessorContext,
        mut book: Book,
    ) -> mdbook_preprocessor::errors::Result<Book> {
        let repository: Option<String> = ctx.config.get("output.html.git-repository-url")?;
        let site = Site {
            root: &ctx.root,
            repository: repository.as_deref().map(|r| r.trim_end_matches('/')),
        };
        book.for_each_mut(|item| {
            if let BookItem::Chapter(chapter) = item {
                rewrite_chapter(&site, chapter);
            }
        });
        Ok(book)
    }

    fn supports_renderer(&self, renderer: &str) -> mdbook_preprocessor::errors::Result<bool> {
        Ok(renderer == "html")
    }
}

/// `cargo book proofs [supports RENDERER]`: mdBook's side of the protocol.
/// With `supports`, answers by the exit status; otherwise reads
/// `[context, book]` as JSON on stdin and writes the book on stdout.
pub fn run_as_command(args: &[String]) -> Result<(), String> {
    if let Some("supports") = args.first().map(String::as_str) {
        let renderer = args.get(1).map(String::as_str).unwrap_or_default();
        return if renderer == "html" {
            Ok(())
        } else {
            Err(format!(
                "the proofs preprocessor does not support {renderer}"
            ))
        };
    }
    let (ctx, book) = mdbook_preprocessor::parse_input(std::io::stdin().lock())
        .map_err(|e| format!("reading the book from mdBook: {e:#}"))?;
    let book = Proofs
        .run(&ctx, book)
        .map_err(|e| format!("proofs: {e:#}"))?;
    serde_json::to_writer(std::io::stdout().lock(), &book)
        .map_err(|e| format!("writing the book for mdBook: {e}"))
}

/// What a chapter's links need: where the book is, and its repository.
pub struct Site<'a> {
    pub root: &'a Path,
    pub repository: Option<&'a str>,
}

fn rewrite_chapter(site: &Site, chapter: &mut Chapter) {
    let Some(path) = chapter.source_path.clone() else {
        return;
    };
    let path = path.to_string_lossy().replace('\\', "/");
    chapter.content = rewrite(site, &path, &chapter.name, &chapter.content);
}

/// One claim box, as found in a chapter.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// The claim's Markdown, without "**Proven claim.**" and the test's
    /// name (paragraphs joined by a blank line).
    pub text: String,
    /// What the box says after naming the test (other tests it relies on),
    /// without its leading punctuation; may be empty.
    pub more: String,
    /// The test: `name` and the file that defines `fn name(`.
    pub test: Option<(String, String)>,
    /// 0-based lines of the box in the Markdown it was found in: `start..end`.
    pub lines: std::ops::Range<usize>,
}

const MARKER: &str = "**Proven claim.**";

/// The claim boxes of a chapter's Markdown, outside code blocks. A box is a
/// block quote (lines starting with `>`) holding "**Proven claim.**".
pub fn claims(markdown: &str) -> Vec<Claim> {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut fence: Option<(char, usize)> = None;
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(open) = fence_of(line) {
            match fence {
                None => fence = Some(open),
                Some((c, n))
                    if open.0 == c
                        && open.1 >= n
                        && line.trim_start().trim_start_matches(c).trim().is_empty() =>
                {
                    fence = None
                }
                Some(_) => {}
            }
            i += 1;
            continue;
        }
        if fence.is_some() || !line.starts_with('>') {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && lines[i].starts_with('>') {
            i += 1;
        }
        let quote: Vec<&str> = lines[start..i]
            .iter()
            .map(|l| l[1..].strip_prefix(' ').unwrap_or(&l[1..]))
            .collect();
        if let Some(claim) = claim_of(&quote, start..i) {
            found.push(claim);
        }
    }
    found
}

/// A fence's character and length, if `line` opens or closes one.
fn fence_of(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = trimmed.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

fn claim_of(quote: &[&str], lines: std::ops::Range<usize>) -> Option<Claim> {
    // Paragraphs of the quote, each joined into one line.
    let mut paragraphs: Vec<String> = vec![String::new()];
    for line in quote {
        let line = line.trim();
        if line == "[!NOTE]" {
            continue;
        }
        if line.is_empty() {
            if !paragraphs.last().unwrap().is_empty() {
                paragraphs.push(String::new());
            }
            continue;
        }
        let paragraph = paragraphs.last_mut().unwrap();
        if !paragraph.is_empty() {
            paragraph.push(' ');
        }
        paragraph.push_str(line);
    }
    paragraphs.retain(|p| !p.is_empty());
    let text = paragraphs.join("\n\n");
    let at = text.find(MARKER)?;
    let text = format!("{}{}", &text[..at], &text[at + MARKER.len()..]);
    let text = text.trim();
    // ``Test `name` in `path` ``, as `check::claims` reads it.
    let test = text.find("Test `").and_then(|at| {
        let rest = &text[at + "Test `".len()..];
        let (name, rest) = rest.split_once("` in `")?;
        let (path, after) = rest.split_once('`')?;
        Some((at, name.to_owned(), path.to_owned(), after))
    });
    Some(match test {
        Some((at, name, path, after)) => Claim {
            text: text[..at].trim().to_owned(),
            more: tidy_more(after),
            test: Some((name, path)),
            lines,
        },
        None => Claim {
            text: text.to_owned(),
            more: String::new(),
            test: None,
            lines,
        },
    })
}

/// `"; the recorded run meets it too."` → `"The recorded run meets it too."`;
/// `"."` → `""`.
fn tidy_more(after: &str) -> String {
    let trimmed = after.trim_start_matches([';', '.', ',', ' ']).trim();
    if trimmed.is_empty() {
        return String::new();
    }
    let mut chars = trimmed.chars();
    let first = chars.next().unwrap();
    let mut more: String = first.to_uppercase().chain(chars).collect();
    if !more.ends_with(['.', ')']) {
        more.push('.');
    }
    more
}

/// The 1-based line of `fn name(` in `code`.
pub fn line_of_fn(code: &str, name: &str) -> Option<usize> {
    let at = code.find(&format!("fn {name}("))?;
    Some(code[..at].matches('\n').count() + 1)
}

/// The address of a test's source at its line on the book's repository.
pub fn test_url(repository: &str, path: &str, line: usize) -> String {
    format!("{repository}/blob/{BRANCH}/{path}#L{line}")
}

/// The id of the `n`th (from 1) proof mark of the page `stem`.
pub fn mark_id(stem: &str, n: usize) -> String {
    format!("proof-{stem}-{n}")
}

/// The errata link's address: a new issue from [`ISSUE_TEMPLATE`], its
/// title and body naming the page (`src/` path and title).
pub fn errata_url(repository: &str, path: &str, title: &str) -> String {
    let issue_title = format!("Problem on the page \"{title}\"");
    let body = format!(
        "Page: {title} (`src/{path}`)\n\n\
         What is wrong (quote the words, or name the listing, figure or quiz question):\n\n\n\
         What it should say, and how you know (a run, the docs), if you can:\n"
    );
    format!(
        "{repository}/issues/new?template={}&title={}&body={}",
        encode(ISSUE_TEMPLATE),
        encode(&issue_title),
        encode(&body)
    )
}

/// Percent-encodes all but the unreserved characters of RFC 3986.
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A chapter's Markdown as the reader gets it: each claim box a paragraph
/// with its mark, then the list of the page's proofs and the errata link.
/// `path` is the chapter's below `src/`, `title` its title in SUMMARY.md.
pub fn rewrite(site: &Site, path: &str, title: &str, markdown: &str) -> String {
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".md");
    let found: Vec<Claim> = claims(markdown)
        .into_iter()
        .filter(|claim| claim.test.is_some())
        .collect();
    let lines: Vec<&str> = markdown.lines().collect();
    let mut out = String::new();
    let mut listed = String::new();
    let mut next = 0;
    for (n, claim) in found.iter().enumerate() {
        let n = n + 1;
        for line in &lines[next..claim.lines.start] {
            out.push_str(line);
            out.push('\n');
        }
        next = claim.lines.end;
        let (name, file) = claim.test.as_ref().unwrap();
        let code = std::fs::read_to_string(site.root.join(file)).unwrap_or_default();
        let url = match (site.repository, line_of_fn(&code, name)) {
            (Some(repository), Some(line)) => Some(test_url(repository, file, line)),
            _ => None,
        };
        let id = mark_id(stem, n);
        let label = format!("Proven by the test {name}");
        let mark = match &url {
            Some(url) => format!(
                "<a class=\"proof-mark\" id=\"{id}\" href=\"{}\" title=\"Test {name} in {file}\" \
                 aria-label=\"{label}\" data-test=\"{name}\" data-file=\"{file}\">\
                 <span aria-hidden=\"true\">proven</span>\
                 <span class=\"proof-test\" aria-hidden=\"true\">{name}</span></a>",
                escape_html(url)
            ),
            None => format!(
                "<span class=\"proof-mark\" id=\"{id}\" title=\"Test {name} in {file}\" \
                 data-test=\"{name}\" data-file=\"{file}\">proven</span>"
            ),
        };
        out.push_str(&claim.text);
        out.push(' ');
        out.push_str(&mark);
        if !claim.more.is_empty() {
            out.push(' ');
            out.push_str(&claim.more);
        }
        out.push('\n');
        let test = match &url {
            Some(url) => format!("[`{name}`]({url})"),
            None => format!("`{name}`"),
        };
        let text = claim.text.replace("\n\n", " ");
        let more = if claim.more.is_empty() {
            String::new()
        } else {
            format!(" {}", claim.more)
        };
        listed += &format!("{n}. {text}{more} Test {test} in `{file}` ([in the text](#{id})).\n");
    }
    for line in &lines[next..] {
        out.push_str(line);
        out.push('\n');
    }
    if !found.is_empty() {
        let count = found.len();
        let proofs = if count == 1 { "proof" } else { "proofs" };
        out += &format!(
            "\n<details class=\"proofs\">\n<summary>The {count} {proofs} on this page</summary>\n\n\
             Each claim marked <span class=\"proof-mark\">proven</span> above is asserted by \
             a test, which `cargo book test` runs:\n\n{listed}\n</details>\n"
        );
    }
    if let Some(repository) = site.repository {
        out += &format!(
            "\n<p class=\"errata\"><a href=\"{}\">Report a problem with this page</a></p>\n",
            escape_html(&errata_url(repository, path, title))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::code_blocks;

    const CHAPTER: &str = "# One\n\nText.\n\n> [!NOTE]\n> **Proven claim.** Three waits take\n> `0.2 s`. Test `three_waits`\n> in `tests/a.rs`.\n\n```text\n> **Proven claim.** In a block. Test `no` in `tests/a.rs`.\n```\n\n> [!NOTE]\n> **Proven claim.** Two. Test `two` in `tests/a.rs`; the recording\n> too (test `rec`).\n\n> [!TIP]\n> Not a claim.\n";

    fn site(dir: &Path) -> Site<'_> {
        Site {
            root: dir,
            repository: Some("https://github.com/o/r"),
        }
    }

    fn fixture() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("proofs-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("tests")).unwrap();
        std::fs::write(
            dir.join("tests/a.rs"),
            "#[test]\nfn three_waits() {}\n\n#[test]\nfn two() {}\n",
        )
        .unwrap();
        dir
    }

    /// A text's code blocks, without the lines they start on.
    pub fn blocks(markdown: &str) -> Vec<(String, Vec<String>, String)> {
        code_blocks(markdown)
            .into_iter()
            .map(|b| (b.lang, b.attrs, b.code))
            .collect()
    }

    #[test]
    fn finds_claims_outside_code_blocks() {
        let found = claims(CHAPTER);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].text, "Three waits take `0.2 s`.");
        assert_eq!(
            found[0].test,
            Some(("three_waits".into(), "tests/a.rs".into()))
        );
        assert_eq!(found[0].more, "");
        assert_eq!(found[0].lines, 4..8);
        assert_eq!(found[1].more, "The recording too (test `rec`).");
    }

    #[test]
    fn boxes_become_marked_sentences_and_a_list() {
        let dir = fixture();
        let out = rewrite(&site(&dir), "ch01-one.md", "One", CHAPTER);
        assert!(!out.contains("> **Proven claim.** Three"), "{out}");
        assert!(out.contains(
            "Three waits take `0.2 s`. <a class=\"proof-mark\" id=\"proof-ch01-one-1\" \
             href=\"https://github.com/o/r/blob/main/tests/a.rs#L2\" title=\"Test three_waits in tests/a.rs\""
        ), "{out}");
        assert!(out.contains("href=\"https://github.com/o/r/blob/main/tests/a.rs#L5\""));
        assert!(
            out.contains("</a> The recording too (test `rec`).\n"),
            "{out}"
        );
        assert!(out.contains("<summary>The 2 proofs on this page</summary>"));
        assert!(out.contains("1. Three waits take `0.2 s`. Test [`three_waits`](https://github.com/o/r/blob/main/tests/a.rs#L2) in `tests/a.rs` ([in the text](#proof-ch01-one-1)).\n"), "{out}");
        assert!(out.contains("> [!TIP]\n> Not a claim.\n"));
        assert!(out.contains("Report a problem with this page"));
        // The code blocks are untouched (only their lines move).
        assert_eq!(blocks(&out), blocks(CHAPTER));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_page_without_claims_gets_only_the_errata_link() {
        let out = rewrite(
            &site(Path::new("/nowhere")),
            "glossary.md",
            "Glossary",
            "# G\n\nText.\n",
        );
        assert!(!out.contains("<details"));
        assert!(
            out.starts_with("# G\n\nText.\n\n<p class=\"errata\">"),
            "{out}"
        );
    }

    /// `mdbook build` and `serve` run the preprocessor as `book.toml` says:
    /// as this crate's `cargo book proofs`, for the HTML only, after the
    /// includes are expanded; and the errata link's template exists.
    #[test]
    fn the_book_declares_the_preprocessor_and_has_the_issue_template() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let config: toml::Table = std::fs::read_to_string(root.join("book.toml"))
            .unwrap()
            .parse()
            .unwrap();
        let table = &config["preprocessor"][NAME];
        assert_eq!(table["command"].as_str(), Some("cargo book proofs"));
        assert_eq!(table["renderers"], toml::Value::from(vec!["html"]));
        assert_eq!(table["after"], toml::Value::from(vec!["links"]));
        let template = root.join(".github/ISSUE_TEMPLATE").join(ISSUE_TEMPLATE);
        let text = std::fs::read_to_string(&template)
            .unwrap_or_else(|e| panic!("{}: {e}", template.display()));
        assert!(text.starts_with("---\nname: "), "{text}");
    }

    #[test]
    fn the_errata_link_names_the_page_url_encoded() {
        let url = errata_url(
            "https://github.com/o/r",
            "ch04-send-sync.md",
            "`Send` & `Sync`",
        );
        assert!(
            url.starts_with("https://github.com/o/r/issues/new?template=page-problem.md&title=")
        );
        assert!(
            url.contains(
                "title=Problem%20on%20the%20page%20%22%60Send%60%20%26%20%60Sync%60%22&body="
            ),
            "{url}"
        );
        assert!(url.contains("%28%60src%2Fch04-send-sync.md%60%29"), "{url}");
        assert!(!url.contains(' '));
    }
}
