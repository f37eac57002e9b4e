//! The rendered book, read the way a reader reads it: built with mdBook,
//! served on 127.0.0.1 under its `site-url`, and driven in headless
//! Chromium through chromedriver. The pages come from `src/SUMMARY.md`, so
//! every chapter is covered as soon as it is listed there.
//!
//! Two browsers read the book at once, each its share of the checks (see
//! `session_one` and `session_two`): a page load is mostly Chromium's work
//! or a wait for the page to go quiet, and one browser's waits are the
//! other's time to work.
//!
//! Needs Debian's `chromium` and `chromium-driver`. Without them the test
//! says it was skipped, except in CI (`CI=true`), where it fails.
//! `cargo test --test browser -- --nocapture` shows the page weights, which
//! also go to `target/browser-report.txt` with the time each step took and
//! the list of screenshots; a chapter page heavier than `PAGE_BUDGET` fails
//! the test.

#[path = "browser/driver.rs"]
mod driver;
#[path = "browser/server.rs"]
mod server;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use driver::{Browser, Driver, Weight};
use fantoccini::Locator;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::elements::Element;
use serde_json::{Value, json};

/// The narrow window: a small phone.
const NARROW: u32 = 375;
/// The most bytes a chapter page may transfer on a first visit, gzipped as
/// GitHub Pages serves it: 1.5 MB, some 4 s on a slow mobile connection
/// (3 Mbit/s) before a reader can start. A chapter is 0.5 to 1 MB today,
/// nearly all of it what every page loads (mdBook's scripts, the
/// Playground's editor, the fonts) and, with a quiz, the quiz's script
/// (460 KB); a page over the budget has gained something it should not: an
/// image kept uncompressed, a recording included whole, a library pulled in
/// by the theme.
const PAGE_BUDGET: u64 = 1_500_000;
/// The browser sessions may take this long, and `PAGE_TIMEOUT` more per
/// chapter (a chapter takes 1 to 3 s of each on a busy 2-core machine).
const SESSION_TIMEOUT: Duration = Duration::from_secs(30);

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A chapter listed in `SUMMARY.md`.
#[derive(Debug, Clone)]
struct Page {
    /// As written in the summary.
    title: String,
    /// Below `src/`: `ch01-three-waits.md`.
    source: String,
    /// Below the book's URL: `ch01-three-waits.html`.
    html: String,
}

/// Every chapter of `src/SUMMARY.md`, in order, as mdBook reads it (drafts,
/// which have no page, are left out).
fn summary() -> Vec<Page> {
    let chapters = book_tools::book::chapters(root()).unwrap_or_else(|e| panic!("{e}"));
    assert!(!chapters.is_empty(), "src/SUMMARY.md links no chapter");
    chapters
        .into_iter()
        .map(|chapter| {
            let source = chapter.path.to_string_lossy().into_owned();
            // mdBook renders a README.md as the index of its folder.
            let html = match source.strip_suffix("README.md") {
                Some(dir) => format!("{dir}index.html"),
                None => format!("{}.html", source.trim_end_matches(".md")),
            };
            Page {
                title: chapter.title,
                source,
                html,
            }
        })
        .collect()
}

/// `tests/browser/search_terms.txt`: chapter file → search term.
fn search_terms() -> Vec<(String, String)> {
    let file = root().join("tests/browser/search_terms.txt");
    let text = std::fs::read_to_string(&file).expect("tests/browser/search_terms.txt");
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (chapter, term) = line
                .split_once(char::is_whitespace)
                .unwrap_or_else(|| panic!("{}: `{line}` is not `chapter.md term`", file.display()));
            (chapter.to_owned(), term.trim().to_owned())
        })
        .collect()
}

/// The HTML output's settings from `book.toml`.
fn html_config() -> (String, Option<String>) {
    book_tools::book::html_settings(root()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_chapter_has_a_search_term() {
    let pages = summary();
    let terms = search_terms();
    let mut problems = Vec::new();
    for page in &pages {
        if !terms.iter().any(|(chapter, _)| *chapter == page.source) {
            problems.push(format!("{} has no search term", page.source));
        }
    }
    for (chapter, term) in &terms {
        if !pages.iter().any(|page| page.source == *chapter) {
            problems.push(format!(
                "`{chapter} {term}`: {chapter} is not in src/SUMMARY.md"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "tests/browser/search_terms.txt must give one term for each chapter of src/SUMMARY.md:\n{}",
        problems.join("\n")
    );
}

/// GitHub Pages serves the repository `OWNER/REPO` at
/// `https://OWNER.github.io/REPO/`: `site-url` (which the 404 page needs)
/// and the README's link must agree with `git-repository-url`.
#[test]
fn site_url_matches_where_github_pages_serves_the_book() {
    let (site_url, repository) = html_config();
    let repository = repository.expect("book.toml: [output.html] git-repository-url");
    let path = repository
        .strip_prefix("https://github.com/")
        .unwrap_or_else(|| panic!("git-repository-url {repository} is not on github.com"));
    let (owner, repo) = path
        .trim_end_matches('/')
        .split_once('/')
        .expect("github.com/OWNER/REPO");
    assert_eq!(
        site_url,
        format!("/{repo}/"),
        "book.toml: site-url must be the Pages path of {repository}"
    );
    let online = format!("https://{}.github.io/{repo}/", owner.to_lowercase());
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    assert!(
        readme.contains(&online),
        "README.md does not say the book is read at {online}"
    );
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|ci| !ci.is_empty() && ci != "false" && ci != "0")
}

/// The parts of the browser test: its setup, and the two browser sessions
/// that run at once.
const SETUP: &str = "setup";
const ONE: &str = "session 1";
const TWO: &str = "session 2";

/// Each step of each part of the browser test, and when it began: the
/// message if the test runs out of time names the step each part is at,
/// and the report says how long each step took.
static STEPS: Mutex<Vec<(&'static str, String, Instant)>> = Mutex::new(Vec::new());

fn step(part: &'static str, what: impl Into<String>) {
    STEPS
        .lock()
        .unwrap()
        .push((part, what.into(), Instant::now()));
}

/// The step each part is at (the last one it began).
fn current_steps() -> String {
    let steps = STEPS.lock().unwrap();
    [SETUP, ONE, TWO]
        .iter()
        .filter_map(|part| {
            let (_, what, _) = steps.iter().rev().find(|(p, _, _)| p == part)?;
            Some(format!("{part}: {what}"))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// How long each step took, part by part: the profile of the test, to see
/// what to make faster as the book grows.
fn step_times() -> String {
    let steps = STEPS.lock().unwrap();
    let mut times = String::new();
    for part in [SETUP, ONE, TWO] {
        let mine: Vec<_> = steps.iter().filter(|(p, _, _)| *p == part).collect();
        for pair in mine.windows(2) {
            let ((_, what, began), (_, _, ended)) = (pair[0], pair[1]);
            let took = ended.duration_since(*began).as_secs_f64();
            times += &format!("  {part:<9} {took:>5.2} s  {what}\n");
        }
    }
    times
}

/// What a browser session found and made.
#[derive(Default)]
struct Outcome {
    problems: Vec<String>,
    weights: Vec<(String, Weight)>,
    screenshots: Vec<PathBuf>,
    pages_checked: usize,
}

#[test]
fn the_book_in_a_browser() {
    let started = Instant::now();
    let (Some(chromedriver), Some(chromium)) =
        (driver::on_path("chromedriver"), driver::on_path("chromium"))
    else {
        let missing = "`chromium` and `chromedriver` are not on the PATH; \
                       install them with `sudo apt-get install chromium chromium-driver`";
        assert!(
            !in_ci(),
            "{missing}. In CI (CI=true) a missing browser is a failure."
        );
        let message = format!("browser tests skipped: {missing}");
        // Straight to stderr: the harness hides what a passing test prints.
        let _ = writeln!(std::io::stderr(), "{message}");
        return;
    };
    let pages = summary();
    let target = root().join("target");
    let shots = target.join("browser-screenshots");
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).expect("target/browser-screenshots");

    // The book goes below a folder that stands for the server's root, at
    // the path of `site-url`, as GitHub Pages keeps it: a URL outside
    // `site-url` names no file and gets the 404 page.
    step(SETUP, "building the book");
    let (site_url, _) = html_config();
    let site = target.join("browser-site");
    let _ = std::fs::remove_dir_all(&site);
    let book = site.join(site_url.trim_matches('/'));
    book_tools::book::build_html(root(), &book).expect("building the book");
    step(SETUP, "gzipping and serving the book");
    server::gzip_text_files(&site).expect("gzipping the book");
    // Served twice. Session 1 measures what each chapter page weighs on a
    // first visit: nothing is cached for it. Session 2 reads the book as a
    // reader's browser does on GitHub Pages, keeping its scripts, styles
    // and fonts from page to page (so its page loads cost Chromium less).
    let serve = |caching| {
        let origin = server::serve(site.clone(), book.join("404.html"), caching);
        format!("{}{site_url}", origin.expect("serving the book"))
    };
    let first_visits = serve(server::Caching::Nothing);
    let cached = serve(server::Caching::LikeGitHubPages);

    step(SETUP, "starting chromedriver");
    let browser_started = Instant::now();
    // Both sessions' Chromium profiles go below this one folder, which
    // `driver` removes when it is dropped.
    let profile = target.join(format!("browser-profile-{}", std::process::id()));
    let driver = Driver::start(&chromedriver, profile.clone()).unwrap_or_else(|e| panic!("{e}"));
    step(SETUP, "done");
    let session_timeout = SESSION_TIMEOUT + driver::PAGE_TIMEOUT * pages.len() as u32;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // Two browsers at once, each with parts of the test that need nothing
    // from the other's: while one waits (for a page to go quiet, for
    // chromedriver), the other works.
    let (profile_one, profile_two) = (profile.join("1"), profile.join("2"));
    let outcomes = runtime.block_on(async {
        let sessions = async {
            tokio::join!(
                session_one(
                    &driver,
                    &chromium,
                    &profile_one,
                    &first_visits,
                    &pages,
                    &shots
                ),
                session_two(&driver, &chromium, &profile_two, &cached, &pages, &shots),
            )
        };
        tokio::time::timeout(session_timeout, sessions).await
    });
    // Kills chromedriver and Chromium now; on a panic above, unwinding
    // drops it all the same.
    drop(driver);
    let browser_time = browser_started.elapsed();
    let outcome = match outcomes {
        Ok((Ok(one), Ok(two))) => {
            let mut problems = Vec::new();
            // One line per problem, however many visits met it.
            for problem in [one.problems, two.problems].concat() {
                if !problems.contains(&problem) {
                    problems.push(problem);
                }
            }
            Outcome {
                problems,
                weights: [one.weights, two.weights].concat(),
                screenshots: [one.screenshots, two.screenshots].concat(),
                pages_checked: one.pages_checked + two.pages_checked,
            }
        }
        Ok((Err(e), _) | (_, Err(e))) => panic!("{e}"),
        Err(_) => panic!(
            "the browser sessions took more than {session_timeout:?}; they were at: {}",
            current_steps()
        ),
    };

    let mut report = format!(
        "Bytes each chapter page transfers on a first visit (gzip, as GitHub Pages serves it; \
         at most {PAGE_BUDGET}):\n"
    );
    let mut too_heavy = Vec::new();
    for (page, weight) in &outcome.weights {
        let mut each = weight.each.clone();
        each.sort_by_key(|(bytes, _)| std::cmp::Reverse(*bytes));
        let largest: Vec<String> = each
            .iter()
            .take(4)
            .map(|(bytes, url)| format!("{bytes:>9} {url}"))
            .collect();
        report += &format!(
            "  {page:<40} {:>9} bytes in {:>2} requests; the largest:\n",
            weight.bytes, weight.requests
        );
        for file in &largest {
            report += &format!("      {file}\n");
        }
        if weight.bytes > PAGE_BUDGET {
            too_heavy.push(format!(
                "{page}: transfers {} bytes on a first visit, more than the {PAGE_BUDGET} \
                 a chapter page may; its largest files:\n      {}",
                weight.bytes,
                largest.join("\n      ")
            ));
        }
    }
    report += &format!(
        "Pages checked: {} ({} chapters, the book's index, print.html, the 404 page).\n",
        outcome.pages_checked,
        pages.len()
    );
    report += &format!(
        "Time: {:.1} s in the browser, {:.1} s with the build; each step:\n{}Screenshots:\n",
        browser_time.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        step_times()
    );
    for shot in &outcome.screenshots {
        report += &format!("  {}\n", shot.display());
    }
    println!("{report}");
    std::fs::write(target.join("browser-report.txt"), &report).expect("target/browser-report.txt");
    let problems = [outcome.problems, too_heavy].concat();
    assert!(
        problems.is_empty(),
        "the book in a browser, {} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Starts Chromium for session `part`, on the book at `base`.
async fn start(
    part: &'static str,
    driver: &Driver,
    chromium: &Path,
    profile: &Path,
    base: &str,
) -> Result<Browser, String> {
    step(part, "starting Chromium");
    let client = driver::session(driver, chromium, profile).await?;
    Ok(Browser::new(client, base))
}

/// Session 1: every chapter, reached by its predecessor's Next link and
/// checked whole (weight, sidebar, links, Run buttons, figures, quiz), then
/// the book's address and search.
async fn session_one(
    driver: &Driver,
    chromium: &Path,
    profile: &Path,
    base: &str,
    pages: &[Page],
    shots: &Path,
) -> Result<Outcome, String> {
    let mut b = start(ONE, driver, chromium, profile, base).await?;
    let mut outcome = Outcome::default();
    let url = |page: &Page| format!("{base}{}", page.html);

    let mut titles = Vec::new();
    let mut next: Option<Element> = None;
    for (i, page) in pages.iter().enumerate() {
        step(ONE, format!("walking the book forward: {}", page.html));
        b.open(&page.html, &url(page), next.take()).await;
        outcome.pages_checked += 1;
        titles.push(h1(&mut b).await.unwrap_or_else(|| page.title.clone()));
        sidebar_lists_every_chapter(&mut b, pages, base).await;
        nav_links_point_to_neighbours(&mut b, pages, i, base).await;
        run_buttons_follow_the_rule(&mut b).await;
        figures_have_a_size(&mut b).await;
        quizzes_grade_answers(&mut b).await;
        screenshot(&mut b, &mut outcome, shots, "light", &page.html, false).await;
        // What the page transferred, its late requests (the favicon)
        // included: by now it has mostly been quiet a while, and if not,
        // `settle` waits until it is.
        let mut weight = b.settle().await;
        for (_, file) in &mut weight.each {
            *file = file.strip_prefix(base).unwrap_or(file).to_owned();
        }
        outcome.weights.push((page.html.clone(), weight));
        if i + 1 < pages.len() {
            next = visible_link(&mut b, "next").await;
            if next.is_none() {
                b.problem("no Next link to follow");
            }
        }
    }

    // The address readers are given shows the first chapter.
    step(ONE, "opening the book's address");
    b.open("the book's index", base, None).await;
    outcome.pages_checked += 1;
    let h1 = h1(&mut b).await;
    if h1.as_ref() != Some(&titles[0]) {
        b.problem(format!(
            "shows {} where the first chapter, {:?}, was expected",
            h1.map_or("no heading".into(), |h1| format!("{h1:?}")),
            titles[0]
        ));
    }

    step(ONE, "searching");
    search_finds_each_chapter(&mut b, pages, base).await;

    finish(b, ONE, outcome).await
}

/// Session 2: every chapter again, from the last, by the Previous links;
/// the dark theme; print.html; the 404 page; and every chapter and
/// print.html in a narrow window.
async fn session_two(
    driver: &Driver,
    chromium: &Path,
    profile: &Path,
    base: &str,
    pages: &[Page],
    shots: &Path,
) -> Result<Outcome, String> {
    let mut b = start(TWO, driver, chromium, profile, base).await?;
    let mut outcome = Outcome::default();
    let url = |page: &Page| format!("{base}{}", page.html);

    // From the last chapter back, by the Previous links; on the way, each
    // chapter's title as its page shows it, which print.html must show too.
    let mut titles: Vec<String> = pages.iter().map(|page| page.title.clone()).collect();
    let last = pages.len() - 1;
    step(TWO, format!("walking the book back: {}", pages[last].html));
    if b.open(&pages[last].html, &url(&pages[last]), None).await
        && let Some(title) = h1(&mut b).await
    {
        titles[last] = title;
    }
    let mut at_first = last == 0;
    for (i, page) in pages.iter().enumerate().rev().skip(1) {
        let Some(previous) = visible_link(&mut b, "prev").await else {
            b.problem("no Previous link to follow");
            break;
        };
        step(TWO, format!("walking the book back: {}", page.html));
        let there = b.open(&page.html, &url(page), Some(previous)).await;
        if there && let Some(title) = h1(&mut b).await {
            titles[i] = title;
        }
        at_first = there && i == 0;
    }

    // From the first chapter, where the walk back ends.
    step(TWO, "choosing the dark theme");
    if !at_first {
        b.open(&pages[0].html, &url(&pages[0]), None).await;
    }
    dark_theme_stays_chosen(&mut b, pages, base, shots, &mut outcome).await;

    step(TWO, "checking print.html");
    b.open("print.html", &format!("{base}print.html"), None)
        .await;
    outcome.pages_checked += 1;
    let headings = b.js("return Array.from(document.querySelectorAll('main h1')).map(h => h.textContent.trim())").await;
    let headings: Vec<String> = serde_json::from_value(headings).unwrap_or_default();
    let mut rest = headings.iter();
    for title in &titles {
        if !rest.any(|heading| heading == title) {
            b.problem(format!(
                "lacks the chapter {title:?}, or has it out of order (its chapters: {headings:?})"
            ));
            break;
        }
    }

    step(TWO, "checking the 404 page");
    let missing = format!("{base}no-such-page.html");
    b.expect_404(Some(missing.clone()));
    b.open("the 404 page", &missing, None).await;
    outcome.pages_checked += 1;
    let found = b
        .js("return [document.querySelector('main h1')?.textContent ?? '', document.querySelector('#mdbook-sidebar a')?.href ?? '']")
        .await;
    if !found[0].as_str().unwrap_or_default().contains("404") {
        b.problem(format!("its heading {} does not say 404", found[0]));
    }
    // Its links resolve against `site-url` (its <base>): with a wrong one
    // they lead nowhere from the address of a missing page.
    if found[1] != json!(url(&pages[0])) {
        b.problem(format!(
            "its first sidebar link leads to {}, not {}",
            found[1],
            url(&pages[0])
        ));
    }
    // Every request of the 404 page is in before a 404 is a problem again.
    b.settle().await;
    b.expect_404(None);

    narrow_pages_do_not_scroll_sideways(&mut b, pages, base, shots, &mut outcome).await;

    finish(b, TWO, outcome).await
}

/// The page's title: its first heading.
async fn h1(b: &mut Browser) -> Option<String> {
    b.js("return document.querySelector('main h1')?.textContent.trim() ?? null")
        .await
        .as_str()
        .map(str::to_owned)
}

/// Waits for the last page to go quiet, ends the session's Chromium, and
/// returns the outcome with the session's problems.
async fn finish(
    mut b: Browser,
    part: &'static str,
    mut outcome: Outcome,
) -> Result<Outcome, String> {
    step(part, "closing Chromium");
    b.settle().await;
    let Browser {
        client, problems, ..
    } = b;
    outcome.problems = problems;
    // Ends Chromium; chromedriver goes when `driver` is dropped.
    let _ = client.close().await;
    step(part, "done");
    Ok(outcome)
}

/// Saves `{kind}-{page}.png`. With `figure`, scrolls first to the page's
/// first timeline figure (or code block): what most often looks wrong.
async fn screenshot(
    b: &mut Browser,
    outcome: &mut Outcome,
    shots: &Path,
    kind: &str,
    page: &str,
    figure: bool,
) {
    if figure {
        b.js(
            "(document.querySelector('main figure.timeline') ?? document.querySelector('main pre'))
                ?.scrollIntoView({block: 'center'}); return null",
        )
        .await;
    }
    let name = page.trim_end_matches(".html").replace('/', "-");
    let shot = shots.join(format!("{kind}-{name}.png"));
    if b.screenshot(&shot).await {
        outcome.screenshots.push(shot);
    }
}

/// The link with `rel` (`next`, `prev`) that a reader can see: mdBook has
/// one for wide windows and one for narrow ones.
async fn visible_link(b: &mut Browser, rel: &str) -> Option<Element> {
    let links = b
        .client
        .find_all(Locator::Css(&format!("a[rel~='{rel}']")))
        .await
        .ok()?;
    for link in links {
        if link.is_displayed().await.unwrap_or(false) {
            return Some(link);
        }
    }
    None
}

async fn sidebar_lists_every_chapter(b: &mut Browser, pages: &[Page], base: &str) {
    let script = "return Array.from(document.querySelectorAll('#mdbook-sidebar a'))
        .filter(a => !a.classList.contains('header-in-summary'))
        .map(a => a.href.split('#')[0])";
    let links: Vec<String> = serde_json::from_value(b.js(script).await).unwrap_or_default();
    let expected: Vec<String> = pages
        .iter()
        .map(|page| format!("{base}{}", page.html))
        .collect();
    if links != expected {
        let missing: Vec<&String> = expected.iter().filter(|url| !links.contains(url)).collect();
        b.problem(format!("the sidebar links {links:?}, not the chapters of SUMMARY.md in order (missing: {missing:?})"));
    }
}

async fn nav_links_point_to_neighbours(b: &mut Browser, pages: &[Page], i: usize, base: &str) {
    for (rel, neighbour) in [("prev", i.checked_sub(1)), ("next", Some(i + 1))] {
        let script = format!(
            "return Array.from(document.querySelectorAll(\"a[rel~='{rel}']\")).map(a => a.href)"
        );
        let links: Vec<String> = serde_json::from_value(b.js(&script).await).unwrap_or_default();
        match neighbour.and_then(|n| pages.get(n)) {
            Some(page) => {
                let url = format!("{base}{}", page.html);
                if links.is_empty() || links.iter().any(|link| *link != url) {
                    b.problem(format!(
                        "its {rel} links {links:?} should all lead to {url}"
                    ));
                }
            }
            None if !links.is_empty() => b.problem(format!(
                "it is at an end of the book but has {rel} links {links:?}"
            )),
            None => {}
        }
    }
}

/// A Rust block shows a Run button unless mdBook is told not to run it
/// (`noplayground`, `ignore`, `no_run`), and shows none if it is. That a
/// block using a crate the Playground lacks (the book's own, or anything but
/// std, tokio and rayon) says `noplayground` is checked on the listing's
/// file, by `check::blocks` in tests/book.rs.
async fn run_buttons_follow_the_rule(b: &mut Browser) {
    let script = r#"
        return Array.from(document.querySelectorAll('main code.language-rust')).map((code, i) => {
            const text = code.textContent;
            const button = code.parentElement.querySelector('.play-button');
            return {
                block: i + 1,
                start: text.trim().split('\n')[0].slice(0, 60),
                classes: Array.from(code.classList),
                button: !!button && !button.hidden && !button.classList.contains('hidden')
                    && getComputedStyle(button).display !== 'none',
            };
        })"#;
    let blocks = b.js(script).await;
    for block in blocks.as_array().cloned().unwrap_or_default() {
        let has = |class: &str| {
            block["classes"]
                .as_array()
                .is_some_and(|c| c.contains(&json!(class)))
        };
        let name = format!(
            "Rust block {} (`{}`)",
            block["block"],
            block["start"].as_str().unwrap_or_default()
        );
        let no_playground = has("noplayground") || has("noplaypen");
        let runnable = has("mdbook-runnable") || !(no_playground || has("ignore"));
        let button = block["button"] == true;
        if runnable && !has("no_run") && !button {
            b.problem(format!("{name} has no Run button"));
        }
        if !runnable && button {
            b.problem(format!("{name} is marked not to run but has a Run button"));
        }
    }
}

async fn figures_have_a_size(b: &mut Browser) {
    let script = "return Array.from(document.querySelectorAll('main figure.timeline')).map((figure, i) => {
            const svg = figure.querySelector('svg');
            const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
            return {figure: i + 1, caption: figure.querySelector('figcaption')?.textContent.slice(0, 40) ?? '',
                    svg: !!svg, width: box.width, height: box.height};
        })";
    for figure in b.js(script).await.as_array().cloned().unwrap_or_default() {
        let (width, height) = (
            figure["width"].as_f64().unwrap_or(0.0),
            figure["height"].as_f64().unwrap_or(0.0),
        );
        if figure["svg"] != true || width < 1.0 || height < 1.0 {
            b.problem(format!(
                "timeline figure {} ({}) renders {width}×{height} px{}",
                figure["figure"],
                figure["caption"],
                if figure["svg"] == true {
                    ""
                } else {
                    ", with no <svg>"
                }
            ));
        }
    }
}

/// Takes every quiz on the page, answers its first multiple-choice question
/// right and every other question wrong, and checks that the review says
/// so, question by question.
async fn quizzes_grade_answers(b: &mut Browser) {
    let count = b
        .js("return document.querySelectorAll('main .quiz-placeholder').length")
        .await;
    for q in 0..count.as_u64().unwrap_or(0) as usize {
        if let Err(e) = take_quiz(b, q).await {
            b.problem(format!("quiz {}: {e}", q + 1));
        }
    }
}

/// Clicks `elements` in turn with the mouse, in one WebDriver command (W3C
/// actions: move to the element's centre, press, release; chromedriver
/// scrolls it into view first, as for a click) where a WebDriver click
/// each would take several round trips. A click that lands on something
/// else (an element over the one meant) answers nothing, and the quiz then
/// fails waiting for its next question.
async fn click(b: &Browser, elements: Vec<Element>) -> Result<(), String> {
    let mut mouse = MouseActions::new("mouse".into());
    for element in elements {
        let (x, y, duration) = (0.0, 0.0, None);
        let button = MOUSE_BUTTON_LEFT;
        mouse = mouse
            .then(PointerAction::MoveToElement {
                element,
                duration,
                x,
                y,
            })
            .then(PointerAction::Down { button })
            .then(PointerAction::Up { button });
    }
    b.client
        .perform_actions(mouse)
        .await
        .map_err(|e| e.to_string())
}

async fn take_quiz(b: &mut Browser, q: usize) -> Result<(), String> {
    let quiz = format!("document.querySelectorAll('main .quiz-placeholder')[{q}]");
    b.wait_for(
        "the quiz to render",
        &format!("return {quiz}.querySelector('.mdbook-quiz') !== null"),
    )
    .await
    .ok_or("it did not render")?;
    let questions = b
        .js(&format!(
            "return JSON.parse({quiz}.dataset.quizQuestions).questions"
        ))
        .await;
    let questions = questions
        .as_array()
        .cloned()
        .ok_or("its questions are not in data-quiz-questions")?;
    let right = questions
        .iter()
        .position(|question| question["type"] == "MultipleChoice");
    let placeholders = b
        .client
        .find_all(Locator::Css("main .quiz-placeholder"))
        .await;
    let element = placeholders
        .ok()
        .and_then(|all| all.into_iter().nth(q))
        .ok_or("it vanished")?;
    let cmd = |e: fantoccini::error::CmdError| e.to_string();
    if let Ok(start) = element.find(Locator::Css("button.start")).await {
        start.click().await.map_err(cmd)?;
    }
    for (i, question) in questions.iter().enumerate() {
        let n = i + 1;
        let answer = &question["answer"];
        // A script's array of the inputs to click, with `form` the
        // question's form, and what they are; what to type into, if
        // anything, and whether the question must have it.
        let (choose, inputs, typing) = match question["type"].as_str().unwrap_or_default() {
            "MultipleChoice" => {
                let choose: Vec<Value> = if right == Some(i) {
                    match &answer["answer"] {
                        Value::Array(answers) => answers.clone(),
                        one => vec![one.clone()],
                    }
                } else {
                    vec![question["prompt"]["distractors"][0].clone()]
                };
                let choose = format!(
                    "Array.from(form.querySelectorAll('input[name=answer]'))
                        .filter(input => {}.includes(input.value))",
                    json!(choose)
                );
                (choose, "input[name=answer]".to_owned(), None)
            }
            "Tracing" => {
                // The wrong half: claim the opposite of whether it compiles
                // (and if it does not, an output).
                let compiles = answer["doesCompile"] == true;
                let radio = format!("input[name=doesCompile][value='{}']", !compiles);
                let choose = format!("[form.querySelector({})]", json!(radio));
                (choose, radio, (!compiles).then_some(("textarea", false)))
            }
            "ShortAnswer" => (
                "[]".to_owned(),
                String::new(),
                Some(("input[type=text], textarea", true)),
            ),
            other => {
                return Err(format!(
                    "question {n}: this test cannot answer a {other} question yet"
                ));
            }
        };
        // Found in one round trip once the question shows.
        let shown = format!(
            "const quiz = {quiz};
             if (!quiz.querySelector('.counter')?.textContent.startsWith('Question {n} /')) return null;
             const form = quiz.querySelector('form.response');
             if (!form) return 'form.response';
             return {{choose: {choose}, submit: form.querySelector('input[type=submit]')}};"
        );
        let found = b
            .wait_for(&format!("question {n}"), &shown)
            .await
            .ok_or(format!("question {n} was not shown"))?;
        let missing = |what: &str| format!("question {n}: it has no {what}");
        if let Some(form) = found.as_str() {
            return Err(missing(form));
        }
        let mut clicks = Vec::new();
        for input in found["choose"].as_array().into_iter().flatten() {
            clicks.push(b.element(input).ok_or_else(|| missing(&inputs))?);
        }
        let mut submit = found["submit"].clone();
        if let Some((selector, needed)) = typing {
            // Looked for once the answer is clicked: the box for a
            // program's output shows only then.
            click(b, std::mem::take(&mut clicks)).await?;
            let found = b
                .js(&format!(
                    "const form = {quiz}.querySelector('form.response');
                     return form && {{input: form.querySelector({}),
                                      submit: form.querySelector('input[type=submit]')}};",
                    json!(selector)
                ))
                .await;
            match b.element(&found["input"]) {
                Some(input) => input.send_keys("wrong").await.map_err(cmd)?,
                None if needed => return Err(missing(selector)),
                None => {}
            }
            submit = found["submit"].clone();
        }
        clicks.push(
            b.element(&submit)
                .ok_or_else(|| missing("input[type=submit]"))?,
        );
        click(b, clicks).await?;
    }
    let review = format!(
        "const section = {quiz}.querySelector('.mdbook-quiz section');
         const score = section && Array.from(section.querySelectorAll('p')).find(p => p.textContent.includes('You answered'));
         return score ? {{
             score: score.textContent.trim(),
             marks: Array.from(section.querySelectorAll('.answer-wrapper')).map(w =>
                 w.querySelector('.correct') ? 'right' : w.querySelector('.incorrect') ? 'wrong' : 'unmarked'),
         }} : null"
    );
    let review = b
        .wait_for("the answer review", &review)
        .await
        .ok_or("it showed no answer review")?;
    let score = format!(
        "You answered {}/{} questions correctly.",
        usize::from(right.is_some()),
        questions.len()
    );
    if review["score"] != json!(score) {
        return Err(format!(
            "its review says {}, not {score:?}",
            review["score"]
        ));
    }
    let marks: Vec<&str> = (0..questions.len())
        .map(|i| if right == Some(i) { "right" } else { "wrong" })
        .collect();
    if review["marks"] != json!(marks) {
        return Err(format!(
            "its review marks the answers {}, not {marks:?}",
            review["marks"]
        ));
    }
    Ok(())
}

async fn search_finds_each_chapter(b: &mut Browser, pages: &[Page], base: &str) {
    let terms = search_terms();
    for page in pages {
        let Some((_, term)) = terms.iter().find(|(chapter, _)| *chapter == page.source) else {
            b.problem(format!(
                "{} has no term in tests/browser/search_terms.txt",
                page.source
            ));
            continue;
        };
        // The search's button and bar, and whether the search is closed, in
        // one round trip.
        let search = b
            .js("return {
                hidden: document.getElementById('mdbook-search-wrapper').classList.contains('hidden'),
                toggle: document.getElementById('mdbook-search-toggle'),
                bar: document.getElementById('mdbook-searchbar'),
            }")
            .await;
        if search["hidden"] == true {
            match b.element(&search["toggle"]) {
                Some(toggle) => {
                    let _ = toggle.click().await;
                }
                None => b.problem("no search button"),
            }
        }
        let Some(bar) = b.element(&search["bar"]) else {
            b.problem("cannot type into the search bar: there is none");
            continue;
        };
        let typed = async {
            bar.clear().await?;
            bar.send_keys(term).await
        };
        if let Err(e) = typed.await {
            b.problem(format!("cannot type into the search bar: {e}"));
            continue;
        }
        let quoted = serde_json::to_string(&format!("'{term}'")).unwrap();
        let results = format!(
            "const header = document.getElementById('mdbook-searchresults-header').textContent;
             if (!header.includes({quoted})) return null;
             const first = document.querySelector('#mdbook-searchresults a');
             return first ? first.href.split(/[?#]/)[0] : 'nothing';"
        );
        let Some(first) = b
            .wait_for(&format!("results of a search for {term:?}"), &results)
            .await
        else {
            continue;
        };
        let expected = format!("{base}{}", page.html);
        if first == "nothing" {
            b.problem(format!(
                "a search for {term:?} finds nothing ({})",
                page.source
            ));
        } else if first != json!(expected) {
            b.problem(format!(
                "a search for {term:?} lists {first} first, not {expected} ({})",
                page.source
            ));
        }
    }
}

/// The luminance (0 dark, 1 light) of the page's background.
const BACKGROUND: &str = "
    const rgb = [document.body, document.documentElement]
        .map(e => getComputedStyle(e).backgroundColor)
        .find(c => c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') ?? 'rgb(255, 255, 255)';
    const [r, g, b] = rgb.match(/[\\d.]+/g).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;";

/// On the first chapter, which the browser shows: the theme is light until
/// the reader chooses the dark one, which stays chosen on the next page.
async fn dark_theme_stays_chosen(
    b: &mut Browser,
    pages: &[Page],
    base: &str,
    shots: &Path,
    outcome: &mut Outcome,
) {
    let first = format!("{base}{}", pages[0].html);
    let light = b.js(BACKGROUND).await.as_f64().unwrap_or(0.0);
    if light < 0.5 {
        b.problem(format!(
            "the default theme is not light (background luminance {light:.2})"
        ));
    }
    let dark = b.js("return default_dark_theme").await;
    let dark = dark.as_str().unwrap_or("navy").to_owned();
    if let Err(e) = choose_theme(b, &dark).await {
        b.problem(format!("cannot choose the {dark} theme: {e}"));
        return;
    }
    // The next page, reached as a reader would; a one-page book reloads.
    let (name, url, link) = match pages.get(1) {
        Some(page) => (
            page.html.clone(),
            format!("{base}{}", page.html),
            visible_link(b, "next").await,
        ),
        None => (pages[0].html.clone(), first, None),
    };
    b.open(&name, &url, link).await;
    let class = b
        .js(&format!(
            "return document.documentElement.classList.contains('{dark}')"
        ))
        .await;
    let background = b.js(BACKGROUND).await.as_f64().unwrap_or(1.0);
    if class != true || background > 0.3 {
        b.problem(format!(
            "the {dark} theme did not stay chosen on the next page (class: {class}, background luminance {background:.2})"
        ));
    }
    screenshot(b, outcome, shots, "dark", &name, true).await;
    if let Err(e) = choose_theme(b, "light").await {
        b.problem(format!("cannot choose the light theme again: {e}"));
    }
}

async fn choose_theme(b: &mut Browser, theme: &str) -> Result<(), String> {
    let cmd = |e: fantoccini::error::CmdError| e.to_string();
    b.client
        .find(Locator::Id("mdbook-theme-toggle"))
        .await
        .map_err(cmd)?
        .click()
        .await
        .map_err(cmd)?;
    let button = format!("mdbook-theme-{theme}");
    b.client
        .find(Locator::Id(&button))
        .await
        .map_err(cmd)?
        .click()
        .await
        .map_err(cmd)?;
    let chosen = format!("return document.documentElement.classList.contains('{theme}')");
    b.wait_for(&format!("the {theme} theme"), &chosen)
        .await
        .map(|_| ())
        .ok_or("it did not apply".into())
}

/// At 375 px, nothing but code blocks, tables and timeline figures may be
/// wider than the window, and those scroll inside themselves.
const SIDEWAYS: &str = r#"
    const width = document.documentElement.clientWidth;
    const found = [];
    const name = e => `<${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${
        typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : ''}> "${
        (e.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
    const page = document.scrollingElement.scrollWidth;
    if (page > width + 1) found.push(`the page is ${page} px wide in a ${width} px window`);
    const wide = new Set();
    for (const e of document.querySelectorAll('body *')) {
        if (e.closest('pre, .table-wrapper, figure.timeline')) continue;
        const box = e.getBoundingClientRect();
        if (box.width > 0 && box.right > width + 1) {
            // Name only the outermost element that sticks out.
            if (!wide.has(e.parentElement)) found.push(`${name(e)} reaches ${Math.round(box.right)} px`);
            wide.add(e);
        }
        const overflow = getComputedStyle(e).overflowX;
        if ((overflow === 'auto' || overflow === 'scroll') && e.scrollWidth > e.clientWidth + 1) {
            found.push(`${name(e)} scrolls sideways`);
        }
    }
    for (const code of document.querySelectorAll('main pre > code')) {
        const box = code.parentElement.getBoundingClientRect();
        if (box.right > width + 1) found.push(`the code block ${name(code)} reaches ${Math.round(box.right)} px`);
        if (code.scrollWidth > code.clientWidth + 1) {
            code.scrollLeft = 40;
            if (code.scrollLeft === 0) found.push(`the code block ${name(code)} is cut off and does not scroll`);
            code.scrollLeft = 0;
        }
    }
    return found.slice(0, 10);"#;

async fn narrow_pages_do_not_scroll_sideways(
    b: &mut Browser,
    pages: &[Page],
    base: &str,
    shots: &Path,
    outcome: &mut Outcome,
) {
    if let Err(e) = b.client.set_window_size(NARROW, 812).await {
        b.problem(format!("cannot make the window {NARROW} px wide: {e}"));
        return;
    }
    let mut narrow: Vec<(String, String)> = pages
        .iter()
        .map(|p| (p.html.clone(), format!("{base}{}", p.html)))
        .collect();
    narrow.push(("print.html".into(), format!("{base}print.html")));
    for (name, url) in narrow {
        step(TWO, format!("checking the narrow window: {name}"));
        b.open(&format!("{name} at {NARROW} px"), &url, None).await;
        let inner = b.js("return window.innerWidth").await;
        if inner != json!(NARROW) {
            b.problem(format!("the window is {inner} px wide, not {NARROW}"));
        }
        for found in b.js(SIDEWAYS).await.as_array().cloned().unwrap_or_default() {
            b.problem(found.as_str().unwrap_or_default());
        }
        figures_have_a_size(b).await;
        if name != "print.html" {
            screenshot(b, outcome, shots, "narrow", &name, true).await;
        }
    }
}
