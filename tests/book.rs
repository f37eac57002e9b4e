//! The book as a whole: it builds without a warning, every include and
//! anchor resolves, every listing is shown, tested and built once, every
//! block is of a known kind, every claim names its test, every quiz is valid
//! and right, every timeline is drawn from its recording, every link leads
//! somewhere. The rules themselves, and tests that show each catches what it
//! is for, are in `tools/src/check/`, a module per family of rules. Every
//! problem names its file, relative to the book's root (the built book's
//! pages relative to the built book), and its line where there is one.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use book_tools::book::{self, Chapter};
use book_tools::check;

/// Blocks allowed to be `ignore`d: page, line of the fence, and why. Each
/// entry is a block no test compiles, so keep this empty if you can.
const IGNORE_ALLOWED: &[(&str, usize, &str)] = &[];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn chapters() -> &'static [Chapter] {
    static CHAPTERS: OnceLock<Vec<Chapter>> = OnceLock::new();
    CHAPTERS.get_or_init(|| book::chapters(root()).unwrap_or_else(|e| panic!("{e}")))
}

/// How long building the book may take (it takes about a second).
const BUILD_LIMIT: Duration = Duration::from_secs(120);

/// The HTML book, built once for every test here (or, under `cargo book
/// test`, once for these and the browser test: `book::build_html_once`),
/// and what mdBook logged.
/// Under a time limit: mdbook-quiz runs the quizzes' programs while it
/// builds, and one that hangs would otherwise hang every test here.
fn built() -> &'static (PathBuf, Vec<String>) {
    static BUILT: OnceLock<(PathBuf, Vec<String>)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dest = Path::new(env!("CARGO_TARGET_TMPDIR")).join("book");
        let (tx, rx) = std::sync::mpsc::channel();
        let building = dest.clone();
        std::thread::spawn(move || tx.send(book::build_html_once(root(), &building)));
        let logged = rx
            .recv_timeout(BUILD_LIMIT)
            .unwrap_or_else(|_| {
                panic!(
                    "the book did not build within {BUILD_LIMIT:?}: does a quiz program hang? \
                     (see quizzes_are_valid_and_their_answers_right)"
                )
            })
            .unwrap_or_else(|e| {
                panic!("{e}\n(`cargo book test` installs mdbook-quiz, which the build needs)")
            });
        (dest, logged)
    })
}

fn assert_none(problems: Vec<String>, rule: &str) {
    assert!(problems.is_empty(), "{rule}:\n  {}", problems.join("\n  "));
}

#[test]
fn book_builds_without_a_warning() {
    let (html, logged) = built();
    assert_none(logged.clone(), "mdBook warned while building the book");
    let unbuilt = chapters()
        .iter()
        .filter(|chapter| !html.join(&chapter.path).with_extension("html").is_file())
        .map(|chapter| {
            let page = chapter.path.with_extension("html");
            format!(
                "src/{}: mdBook built no {} in {}",
                chapter.path.display(),
                page.display(),
                html.display()
            )
        })
        .collect();
    assert_none(unbuilt, "pages not built");
}

#[test]
fn includes_and_anchors_resolve() {
    assert_none(check::includes(root(), chapters()), "broken includes");
}

#[test]
fn every_listing_is_shown_and_tested() {
    assert_none(check::orphans(root(), chapters()), "files out of place");
}

#[test]
fn every_listing_is_built_once() {
    assert_none(
        check::bins(root()),
        "listings not built, or built twice (also as a test harness)",
    );
}

#[test]
fn every_block_is_of_a_known_kind_and_shows_a_file() {
    assert_none(
        check::blocks(root(), chapters(), IGNORE_ALLOWED),
        "code blocks breaking the rules",
    );
}

/// Every chapter has exercises, each shown with its hints and solution and
/// proven by a wrong answer (`tools/src/check/exercises.rs`; the graders'
/// verdicts are `exercises/tests/graders.rs`'s).
#[test]
fn every_chapter_has_exercises_and_each_is_whole() {
    assert_none(
        check::exercises(root(), chapters()),
        "exercises missing or incomplete",
    );
}

#[test]
fn every_claim_names_its_test() {
    assert_none(check::claims(root(), chapters()), "claims without a test");
}

/// No measured figure is typed into a page or a quiz: a time, a size or a
/// ratio reaches the reader from a recording, as a listing's parameter, or
/// as the bound of a proven claim (`tools/src/check/figures.rs`).
#[test]
fn no_measured_figure_is_typed() {
    let typed = check::figures(root(), chapters())
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_none(typed, "measured figures typed into the book");
}

#[test]
fn quizzes_are_valid_and_their_answers_right() {
    assert_none(check::quizzes(root(), chapters()), "quiz problems");
}

#[test]
fn links_and_anchors_resolve() {
    let (html, _) = built();
    let (site_url, _) = book::html_settings(root()).unwrap();
    let found = check::links(html, &site_url);
    assert!(
        found.checked > 0,
        "no internal link was checked in {}",
        html.display()
    );
    let external = external_links(&found.external);
    // The report a person reads: what was checked, and how each external
    // address fared.
    let report = format!(
        "{} internal links checked, {} broken\n{} external addresses:\n{}",
        found.checked,
        found.problems.len(),
        external.len(),
        external
            .iter()
            .map(|(url, state)| format!("  {url}: {state}\n"))
            .collect::<String>()
    );
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("links-report.txt");
    std::fs::write(&path, &report).unwrap();
    println!("{report}(written to {})", path.display());
    let built_in = format!("(pages of the book built in {})", html.display());
    assert_none(found.problems, &format!("broken links {built_in}"));
    let broken = external
        .into_iter()
        .filter(|(_, state)| state.starts_with("broken"))
        .map(|(url, state)| {
            let pages = found.linked_from.get(&url).into_iter().flatten();
            let pages: Vec<&str> = pages.map(String::as_str).collect();
            format!("{}: {url}: {state}", pages.join(", "))
        })
        .collect();
    assert_none(broken, &format!("broken external links {built_in}"));
}

/// Each external address with what became of it: `ok`, `broken (…)`, or
/// `not checked` where there is no network (as on the machines that test
/// this book) or no `curl` to ask with. Offline, nothing is required.
fn external_links(urls: &std::collections::BTreeSet<String>) -> Vec<(String, String)> {
    let fetch = |url: &str| {
        std::process::Command::new("curl")
            .args([
                "--silent",
                "--head",
                "--location",
                "--max-time",
                "15",
                "--output",
                "/dev/null",
            ])
            .args(["--write-out", "%{http_code}", url])
            .output()
    };
    // curl's codes for "could not resolve" and "could not connect".
    let offline = |code: Option<i32>| matches!(code, Some(5..=7) | Some(28));
    let mut online = true;
    // A page is asked for once, whatever its fragment: the proof marks link
    // to many lines of one test file.
    let mut asked: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    urls.iter()
        .map(|url| {
            if !online {
                return (url.clone(), "not checked: no network".to_owned());
            }
            let page = url.split('#').next().unwrap_or(url).to_owned();
            if let Some(state) = asked.get(&page) {
                return (url.clone(), state.clone());
            }
            let state = match fetch(&page) {
                Err(_) => "not checked: no curl".to_owned(),
                Ok(out) if offline(out.status.code()) => {
                    online = false;
                    "not checked: no network".to_owned()
                }
                Ok(out) => {
                    let status = String::from_utf8_lossy(&out.stdout).into_owned();
                    if out.status.success() && status.starts_with(['2', '3']) {
                        "ok".to_owned()
                    } else {
                        format!("broken (HTTP {status}, curl exit {:?})", out.status.code())
                    }
                }
            };
            asked.insert(page, state.clone());
            (url.clone(), state)
        })
        .collect()
}

#[test]
fn timelines_are_drawn_from_their_recordings() {
    // Both come from one run of `cargo book record`; a recording changed
    // without its figure (or the reverse) fails here.
    assert_none(
        check::timelines(root()),
        "timelines not drawn from their recordings",
    );
}

#[test]
fn figures_are_drawn_from_their_sources() {
    // Chapter 7's cycle of a task from a recorded run of its executor,
    // chapter 16's dataflow from listing 16-1: a figure edited by hand, or
    // not drawn again after its source changed, fails here.
    assert_none(
        check::graphs(root()),
        "figures not drawn from their sources",
    );
}

#[test]
fn recordings_say_how_they_were_run() {
    // The line under each output names the command and build that made it,
    // as the listing's declaration in listings/Cargo.toml says today.
    assert_none(
        check::recorded_runs(root()),
        "recordings that do not say how their listing runs",
    );
}

/// The text of every code block of `html` in a language of `languages`,
/// as the page shows it (tags taken out, entities read back: what
/// `textContent` gives `theme/runner.js`), with its classes.
fn blocks_of(html: &str, languages: &[&str]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<pre") {
        rest = &rest[start..];
        let Some(code) = rest.find("<code class=\"") else {
            break;
        };
        let end = rest.find("</pre>").unwrap_or(rest.len());
        if code > end {
            rest = &rest[end..];
            continue;
        }
        let after = &rest[code + "<code class=\"".len()..];
        let classes = after[..after.find('"').unwrap_or(0)].to_owned();
        let body_start = after.find('>').map_or(0, |i| i + 1);
        let body_end = after.find("</code>").unwrap_or(after.len());
        let mut text = String::new();
        let mut in_tag = false;
        for c in after[body_start..body_end].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&amp;", "&");
        if languages
            .iter()
            .any(|l| classes.split(' ').any(|c| c == format!("language-{l}")))
        {
            found.push((classes, text));
        }
        rest = &rest[end.min(rest.len())..];
        if rest.starts_with("</pre>") {
            rest = &rest["</pre>".len()..];
        }
    }
    found
}

#[test]
fn every_run_button_has_something_to_run() {
    // Under `cargo book serve`, every Rust block and Python box has a Run
    // button (theme/runner.js), which sends the block's text to the
    // runner. Each must be something it runs: a listing, as declared (the
    // `noplayground` ones included), an exercise's solution under its
    // grader, a whole program, or a Python file the tests run.
    use book_tools::runner::{Runs, Shown};
    let (dir, _) = built();
    let shown = Shown::read(root()).unwrap();
    let mut problems = Vec::new();
    let mut listings = std::collections::BTreeSet::new();
    let (mut blocks, mut unplayable) = (0, 0);
    for chapter in chapters() {
        let page = dir.join(chapter.path.with_extension("html"));
        let html = std::fs::read_to_string(&page).unwrap_or_default();
        for (classes, text) in blocks_of(&html, &["rust", "python"]) {
            blocks += 1;
            let lang = if classes.contains("language-python") {
                "python"
            } else {
                "rust"
            };
            let noplayground = classes.split(' ').any(|c| c == "noplayground");
            match shown.what_runs(lang, &text) {
                Ok(Runs::Listing(name)) => {
                    unplayable += noplayground as usize;
                    listings.insert(name);
                }
                Ok(Runs::Solution(_)) | Ok(Runs::Python(_)) => unplayable += noplayground as usize,
                Ok(Runs::Program) if noplayground => unplayable += 1,
                Ok(Runs::Program) => {}
                Err(why) => problems.push(format!(
                    "{}: a {lang} block ({classes}): {why}:\n{}",
                    page.display(),
                    text.lines().take(3).collect::<Vec<_>>().join("\n")
                )),
            }
        }
    }
    assert_none(problems, "Run buttons with nothing to run");
    // Not a page without blocks: the walk found them.
    assert!(
        blocks > 100 && unplayable > 20 && listings.len() > 50,
        "{blocks} blocks, {unplayable} noplayground, {} listings",
        listings.len()
    );
}
