//! The book as mdBook sees it, and its code blocks as skeptic must see them.
//!
//! mdBook expands `{{#include}}` and `{{#rustdoc_include}}` while it renders;
//! skeptic only reads Markdown. So the book is loaded and preprocessed here
//! with mdBook's own library, exactly as `mdbook build` does, and what the
//! reader sees (hidden `# ` lines included) is what gets compiled and run.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use mdbook_driver::MDBook;
use mdbook_driver::book::BookItem;
use mdbook_markdown::pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use mdbook_renderer::{RenderContext, Renderer};

/// One chapter: where its Markdown lives, as written and as rendered.
pub struct Chapter {
    /// The title `SUMMARY.md` gives it.
    pub title: String,
    /// Path below `src/`, e.g. `ch01-three-waits.md`.
    pub path: PathBuf,
    /// The Markdown as written.
    pub source: String,
    /// The Markdown after mdBook's preprocessors (includes expanded).
    pub expanded: String,
}

impl Chapter {
    /// The file name without `.md`: `ch01-three-waits`.
    pub fn stem(&self) -> String {
        self.path
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    }
}

/// The HTML output's `site-url` (`/` if unset) and repository address, from
/// `book.toml`.
pub fn html_settings(root: &Path) -> Result<(String, Option<String>), String> {
    let book = MDBook::load(root).map_err(|e| format!("{}: {e:#}", root.display()))?;
    let html = book.config.html_config().unwrap_or_default();
    Ok((
        html.site_url.unwrap_or_else(|| "/".into()),
        html.git_repository_url,
    ))
}

/// A renderer that renders nothing. Preprocessors meant only for the HTML
/// output (the quiz, whose `renderers = ["html"]`) skip it, so expanding
/// the book needs no tool installed.
struct Expand;

impl Renderer for Expand {
    fn name(&self) -> &str {
        "expand"
    }
    fn render(&self, _: &RenderContext) -> mdbook_renderer::errors::Result<()> {
        Ok(())
    }
}

/// Every chapter of the book at `root` (the folder of `book.toml`), with
/// its includes expanded by mdBook itself.
pub fn chapters(root: &Path) -> Result<Vec<Chapter>, String> {
    let book = MDBook::load(root).map_err(|e| format!("{}: {e:#}", root.display()))?;
    let (expanded, _) = book
        .preprocess_book(&Expand)
        .map_err(|e| format!("preprocessing the book: {e:#}"))?;
    let src = book.source_dir();
    let mut chapters = Vec::new();
    for item in expanded.iter() {
        if let BookItem::Chapter(chapter) = item
            && let Some(path) = &chapter.source_path
        {
            let source = std::fs::read_to_string(src.join(path))
                .map_err(|e| format!("src/{}: {e}", path.display()))?;
            chapters.push(Chapter {
                title: chapter.name.clone(),
                path: path.clone(),
                source,
                expanded: chapter.content.clone(),
            });
        }
    }
    Ok(chapters)
}

/// Builds the HTML book of `root` into `dest`, as `mdbook build` does
/// (the installed preprocessors included), and returns every warning and
/// error mdBook logged on the way: a broken include, for one, is only
/// logged, and the build goes on.
pub fn build_html(root: &Path, dest: &Path) -> Result<Vec<String>, String> {
    build_html_with(root, dest, &[], &[])
}

/// The environment variable by which `cargo book test` tells its tests
/// where it builds the HTML book, once, for all of them (see
/// [`build_for_tests`] and [`build_html_once`]).
pub const BUILT_ENV: &str = "BOOK_BUILT";

/// Builds the HTML book into `dir/site`, then writes what mdBook logged to
/// `dir/logged.json` and, last, `dir/done`: `ok`, or `error: WHY`.
/// `cargo book test` calls it on a thread of its own as it starts, so that
/// the book checks and the browser test, which both read the whole book,
/// share one build, made while the tests are still being built.
pub fn build_for_tests(root: &Path, dir: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let done = match build_html(root, &dir.join("site")) {
        Ok(logged) => {
            let json = serde_json::to_string(&logged).map_err(|e| e.to_string())?;
            std::fs::write(dir.join("logged.json"), json).map_err(|e| e.to_string())?;
            "ok".to_owned()
        }
        Err(e) => format!("error: {e}"),
    };
    std::fs::write(dir.join("done"), done).map_err(|e| e.to_string())
}

/// The HTML book in `dest`, and what mdBook logged while building it: a
/// copy of the build `cargo book test` makes for all its tests, once it
/// is done, if `BOOK_BUILT` names one; else built here, by [`build_html`].
pub fn build_html_once(root: &Path, dest: &Path) -> Result<Vec<String>, String> {
    let Some(dir) = built_for_tests()? else {
        return build_html(root, dest);
    };
    let _ = std::fs::remove_dir_all(dest);
    link_tree(&dir.join("site"), dest)?;
    let logged = std::fs::read_to_string(dir.join("logged.json")).map_err(|e| e.to_string())?;
    serde_json::from_str(&logged).map_err(|e| e.to_string())
}

/// Where `cargo book test` built the book for its tests, once it is built
/// (`None` if it builds none: a test run by itself builds its own).
pub fn built_for_tests() -> Result<Option<PathBuf>, String> {
    let Some(dir) = std::env::var_os(BUILT_ENV).map(PathBuf::from) else {
        return Ok(None);
    };
    let started = std::time::Instant::now();
    let done = loop {
        match std::fs::read_to_string(dir.join("done")) {
            Ok(done) => break done,
            Err(_) if started.elapsed() < std::time::Duration::from_secs(300) => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => return Err(format!("{}/done: {e}", dir.display())),
        }
    };
    match done.strip_prefix("error: ") {
        Some(why) => Err(why.to_owned()),
        None => Ok(Some(dir)),
    }
}

/// `to`, a copy of the folder `from` made of hard links (copies where a
/// link cannot be made). Nothing changes a built file in place: a test
/// that adds files (gzipped ones) adds them to its own copy.
fn link_tree(from: &Path, to: &Path) -> Result<(), String> {
    let error = |path: &Path, e: std::io::Error| format!("{}: {e}", path.display());
    std::fs::create_dir_all(to).map_err(|e| error(to, e))?;
    for entry in std::fs::read_dir(from).map_err(|e| error(from, e))? {
        let entry = entry.map_err(|e| error(from, e))?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().map_err(|e| error(&source, e))?.is_dir() {
            link_tree(&source, &target)?;
        } else if std::fs::hard_link(&source, &target).is_err() {
            std::fs::copy(&source, &target).map_err(|e| error(&source, e))?;
        }
    }
    Ok(())
}

/// [`build_html`], with `scripts_first` (paths from the root) loaded by
/// every page before the book's own `additional-js` (the local runner's
/// token script, as `cargo book serve` adds it), and only the chapters
/// whose files start with one of `only` (every chapter if it is empty):
/// for the runner's browser test, which reads two pages.
pub fn build_html_with(
    root: &Path,
    dest: &Path,
    scripts_first: &[String],
    only: &[&str],
) -> Result<Vec<String>, String> {
    use std::sync::{Arc, Mutex};
    use tracing_subscriber::layer::SubscriberExt;

    let logged = Arc::new(Mutex::new(Vec::new()));
    let subscriber = tracing_subscriber::registry().with(Logged(Arc::clone(&logged)));
    tracing::subscriber::with_default(subscriber, || {
        let mut book = MDBook::load(root).map_err(|e| format!("{}: {e:#}", root.display()))?;
        book.config.build.build_dir = dest.to_path_buf();
        if !only.is_empty() {
            book.book.items.retain(|item| {
                let BookItem::Chapter(chapter) = item else {
                    return false;
                };
                let file = chapter.path.as_deref().unwrap_or(Path::new(""));
                let file = file.to_string_lossy();
                only.iter().any(|prefix| file.starts_with(prefix))
            });
        }
        if !scripts_first.is_empty() {
            const KEY: &str = "output.html.additional-js";
            let own: Vec<String> = book.config.get(KEY).ok().flatten().unwrap_or_default();
            let all: Vec<String> = scripts_first.iter().cloned().chain(own).collect();
            book.config
                .set(KEY, all)
                .map_err(|e| format!("book.toml: {KEY}: {e:#}"))?;
        }
        // The book's own preprocessors run in this process, where
        // `book.toml` puts them, rather than as `cargo book quiz-loader` or
        // `cargo book proofs`: a cargo run inside the tests would wait for
        // the build directory's lock.
        // mdbook-quiz itself, run once per input (see `quiz_cache`).
        if declares(&book, crate::quiz_cache::NAME)? {
            let key = format!("preprocessor.{}.command", crate::quiz_cache::NAME);
            let command = book.config.get::<String>(&key).ok().flatten();
            book.with_preprocessor(crate::quiz_cache::CachedQuiz::new(root, command));
        }
        if declares(&book, crate::quiz_loader::NAME)? {
            book.with_preprocessor(crate::quiz_loader::QuizLoader);
        }
        if declares(&book, crate::proofs::NAME)? {
            book.with_preprocessor(crate::proofs::Proofs);
        }
        book.build()
            .map_err(|e| format!("building the book: {e:#}"))
    })?;
    Ok(logged.lock().unwrap().clone())
}

/// Whether `book.toml` has a `[preprocessor.NAME]` table.
fn declares(book: &MDBook, name: &str) -> Result<bool, String> {
    let key = format!("preprocessor.{name}");
    book.config
        .get::<toml::Table>(&key)
        .map(|table| table.is_some())
        .map_err(|e| format!("book.toml: {key}: {e:#}"))
}

/// Keeps the message of every event at level WARN or above.
struct Logged(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Logged {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        struct Message(String);
        impl tracing::field::Visit for Message {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                if field.name() == "message" {
                    self.0 = format!("{value:?}");
                }
            }
        }
        let level = *event.metadata().level();
        if level <= tracing::Level::WARN {
            let mut message = Message(String::new());
            event.record(&mut message);
            self.0
                .lock()
                .unwrap()
                .push(format!("{level}: {}", message.0));
        }
    }
}

/// A fenced code block.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeBlock {
    /// The first word of the info string: `rust`, `text`, `python`…
    pub lang: String,
    /// The other words: `no_run`, `compile_fail`, `E0373`…
    pub attrs: Vec<String>,
    /// The block's text, one `\n` after every line.
    pub code: String,
    /// 1-based line of the opening fence.
    pub line: usize,
}

impl CodeBlock {
    pub fn has(&self, attr: &str) -> bool {
        self.attrs.iter().any(|a| a == attr)
    }
}

/// The fenced code blocks of a Markdown text, found by mdBook's own parser
/// (so a block in a quote or a list counts, exactly as it renders).
pub fn code_blocks(markdown: &str) -> Vec<CodeBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<CodeBlock> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                // mdBook splits the info string on commas and spaces.
                let mut words = info
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned);
                current = Some(CodeBlock {
                    lang: words.next().unwrap_or_default(),
                    attrs: words.collect(),
                    code: String::new(),
                    line: markdown[..range.start].matches('\n').count() + 1,
                });
            }
            Event::Text(text) => {
                if let Some(block) = &mut current {
                    block.code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

/// Attributes a Rust block may carry: mdBook's and rustdoc's, no others. An
/// error code (`E0373`) may follow `compile_fail`. `editable` is for an
/// exercise's block only (the book checks say so), which `theme/exercise.js`
/// makes editable: the book does not load mdBook's editor (`book.toml`,
/// `[output.html.playground]`).
pub const RUST_ATTRIBUTES: &[&str] = &[
    "editable",
    "ignore",
    "no_run",
    "should_panic",
    "compile_fail",
    "noplayground",
    "mdbook-runnable",
    "edition2024",
];

/// Every block that must compile must compile without a warning.
pub const BLOCK_LINTS: &str = "#![deny(warnings)]";

/// The Rust blocks of one chapter, rewritten for skeptic: one section per
/// block, named after the block's line in the chapter as written, with
/// what the attributes mean turned into what skeptic knows.
///
/// - `compile_fail` becomes `no_run,should_panic`: it passes only if the
///   block fails to compile (its error code is checked by a rustdoc
///   doctest in the listings crate);
/// - `should_panic` is kept, and the block is also compiled alone, so that
///   a compile error cannot pass for the panic;
/// - every block that must compile gets [`BLOCK_LINTS`] as a hidden line.
pub fn skeptic_input(chapter: &Chapter) -> String {
    let written = code_blocks(&chapter.source);
    let expanded = code_blocks(&chapter.expanded);
    let mut out = String::new();
    for (i, block) in expanded.iter().enumerate() {
        if block.lang != "rust" {
            continue;
        }
        // Includes expand inside a block, so the blocks pair up one to one.
        let line = written.get(i).map_or(block.line, |w| w.line);
        let compile = |attrs: &str, lints: bool| {
            let lints = if lints {
                format!("# {BLOCK_LINTS}\n")
            } else {
                String::new()
            };
            let fence = "`".repeat(longest_backtick_run(&block.code).max(2) + 1);
            format!("{fence}rust{attrs}\n{lints}{}{fence}\n\n", block.code)
        };
        let written = written.get(i).map_or("", |w| w.code.as_str());
        if written.contains(EXERCISE_ANSWERS) {
            // An exercise's solution is not a whole program: its exercise's
            // grader runs it (exercises/tests/graders.rs).
            continue;
        }
        writeln!(out, "## line {line}\n").unwrap();
        if written.contains(EXERCISES) {
            // An exercise compiles as the reader sees it; whether it passes
            // is its grader's verdict, which exercises/tests/graders.rs
            // checks (the starter must fail).
            out += &compile(",no_run", true);
        } else if block.has("ignore") {
            out += &compile(",ignore", false);
        } else if block.has("compile_fail") {
            out += &compile(",no_run,should_panic", false);
        } else if block.has("should_panic") {
            out += &compile(",should_panic", false);
            writeln!(out, "## line {line} compiles\n").unwrap();
            out += &compile(",no_run", true);
        } else if block.has("no_run") || is_a_whole_listing(written) {
            // A whole listing (mdBook's `rustdoc_include` hides the lines
            // outside its anchor, but they are in the block) is run by its
            // chapter's tests as `listings/Cargo.toml` declares it, its
            // output checked (`check::orphans` fails a listing no test
            // runs): here it is only compiled, as the reader sees it.
            out += &compile(",no_run", true);
        } else {
            out += &compile("", true);
        }
    }
    out
}

/// Whether a block, as written, is one `rustdoc_include` of a listing:
/// the whole program, whatever its anchor shows.
fn is_a_whole_listing(written: &str) -> bool {
    let written = written.trim();
    !written.contains('\n')
        && written.starts_with("{{#rustdoc_include ../listings/src/bin/")
        && written.ends_with("}}")
}

/// Where the exercises a page shows are (`exercises/src/bin/chNN-MM-name.rs`),
/// and their solutions.
pub const EXERCISES: &str = "exercises/src/bin/";
pub const EXERCISE_ANSWERS: &str = "exercises/solutions/";

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_with_their_words_and_lines() {
        let md = "# T\n\n```rust,no_run noplayground\nfn main() {}\n```\n\n> quoted\n>\n> ```text\n> out\n> ```\n";
        let blocks = code_blocks(md);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].lang, "rust");
        assert_eq!(blocks[0].attrs, ["no_run", "noplayground"]);
        assert_eq!(blocks[0].code, "fn main() {}\n");
        assert_eq!(blocks[0].line, 3);
        assert_eq!(blocks[1].lang, "text");
        assert_eq!(blocks[1].code, "out\n");
        assert_eq!(blocks[1].line, 9);
    }

    fn chapter(source: &str, expanded: &str) -> Chapter {
        Chapter {
            title: "X".into(),
            path: "ch99-x.md".into(),
            source: source.into(),
            expanded: expanded.into(),
        }
    }

    #[test]
    fn skeptic_compiles_an_exercise_and_leaves_its_solution_to_the_grader() {
        let source = "```rust,editable\n{{#rustdoc_include ../exercises/src/bin/ch99-01-x.rs:starter}}\n```\n\n```rust,noplayground\n{{#include ../exercises/solutions/ch99-01-x.rs}}\n```\n";
        let expanded = "```rust,editable\nfn f() {}\n# fn main() {}\n```\n\n```rust,noplayground\nfn f() {}\n```\n";
        let out = skeptic_input(&chapter(source, expanded));
        assert_eq!(
            out,
            format!(
                "## line 1\n\n```rust,no_run\n# {BLOCK_LINTS}\nfn f() {{}}\n# fn main() {{}}\n```\n\n"
            )
        );
    }

    #[test]
    fn skeptic_sees_expanded_code_under_the_written_line() {
        let source = "intro\n\n```rust\n{{#rustdoc_include f.rs}}\n```\n";
        let expanded = "intro\n\n```rust\n# use std::x;\nfn main() {}\n```\n";
        let out = skeptic_input(&chapter(source, expanded));
        assert!(out.starts_with("## line 3\n"), "{out}");
        assert!(out.contains(&format!(
            "```rust\n# {BLOCK_LINTS}\n# use std::x;\nfn main() {{}}\n```"
        )));
    }

    #[test]
    fn a_whole_listing_is_compiled_here_and_run_by_its_tests() {
        let source = "```rust\n{{#rustdoc_include ../listings/src/bin/ch99-01-x.rs:main}}\n```\n\n```rust\n{{#rustdoc_include ../listings/src/bin/ch99-01-x.rs:main}}\nfn more() {}\n```\n";
        let expanded = "```rust\n# use std::x;\nfn main() {}\n```\n\n```rust\n# use std::x;\nfn main() {}\nfn more() {}\n```\n";
        let blocks = code_blocks(&skeptic_input(&chapter(source, expanded)));
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].attrs, ["no_run"], "the listing alone");
        assert!(blocks[0].code.starts_with("# #![deny"));
        assert!(
            blocks[1].attrs.is_empty(),
            "a listing with more code is a program of its own, run here"
        );
    }

    #[test]
    fn compile_fail_must_fail_and_should_panic_must_also_compile() {
        let md = "```rust,compile_fail,E0373\nbad\n```\n\n```rust,should_panic\npanics\n```\n";
        let out = skeptic_input(&chapter(md, md));
        let blocks = code_blocks(&out);
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0].attrs, ["no_run", "should_panic"]);
        assert_eq!(
            blocks[0].code, "bad\n",
            "no lints: the failure must be the block's own"
        );
        assert_eq!(blocks[1].attrs, ["should_panic"]);
        assert_eq!(blocks[2].attrs, ["no_run"]);
        assert!(blocks[2].code.starts_with("# #![deny"));
    }

    #[test]
    fn fence_outgrows_backticks_inside_the_code() {
        let md = "```rust\nlet s = \"```\";\n```\n";
        let out = skeptic_input(&chapter(md, md));
        assert!(out.contains("````rust\n"), "{out}");
    }
}
