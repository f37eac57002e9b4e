//! One test per rule of the runner: each fails if its rule is taken out.

use std::io::{Read, Write};
use std::net::TcpStream;

use super::*;

const BOOK: u16 = 3000;
const RUNNER: u16 = 4321;
const TOKEN: &str = "0123456789abcdef0123456789abcdef";

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(
            header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}

/// A run's request as the book's page sends it, with `change` made.
fn request(change: (&str, Option<&str>)) -> HeaderMap {
    let mut all = vec![
        ("host", "127.0.0.1:4321"),
        ("origin", "http://localhost:3000"),
        ("content-type", "application/json"),
        (HEADER, TOKEN),
    ];
    all.retain(|(name, _)| *name != change.0);
    if let Some(value) = change.1 {
        all.push((change.0, value));
    }
    headers(&all)
}

fn gate() -> Gate {
    Gate::new(BOOK, RUNNER, TOKEN)
}

fn refused(method: Method, headers: &HeaderMap) -> Option<&'static str> {
    gate()
        .check(&method, headers)
        .err()
        .map(|Refused(_, why)| why)
}

#[test]
fn the_books_own_request_passes() {
    assert_eq!(refused(Method::POST, &request(("", None))), None);
    let other_name = request(("origin", Some("http://127.0.0.1:3000")));
    assert_eq!(refused(Method::POST, &other_name), None);
}

#[test]
fn only_the_books_origin_exactly() {
    for origin in [
        Some("http://localhost:3001"),
        Some("http://localhost:3000.evil.example"),
        Some("https://localhost:3000"),
        Some("http://evil.example"),
        Some("null"),
        None,
    ] {
        let headers = request(("origin", origin));
        assert_eq!(
            refused(Method::POST, &headers),
            Some("not the book's origin"),
            "{origin:?}"
        );
        assert_eq!(
            refused(Method::OPTIONS, &headers),
            Some("not the book's origin"),
            "a preflight from {origin:?}"
        );
    }
}

#[test]
fn only_its_own_host_and_port() {
    for host in [
        Some("evil.example:4321"),
        Some("127.0.0.1:4322"),
        Some("localhost"),
        None,
    ] {
        assert_eq!(
            refused(Method::POST, &request(("host", host))),
            Some("wrong Host"),
            "{host:?}"
        );
    }
    assert_eq!(
        refused(Method::POST, &request(("host", Some("localhost:4321")))),
        None
    );
}

#[test]
fn only_a_json_body() {
    for kind in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        assert_eq!(
            refused(Method::POST, &request(("content-type", kind))),
            Some("the body must be JSON"),
            "{kind:?}"
        );
    }
    let charset = request(("content-type", Some("application/json; charset=utf-8")));
    assert_eq!(refused(Method::POST, &charset), None);
}

#[test]
fn only_with_the_token_in_the_custom_header() {
    assert_eq!(
        refused(Method::POST, &request((HEADER, None))),
        Some("no token")
    );
    let wrong = "0123456789abcdef0123456789abcdee";
    assert_eq!(
        refused(Method::POST, &request((HEADER, Some(wrong)))),
        Some("wrong token")
    );
    assert_eq!(
        refused(Method::POST, &request((HEADER, Some("")))),
        Some("wrong token")
    );
}

#[test]
fn a_preflight_from_the_book_passes_and_nothing_but_post_runs() {
    let preflight = headers(&[
        ("host", "127.0.0.1:4321"),
        ("origin", "http://localhost:3000"),
    ]);
    assert_eq!(refused(Method::OPTIONS, &preflight), None);
    assert_eq!(
        refused(Method::GET, &request(("", None))),
        Some("only POST runs")
    );
}

#[test]
fn each_start_makes_a_new_token() {
    let (a, b) = (token().unwrap(), token().unwrap());
    assert_eq!(a.len(), 32);
    assert_ne!(a, b);
}

#[test]
fn at_most_two_runs_at_once() {
    let slots = Slots::default();
    let one = slots.take().expect("a first run");
    let two = slots.take().expect("a second run");
    assert!(slots.take().is_none(), "a third run at once");
    drop(one);
    let three = slots.take().expect("a run once one ended");
    drop((two, three));
}

fn config() -> Config {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    Config {
        deadline: Duration::from_millis(400),
        memory: 256 << 20,
        warm: false,
        cargo: false,
        ..Config::new(root, BOOK)
    }
}

fn sh(script: &str) -> std::process::Command {
    let mut sh = std::process::Command::new("sh");
    sh.args(["-c", script]);
    sh
}

fn run(script: &str, config: &Config, stop: Arc<AtomicBool>) -> Bounded {
    let bounds = bounds(config, stop);
    listing::run_bounded(sh(script), None, Vec::new(), config.deadline, &bounds)
}

/// Whether process `pid` is gone (or a zombie), waiting up to 2 s.
fn gone(pid: &str) -> bool {
    listing::gone_within(pid, Duration::from_secs(2))
}

#[test]
fn output_is_cut_at_one_megabyte() {
    let ran = run("yes", &config(), Arc::default());
    assert_eq!(ran.ended, Ended::Cut);
    assert_eq!(ran.run.stdout.len(), OUTPUT_CAP);
}

#[test]
fn each_process_of_a_run_has_its_memory_limited() {
    let config = config();
    let ran = run("ulimit -v; sh -c 'ulimit -v'", &config, Arc::default());
    let kib = (config.memory / 1024).to_string();
    assert_eq!(ran.run.stdout, format!("{kib}\n{kib}\n"));
}

#[test]
fn the_whole_group_is_killed_at_the_deadline() {
    let started = Instant::now();
    let ran = run("sleep 60 & echo $!; sleep 60", &config(), Arc::default());
    // Not a minute later, when the sleeps would have ended by themselves.
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(ran.ended, Ended::Deadline);
    assert!(gone(&ran.run.stdout), "{} outlived its run", ran.run.stdout);
}

#[test]
fn a_stopped_run_is_killed_whole() {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        flag.store(true, Ordering::Relaxed);
    });
    let config = Config {
        deadline: Duration::from_secs(20),
        ..config()
    };
    let started = Instant::now();
    let ran = run("sleep 60 & echo $!; sleep 60", &config, stop);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(ran.ended, Ended::Stopped);
    assert!(gone(&ran.run.stdout));
}

/// Sends a run of `code` (Python) to `runner`, as the page would; gives
/// the open connection, the request written.
fn post(runner: &Runner, code: &str) -> TcpStream {
    let body = serde_json::json!({ "lang": "python", "code": code }).to_string();
    let mut stream = TcpStream::connect(("127.0.0.1", runner.port)).unwrap();
    write!(
        stream,
        "POST /run HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: http://localhost:{BOOK}\r\n\
         Content-Type: application/json\r\n{HEADER}: {}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        runner.port,
        runner.token,
        body.len()
    )
    .unwrap();
    stream
}

/// A Python program that writes its process id to `file`, then sleeps.
fn sleeper(file: &Path) -> String {
    format!(
        "import os, time\nopen({:?}, 'w').write(str(os.getpid()))\ntime.sleep(60)\n",
        file.display().to_string()
    )
}

fn pid_in(file: &Path) -> String {
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(pid) = std::fs::read_to_string(file)
            && !pid.is_empty()
        {
            return pid;
        }
        assert!(Instant::now() < until, "the run never started");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Starts a run of [`sleeper`] on `runner`, as a page would: the open
/// connection, the run's process id, and the file it wrote it to (named
/// by `name`; remove it at the end).
fn sleeping(runner: &Runner, name: &str) -> (TcpStream, String, std::path::PathBuf) {
    let file = std::env::temp_dir().join(format!("runner-{name}-{}", std::process::id()));
    let _ = std::fs::remove_file(&file);
    let stream = post(runner, &sleeper(&file));
    let pid = pid_in(&file);
    (stream, pid, file)
}

fn python_or_skip() -> bool {
    if listing::python().is_none() {
        eprintln!("skipped: no python3");
        return false;
    }
    true
}

#[test]
fn a_run_is_killed_when_its_page_goes_away() {
    if !python_or_skip() {
        return;
    }
    let config = Config {
        deadline: Duration::from_secs(30),
        ..config()
    };
    let runner = Runner::start(config).unwrap();
    let (stream, pid, file) = sleeping(&runner, "away");
    drop(stream);
    assert!(gone(&pid), "the run outlived the page that asked for it");
    let _ = std::fs::remove_file(&file);
}

#[test]
fn nothing_runs_once_the_runner_stops() {
    if !python_or_skip() {
        return;
    }
    let config = Config {
        deadline: Duration::from_secs(30),
        ..config()
    };
    let runner = Runner::start(config).unwrap();
    let script = runner.script();
    assert!(
        std::fs::read_to_string(&script).is_ok_and(|s| s.contains(&runner.token)),
        "the token script"
    );
    let (mut stream, pid, file) = sleeping(&runner, "stop");
    runner.stop();
    assert!(gone(&pid), "a run outlived its runner");
    assert!(!script.exists(), "the token script outlived its runner");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.contains(r#""ended":"stopped""#), "{answer}");
    let _ = std::fs::remove_file(&file);
}

#[test]
fn a_request_from_elsewhere_is_refused_over_http() {
    let runner = Runner::start(config()).unwrap();
    let mut stream = TcpStream::connect(("127.0.0.1", runner.port)).unwrap();
    write!(
        stream,
        "POST /run HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: http://localhost:{}\r\n\
         Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}",
        runner.port,
        BOOK + 1,
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert!(
        !answer
            .to_lowercase()
            .contains("access-control-allow-origin"),
        "{answer}"
    );
}

#[test]
fn a_listing_is_known_by_its_text() {
    let shown = "// ANCHOR: all\nfn main() {}   \n// ANCHOR_END: all\n\n";
    assert_eq!(normalized(shown), "fn main() {}");
    let job = Job::parse(br#"{"code": "fn main() {}", "original": "fn main() {}\n"}"#).unwrap();
    assert!(!job.edited());
    let job = Job::parse(br#"{"code": "fn main() { }", "original": "fn main() {}"}"#).unwrap();
    assert!(job.edited());
    assert!(Job::parse(br#"{"code": "x", "lang": "sh"}"#).is_err());
}

#[test]
fn a_scaling_curve_runs_its_program_at_every_count_beside_the_recorded_one() {
    let book = crate::check::fixture::Fixture::new("runner-curve");
    let recorded = "threads 1: speedup 1.00, efficiency 1.00\n";
    let recorded_svg = crate::scaling::figure("c", "c", recorded).unwrap().unwrap();
    book.file(
        listing::MANIFEST,
        "[package]\nname = \"listings\"\n[[bin]]\nname = \"runner-curve-a\"\npath = \"src/bin/runner-curve-a.rs\"\ntest = false\n[package.metadata.run.runner-curve-b]\nlisting = \"runner-curve-a\"\nscaling = \"THREADS\"\n",
    )
    .file("listings/recorded/runner-curve-b.txt", recorded)
    .file("listings/recorded/runner-curve-b.svg", &recorded_svg)
    .file("listings/recorded/runner-curve-b.run.txt", "`x`, a debug build")
    .file("listings/recorded/machine.txt", "1 logical CPU (recorded)\n");
    // The program: a speedup of half its count of threads, which it
    // reads from the variable; at 3 threads and more, it fails.
    let exe = crate::target_dir(&book.dir).join("debug/runner-curve-a");
    std::fs::create_dir_all(exe.parent().unwrap()).unwrap();
    let script = "#!/bin/sh\n[ \"$THREADS\" -lt 3 ] || { echo too many >&2; exit 1; }\necho \"speedup: $(( THREADS * 5 ))e-1\"\n";
    std::fs::write(&exe, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let runner = Runner::start(Config {
        deadline: Duration::from_secs(10),
        warm: false,
        cargo: false,
        ..Config::new(&book.dir, BOOK)
    })
    .unwrap();
    let job = |body: &str| Job::parse(body.as_bytes()).unwrap();
    let answer = runner
        .shared
        .execute(job(r#"{"scaling": "runner-curve-b"}"#), Arc::default())
        .unwrap();
    let counts = listing::cores();
    if counts < 3 {
        let want: String = (1..=counts)
            .map(|threads| {
                crate::scaling::line(crate::scaling::Point {
                    threads,
                    speedup: threads as f64 / 2.0,
                })
            })
            .collect();
        assert_eq!(answer["result"], want.as_str(), "{answer}");
        assert_eq!(answer["ended"], "exited");
        let svg = answer["svg"].as_str().unwrap();
        assert_eq!(svg.matches("<circle class=\"point\"").count(), counts);
    } else {
        // A run that fails ends the curve, with what it said.
        assert_eq!(answer["ended"], "failed", "{answer}");
        let said = answer["result"].as_str().unwrap();
        assert!(
            said.contains("failed") && said.contains("too many"),
            "{said}"
        );
    }
    assert!(
        answer["ran"]
            .as_str()
            .unwrap()
            .contains(&format!("from 1 to {counts}"))
    );
    assert_eq!(answer["recorded"]["output"], recorded);
    assert_eq!(answer["recorded"]["svg"], recorded_svg.as_str());
    assert_eq!(answer["recorded"]["machine"], "1 logical CPU (recorded)");
    // Only a declared curve is drawn.
    let error = runner
        .shared
        .execute(job(r#"{"scaling": "runner-curve-a"}"#), Arc::default())
        .unwrap_err();
    assert_eq!(error, "no scaling curve is named `runner-curve-a`");
}

#[test]
fn a_solution_runs_in_its_starters_place_under_the_grader() {
    let runner = Runner::start(Config {
        deadline: Duration::from_secs(20),
        ..config()
    })
    .unwrap();
    let root = &runner.shared.config.root;
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap();
    // A std-only exercise: the runner here compiles against std alone.
    let solution = read("exercises/solutions/ch16-02-a-dead-worker.rs");
    let wrong = read("exercises/wrong/ch16-02-a-dead-worker--partial-counts.rs");
    let job = |code: &str| Job {
        lang: "rust".into(),
        code: code.into(),
        original: Some(solution.clone()),
        release: false,
        scaling: None,
    };
    let passed = runner
        .shared
        .execute(job(&solution), Arc::default())
        .unwrap();
    let said = passed["result"].as_str().unwrap();
    assert!(said.contains("PASSED"), "{passed}");
    assert_eq!(
        passed["ran"],
        "the solution of exercise ch16-02-a-dead-worker, under its grader"
    );
    // An edit of it is graded too: here, a wrong answer fails.
    let failed = runner.shared.execute(job(&wrong), Arc::default()).unwrap();
    let said = failed["result"].as_str().unwrap();
    assert!(
        said.contains("FAIL") && !said.contains("PASSED"),
        "{failed}"
    );
    assert!(
        failed["ran"]
            .as_str()
            .unwrap()
            .starts_with("your edit of the solution")
    );
    assert_eq!(
        under_grader(
            "a\n// ANCHOR: starter\nold\n// ANCHOR_END: starter\nz\n",
            "new\n"
        )
        .unwrap(),
        "a\n// ANCHOR: starter\nnew\n// ANCHOR_END: starter\nz\n"
    );
    assert_eq!(under_grader("no region\n", "x"), None);
}

#[test]
fn edited_code_reads_what_cargo_would_give_it_with_env() {
    let runner = Runner::start(Config {
        deadline: Duration::from_secs(20),
        ..config()
    })
    .unwrap();
    // As listing 15-4 finds its Python program.
    let code = "fn main() {\n    println!(\"{}\", concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/python\"));\n}\n";
    let job = Job::parse(serde_json::json!({ "code": code }).to_string().as_bytes()).unwrap();
    let answer = runner.shared.execute(job, Arc::default()).unwrap();
    let listings = runner.shared.config.root.join("listings/python");
    assert_eq!(
        answer["result"].as_str().unwrap().trim(),
        listings.display().to_string(),
        "{answer}"
    );
}
