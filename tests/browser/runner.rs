//! The local runner of `cargo book serve` (`book_tools::runner`), read in
//! Chromium: the book built with the runner's token script, as `cargo book
//! serve` builds it, served at one origin and, for the attacker, at a
//! second; Run pressed on a tokio listing, on chapter 16's timely listing
//! (`noplayground`), on an exercise's solution (run under its grader) and
//! on a Python box, on an edited block and on a program printing 100 MB
//! (cut at the cap); chapter 12's scaling curve drawn at every thread
//! count of this machine, beside the recorded one; while an endless loop asked
//! for first is killed at the deadline; a run asked for from the second origin
//! refused; a wrong `Host`, a missing token and a simple `text/plain` POST
//! refused; and no process left once the runner stops.
//!
//! The runner here runs the listings cargo has built already, and compiles
//! edits against std alone (`Config::cargo` off), and draws the curve from
//! the debug build on a small input (`Config::curve_args`): a cargo run inside the
//! tests would wait for the build folder's lock.

use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use book_tools::recording::{self, Order};
use book_tools::runner::{Config, HEADER, Runner};
use fantoccini::Client;
use serde_json::Value;

use super::{driver, root, server};

/// How long a run may last here: more than the slowest run the test asks
/// for that must end (the timely listing, two processes, on a busy
/// machine), so that the endless loop's end proves the deadline. The loop
/// runs while the book is built and read: its deadline costs no time.
const DEADLINE: Duration = Duration::from_secs(5);

/// The chapters it reads, the only ones it builds.
const PAGES: [&str; 3] = ["ch08", "ch12", "ch16"];

/// Runs the whole test; each problem found is a line of the result.
pub fn test(chromedriver: &Path, chromium: &Path) -> Result<(), Vec<String>> {
    let started = Instant::now();
    let target = root().join("target");
    let (site_url, _) = super::html_config();
    let site = target.join("browser-runner-site");
    let _ = std::fs::remove_dir_all(&site);
    let book = site.join(site_url.trim_matches('/'));
    std::fs::create_dir_all(&book).unwrap();
    let serve = || {
        let origin = server::serve(
            site.clone(),
            book.join("404.html"),
            server::Caching::Nothing,
        )
        .expect("serving the book");
        format!("{origin}{site_url}")
    };
    let (own, other) = (serve(), serve());
    let port = |base: &str| url::Url::parse(base).unwrap().port().unwrap();
    let runner = Runner::start(Config {
        deadline: DEADLINE,
        warm: false,
        cargo: false,
        // The curve of chapter 12 from the debug build, on a small input.
        curve_args: Some(vec!["20".into()]),
        ..Config::new(root(), port(&own))
    })
    .expect("starting the runner");
    // An endless loop, asked for first: it is killed at the deadline while
    // the book is built and read, and the runner serves the page meanwhile.
    let port_of_runner = runner.port;
    let (token, origin) = (runner.token.clone(), runner.book_origin());
    let looping = std::thread::spawn(move || {
        // Endless, but asleep: it costs the busy machine no CPU.
        let code = "import time\nprint('looping', flush=True)\nwhile True:\n    time.sleep(0.05)\n";
        post(port_of_runner, &origin, &token, code)
    });
    // Its own two chapters are built once the whole book the other tests
    // share is (under `cargo book test`): that one is what they wait for.
    book_tools::book::built_for_tests().expect("building the book");
    book_tools::book::build_html_with(root(), &book, &[runner.script_path()], &PAGES)
        .expect("building the book");
    let built = started.elapsed();

    let profile = target.join(format!("browser-runner-profile-{}", std::process::id()));
    let driver = driver::Driver::start(chromedriver, profile.clone()).map_err(|e| vec![e])?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut problems = runtime.block_on(async {
        let client = driver::session(&driver, chromium, &profile)
            .await
            .map_err(|e| vec![e])?;
        let mut problems = Vec::new();
        in_the_browser(&client, &runner, &own, &other, &mut problems).await;
        let _ = client.close().await;
        Ok::<_, Vec<String>>(problems)
    })?;
    let answer = looping.join().unwrap_or_default();
    if !answer.contains("killed at its deadline") || !answer.contains("looping") {
        problems.push(format!(
            "an endless loop was not killed at the deadline: {answer}"
        ));
    }
    problems.extend(refused_over_http(&runner));
    runner.stop();
    drop(driver);
    let left: Vec<String> = book_tools::reaper::descendants()
        .into_iter()
        .filter(|p| p.state != 'Z' && !p.command.contains("chrom"))
        .map(|p| format!("{}: {}", p.pid, p.command))
        .collect();
    if !left.is_empty() {
        problems.push(format!("left running once the runner stopped: {left:?}"));
    }
    let _ = writeln!(
        std::io::stderr(),
        "the runner in a browser: book built in {:.1} s, all in {:.1} s",
        built.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    match problems.is_empty() {
        true => Ok(()),
        false => Err(problems),
    }
}

/// A page's script; `null` where it failed (a problem then says why).
async fn js(client: &Client, script: &str, problems: &mut Vec<String>) -> Value {
    client.execute(script, vec![]).await.unwrap_or_else(|e| {
        problems.push(format!("script failed: {e}\n{script}"));
        Value::Null
    })
}

/// Polls `script` until it gives a string, for at most `limit`.
async fn wait(
    client: &Client,
    what: &str,
    script: &str,
    limit: Duration,
    problems: &mut Vec<String>,
) -> String {
    let start = Instant::now();
    loop {
        if let Value::String(found) = js(client, script, problems).await {
            return found;
        }
        if start.elapsed() > limit {
            problems.push(format!("gave up after {limit:?} waiting for {what}"));
            return String::new();
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Marks the `n`th block matching `selector` whose text contains
/// `containing` with `data-test="name"`, replacing its text with `edit`
/// if given; a problem if there is none.
async fn mark(
    client: &Client,
    (selector, containing, n): (&str, &str, usize),
    name: &str,
    edit: Option<&str>,
    problems: &mut Vec<String>,
) {
    let script = format!(
        "const found = [...document.querySelectorAll({selector:?})]
             .filter(c => c.textContent.includes({containing:?}))[{n}];
         if (!found) return false;
         found.parentElement.dataset.test = {name:?};
         const edit = {edit};
         if (edit !== null) found.textContent = edit;
         return true;",
        edit = serde_json::to_string(&edit).unwrap()
    );
    if js(client, &script, problems).await != true {
        problems.push(format!(
            "no block {selector} containing {containing:?} (#{n})"
        ));
    }
}

/// Presses Run on the block marked `name`, and waits for its run to end:
/// the line under it (which says who ran it), and what it printed.
async fn run(
    client: &Client,
    name: &str,
    limit: Duration,
    problems: &mut Vec<String>,
) -> (String, String) {
    let press = format!(
        "const b = document.querySelector('pre[data-test={name:?}] .play-button');
         if (!b || b.hidden) return false;
         b.click();
         return true;"
    );
    if js(client, &press, problems).await != true {
        problems.push(format!("{name}: no Run button to press"));
    }
    let ended = format!(
        "const pre = document.querySelector('pre[data-test={name:?}]');
         const line = pre && pre.nextElementSibling;
         if (!line || !line.classList.contains('runner-where')
             || line.textContent.startsWith('Running')) return null;
         return JSON.stringify([line.textContent, pre.querySelector('code.result').innerText]);"
    );
    let found = wait(client, &format!("{name}'s run"), &ended, limit, problems).await;
    serde_json::from_str(&found).unwrap_or_default()
}

/// How many logical CPUs the recording machine had (`machine.txt`).
fn machine_cpus() -> usize {
    let machine =
        std::fs::read_to_string(root().join("listings/recorded/machine.txt")).unwrap_or_default();
    machine
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Checks that the run of listing `name` printed what its recording
/// shows, up to numbers and order.
fn as_recorded(name: &str, printed: &str, problems: &mut Vec<String>) {
    let file = root().join(format!("listings/recorded/{name}.txt"));
    let recorded = std::fs::read_to_string(&file).unwrap_or_default();
    if let Err(diff) = recording::check_words(&recorded, printed, Order::Free) {
        problems.push(format!(
            "{name}, run from its page, printed:\n{printed}\n{diff}"
        ));
    }
}

async fn in_the_browser(
    client: &Client,
    runner: &Runner,
    own: &str,
    other: &str,
    problems: &mut Vec<String>,
) {
    let long = DEADLINE + Duration::from_secs(10);
    // Chapter 16: the timely listing (`noplayground`), two processes.
    let _ = client
        .goto(&format!("{own}ch16-beyond-one-machine.html"))
        .await;
    mark(
        client,
        ("code.noplayground", "timely", 0),
        "timely",
        None,
        problems,
    )
    .await;
    let (line, printed) = run(client, "timely", long, problems).await;
    if !line.contains("listing ch16-01-word-count, as declared") {
        problems.push(format!("chapter 16's timely listing: {line}"));
    }
    as_recorded("ch16-01-word-count", &printed, problems);
    // An exercise's solution (std only: edits here compile against std
    // alone), run under its grader.
    mark(
        client,
        ("code.noplayground", "never partial counts", 0),
        "solution",
        None,
        problems,
    )
    .await;
    // Opened, as a reader opens it to see the solution.
    js(
        client,
        "const d = document.querySelector('pre[data-test=\"solution\"]').closest('details');
         if (d) d.open = true;",
        problems,
    )
    .await;
    let (line, printed) = run(client, "solution", long, problems).await;
    if !line.contains("the solution of exercise ch16-02-a-dead-worker, under its grader")
        || !printed.contains("PASSED")
    {
        problems.push(format!("chapter 16's second solution: {line}\n{printed}"));
    }

    // Chapter 12: the scaling curve, drawn on this machine beside the
    // recorded one.
    let _ = client
        .goto(&format!("{own}ch12-data-parallelism.html"))
        .await;
    let pressed = js(
        client,
        "const b = document.querySelector('.runner-scaling-button');
         if (!b) return false;
         b.click();
         return true;",
        problems,
    )
    .await;
    if pressed != true {
        problems.push("chapter 12: no button to draw the scaling curve".into());
    }
    let found = wait(
        client,
        "the scaling curves",
        "const figures = document.querySelectorAll('.runner-scaling .runner-compare figure');
         if (figures.length < 2) return null;
         return JSON.stringify([...figures].map(f => [f.querySelector('figcaption').textContent,
             f.querySelectorAll('circle.point').length, f.querySelector('code').textContent]));",
        long,
        problems,
    )
    .await;
    let figures: Vec<(String, usize, String)> = serde_json::from_str(&found).unwrap_or_default();
    let cpus = book_tools::listing::cores();
    let recorded_cpus = machine_cpus();
    let right = |f: &[(String, usize, String)]| {
        f.len() == 2
            && f[0].0.starts_with("Recorded:")
            && f[0].1 == recorded_cpus
            && f[1].0.starts_with("Your machine:")
            && f[1].1 == cpus
            && book_tools::scaling::points(&f[1].2).is_ok_and(|p| p.len() == cpus)
    };
    if !right(&figures) {
        problems.push(format!(
            "the scaling curves, recorded ({recorded_cpus} points) and this machine's ({cpus}): {figures:?}"
        ));
    }

    // Chapter 8: a tokio listing, a Python box, an edit, 100 MB of output.
    let _ = client.goto(&format!("{own}ch08-tokio-basics.html")).await;
    let python = "code.language-python";
    mark(
        client,
        ("pre.playground > code", "tokio::join!", 0),
        "tokio",
        None,
        problems,
    )
    .await;
    mark(client, (python, "", 0), "python", None, problems).await;
    let edit = "fn main() {\n    println!(\"edited: {}\", 6 * 7);\n}\n";
    mark(
        client,
        ("pre.playground > code", "tokio", 1),
        "edited",
        Some(edit),
        problems,
    )
    .await;
    let flood = "import sys\nsys.stdout.write('x' * 100_000_000)\n";
    mark(client, (python, "", 1), "flood", Some(flood), problems).await;
    let (line, printed) = run(client, "tokio", long, problems).await;
    match line
        .split("listing ")
        .nth(1)
        .and_then(|l| l.split(',').next())
    {
        Some(name) if line.contains("as declared") => as_recorded(name, &printed, problems),
        _ => problems.push(format!("a tokio listing: {line}")),
    }
    // Beside the recording, each under its machine's line.
    let captions = js(
        client,
        "const c = document.querySelector('pre[data-test=\"tokio\"] + p + .runner-compare');
         return c && [...c.querySelectorAll('figcaption')].map(f => f.textContent);",
        problems,
    )
    .await;
    let machine =
        std::fs::read_to_string(root().join("listings/recorded/machine.txt")).unwrap_or_default();
    let captions: Vec<String> = serde_json::from_value(captions).unwrap_or_default();
    let expected = |c: &[String]| {
        c.len() == 2
            && c[0].contains(machine.trim())
            && c[1].starts_with("Your machine:")
            && c[1].contains("logical CPU")
            && c[1].ends_with("build")
    };
    if !expected(&captions) {
        problems.push(format!("the run beside its recording: {captions:?}"));
    }
    let (line, printed) = run(client, "python", long, problems).await;
    match line
        .split(": ")
        .nth(1)
        .and_then(|l| l.split(" as it is").next())
    {
        // What the program prints when the tests run it.
        Some(file) if file.ends_with(".py") => {
            let path = root().join("listings/python").join(file);
            let direct = book_tools::listing::python_program(&path.to_string_lossy());
            let expected = direct.map(|run| run.stdout).unwrap_or_default();
            if let Err(diff) = recording::check_words(&expected, &printed, Order::Free) {
                problems.push(format!("{file}, run from its page:\n{printed}\n{diff}"));
            }
        }
        _ => problems.push(format!("a Python box: {line}")),
    }
    let (line, printed) = run(client, "edited", long, problems).await;
    if !line.contains("your edit of listing") || printed.trim() != "edited: 42" {
        problems.push(format!("an edited block: {line}\n{printed}"));
    }
    let (line, printed) = run(client, "flood", long, problems).await;
    let shown = printed.len();
    if !line.contains("cut there") || !((1 << 19)..=(1 << 20) + 100).contains(&shown) {
        problems.push(format!("100 MB of output: {line} ({shown} bytes shown)"));
    }

    // The same page from another origin: its Run reaches no program.
    let before = runner.runs();
    let _ = client.goto(&format!("{other}ch08-tokio-basics.html")).await;
    mark(
        client,
        ("pre.playground > code", "tokio::join!", 0),
        "tokio",
        None,
        problems,
    )
    .await;
    let (line, _) = run(client, "tokio", long, problems).await;
    if !line.contains("did not answer") || runner.runs() != before {
        problems.push(format!(
            "a page of another origin ran code: {line} ({} runs before, {} after)",
            before,
            runner.runs()
        ));
    }
}

/// Asks the runner at `port` to run `code` (Python) as the book's page at
/// `origin` would: its whole answer.
fn post(port: u16, origin: &str, token: &str, code: &str) -> String {
    let body = serde_json::json!({ "lang": "python", "code": code }).to_string();
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let _ = write!(
        stream,
        "POST /run HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {origin}\r\n\
         Content-Type: application/json\r\n{HEADER}: {token}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

/// A wrong `Host`, no token, a simple `text/plain` POST: each refused.
fn refused_over_http(runner: &Runner) -> Vec<String> {
    let mut problems = Vec::new();
    let origin = runner.book_origin();
    let body = r#"{"lang":"python","code":"print(1)"}"#;
    let cases = [
        (
            "a wrong Host",
            "evil.example",
            "application/json",
            true,
            "421",
        ),
        ("no token", "127.0.0.1", "application/json", false, "403"),
        ("a text/plain POST", "127.0.0.1", "text/plain", true, "415"),
    ];
    for (what, host, kind, token, status) in cases {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", runner.port)).unwrap();
        let token = match token {
            true => format!("{HEADER}: {}\r\n", runner.token),
            false => String::new(),
        };
        let _ = write!(
            stream,
            "POST /run HTTP/1.1\r\nHost: {host}:{}\r\nOrigin: {origin}\r\nContent-Type: {kind}\r\n\
             {token}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            runner.port,
            body.len()
        );
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        if !answer.starts_with(&format!("HTTP/1.1 {status}")) {
            problems.push(format!("{what} was not refused with {status}: {answer}"));
        }
    }
    problems
}
