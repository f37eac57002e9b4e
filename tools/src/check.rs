//! The rules the book as a whole keeps, as functions that list every
//! breach, each naming a file (and a line where there is one). `tests/book.rs`
//! runs them on the real book; the tests below run them on small broken
//! books, so that each rule is known to catch what it is for.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::book::{Chapter, RUST_ATTRIBUTES, code_blocks};

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
            });
        }
    }
    found
}

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

/// Every directive names a file that exists, and an anchor that file
/// opens and closes. (mdBook itself only logs a missing file, and renders
/// a missing anchor as nothing at all.)
pub fn includes(root: &Path, chapters: &[Chapter]) -> Vec<String> {
    let mut problems = Vec::new();
    for directive in chapters.iter().flat_map(directives) {
        let Directive {
            at,
            kind,
            file,
            anchor,
        } = &directive;
        if !["include", "rustdoc_include", "quiz"].contains(&kind.as_str()) {
            problems.push(format!("{at}: unknown directive `{{{{#{kind}}}}}`"));
            continue;
        }
        let Ok(text) = std::fs::read_to_string(root.join(file)) else {
            problems.push(format!("{at}: {kind} of {}: no such file", file.display()));
            continue;
        };
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

/// The folders of things a page shows, each file of which some page must
/// include.
pub const SHOWN: &[&str] = &[
    "listings/src/bin",
    "listings/compile_fail",
    "listings/python",
    "listings/recorded",
    "quizzes",
];

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

/// The one recorded file not of a chapter: where the recordings were made.
pub const MACHINE: &str = "machine.txt";

/// `chNN` of a file named `chNN-…`.
fn chapter_number(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    (name.starts_with("ch") && name.as_bytes().get(4) == Some(&b'-')).then(|| name[..4].to_owned())
}

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
    let compile_fail_checks = read(Path::new("listings/src/lib.rs"));
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
            } else if !pages.iter().all(|p| p.starts_with(&number)) {
                problems.push(format!(
                    "{shown}: included by {pages:?}, not by chapter {number}"
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
            if dir.ends_with("python") && !runs(&format!("{stem}.py")) {
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

/// Languages a block may be written in, and what its body must be.
const LANGUAGES: &[(&str, &str)] = &[
    ("rust", "listings/"),
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
    let lib = std::fs::read_to_string(root.join("listings/src/lib.rs")).unwrap_or_default();
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
                    Some(file) if file.starts_with(home) => {}
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
                    [_] => problems.push(format!("{at}: a compile_fail block includes a file of listings/compile_fail/")),
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

/// Runs `rustc` (edition 2024) on `program` in a temporary folder: `Ok` with
/// the executable, or `Err` with the compiler's messages.
pub fn compile(program: &str, name: &str) -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("book-compile-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let source = dir.join("main.rs");
    std::fs::write(&source, program).map_err(|e| e.to_string())?;
    let exe = dir.join("main");
    let out = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args(["--edition", "2024", "--crate-name", "quiz", "-o"])
        .arg(&exe)
        .arg(&source)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(exe)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Every chapter has a quiz, `quizzes/<chapter>.toml`, that mdbook-quiz
/// accepts, with at least three questions, each with a fixed `id`; at least
/// one asks what a program prints (`Tracing`) and one asks how long
/// something takes. mdbook-quiz compiles and runs each `Tracing` program
/// as edition 2015; it is compiled and run here again as the book's
/// edition, 2024, so its answer (compiles or not, and what it prints) is
/// what a reader of this book would see.
pub fn quizzes(root: &Path, chapters: &[Chapter]) -> Vec<String> {
    use mdbook_quiz_schema::{Question, Quiz};

    let mut problems = Vec::new();
    let validated = mdbook_quiz_validate::Validated::default();
    for chapter in chapters
        .iter()
        .filter(|c| chapter_number(&c.path).is_some())
    {
        let file = PathBuf::from(format!("quizzes/{}.toml", chapter.stem()));
        let shown = directives(chapter)
            .iter()
            .any(|d| d.kind == "quiz" && d.file == file);
        if !shown {
            problems.push(format!(
                "src/{}: no `{{{{#quiz ../{}}}}}`",
                chapter.path.display(),
                file.display()
            ));
        }
        let Ok(text) = std::fs::read_to_string(root.join(&file)) else {
            continue;
        };
        let at = file.display();
        if let Err(e) = mdbook_quiz_validate::validate(&root.join(&file), &text, &validated, false)
        {
            problems.push(format!(
                "{at}: mdbook-quiz rejects it ({e}); its reasons are printed above"
            ));
            continue;
        }
        let quiz: Quiz = match toml::from_str(&text) {
            Ok(quiz) => quiz,
            Err(e) => {
                problems.push(format!("{at}: {e}"));
                continue;
            }
        };
        if quiz.questions.len() < 3 {
            problems.push(format!(
                "{at}: {} questions; a chapter's quiz has at least 3",
                quiz.questions.len()
            ));
        }
        let mut tracing = 0;
        let mut timing = 0;
        for (n, question) in quiz.questions.iter().enumerate() {
            let (id, prompt) = match question {
                Question::ShortAnswer(q) => (&q.0.id, q.0.prompt.prompt.0.clone()),
                Question::MultipleChoice(q) => (&q.0.id, q.0.prompt.prompt.0.clone()),
                Question::Tracing(q) => {
                    tracing += 1;
                    let name = format!("{}-{n}", chapter.stem());
                    if let Err(e) = check_tracing(
                        &q.0.prompt.program,
                        q.0.answer.does_compile,
                        q.0.answer.stdout.as_deref(),
                        &name,
                    ) {
                        problems.push(format!("{at}: question {}: {e}", n + 1));
                    }
                    (&q.0.id, String::new())
                }
            };
            if id.is_none() {
                problems.push(format!(
                    "{at}: question {} has no `id` (mdbook-quiz would write one into the file)",
                    n + 1
                ));
            }
            if prompt.to_lowercase().contains("how long") {
                timing += 1;
            }
        }
        if tracing == 0 {
            problems.push(format!(
                "{at}: no `Tracing` question: ask what a program prints"
            ));
        }
        if timing == 0 {
            problems.push(format!("{at}: no question asks how long something takes"));
        }
    }
    problems
}

/// Compiles and runs a quiz program; `Err` says how it differs from the answer.
fn check_tracing(
    program: &str,
    does_compile: bool,
    stdout: Option<&str>,
    name: &str,
) -> Result<(), String> {
    match (compile(program, name), does_compile) {
        (Err(_), false) => Ok(()),
        (Ok(_), false) => Err("the answer says it does not compile, but it does".into()),
        (Err(e), true) => Err(format!("the answer says it compiles, but:\n{e}")),
        (Ok(exe), true) => {
            let run = crate::listing::run(Command::new(exe));
            let want = stdout.unwrap_or_default();
            if run.stdout.trim_end() == want.trim_end() {
                Ok(())
            } else {
                Err(format!(
                    "the answer says it prints {want:?}, but it printed {:?}",
                    run.stdout
                ))
            }
        }
    }
}

/// What [`links`] found in a built book.
#[derive(Debug, Default)]
pub struct Links {
    /// Broken internal links: `page.html: href` and why.
    pub problems: Vec<String>,
    /// Every external address linked to, once each.
    pub external: BTreeSet<String>,
    /// How many internal links were followed.
    pub checked: usize,
}

/// Follows every `href` and `src` of every page of the HTML book in
/// `html`: an internal one must name a file of the book and, with a
/// `#fragment`, an element with that id on that page. External addresses
/// are listed, not fetched. `site_url` is the prefix of absolute paths (the
/// 404 page uses them).
pub fn links(html: &Path, site_url: &str) -> Links {
    let mut found = Links::default();
    let mut pages = Vec::new();
    let mut dirs = vec![html.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                pages.push(path);
            }
        }
    }
    pages.sort();
    let ids = |page: &Path| -> BTreeSet<String> {
        let text = std::fs::read_to_string(page).unwrap_or_default();
        attribute_values(&text, "id").into_iter().collect()
    };
    let mut id_cache: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap_or_default();
        let name = page.strip_prefix(html).unwrap().display().to_string();
        for target in attribute_values(&text, "href")
            .into_iter()
            .chain(attribute_values(&text, "src"))
        {
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("//")
            {
                found.external.insert(target);
                continue;
            }
            if target.starts_with("mailto:")
                || target.starts_with("javascript:")
                || target.starts_with("data:")
            {
                continue;
            }
            found.checked += 1;
            let (path, fragment) = target.split_once('#').unwrap_or((&target, ""));
            let path = path.split('?').next().unwrap();
            let file = if path.is_empty() {
                page.clone()
            } else if let Some(absolute) = path.strip_prefix(site_url) {
                html.join(absolute)
            } else if path.starts_with('/') {
                found.problems.push(format!(
                    "{name}: {target}: absolute path outside {site_url}"
                ));
                continue;
            } else {
                normalize(&page.parent().unwrap().join(path))
            };
            let file = if file.is_dir() {
                file.join("index.html")
            } else {
                file
            };
            if !file.is_file() {
                found
                    .problems
                    .push(format!("{name}: {target}: no such file in the book"));
                continue;
            }
            let fragment = fragment.replace("%20", " ");
            if !fragment.is_empty() && file.extension().is_some_and(|e| e == "html") {
                let ids = id_cache.entry(file.clone()).or_insert_with(|| ids(&file));
                if !ids.contains(&fragment) {
                    found
                        .problems
                        .push(format!("{name}: {target}: no element with id {fragment:?}"));
                }
            }
        }
    }
    found
}

/// The values of `name="…"` attributes in an HTML text.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.split(needle.as_str())
        .skip(1)
        .filter_map(|rest| {
            rest.split_once('"')
                .map(|(value, _)| value.replace("&amp;", "&"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small book in a temporary folder, with its chapters as given.
    struct Fixture {
        dir: PathBuf,
    }

    impl Fixture {
        fn new(name: &str) -> Fixture {
            let dir =
                std::env::temp_dir().join(format!("book-check-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            Fixture { dir }
        }
        fn file(&self, path: &str, text: &str) -> &Self {
            let path = self.dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
            self
        }
        fn chapter(&self, path: &str, source: &str) -> Chapter {
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
    fn assert_problems(problems: &[String], expected: &[&str]) {
        for want in expected {
            assert!(
                problems.iter().any(|p| p.starts_with(want)),
                "missing {want:?} in {problems:#?}"
            );
        }
        assert_eq!(problems.len(), expected.len(), "{problems:#?}");
    }

    const PROGRAM: &str = "use std::thread;\n// ANCHOR: main\nfn main() {}\n// ANCHOR_END: main\n";

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
    fn block_rules_catch_what_they_are_for() {
        let book = Fixture::new("blocks");
        book.file("listings/src/bin/ch01-01-a.rs", PROGRAM)
            .file(
                "listings/src/bin/ch01-02-b.rs",
                "use listings::helper;\nfn main() {}\n",
            )
            .file("listings/compile_fail/ch01-03-c.rs", PROGRAM)
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

    #[test]
    fn crates_are_read_from_use_lines() {
        let code = "use std::thread;\nuse tokio::time;\npub use rayon::prelude::*;\nextern crate listings;\n";
        assert_eq!(
            crates_used(code).into_iter().collect::<Vec<_>>(),
            ["listings", "rayon", "std", "tokio"]
        );
    }

    #[test]
    fn a_quiz_whose_answers_are_wrong_is_rejected() {
        let book = Fixture::new("quiz-wrong");
        let quiz = "[[questions]]\nid = \"b\"\ntype = \"Tracing\"\nprompt.program = \"fn main() { println!(\\\"hi\\\"); }\"\nanswer.doesCompile = true\nanswer.stdout = \"hello\"\n";
        book.file("quizzes/ch01-a.toml", quiz);
        let chapter = book.chapter("ch01-a.md", "# A\n");
        let problems = quizzes(&book.dir, &[chapter]);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].starts_with("src/ch01-a.md: no `{{#quiz ../quizzes/ch01-a.toml}}`"));
        assert!(problems[1].starts_with("quizzes/ch01-a.toml: mdbook-quiz rejects it"));
    }

    #[test]
    fn a_quiz_asks_for_predictions() {
        let book = Fixture::new("quiz-recall");
        let question = "[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Which keyword?\"\nanswer.answer = \"move\"\n";
        book.file("quizzes/ch01-a.toml", &question.repeat(2));
        let chapter = book.chapter("ch01-a.md", "{{#quiz ../quizzes/ch01-a.toml}}\n");
        let problems = quizzes(&book.dir, &[chapter]);
        let expected = [
            "quizzes/ch01-a.toml: 2 questions; a chapter's quiz has at least 3",
            "quizzes/ch01-a.toml: question 1 has no `id`",
            "quizzes/ch01-a.toml: question 2 has no `id`",
            "quizzes/ch01-a.toml: no `Tracing` question",
            "quizzes/ch01-a.toml: no question asks how long",
        ];
        assert_problems(&problems, &expected);
    }

    #[test]
    fn tracing_answers_are_checked_in_the_books_edition() {
        // `async` is a keyword since 2018: mdbook-quiz compiles quiz
        // programs as 2015, where this compiles; in the book's edition it
        // does not.
        let program = "fn main() { let async = 1; println!(\"{}\", async); }";
        assert!(check_tracing(program, true, Some("1"), "edition").is_err());
        assert_eq!(check_tracing(program, false, None, "edition"), Ok(()));
        let hello = "fn main() { println!(\"hi\"); }";
        assert_eq!(check_tracing(hello, true, Some("hi\n"), "hello"), Ok(()));
        assert!(
            check_tracing(hello, true, Some("hello"), "hello")
                .unwrap_err()
                .contains("printed \"hi\\n\"")
        );
    }

    #[test]
    fn broken_links_and_anchors_are_found_and_external_ones_listed() {
        let book = Fixture::new("links");
        book.file("book/a.html", r##"<h2 id="here">A</h2><a href="b.html#there">ok</a> <a href="b.html#gone">bad</a> <a href="#here">ok</a> <a href="c.html">bad</a> <a href="https://example.org/x">out</a> <img src="img/x.svg"> <a href="/site/b.html">ok</a>"##)
            .file("book/b.html", r#"<p id="there"></p>"#)
            .file("book/img/x.svg", "<svg></svg>");
        let found = links(&book.dir.join("book"), "/site/");
        assert_eq!(found.checked, 5 + 1);
        assert_eq!(
            found.problems,
            [
                "a.html: b.html#gone: no element with id \"gone\"",
                "a.html: c.html: no such file in the book",
            ]
        );
        assert_eq!(
            found.external.into_iter().collect::<Vec<_>>(),
            ["https://example.org/x"]
        );
    }
}
