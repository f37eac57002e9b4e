//! `cargo book`: the project's commands (the alias is in `.cargo/config.toml`).
//!
//! - `cargo book serve [--run-deadline SECS] [--playground-only] [ARGS]`:
//!   installs the pinned mdBook and preprocessors when missing, then runs
//!   `mdbook serve ARGS`, with the local runner beside it (see [`serve`]).
//! - `cargo book build`: the same, then `mdbook build` into `book/`.
//! - `cargo book test [ARGS]`: installs what the tests need when missing,
//!   then runs every test of the workspace.
//! - `cargo book record [PREFIX…]`: runs every listing (or those whose
//!   names start with a prefix, e.g. `ch02`) as `listings/Cargo.toml`
//!   declares, and saves under `listings/recorded/` its output, how it was
//!   run and, for listings that stamp their tasks, its timeline (for a
//!   scaling curve, `scaling = …`, it runs at every thread count and keeps
//!   the curve and its figure).
//! - `cargo book redraw`: draws every timeline and curve again from its recording,
//!   and every graph figure from its source, after a change to how they
//!   are drawn.
//! - `cargo book chapter chNN`: one chapter's tests, blocks and browser
//!   page, with the book checks and the quizzes (see [`chapter`]).
//! - `cargo book quiz-loader`: an mdBook preprocessor (`book.toml` runs it;
//!   see `book_tools::quiz_loader`), reading the book from stdin as JSON.
//! - `cargo book proofs`: the book's mdBook preprocessor (`book.toml` runs
//!   it; see `book_tools::proofs`), reading the book from stdin as JSON.
//! - `cargo book lighthouse`: Lighthouse's four scores for every chapter
//!   page, served gzipped as GitHub Pages serves it; fails below 90 (see
//!   `lighthouse.rs`).
//!
//! Whatever stops it (Ctrl-C included), it leaves no process it started
//! running: see `book_tools::reaper`. (`cargo book spawn-tree MARK` exists
//! for the test of that, `tools/tests/ctrl_c.rs`.)

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use book_tools::{graph, listing, reaper, recording};

mod lighthouse;

fn main() -> ExitCode {
    // First, before any thread starts: see `book_tools::reaper`.
    reaper::install();
    let code = run();
    // (`cargo book test` fails on a leftover of the tests itself, before
    // this; what is ended here is only named.)
    let left = reaper::finish();
    if !left.is_empty() {
        eprintln!(
            "cargo book: processes it started were still running at its end (now ended):\n  {}",
            left.join("\n  ")
        );
    }
    code
}

fn run() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let rest = args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("serve") => ensure_tools(root, &["mdbook", "mdbook-quiz"]).and_then(|_| serve(root, rest)),
        Some("build") => ensure_tools(root, &["mdbook", "mdbook-quiz"])
            .and_then(|_| status(Command::new("mdbook").arg("build").current_dir(root))),
        Some("test") => ensure_tools(root, &["mdbook-quiz"]).and_then(|_| {
            reaper::reap_adopted_while_running();
            test(root, rest)
        }),
        Some("record") => record(root, rest),
        Some("redraw") => redraw(root),
        Some("chapter") if rest.len() == 1 => ensure_tools(root, &["mdbook-quiz"]).and_then(|_| {
            reaper::reap_adopted_while_running();
            chapter(root, &rest[0])
        }),
        Some("spawn-tree") if rest.len() == 1 => reaper::spawn_tree(&rest[0]),
        Some("quiz-loader") => book_tools::quiz_loader::run_as_command(rest),
        Some("proofs") => book_tools::proofs::run_as_command(rest),
        Some("lighthouse") => lighthouse::run(root, rest),
        _ => Err(
            "usage: cargo book serve|build|test [ARGS] | record [PREFIX…] | redraw | chapter chNN | lighthouse"
                .into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cargo book: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo book serve`: `mdbook serve ARGS`, and beside it the local runner
/// (`book_tools::runner`), so that the pages' Run buttons run their code on
/// this machine: `--run-deadline SECS` sets how long a run may last (30 s
/// by default), `--playground-only` leaves the runner out (the buttons then
/// go to the Rust Playground). The runner takes requests from the book's
/// origin only (`http://localhost:PORT`, PORT mdBook's `--port`, 3000 by
/// default); its token script goes into the book's `additional-js`, first,
/// by mdBook's `MDBOOK_` setting of the environment.
fn serve(root: &Path, args: &[String]) -> Result<(), String> {
    let mut rest = Vec::new();
    let mut config = book_tools::runner::Config::new(root, 3000);
    let mut local = true;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--playground-only" => local = false,
            "--run-deadline" => {
                let secs = args
                    .next()
                    .and_then(|s| s.parse::<u64>().ok())
                    .filter(|&s| s > 0)
                    .ok_or("--run-deadline takes a number of seconds")?;
                config.deadline = Duration::from_secs(secs);
            }
            _ => rest.push(arg.clone()),
        }
    }
    config.book_port = mdbook_port(&rest)?;
    let mut command = Command::new("mdbook");
    command.arg("serve").args(&rest).current_dir(root);
    let runner = match local {
        false => None,
        true => {
            let runner = book_tools::runner::Runner::start(config.clone())?;
            let mut scripts = vec![runner.script_path()];
            scripts.extend(additional_js(root)?);
            let scripts = serde_json::to_string(&scripts).map_err(|e| e.to_string())?;
            command.env("MDBOOK_OUTPUT__HTML__ADDITIONAL_JS", scripts);
            eprintln!(
                "cargo book serve: Run buttons run the code on this machine (a runner on \
                 127.0.0.1:{}, for this book's pages only; runs end after {} s). \
                 `cargo book serve --playground-only` sends them to the Rust Playground instead.",
                runner.port,
                config.deadline.as_secs()
            );
            Some(runner)
        }
    };
    let result = status(&mut command);
    // Every run still going ends here (the reaper would end it too).
    drop(runner);
    result
}

/// The port `mdbook serve ARGS` serves at: its `-p`/`--port`, or 3000.
fn mdbook_port(args: &[String]) -> Result<u16, String> {
    let mut port = 3000;
    for (i, arg) in args.iter().enumerate() {
        let value = match arg.as_str() {
            "-p" | "--port" => args.get(i + 1).map(String::as_str),
            _ => arg.strip_prefix("--port="),
        };
        if let Some(value) = value {
            port = value
                .parse()
                .map_err(|_| format!("mdbook serve: not a port: {value}"))?;
        }
    }
    Ok(port)
}

/// `book.toml`'s `output.html.additional-js`.
fn additional_js(root: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(root.join("book.toml")).map_err(|e| e.to_string())?;
    let table: toml::Table = text.parse().map_err(|e| format!("book.toml: {e}"))?;
    Ok(table
        .get("output")
        .and_then(|o| o.get("html"))
        .and_then(|h| h.get("additional-js"))
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect())
}

fn status(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed ({status})"))
    }
}

/// The pinned version of each tool, from `[workspace.metadata.tools]`.
fn pinned(root: &Path, tool: &str) -> Result<String, String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let manifest: toml::Table = manifest.parse().map_err(|e| format!("Cargo.toml: {e}"))?;
    manifest
        .get("workspace")
        .and_then(|w| w.get("metadata"))
        .and_then(|m| m.get("tools"))
        .and_then(|t| t.get(tool))
        .and_then(toml::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| {
            format!("Cargo.toml pins no version of {tool} in [workspace.metadata.tools]")
        })
}

/// Installs each tool with `cargo install --locked` unless the pinned
/// version is already on the PATH. Cargo's `bin` folder goes first on the
/// PATH of this process and its children, so a tool just installed is found
/// even where that folder was not on the PATH.
fn ensure_tools(root: &Path, tools: &[&str]) -> Result<(), String> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let mut path = vec![cargo_home.join("bin")];
    path.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path = std::env::join_paths(path).map_err(|e| e.to_string())?;
    // SAFETY: nothing else runs yet; `main` calls this before any thread.
    unsafe { std::env::set_var("PATH", path) };
    for tool in tools {
        let version = pinned(root, tool)?;
        let installed = Command::new(tool)
            .arg("--version")
            .output()
            .map(|out| String::from_utf8_lossy(&out.stdout).contains(&version))
            .unwrap_or(false);
        if !installed {
            eprintln!("cargo book: installing {tool} {version} (once; a few minutes)");
            status(Command::new("cargo").args([
                "install",
                "--locked",
                "--quiet",
                tool,
                "--version",
                &version,
            ]))?;
        }
    }
    Ok(())
}

/// Every test: the book, its code blocks, the listings and the tools, with
/// the browser test beside them. Then, if there are any, the CPU-bound
/// speedup tests (named `cpu_bound_…`, ignored in debug builds) again in
/// release, one at a time, when everything else is over, so that nothing
/// competes for the cores they measure; and the loom model checks, if the
/// listings have them (both release builds are made beside the browser
/// test). Then, alone too, the speed of `cargo book serve`'s runner
/// (`runner::measure_speed`: a new tokio program in at most 3 s, run again
/// in at most 200 ms). Then a check that no process a test started is
/// still running. Last, one line per phase with its wall time, pass or
/// fail.
fn test(root: &Path, args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let mut phases = Phases::default();
    // The CPU-bound tests add a line here for each claim they could not
    // judge, the machine being busy with other work.
    let skips = book_tools::target_dir(root).join(book_tools::cpu_bound::SKIPS_FILE);
    let _ = std::fs::remove_file(&skips);
    let result = test_phases(root, args, &mut phases);
    phases.add("total", started.elapsed());
    eprintln!("cargo book test, wall time per phase:");
    for (phase, time) in &phases.0 {
        eprintln!("  {phase:<28} {:>7.1} s", time.as_secs_f64());
    }
    let skipped = std::fs::read_to_string(&skips).unwrap_or_default();
    if !skipped.is_empty() || phases.0.iter().any(|(p, _)| p.starts_with("CPU-bound")) {
        let n = skipped.lines().count();
        eprintln!("CPU-bound tests: {n} parts skipped under load or for want of CPUs");
        for line in skipped.lines() {
            eprintln!("  {line}");
        }
    }
    result
}

/// How many new programs the runner's speed is measured on (each also run
/// again from the cache).
const RUNNER_SAMPLES: usize = 1;

/// The test of `tests/browser.rs` that reads the whole book in Chromium.
const BROWSER_TEST: &str = "the_book_in_a_browser";

/// Where `cargo book test` builds the HTML book for its tests, if it does
/// (`book::BUILT_ENV`, set on every cargo it starts).
static BOOK_BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// `command` with `book::BUILT_ENV` set, if the book is built for the tests.
fn with_book_built(command: &mut Command) {
    if let Some(dir) = BOOK_BUILT.get() {
        command.env(book_tools::book::BUILT_ENV, dir);
    }
}

/// The test of `cargo book serve`'s runner in a browser: run by the
/// browser's cargo too, beside the book's test (each has its own Chromium),
/// not in the others' `tests/browser.rs` run, which it would make last as
/// long as it does.
const RUNNER_TEST: &str = "the_runner_in_a_browser";

fn test_phases(root: &Path, args: &[String], phases: &mut Phases) -> Result<(), String> {
    let cpu_bound = std::fs::read_dir(root.join("listings/tests"))
        .map_err(|e| e.to_string())?
        .flatten()
        .any(|entry| {
            std::fs::read_to_string(entry.path()).is_ok_and(|code| code.contains("fn cpu_bound_"))
        });
    let loom = listings_feature(root, "loom");
    // The listings' tests again, in release, each kind only if there are
    // any: `profile` is `release`, or `loom` (release with the `loom`
    // feature, in a folder of its own so that the two builds do not undo
    // each other on every run).
    let release = |profile: &str, args: &[&str], labels, phases: &mut Phases| {
        let mut all = vec!["test", "--locked", "-p", "listings", "--profile", profile];
        all.extend(args);
        timed_cargo(root, &all, &[], labels, phases)
    };
    // `::cpu_bound_`, not `cpu_bound_`: libtest's filter matches anywhere in
    // a test's path, and a test named `…_on_cpu_bound_work` is no
    // CPU-bound test (it ran twice, the second time alone, for nothing).
    let cpu_bound_tests = ["--tests", "::cpu_bound_", "--", "--test-threads=1"];
    // `::loom_` for the same reason: a test named `…_what_loom_allows` is
    // no model check.
    let loom_checks = ["--features", "loom", "::loom_"];
    let loom_labels = (
        "release build with loom",
        Some("loom model checks (release)"),
    );
    let mut loom_result = Ok(());
    // The HTML book, built once while the tests are being built, for the
    // book checks and the browser test, which both read all of it (each
    // waits for it; see `book::build_html_once`).
    let building = args.is_empty().then(|| {
        let dir = book_tools::target_dir(root).join("book-built");
        let _ = BOOK_BUILT.set(dir.clone());
        let root = root.to_path_buf();
        std::thread::spawn(move || book_tools::book::build_for_tests(&root, &dir))
    });
    let everything = if args.is_empty() {
        // While the browser test runs: the loom model checks (they time
        // nothing, and the browser, the longest, leaves the CPUs some idle
        // time they fill: 4 s less in all than after it, measured), and the
        // release build of the CPU-bound tests, which run after it, alone.
        everything_with_the_browser_alongside(root, phases, |phases| {
            if loom {
                loom_result = release("loom", &loom_checks, loom_labels, phases);
            }
            match cpu_bound {
                true => release(
                    "release",
                    &[&cpu_bound_tests[..1], &["--no-run"]].concat(),
                    ("release build", None),
                    phases,
                ),
                false => Ok(()),
            }
        })
    } else {
        timed_cargo(
            root,
            &["test", "--workspace", "--locked"],
            args,
            ("build", None),
            phases,
        )
    };
    let cpu_bound = match (&everything, cpu_bound) {
        (Ok(()), true) => release(
            "release",
            &cpu_bound_tests,
            ("release build", Some("CPU-bound tests (release)")),
            phases,
        ),
        _ => Ok(()),
    };
    // The runner of `cargo book serve`, timed alone as the CPU-bound tests
    // are: a new tokio program compiled and run, and run again.
    let speed = match (&everything, args.is_empty()) {
        (Ok(()), true) => {
            let start = Instant::now();
            let measured = book_tools::runner::measure_speed(root, RUNNER_SAMPLES);
            phases.add("runner speed (alone)", start.elapsed());
            match measured {
                Ok(speed) => {
                    eprintln!("the runner of cargo book serve: {speed}");
                    speed.check()
                }
                Err(e) => Err(e),
            }
            .map_err(|e| format!("the runner of cargo book serve: {e}"))
        }
        _ => Ok(()),
    };
    if let Some(building) = building {
        building
            .join()
            .map_err(|_| "the thread building the book panicked".to_owned())??;
    }
    let left = Instant::now();
    let leftovers = leftover_processes(root);
    phases.add("no process left running", left.elapsed());
    everything?;
    cpu_bound?;
    loom_result?;
    speed?;
    if leftovers.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "processes the tests started are still running (now killed):\n  {}",
            leftovers.join("\n  ")
        ))
    }
}

/// Every test of the workspace, with the browser test (the longest, and
/// mostly Chromium's work) run by a second cargo at the same time as the
/// others, instead of after them: they wait on their programs more than
/// they compute, and their timing claims are made to hold on a busy
/// machine. Both cargos select the whole workspace, so that they resolve
/// the same features and share one build, made first. When the others
/// pass, `then` runs too, still beside the browser. The browser's output
/// is printed when it ends, in one piece.
fn everything_with_the_browser_alongside(
    root: &Path,
    phases: &mut Phases,
    then: impl FnOnce(&mut Phases) -> Result<(), String>,
) -> Result<(), String> {
    let workspace = ["test", "--workspace", "--locked"];
    timed_cargo(
        root,
        &[&workspace[..], &["--no-run"]].concat(),
        &[],
        ("build", None),
        phases,
    )?;
    let browser = Beside::browser(root, None);
    // The exercises' graders too, by a cargo of their own: each waits for
    // its programs (a deadlocked wrong answer for its grader's watchdog),
    // so they run many at a time, not two.
    let graders = Beside::start(
        root,
        "exercises' graders, alongside",
        &[
            &workspace[..],
            &["--test", "graders", "--", "--test-threads", GRADERS_AT_ONCE],
        ]
        .concat(),
        Vec::new(),
    );
    let rest = timed_cargo(
        root,
        &[&workspace[..], &["--exclude", "exercises"]].concat(),
        &[
            "--".into(),
            "--skip".into(),
            BROWSER_TEST.into(),
            "--skip".into(),
            RUNNER_TEST.into(),
        ],
        ("build", None),
        phases,
    )
    .and_then(|()| then(phases));
    let graders = graders.finish(phases)?;
    let browser = browser.finish(phases)?;
    rest.and(graders).and(browser)
}

/// How many exercises `cargo book test` grades at once: their programs
/// mostly sleep, or wait for their watchdog.
const GRADERS_AT_ONCE: &str = "16";

/// `cargo book chapter chNN`: what an author working on one chapter runs.
/// That chapter's listings' tests (`cargo test -p listings --test chapters
/// chNN_`), code blocks (skeptic names each block's test after its
/// chapter's file: `chNN_…`) and exercises' graders (`exercises/tests/
/// graders.rs`, one test per exercise, `chNN_MM_…`), the book checks and the quizzes'
/// (`tests/book.rs`, whole: most rules are of the whole book, and all of
/// them take a few seconds), and beside those the browser test of that
/// chapter's page alone (`BOOK_BROWSER_PAGE=chNN`, see `tests/browser.rs`).
/// Then one line per phase with its wall time.
fn chapter(root: &Path, name: &str) -> Result<(), String> {
    let numbered =
        name.len() == 4 && name.starts_with("ch") && name[2..].bytes().all(|b| b.is_ascii_digit());
    let source = std::fs::read_dir(root.join("src"))
        .map_err(|e| e.to_string())?
        .flatten()
        .any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("{name}-"))
        });
    if !numbered || !source {
        return Err(format!(
            "`cargo book chapter {name}`: give a chapter as chNN (ch09), one of src/chNN-*.md"
        ));
    }
    let started = Instant::now();
    let mut phases = Phases::default();
    let result = chapter_phases(root, name, &mut phases);
    phases.add("total", started.elapsed());
    eprintln!("cargo book chapter {name}, wall time per phase:");
    for (phase, time) in &phases.0 {
        eprintln!("  {phase:<28} {:>7.1} s", time.as_secs_f64());
    }
    result
}

fn chapter_phases(root: &Path, name: &str, phases: &mut Phases) -> Result<(), String> {
    let targets = [
        "test",
        "--workspace",
        "--locked",
        "--test",
        "chapters",
        "--test",
        "code_blocks",
        "--test",
        "graders",
        "--test",
        "book",
        "--test",
        "browser",
    ];
    timed_cargo(
        root,
        &[&targets[..], &["--no-run"]].concat(),
        &[],
        ("build", None),
        phases,
    )?;
    let browser = Beside::browser(root, Some(name));
    let module = format!("{name}_");
    let own = timed_cargo(
        root,
        &targets[..9],
        &["--".into(), module],
        ("build", None),
        phases,
    );
    let book = timed_cargo(
        root,
        &["test", "--workspace", "--locked", "--test", "book"],
        &[],
        ("build", None),
        phases,
    );
    let browser = browser.finish(phases)?;
    own.and(book).and(browser)
}

/// The browser test, run by a cargo of its own on a thread beside the
/// other tests (of every page, or of the pages whose files start with
/// `page`: `BOOK_BROWSER_PAGE`).
struct Beside {
    /// The phase its time goes to.
    phase: &'static str,
    run: std::thread::JoinHandle<(Command, std::io::Result<std::process::Output>, Duration)>,
}

impl Beside {
    /// `cargo ARGS` with `env`, on a thread, its output kept until
    /// [`finish`](Self::finish).
    fn start(root: &Path, phase: &'static str, args: &[&str], env: Vec<(&str, String)>) -> Beside {
        let mut command = Command::new("cargo");
        command
            .args(args)
            .current_dir(root)
            .stdin(std::process::Stdio::null());
        for (key, value) in env {
            command.env(key, value);
        }
        with_book_built(&mut command);
        let run = std::thread::spawn(move || {
            let started = Instant::now();
            let output = command.output();
            (command, output, started.elapsed())
        });
        Beside { phase, run }
    }

    /// The browser tests: the book's (of every page, or of the pages whose
    /// files start with `page`: `BOOK_BROWSER_PAGE`) and the runner's.
    fn browser(root: &Path, page: Option<&str>) -> Beside {
        let args = ["test", "--workspace", "--locked", "--test", "browser"];
        let env = page.map(|page| ("BOOK_BROWSER_PAGE", page.to_owned()));
        Beside::start(
            root,
            "browser, alongside the above",
            &[&args[..], &["--", "--exact", BROWSER_TEST, RUNNER_TEST]].concat(),
            env.into_iter().collect(),
        )
    }

    /// Waits for the cargo, adds its time to `phases`, prints its output in
    /// one piece, and gives its result.
    fn finish(self, phases: &mut Phases) -> Result<Result<(), String>, String> {
        let (command, output, time) = self
            .run
            .join()
            .map_err(|_| format!("the thread of {} panicked", self.phase))?;
        phases.add(self.phase, time);
        let output = output.map_err(|e| format!("cannot run {command:?}: {e}"))?;
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        println!("{}", String::from_utf8_lossy(&output.stdout));
        Ok(if output.status.success() {
            Ok(())
        } else {
            Err(format!("{command:?} failed ({})", output.status))
        })
    }
}

/// Whether the `listings` crate has the cargo feature `feature`. With
/// `loom`, its tests named `loom_…` model-check the book's hand-built
/// primitives (a thread pool, an executor) under loom, in release: they
/// explore every interleaving, and are compiled only with the feature.
fn listings_feature(root: &Path, feature: &str) -> bool {
    std::fs::read_to_string(root.join(listing::MANIFEST))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .is_some_and(|manifest| {
            manifest
                .get("features")
                .and_then(|f| f.get(feature))
                .is_some()
        })
}

/// Wall time per phase, in the order the phases ran.
#[derive(Default)]
struct Phases(Vec<(String, Duration)>);

impl Phases {
    fn add(&mut self, phase: &str, time: Duration) {
        match self.0.iter_mut().find(|(p, _)| p == phase) {
            Some((_, total)) => *total += time,
            None => self.0.push((phase.to_owned(), time)),
        }
    }
}

/// The phase a line of cargo's stderr starts, if it starts one: cargo
/// runs each test binary in turn, announcing it with `Running …` (or
/// `Doc-tests …`), so a phase lasts from its announcement to the next.
fn phase_of(line: &str) -> Option<&'static str> {
    let line = line.trim_start();
    if line.starts_with("Doc-tests ") || line.starts_with("Running unittests ") {
        return Some("unit tests and doctests");
    }
    let target = line.strip_prefix("Running ")?.split(" (").next()?;
    Some(match target {
        "tests/book.rs" => "book checks",
        "tests/code_blocks.rs" => "blocks",
        "tests/chapters.rs" => "chapter tests",
        "tests/graders.rs" => "exercises' graders",
        "tests/browser.rs" => "browser",
        _ => "other tests",
    })
}

/// Runs `cargo ARGS EXTRA`, passing its output on, and adds the time of
/// each phase to `phases`. `labels`: the phase until the first test binary
/// runs (the build), and the one phase every test binary's time goes to,
/// if not each to its own (see [`phase_of`]).
fn timed_cargo(
    root: &Path,
    args: &[&str],
    extra: &[String],
    labels: (&str, Option<&str>),
    phases: &mut Phases,
) -> Result<(), String> {
    use std::io::BufRead;

    let mut command = Command::new("cargo");
    command
        .args(args)
        .args(extra)
        .current_dir(root)
        .stderr(std::process::Stdio::piped());
    with_book_built(&mut command);
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let (mut phase, mut since) = (labels.0, Instant::now());
    for line in stderr.lines() {
        let line = line.map_err(|e| e.to_string())?;
        eprintln!("{line}");
        if let Some(next) = phase_of(&line).map(|own| labels.1.unwrap_or(own)) {
            phases.add(phase, since.elapsed());
            (phase, since) = (next, Instant::now());
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    phases.add(phase, since.elapsed());
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed ({status})"))
    }
}

/// Every process still running a program the tests run: one built in
/// `target/`, or a Python program of `listings/python/`. Each is killed,
/// and listed.
fn leftover_processes(root: &Path) -> Vec<String> {
    let target = book_tools::target_dir(root);
    let python = root.join("listings/python");
    let me = std::process::id().to_string();
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let pid = entry.file_name().to_string_lossy().into_owned();
        if pid == me || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let exe = std::fs::read_link(entry.path().join("exe")).unwrap_or_default();
        let cmdline = std::fs::read(entry.path().join("cmdline"))
            .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
            .unwrap_or_default();
        if exe.starts_with(&target) || cmdline.contains(&*python.to_string_lossy()) {
            let _ = Command::new("kill").args(["-9", &pid]).status();
            found.push(format!("{pid}: {}", cmdline.trim()));
        }
    }
    found
}

/// Runs the listings whose names start with one of `prefixes` (every
/// listing, without any), each as `listings/Cargo.toml` declares, and
/// records what it printed, its timeline if it stamps its tasks, and how it
/// was run, under `listings/recorded/`.
fn record(root: &Path, prefixes: &[String]) -> Result<(), String> {
    let manifest =
        std::fs::read_to_string(root.join(listing::MANIFEST)).map_err(|e| e.to_string())?;
    let listings: Vec<_> = listing::declared(&manifest)?
        .into_iter()
        .filter(|(name, _)| prefixes.is_empty() || prefixes.iter().any(|p| name.starts_with(p)))
        .collect();
    if listings.is_empty() {
        return Err(format!("no listing's name starts with {prefixes:?}"));
    }
    for release in [false, true] {
        let bins: Vec<&str> = listings
            .iter()
            .filter(|(_, spec)| spec.release == release)
            .flat_map(|(name, spec)| ["--bin", spec.program(name)])
            .collect();
        if bins.is_empty() {
            continue;
        }
        let profile: &[&str] = if release { &["--release"] } else { &[] };
        status(
            Command::new("cargo")
                .args(["build", "--locked", "--quiet", "-p", "listings"])
                .args(profile)
                .args(bins)
                .current_dir(root),
        )?;
    }
    let recorded = root.join("listings/recorded");
    let machine = recorded.join(book_tools::check::MACHINE);
    std::fs::write(&machine, book_tools::recording::machine_description())
        .map_err(|e| e.to_string())?;
    eprintln!("described {}", machine.display());
    let target = book_tools::target_dir(root);
    for (name, spec) in listings {
        let stdout = spec.record(&target.join(spec.profile()).join(spec.program(&name)))?;
        let write = |file: PathBuf, text: &str| {
            std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
            eprintln!("wrote {}", file.display());
            Ok::<_, String>(())
        };
        write(recorded.join(format!("{name}.txt")), &stdout)?;
        write(
            recorded.join(format!("{name}.run.txt")),
            &spec.recorded_how(&name),
        )?;
        // A recording that is a graph figure's source (the steps of chapter
        // 7's executor) is drawn as that figure, below, not as a timeline.
        let source = format!("listings/recorded/{name}.txt");
        if graph::FIGURES.iter().any(|f| f.source == source) {
            continue;
        }
        if let Some(svg) = recording::figure(&name, &format!("{name}.txt"), &stdout)? {
            write(recorded.join(format!("{name}.svg")), &svg)?;
        }
    }
    draw_figures(root)
}

/// Draws every graph figure of the book again from its source (see
/// `graph::FIGURES`).
fn draw_figures(root: &Path) -> Result<(), String> {
    for figure in graph::FIGURES {
        let svg = graph::draw(root, figure)?;
        let file = root.join(figure.svg);
        std::fs::create_dir_all(file.parent().unwrap()).map_err(|e| e.to_string())?;
        std::fs::write(&file, svg).map_err(|e| format!("{}: {e}", file.display()))?;
        eprintln!("drew {}", file.display());
    }
    Ok(())
}

/// Draws every timeline of `listings/recorded/` again from its recording,
/// as the book draws timelines now (after a change to `timeline::svg`),
/// and every graph figure from its source.
fn redraw(root: &Path) -> Result<(), String> {
    let recorded = root.join("listings/recorded");
    let mut figures: Vec<PathBuf> = std::fs::read_dir(&recorded)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "svg"))
        .collect();
    figures.sort();
    for figure in figures {
        let txt = figure.with_extension("txt");
        let name = figure.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&txt).map_err(|e| format!("{}: {e}", txt.display()))?;
        let svg = recording::figure(&name, &txt.display().to_string(), &text)?
            .ok_or_else(|| format!("{}: stamps no task to draw", txt.display()))?;
        std::fs::write(&figure, svg).map_err(|e| format!("{}: {e}", figure.display()))?;
        eprintln!("drew {}", figure.display());
    }
    draw_figures(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_announcements_start_phases() {
        let phase = |line| phase_of(line);
        assert_eq!(
            phase("     Running tests/chapters.rs (target/debug/deps/chapters-0a1b)"),
            Some("chapter tests")
        );
        assert_eq!(
            phase("     Running unittests src/main.rs (target/debug/deps/book-0a1b)"),
            Some("unit tests and doctests")
        );
        assert_eq!(
            phase("   Doc-tests listings"),
            Some("unit tests and doctests")
        );
        assert_eq!(phase("     Running tests/new.rs (x)"), Some("other tests"));
        assert_eq!(phase("   Compiling listings v0.1.0"), None);
    }

    #[test]
    fn the_pinned_tools_are_the_versions_the_tests_build_with() {
        // The mdBook that serves the book is the mdBook library the tests
        // build it with, and likewise for the quiz.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let manifest: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))
            .unwrap()
            .parse()
            .unwrap();
        let library = |name: &str| {
            manifest["workspace"]["dependencies"][name]
                .as_str()
                .or_else(|| manifest["workspace"]["dependencies"][name]["version"].as_str())
                .unwrap()
                .trim_start_matches('=')
                .to_owned()
        };
        assert_eq!(pinned(root, "mdbook").unwrap(), library("mdbook-driver"));
        assert_eq!(
            pinned(root, "mdbook-quiz").unwrap(),
            library("mdbook-quiz-schema")
        );
        let err = pinned(root, "no-such-tool").unwrap_err();
        assert!(err.contains("pins no version of no-such-tool"), "{err}");
    }
}
