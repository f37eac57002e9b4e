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
//!
//! `BOOK_BROWSER_PAGE=ch09 cargo test --test browser` reads only the pages
//! whose file names start with `ch09` (as `cargo book chapter ch09` does):
//! each is opened by its address and checked whole as session 1 checks
//! every page (heading, weight, sidebar, Next/Previous links, Run buttons,
//! figures, quiz), and the rest of the book is left out (session 2, the
//! book's address). Unset, the whole book is read.

#[path = "browser/audits.rs"]
mod audits;
#[path = "browser/checks.rs"]
mod checks;
#[path = "browser/driver.rs"]
mod driver;
#[path = "browser/lighthouse.rs"]
mod lighthouse;
#[path = "browser/reading.rs"]
mod reading;
#[path = "browser/runner.rs"]
mod runner;
#[path = "browser/server.rs"]
mod server;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use audits::PAGE_BUDGET;
use checks::*;
use driver::{Browser, Driver, Weight};
use fantoccini::Locator;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::elements::Element;
use serde_json::{Value, json};

/// The narrow window: a small phone.
const NARROW: u32 = 375;
/// The browser sessions may take this long, and `LOAD_TIMEOUT` more per
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
    /// Its first heading, as its page shows it (its `h1`).
    heading: String,
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
            let heading = chapter
                .source
                .lines()
                .find_map(|line| line.strip_prefix("# "))
                .unwrap_or(&chapter.title)
                .replace('`', "");
            Page {
                title: chapter.title,
                heading,
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

/// The environment variable that restricts the test to some pages.
const ONLY_PAGE: &str = "BOOK_BROWSER_PAGE";

/// The prefix of the pages to read alone, if the test is restricted.
fn only_page() -> Option<String> {
    std::env::var(ONLY_PAGE).ok().filter(|p| !p.is_empty())
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|ci| !ci.is_empty() && ci != "false" && ci != "0")
}

/// The parts of the browser test: its setup, the book's build (on a
/// thread of its own, while the browsers start), and the two browser
/// sessions that run at once.
const SETUP: &str = "setup";
const BUILD: &str = "book";
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
    [SETUP, BUILD, ONE, TWO]
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
    for part in [SETUP, BUILD, ONE, TWO] {
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
    /// Editable exercises met on the pages walked.
    exercises_seen: usize,
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
    let only = only_page();
    if let Some(prefix) = &only {
        assert!(
            pages
                .iter()
                .any(|page| page.source.starts_with(prefix.as_str())),
            "{ONLY_PAGE}={prefix}: no page of src/SUMMARY.md starts with it"
        );
    }
    let target = root().join("target");
    let shots = target.join("browser-screenshots");
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).expect("target/browser-screenshots");

    // The book goes below a folder that stands for the server's root, at
    // the path of `site-url`, as GitHub Pages keeps it: a URL outside
    // `site-url` names no file and gets the 404 page.
    let (site_url, _) = html_config();
    let site = target.join("browser-site");
    let _ = std::fs::remove_dir_all(&site);
    let book = site.join(site_url.trim_matches('/'));
    // Served twice. Session 1 measures what each chapter page weighs on a
    // first visit: nothing is cached for it. Session 2 reads the book as a
    // reader's browser does on GitHub Pages, keeping its scripts, styles
    // and fonts from page to page (so its page loads cost Chromium less).
    // The servers listen at once; no page is asked for before the book is
    // built (see `start`).
    let serve = |caching| {
        let origin = server::serve(site.clone(), book.join("404.html"), caching);
        format!("{}{site_url}", origin.expect("serving the book"))
    };
    let first_visits = serve(server::Caching::Nothing);
    let cached = serve(server::Caching::LikeGitHubPages);
    // Built on a thread of its own while chromedriver and both Chromiums
    // start, which took a second or two of the test's time on a busy
    // machine.
    let (built_tx, built) = tokio::sync::watch::channel(false);
    let building = {
        let (site, book) = (site.clone(), book.clone());
        std::thread::spawn(move || {
            step(BUILD, "building the book");
            // Under `cargo book test`, a copy of the build the book checks
            // share (`build_html_once`).
            book_tools::book::build_html_once(root(), &book).expect("building the book");
            step(BUILD, "gzipping the book");
            server::gzip_text_files(&site).expect("gzipping the book");
            step(BUILD, "done");
            let _ = built_tx.send(true);
        })
    };

    step(SETUP, "starting chromedriver");
    let browser_started = Instant::now();
    // Both sessions' Chromium profiles go below this one folder, which
    // `driver` removes when it is dropped.
    let profile = target.join(format!("browser-profile-{}", std::process::id()));
    let driver = Driver::start(&chromedriver, profile.clone()).unwrap_or_else(|e| panic!("{e}"));
    step(SETUP, "done");
    let session_timeout = SESSION_TIMEOUT + driver::LOAD_TIMEOUT * pages.len() as u32;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // Two browsers at once, each with parts of the test that need nothing
    // from the other's: while one waits (for a page to go quiet, for
    // chromedriver), the other works.
    let (profile_one, profile_two) = (profile.join("1"), profile.join("2"));
    let split = Split::new(pages.len());
    let outcomes = runtime.block_on(async {
        let sessions = async {
            tokio::join!(
                session_one(
                    (&driver, built.clone()),
                    &chromium,
                    &profile_one,
                    &first_visits,
                    &pages,
                    &split,
                    &shots
                ),
                async {
                    match only {
                        // One chapter: the rest of the book is not read.
                        Some(_) => Ok(Outcome::default()),
                        None => {
                            session_two(
                                (&driver, built.clone()),
                                &chromium,
                                &profile_two,
                                (&cached, &first_visits),
                                &pages,
                                &split,
                                &shots,
                            )
                            .await
                        }
                    }
                },
            )
        };
        tokio::time::timeout(session_timeout, sessions).await
    });
    // Kills chromedriver and Chromium now; on a panic above, unwinding
    // drops it all the same.
    drop(driver);
    // A failed build is the first thing to report.
    if let Err(panic) = building.join() {
        std::panic::resume_unwind(panic);
    }
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
                exercises_seen: one.exercises_seen + two.exercises_seen,
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
         at most {PAGE_BUDGET}), before the quiz's script, which it loads after first paint:\n"
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
    // Every chapter has exercises (tests/book.rs): a walk that met none
    // read a book whose exercises do not render.
    let mut unseen = Vec::new();
    if outcome.exercises_seen == 0 && only_page().is_none_or(|page| page.starts_with("ch")) {
        unseen.push("no page showed an editable exercise".to_owned());
    }
    let problems = [outcome.problems, too_heavy, unseen].concat();
    assert!(
        problems.is_empty(),
        "the book in a browser, {} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The local runner of `cargo book serve`, from the book's pages (see
/// `browser/runner.rs`). Skipped as the book's test is, without Chromium;
/// and with `BOOK_BROWSER_PAGE` set, unless it names chapter 8 or 16, the
/// pages it uses.
#[test]
fn the_runner_in_a_browser() {
    let (Some(chromedriver), Some(chromium)) =
        (driver::on_path("chromedriver"), driver::on_path("chromium"))
    else {
        assert!(
            !in_ci(),
            "`chromium` and `chromedriver` are not on the PATH. In CI (CI=true) a missing browser is a failure."
        );
        let _ = writeln!(
            std::io::stderr(),
            "the runner's browser test skipped: no Chromium"
        );
        return;
    };
    if only_page().is_some_and(|page| !"ch08 ch16".contains(page.as_str())) {
        return;
    }
    if let Err(problems) = runner::test(&chromedriver, &chromium) {
        panic!(
            "the runner in a browser, {} problems:\n{}",
            problems.len(),
            problems.join("\n")
        );
    }
}

/// Lighthouse's four scores for every chapter page: `cargo book
/// lighthouse` runs this (with `LIGHTHOUSE`, the Lighthouse it installed),
/// and every page must score at least `LIGHTHOUSE_FLOOR` in each. Writes
/// `target/lighthouse-report.txt`, and each page's JSON report below
/// `target/lighthouse/reports/`.
#[test]
#[ignore = "slow (some 20 s a page): run by `cargo book lighthouse`"]
fn lighthouse_every_chapter() {
    let cli = std::env::var_os("LIGHTHOUSE")
        .map(PathBuf::from)
        .expect("LIGHTHOUSE (Lighthouse's cli/index.js) is not set: run `cargo book lighthouse`");
    let chromium = driver::on_path("chromium").expect("`chromium` is not on the PATH");
    let pages = summary();
    let target = root().join("target");
    let (site_url, _) = html_config();
    let site = target.join("lighthouse-site");
    let _ = std::fs::remove_dir_all(&site);
    let book = site.join(site_url.trim_matches('/'));
    book_tools::book::build_html(root(), &book).expect("building the book");
    server::gzip_text_files(&site).expect("gzipping the book");
    let origin = server::serve(
        site.clone(),
        book.join("404.html"),
        server::Caching::LikeGitHubPages,
    )
    .expect("serving the book");
    let reports = target.join("lighthouse/reports");
    std::fs::create_dir_all(&reports).expect("target/lighthouse/reports");
    let mut all = Vec::new();
    let mut problems = Vec::new();
    for page in &pages {
        let url = format!("{origin}{site_url}{}", page.html);
        let report = reports.join(page.html.replace('/', "-").replace(".html", ".json"));
        match lighthouse::judge(&cli, &chromium, &page.html, &url, &report) {
            Ok(scores) => {
                eprintln!(
                    "{}",
                    lighthouse::table(std::slice::from_ref(&scores))
                        .lines()
                        .nth(2)
                        .unwrap_or_default()
                );
                if scores
                    .scores
                    .iter()
                    .any(|&s| s < lighthouse::LIGHTHOUSE_FLOOR)
                {
                    problems.push(format!(
                        "{}: scores {:?} (performance, accessibility, best practices, SEO); \
                         failing: {}",
                        page.html,
                        scores.scores,
                        scores.failed.join("; ")
                    ));
                }
                all.push(scores);
            }
            Err(e) => problems.push(e),
        }
    }
    let report = lighthouse::table(&all);
    println!("{report}");
    std::fs::write(target.join("lighthouse-report.txt"), &report)
        .expect("target/lighthouse-report.txt");
    assert!(
        problems.is_empty(),
        "{} of {} chapter pages score below {} in Lighthouse:\n{}",
        problems.len(),
        pages.len(),
        lighthouse::LIGHTHOUSE_FLOOR,
        problems.join("\n")
    );
}

/// Starts Chromium for session `part`, on the book at `base`.
/// The book being built: true once it is built, gzipped and served (see
/// `the_book_in_a_browser`).
type Built = tokio::sync::watch::Receiver<bool>;

/// Starts a Chromium for `part`, then waits until the book is built: the
/// one waits for the other, not the other way round.
async fn start(
    part: &'static str,
    (driver, mut built): (&Driver, Built),
    chromium: &Path,
    profile: &Path,
    base: &str,
) -> Result<Browser, String> {
    step(part, "starting Chromium");
    let client = driver::session(driver, chromium, profile).await?;
    step(part, "waiting for the book to be built");
    if built.wait_for(|built| *built).await.is_err() {
        let _ = client.close().await;
        return Err("the book was not built".into());
    }
    Ok(Browser::new(client, base))
}

/// Session 1: the book from its first page (as far as [`Split`] lets it),
/// each chapter reached by its predecessor's Next link and checked whole
/// (see [`walk`]), then the book's address.
async fn session_one(
    driver: (&Driver, Built),
    chromium: &Path,
    profile: &Path,
    base: &str,
    pages: &[Page],
    split: &Split,
    shots: &Path,
) -> Result<Outcome, String> {
    let mut b = start(ONE, driver, chromium, profile, base).await?;
    let mut outcome = Outcome::default();
    let only = only_page();
    let titles = walk(&mut b, ONE, base, pages, (split, true), shots, &mut outcome).await;
    if only.is_some() {
        return finish(b, ONE, outcome).await;
    }
    // The address readers are given shows the first chapter.
    step(ONE, "opening the book's address");
    b.open("the book's index", base, None).await;
    outcome.pages_checked += 1;
    let h1 = h1(&mut b).await;
    if h1.as_ref() != titles.first() {
        b.problem(format!(
            "shows {} where the first chapter, {:?}, was expected",
            h1.map_or("no heading".into(), |h1| format!("{h1:?}")),
            titles.first()
        ));
    }

    finish(b, ONE, outcome).await
}

/// The pages not yet walked, `front..back`: session 1 takes them from the
/// front, by Next links, session 2 from the back, by Previous links, once
/// its own checks are done, until they meet. However long each session's
/// steps take on a given machine (they are in
/// `target/browser-report.txt`), both end at about the same time.
struct Split {
    front: std::cell::Cell<usize>,
    back: std::cell::Cell<usize>,
}

impl Split {
    fn new(pages: usize) -> Split {
        Split {
            front: 0.into(),
            back: pages.into(),
        }
    }

    /// The next page for a walk `forward` (or backward) to take, if any is
    /// left.
    fn take(&self, forward: bool) -> Option<usize> {
        let (front, back) = (self.front.get(), self.back.get());
        if front >= back {
            return None;
        }
        Some(if forward {
            self.front.set(front + 1);
            front
        } else {
            self.back.set(back - 1);
            back - 1
        })
    }

    /// Whether a page is left for a walk to take next.
    fn any_left(&self) -> bool {
        self.front.get() < self.back.get()
    }
}

/// Walks the pages `split` leaves, `forward` from the front (or backward
/// from the back), on the server of first visits at `base`: the first by
/// its address, each next one by its predecessor's Next (or Previous)
/// link, each checked whole (heading, weight, sidebar, links, Run buttons,
/// figures, exercises, quiz). Returns the headings shown.
#[allow(clippy::too_many_arguments)]
async fn walk(
    b: &mut Browser,
    part: &'static str,
    base: &str,
    pages: &[Page],
    (split, forward): (&Split, bool),
    shots: &Path,
    outcome: &mut Outcome,
) -> Vec<String> {
    let url = |page: &Page| format!("{base}{}", page.html);
    let repository = html_config()
        .1
        .expect("book.toml: [output.html] git-repository-url");
    let mut titles = Vec::new();
    let mut next: Option<Element> = None;
    let mut quizzes_taken = 0;
    let only = only_page();
    let way = if forward { "forward" } else { "backward" };
    while let Some(i) = split.take(forward) {
        let page = &pages[i];
        if only
            .as_ref()
            .is_some_and(|prefix| !page.source.starts_with(prefix.as_str()))
        {
            continue;
        }
        step(part, format!("walking the book {way}: {}", page.html));
        b.open(&page.html, &url(page), next.take()).await;
        outcome.pages_checked += 1;
        let shown = h1(b).await;
        if shown.as_ref() != Some(&page.heading) {
            b.problem(format!(
                "its heading is {shown:?}, where src/{} says {:?}",
                page.source, page.heading
            ));
        }
        titles.push(shown.unwrap_or_else(|| page.title.clone()));
        sidebar_lists_every_chapter(b, pages, base).await;
        nav_links_point_to_neighbours(b, pages, i, base).await;
        run_buttons_follow_the_rule(b).await;
        figures_have_a_size(b).await;
        let deferred = lighter_and_accessible(b, i == 0).await;
        reading::proofs_are_marked_and_lead_to_their_tests(b, page, &repository).await;
        reading::errata_link_names_the_page(b, page, &repository).await;
        // The first quiz of session 1 is answered with the mouse, as a
        // reader does; the others the same way by a script in the page, in
        // a round trip each instead of about five a question.
        let answering = match (part, quizzes_taken) {
            (ONE, 0) => Answering::Mouse,
            _ => Answering::Script,
        };
        // The exercises first: a quiz taken keeps the focus in its inputs.
        // Session 1 types into the first it meets.
        let interact = part == ONE && outcome.exercises_seen == 0;
        outcome.exercises_seen += exercises_edit_and_expand(b, interact).await;
        quizzes_taken += quizzes_grade_answers(b, answering).await;
        screenshot(b, outcome, shots, "light", &page.html, false).await;
        // What the page transferred, its late requests (the favicon)
        // included: by now it has mostly been quiet a while, and if not,
        // `settle` waits until it is.
        let mut weight = audits::first_load(&b.settle().await, &deferred);
        for (_, file) in &mut weight.each {
            *file = file.strip_prefix(base).unwrap_or(file).to_owned();
        }
        outcome.weights.push((page.html.clone(), weight));
        if split.any_left() && only.is_none() {
            let (link, name) = if forward {
                ("next", "Next")
            } else {
                ("prev", "Previous")
            };
            next = visible_link(b, link).await;
            if next.is_none() {
                b.problem(format!("no {name} link to follow"));
            }
        }
    }
    titles
}

/// Session 2: in a narrow window, the last two chapters (by a Previous
/// link); then, in the wide window, the dark theme, the 404 page and
/// search; then it walks the pages session 1 leaves, on the server of
/// first visits at `first_visits`; last, narrow again, print.html, which
/// holds every chapter (each in it, in order).
async fn session_two(
    driver: (&Driver, Built),
    chromium: &Path,
    profile: &Path,
    (base, first_visits): (&str, &str),
    pages: &[Page],
    split: &Split,
    shots: &Path,
) -> Result<Outcome, String> {
    let mut b = start(TWO, driver, chromium, profile, base).await?;
    let mut outcome = Outcome::default();
    let url = |page: &Page| format!("{base}{}", page.html);

    // In the narrow window of a phone, where nothing may scroll sideways:
    // the last chapter and, by its Previous link, the one before (the
    // frame every page shares); print.html, which holds every chapter's
    // content at once, comes last.
    let narrow = go_narrow(&mut b).await;
    let last = pages.len() - 1;
    step(TWO, format!("a chapter, narrow: {}", pages[last].html));
    let mut there = b.open(&pages[last].html, &url(&pages[last]), None).await;
    if there && narrow {
        narrow_page_does_not_scroll_sideways(&mut b, &pages[last].html, shots, &mut outcome).await;
        audits::tap_targets_are_big_enough(&mut b).await;
    }
    if let Some(page) = last.checked_sub(1).map(|i| &pages[i]) {
        match visible_link(&mut b, "prev").await {
            Some(previous) => {
                step(TWO, format!("a chapter, narrow: {}", page.html));
                there = b.open(&page.html, &url(page), Some(previous)).await;
            }
            None => {
                b.problem("no Previous link to follow");
                there = false;
            }
        }
        if there && narrow {
            narrow_page_does_not_scroll_sideways(&mut b, &page.html, shots, &mut outcome).await;
        }
    }
    if narrow {
        go_wide(&mut b).await;
    }

    // From the first chapter, in the wide window.
    step(TWO, "choosing the dark theme");
    b.open(&pages[0].html, &url(&pages[0]), None).await;
    dark_theme_stays_chosen(&mut b, pages, base, shots, &mut outcome).await;

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

    step(TWO, "searching");
    search_finds_each_chapter(&mut b, pages, base).await;

    b.settle().await;
    b.serve_from(first_visits);
    walk(
        &mut b,
        TWO,
        first_visits,
        pages,
        (split, false),
        shots,
        &mut outcome,
    )
    .await;

    // print.html, last: the heaviest page, read when the other tests are
    // over or nearly (beside them, on a busy machine, it took four times
    // as long).
    b.settle().await;
    b.serve_from(base);
    let narrow = go_narrow(&mut b).await;
    print_has_every_chapter_and_fits(&mut b, narrow, pages, base, shots, &mut outcome).await;

    finish(b, TWO, outcome).await
}

/// print.html, in the narrow window if there is one: nothing scrolls
/// sideways, and it has every chapter, in order.
async fn print_has_every_chapter_and_fits(
    b: &mut Browser,
    narrow: bool,
    pages: &[Page],
    base: &str,
    shots: &Path,
    outcome: &mut Outcome,
) {
    step(TWO, "checking print.html");
    b.open("print.html", &format!("{base}print.html"), None)
        .await;
    outcome.pages_checked += 1;
    if narrow {
        narrow_page_does_not_scroll_sideways(b, "print.html", shots, outcome).await;
    }
    let headings = b.js("return Array.from(document.querySelectorAll('main h1')).map(h => h.textContent.trim())").await;
    let headings: Vec<String> = serde_json::from_value(headings).unwrap_or_default();
    let mut rest = headings.iter();
    for title in pages.iter().map(|page| &page.heading) {
        if !rest.any(|heading| heading == title) {
            b.problem(format!(
                "lacks the chapter {title:?}, or has it out of order (its chapters: {headings:?})"
            ));
            break;
        }
    }
}

/// On a chapter page just opened (on a first visit): the quiz's script
/// comes after first paint, no `unload` listener, ARIA attributes where
/// allowed, tap targets of 24 px; with `keyboard`, the sidebar toggle
/// answers Enter. Returns the addresses of the scripts the page defers,
/// which its first load leaves out.
async fn lighter_and_accessible(b: &mut Browser, keyboard: bool) -> Vec<String> {
    let deferred = audits::deferred_scripts(b).await;
    audits::deferred_after_first_paint(b, &deferred).await;
    audits::no_unload_listener(b).await;
    audits::aria_attributes_are_allowed(b).await;
    audits::tap_targets_are_big_enough(b).await;
    if keyboard {
        audits::sidebar_toggle_takes_the_keyboard(b).await;
    }
    deferred
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
