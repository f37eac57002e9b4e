//! The local runner of `cargo book serve`: the pages' Run buttons run their
//! code on the reader's own machine, and nobody else's requests are taken.
//!
//! It listens on 127.0.0.1 only, at a port of its own, and writes
//! `target/book-runner/runner-token.js`, which the served pages load from
//! the book's own origin (`cargo book serve` adds it to the book's
//! `additional-js`): the runner's address and a random token made at this
//! start. `theme/runner.js` then sends every Run to it (see there).
//!
//! A request runs only if it passes every rule of [`Gate`]: from the
//! served book's origin exactly (`Origin`), to `localhost` or `127.0.0.1`
//! at the runner's port (`Host`, against DNS rebinding), a JSON body with
//! the token in the custom header [`HEADER`] (so a cross-site "simple"
//! request cannot get through without a preflight, which is refused to
//! other origins). Then at most [`AT_ONCE`] programs run at once, each
//! within a deadline (30 s unless the serve command says otherwise), its
//! output cut at [`OUTPUT_CAP`], its memory limited ([`MEMORY`],
//! `RLIMIT_AS`), as a process group killed whole at its end, at its
//! deadline, or when the page that asked goes away. [`Runner::stop`] ends
//! every run still going, and `cargo book`'s reaper ends whatever is left
//! when it exits.
//!
//! What runs ([`Job`]): a listing as it is on the page runs as
//! `listings/Cargo.toml` declares it, built by cargo; an edited one is
//! compiled by rustc against the crates cargo built for the listings
//! (`listing::Crates`), kept in a cache by its text, and run the same way;
//! other Rust code (a quiz's, an exercise's) is compiled likewise and run
//! plainly; a Python box runs on the interpreter, or the virtual
//! environment, that the tests use.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};

use crate::listing::{self, Bounded, Bounds, Crates, Ended, RunSpec};

/// The custom header that carries the token.
pub const HEADER: &str = "x-book-runner";
/// Programs that may run at once.
pub const AT_ONCE: usize = 2;
/// Bytes of output kept of each stream of a run.
pub const OUTPUT_CAP: usize = 1 << 20;
/// The address space each process of a run may have.
pub const MEMORY: u64 = 4 << 30;
/// A run's deadline unless the serve command sets another.
pub const DEADLINE: Duration = Duration::from_secs(30);
/// The largest request body taken (a program's text).
const BODY_CAP: usize = 1 << 20;

/// Who may ask for a run: the rules every request must pass.
#[derive(Debug, Clone)]
pub struct Gate {
    /// The served book's origins (`http://localhost:PORT`,
    /// `http://127.0.0.1:PORT`).
    origins: Vec<String>,
    /// The runner's own `Host`s (`localhost:PORT`, `127.0.0.1:PORT`).
    hosts: Vec<String>,
    token: String,
}

/// A request refused: its status and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub StatusCode, pub &'static str);

impl Gate {
    pub fn new(book_port: u16, runner_port: u16, token: &str) -> Gate {
        let both = |port: u16, scheme: &str| {
            ["localhost", "127.0.0.1"]
                .iter()
                .map(|host| format!("{scheme}{host}:{port}"))
                .collect()
        };
        Gate {
            origins: both(book_port, "http://"),
            hosts: both(runner_port, ""),
            token: token.to_owned(),
        }
    }

    /// `Ok` if a request of `method` with `headers` may be answered: a
    /// preflight (`OPTIONS`) from the book's origin, or a run.
    pub fn check(&self, method: &Method, headers: &HeaderMap) -> Result<(), Refused> {
        let value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if !value("host").is_some_and(|host| self.hosts.iter().any(|h| h == host)) {
            return Err(Refused(StatusCode::MISDIRECTED_REQUEST, "wrong Host"));
        }
        if !value("origin").is_some_and(|origin| self.origins.iter().any(|o| o == origin)) {
            return Err(Refused(StatusCode::FORBIDDEN, "not the book's origin"));
        }
        if method == Method::OPTIONS {
            return Ok(());
        }
        if method != Method::POST {
            return Err(Refused(StatusCode::METHOD_NOT_ALLOWED, "only POST runs"));
        }
        let json = value("content-type")
            .is_some_and(|t| t.split(';').next().unwrap_or_default().trim() == "application/json");
        if !json {
            return Err(Refused(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "the body must be JSON",
            ));
        }
        match value(HEADER) {
            None => Err(Refused(StatusCode::FORBIDDEN, "no token")),
            Some(token) if !same(token.as_bytes(), self.token.as_bytes()) => {
                Err(Refused(StatusCode::FORBIDDEN, "wrong token"))
            }
            Some(_) => Ok(()),
        }
    }
}

/// Whether `a` and `b` are equal, in a time that does not depend on where
/// they first differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A random token: 128 bits from the system's generator, in hex.
pub fn token() -> Result<String, String> {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| format!("/dev/urandom: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The runs going on: at most [`AT_ONCE`], each with its stop flag.
#[derive(Default)]
pub struct Slots {
    running: AtomicUsize,
    stops: Mutex<Vec<Arc<AtomicBool>>>,
}

/// A run's place among the [`Slots`], given back when dropped.
pub struct Slot<'a> {
    slots: &'a Slots,
    pub stop: Arc<AtomicBool>,
}

impl Slots {
    /// A place for one more run, if fewer than [`AT_ONCE`] are running.
    pub fn take(&self) -> Option<Slot<'_>> {
        self.running
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < AT_ONCE).then_some(n + 1)
            })
            .ok()?;
        let stop = Arc::new(AtomicBool::new(false));
        self.stops.lock().unwrap().push(stop.clone());
        Some(Slot { slots: self, stop })
    }

    /// Asks every run to stop, and waits (up to `limit`) until none runs.
    pub fn stop_all(&self, limit: Duration) {
        for stop in self.stops.lock().unwrap().iter() {
            stop.store(true, Ordering::Relaxed);
        }
        let until = Instant::now() + limit;
        while self.running.load(Ordering::Acquire) > 0 && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.slots
            .stops
            .lock()
            .unwrap()
            .retain(|s| !Arc::ptr_eq(s, &self.stop));
        self.slots.running.fetch_sub(1, Ordering::AcqRel);
    }
}

/// How the runner is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// The repository's root.
    pub root: PathBuf,
    /// The port the book is served at (its origin is the only one taken).
    pub book_port: u16,
    /// How long a run may last.
    pub deadline: Duration,
    /// Bytes of memory each process of a run may map.
    pub memory: u64,
    /// Whether to build the listings' debug crates at the start (a test of
    /// the rules has no need of them).
    pub warm: bool,
    /// Whether cargo builds what runs (`cargo book serve`): each listing
    /// as declared, and the crates edited code links against. Without it
    /// (under `cargo test`, which holds the build folder's lock) a listing
    /// runs from the executable cargo built already in `target/`, and
    /// edited code is compiled against std alone.
    pub cargo: bool,
    /// For a test: a scaling curve runs its program's debug build with
    /// these arguments, not as declared (a quick curve of the same shape).
    pub curve_args: Option<Vec<String>>,
    /// Where compiled programs are kept, by their text
    /// (`target/book-runner/cache`).
    pub cache: PathBuf,
}

impl Config {
    pub fn new(root: &Path, book_port: u16) -> Config {
        Config {
            root: root.to_owned(),
            book_port,
            deadline: DEADLINE,
            memory: MEMORY,
            warm: true,
            cargo: true,
            curve_args: None,
            cache: crate::target_dir(root).join("book-runner/cache"),
        }
    }
}

/// What the runner shares between its requests.
struct Shared {
    config: Config,
    gate: Gate,
    slots: Slots,
    /// Runs started since the runner started.
    runs: AtomicUsize,
    /// The listings' crates, per build (debug, release), once built.
    crates: [Mutex<Option<Crates>>; 2],
}

/// A running runner.
pub struct Runner {
    pub port: u16,
    pub token: String,
    shared: Arc<Shared>,
}

impl Runner {
    /// Starts the runner on 127.0.0.1 at a free port, on a thread of its
    /// own, and writes its token script (see [`Runner::script`]). The
    /// listings' debug crates are built at once, beside it.
    pub fn start(config: Config) -> Result<Runner, String> {
        let token = token()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(SocketAddr::from((
                [127, 0, 0, 1],
                0,
            ))))
            .map_err(|e| format!("the runner cannot listen on 127.0.0.1: {e}"))?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let shared = Arc::new(Shared {
            gate: Gate::new(config.book_port, port, &token),
            config,
            slots: Slots::default(),
            runs: AtomicUsize::new(0),
            crates: Default::default(),
        });
        let runner = Runner {
            port,
            token,
            shared: shared.clone(),
        };
        let script = runner.script();
        std::fs::create_dir_all(script.parent().unwrap()).map_err(|e| e.to_string())?;
        std::fs::write(&script, runner.script_text()).map_err(|e| e.to_string())?;
        if shared.config.warm {
            let warm = shared.clone();
            std::thread::spawn(move || {
                if let Err(e) = warm.crates(false) {
                    eprintln!("cargo book serve: the runner: {e}");
                }
            });
        }
        std::thread::spawn(move || {
            runtime.block_on(async move {
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let shared = shared.clone();
                    let service =
                        hyper::service::service_fn(move |request| answer(shared.clone(), request));
                    tokio::spawn(async move {
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                            .await;
                    });
                }
            })
        });
        Ok(runner)
    }

    /// The token script, relative to the root (as `additional-js` takes
    /// it): one per runner, named by its port.
    pub fn script_path(&self) -> String {
        format!("target/book-runner/runner-{}.js", self.port)
    }

    /// The token script's file.
    pub fn script(&self) -> PathBuf {
        self.shared.config.root.join(self.script_path())
    }

    fn script_text(&self) -> String {
        format!(
            "// Written by `cargo book serve` at its start (tools/src/runner.rs): the\n\
             // runner on this machine, and the token it takes until it stops.\n\
             window.bookRunner = {{ url: 'http://127.0.0.1:{}/run', token: '{}', \
             deadline: {} }};\n",
            self.port,
            self.token,
            self.shared.config.deadline.as_secs()
        )
    }

    /// Posts `body` to the runner as the book's page does (its origin, a
    /// JSON body, the token): the answer, or why there was none.
    pub fn post(&self, body: &str) -> Result<serde_json::Value, String> {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port))
            .map_err(|e| format!("the runner: {e}"))?;
        write!(
            stream,
            "POST /run HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: {}\r\n\
             Content-Type: application/json\r\n{HEADER}: {}\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            self.port,
            self.book_origin(),
            self.token,
            body.len()
        )
        .map_err(|e| e.to_string())?;
        let mut answer = String::new();
        stream
            .read_to_string(&mut answer)
            .map_err(|e| e.to_string())?;
        let (head, json) = answer
            .split_once("\r\n\r\n")
            .ok_or_else(|| format!("not an HTTP answer: {answer}"))?;
        if !head.starts_with("HTTP/1.1 200") {
            return Err(format!("the runner answered {head}\n{json}"));
        }
        serde_json::from_str(json).map_err(|e| format!("{e}: {json}"))
    }

    /// How many runs it has started.
    pub fn runs(&self) -> usize {
        self.shared.runs.load(Ordering::Relaxed)
    }

    /// The book's origin, the one it takes requests from.
    pub fn book_origin(&self) -> String {
        format!("http://localhost:{}", self.shared.config.book_port)
    }

    /// Ends every run still going (killing its process group) and removes
    /// the token script: what `cargo book serve` does when it stops.
    pub fn stop(&self) {
        self.shared.slots.stop_all(Duration::from_secs(5));
        let _ = std::fs::remove_file(self.script());
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        self.stop();
    }
}

type Reply = Response<Full<Bytes>>;

fn reply(status: StatusCode, origin: Option<&HeaderValue>, body: String) -> Reply {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = origin {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    }
    response
}

fn error(status: StatusCode, origin: Option<&HeaderValue>, why: &str) -> Reply {
    reply(
        status,
        origin,
        serde_json::json!({ "error": why }).to_string(),
    )
}

/// Sets a run's stop flag when dropped: when hyper drops the answer's
/// future because the page's connection went away, the run is killed.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

async fn answer(shared: Arc<Shared>, request: Request<Incoming>) -> Result<Reply, Infallible> {
    if let Err(Refused(status, why)) = shared.gate.check(request.method(), request.headers()) {
        return Ok(error(status, None, why));
    }
    let origin = request.headers().get(header::ORIGIN).cloned();
    let origin = origin.as_ref();
    if request.method() == Method::OPTIONS {
        let mut preflight = reply(StatusCode::NO_CONTENT, origin, String::new());
        let headers = preflight.headers_mut();
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("POST"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("content-type, x-book-runner"),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        return Ok(preflight);
    }
    if request.uri().path() != "/run" {
        return Ok(error(StatusCode::NOT_FOUND, origin, "no such path"));
    }
    let body = match Limited::new(request.into_body(), BODY_CAP).collect().await {
        Ok(body) => body.to_bytes(),
        Err(_) => {
            return Ok(error(
                StatusCode::PAYLOAD_TOO_LARGE,
                origin,
                "body too large",
            ));
        }
    };
    let job = match Job::parse(&body) {
        Ok(job) => job,
        Err(why) => return Ok(error(StatusCode::BAD_REQUEST, origin, &why)),
    };
    // Held until the run ends, on the blocking thread; its stop flag is set
    // if this future is dropped first (the page went away).
    let Some(slot) = shared.slots.take() else {
        return Ok(error(
            StatusCode::TOO_MANY_REQUESTS,
            origin,
            "two programs are running already: wait for one to end",
        ));
    };
    let _stop = StopOnDrop(slot.stop.clone());
    let stop = slot.stop.clone();
    // The slot's lifetime is tied to `shared`: give it back on this side,
    // once the blocking run (which owns a clone of `shared`) has ended.
    shared.runs.fetch_add(1, Ordering::Relaxed);
    let worker = shared.clone();
    let run = tokio::task::spawn_blocking(move || worker.execute(job, stop));
    let result = run.await;
    drop(slot);
    Ok(match result {
        Ok(Ok(done)) => reply(StatusCode::OK, origin, done.to_string()),
        Ok(Err(why)) => error(StatusCode::INTERNAL_SERVER_ERROR, origin, &why),
        Err(e) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            origin,
            &format!("the run failed: {e}"),
        ),
    })
}

/// What a request asks to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// `rust` or `python`.
    pub lang: String,
    /// The text to run.
    pub code: String,
    /// The block's text as the page showed it, if edited since.
    pub original: Option<String>,
    /// A release build asked for on the block.
    pub release: bool,
    /// The scaling curve to draw (`{"scaling": NAME}`, a further run of
    /// `listings/Cargo.toml` that declares `scaling`), instead of code.
    pub scaling: Option<String>,
}

impl Job {
    fn parse(body: &[u8]) -> Result<Job, String> {
        let value: serde_json::Value =
            serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
        let text = |key: &str| value[key].as_str().map(str::to_owned);
        if let Some(name) = text("scaling") {
            return Ok(Job {
                lang: "rust".into(),
                code: String::new(),
                original: None,
                release: false,
                scaling: Some(name),
            });
        }
        let job = Job {
            lang: text("lang").unwrap_or_else(|| "rust".into()),
            code: text("code").ok_or("no `code`")?,
            original: text("original"),
            release: value["release"].as_bool().unwrap_or(false),
            scaling: None,
        };
        match job.lang.as_str() {
            "rust" | "python" => Ok(job),
            other => Err(format!("cannot run `{other}`")),
        }
    }

    /// The text the page first showed.
    fn shown(&self) -> &str {
        self.original.as_deref().unwrap_or(&self.code)
    }

    fn edited(&self) -> bool {
        normalized(&self.code) != normalized(self.shown())
    }
}

/// A program's text as compared with a listing's file: each line without
/// its trailing spaces, without mdBook's `ANCHOR` lines, and without blank
/// lines at either end.
pub fn normalized(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|line| {
            let line = line.trim_start();
            !line.starts_with("// ANCHOR:") && !line.starts_with("// ANCHOR_END:")
        })
        .collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

impl Shared {
    /// The listings' crates for a build, made once (by cargo) and kept.
    fn crates(&self, release: bool) -> Result<Crates, String> {
        let mut kept = self.crates[release as usize].lock().unwrap();
        if let Some(crates) = &*kept {
            return Ok(crates.clone());
        }
        let crates = match self.config.cargo {
            true => Crates::of_listings(&self.config.root, release)?,
            false => Crates::std_only(release).in_package(&self.config.root.join("listings")),
        };
        *kept = Some(crates.clone());
        Ok(crates)
    }

    fn bounds(&self, stop: Arc<AtomicBool>) -> Bounds {
        bounds(&self.config, stop)
    }

    fn cache(&self) -> PathBuf {
        self.config.cache.clone()
    }

    /// Runs `job` to its end: its output and how it ran, as JSON.
    fn execute(&self, job: Job, stop: Arc<AtomicBool>) -> Result<serde_json::Value, String> {
        let started = Instant::now();
        let bounds = self.bounds(stop);
        let deadline = self.config.deadline;
        if let Some(name) = &job.scaling {
            return self.curve(name, &bounds, started);
        }
        // What the block showed, read once for the whole request.
        let known = Shown::read(&self.config.root)?;
        let (what, build, ran) = match job.lang.as_str() {
            "python" => self.python(&job, &known, &bounds)?,
            _ => {
                let listing = known.listing(job.shown()).cloned();
                match (&listing, job.edited()) {
                    (Some((name, spec)), false) => {
                        // As declared, or in release if the block asks.
                        let mut spec = spec.clone();
                        let how = match job.release && !spec.release {
                            true => "as declared but in release",
                            false => "as declared",
                        };
                        spec.release |= job.release;
                        let exe = self.build_listing(name, spec.release)?;
                        let ran = spec.run_bounded(&exe, deadline, &bounds);
                        let answer = described(
                            format!("listing {name}, {how}"),
                            spec.profile(),
                            ran,
                            deadline,
                            started,
                        );
                        return Ok(self.beside_recording(answer, name, spec.profile()));
                    }
                    _ => {
                        let spec = listing.as_ref().map(|(_, s)| s.clone()).unwrap_or_default();
                        let release = job.release || spec.release;
                        let crates = self.crates(release)?;
                        // An exercise's solution is a part of a program:
                        // it runs in its starter's place, under the grader.
                        let solution = match &listing {
                            Some(_) => None,
                            None => self.starter(known.solution(job.shown()))?,
                        };
                        let program = match &solution {
                            Some((_, starter)) => under_grader(starter, &job.code)
                                .ok_or("the exercise has no `starter` region")?,
                            None => job.code.clone(),
                        };
                        let exe = match crates.compile_cached(&program, &self.cache()) {
                            Ok(exe) => exe,
                            Err(messages) => {
                                return Ok(serde_json::json!({
                                    "result": messages,
                                    "ran": "nothing: it does not compile",
                                    "build": spec_profile(release),
                                    "ended": "compile error",
                                    "ms": started.elapsed().as_millis() as u64,
                                }));
                            }
                        };
                        let what = match (&listing, &solution) {
                            (Some((name, _)), _) => format!("your edit of listing {name}"),
                            (None, Some((name, _))) => format!(
                                "{} of exercise {name}, under its grader",
                                if job.edited() {
                                    "your edit of the solution"
                                } else {
                                    "the solution"
                                }
                            ),
                            (None, None) => "your code".to_owned(),
                        };
                        let ran = spec.run_bounded(&exe, deadline, &bounds);
                        (what, spec_profile(release), ran)
                    }
                }
            }
        };
        Ok(described(what, build, ran, deadline, started))
    }

    /// The scaling curve `name` on this machine: its program run as
    /// declared at every thread count from 1 to the logical CPUs (see
    /// `RunSpec::curve`), each run within the deadline, and the curve's
    /// text and figure, beside the recorded ones.
    fn curve(
        &self,
        name: &str,
        bounds: &Bounds,
        started: Instant,
    ) -> Result<serde_json::Value, String> {
        let manifest = std::fs::read_to_string(self.config.root.join(listing::MANIFEST))
            .map_err(|e| format!("{}: {e}", listing::MANIFEST))?;
        let mut spec = listing::declared(&manifest)?
            .into_iter()
            .find(|(n, spec)| n == name && spec.scaling.is_some())
            .map(|(_, spec)| spec)
            .ok_or_else(|| format!("no scaling curve is named `{name}`"))?;
        if let Some(args) = &self.config.curve_args {
            spec.args = args.clone();
            spec.release = false;
        }
        let program = spec.program(name).to_owned();
        let exe = self.build_listing(&program, spec.release)?;
        let deadline = self.config.deadline;
        let counts = listing::cores();
        let curve = spec.curve(counts, |each| {
            let ran = each.run_bounded(&exe, deadline, bounds);
            match ran.ended {
                Ended::Exited(status) if status.success() => Ok(ran.run.stdout),
                ended => Err(format!(
                    "a run {}:\n{}{}",
                    ended_text(&ended, deadline),
                    ran.run.stdout,
                    ran.run.stderr
                )),
            }
        });
        let build = spec.profile();
        let variable = spec.scaling.clone().unwrap_or_default();
        let mut answer = serde_json::json!({
            "ran": format!(
                "listing {program} at every thread count from 1 to {counts}, {variable} set to each"
            ),
            "build": build,
            "ms": started.elapsed().as_millis() as u64,
        });
        match curve {
            Ok(text) => {
                answer["result"] = text.clone().into();
                answer["ended"] = "exited".into();
                answer["svg"] = crate::scaling::figure(name, name, &text)?
                    .unwrap_or_default()
                    .into();
            }
            Err(why) => {
                answer["result"] = why.into();
                answer["ended"] = "failed".into();
            }
        }
        let answer = self.beside_recording(answer, name, build);
        Ok(self.with_recorded_figure(answer, name))
    }

    /// `answer`, its recording given the recorded figure too, if any.
    fn with_recorded_figure(&self, mut answer: serde_json::Value, name: &str) -> serde_json::Value {
        let file = self
            .config
            .root
            .join(format!("listings/recorded/{name}.svg"));
        if let (Some(recorded), Ok(svg)) =
            (answer.get_mut("recorded"), std::fs::read_to_string(file))
        {
            recorded["svg"] = svg.into();
        }
        answer
    }

    /// `answer` with what the page needs to show the run beside the
    /// listing's recording, each headed by its machine: the recording, the
    /// line of `machine.txt` and how it was run, and this machine's line
    /// with the build of this run.
    fn beside_recording(
        &self,
        mut answer: serde_json::Value,
        name: &str,
        build: &str,
    ) -> serde_json::Value {
        let recorded = self.config.root.join("listings/recorded");
        let read = |file: String| std::fs::read_to_string(recorded.join(file)).ok();
        let (Some(text), Some(machine)) = (
            read(format!("{name}.txt")),
            read(crate::check::MACHINE.to_owned()),
        ) else {
            return answer;
        };
        static HERE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let here = HERE.get_or_init(crate::recording::machine_description);
        answer["recorded"] = serde_json::json!({
            "output": text,
            "machine": machine.trim(),
            "how": read(format!("{name}.run.txt")).unwrap_or_default().trim(),
        });
        answer["machine"] = format!("{}, a {build} build", here.trim()).into();
        answer
    }

    /// Exercise `name` (if any), and its starter program, with the grader.
    fn starter(&self, name: Option<&str>) -> Result<Option<(String, String)>, String> {
        let Some(name) = name else {
            return Ok(None);
        };
        let file = self
            .config
            .root
            .join(format!("exercises/src/bin/{name}.rs"));
        let starter =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        Ok(Some((name.to_owned(), starter)))
    }

    /// Builds listing `name` with cargo, as declared: its executable.
    fn build_listing(&self, name: &str, release: bool) -> Result<PathBuf, String> {
        let exe = crate::target_dir(&self.config.root)
            .join(spec_profile(release))
            .join(name);
        if !self.config.cargo {
            return match exe.is_file() {
                true => Ok(exe),
                false => Err(format!(
                    "{} is not built: `cargo build -p listings --bin {name}{}`",
                    exe.display(),
                    if release { " --release" } else { "" }
                )),
            };
        }
        let mut cargo = std::process::Command::new("cargo");
        cargo
            .args([
                "build", "--locked", "--quiet", "-p", "listings", "--bin", name,
            ])
            .current_dir(&self.config.root);
        if release {
            cargo.arg("--release");
        }
        let out = cargo
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "cargo could not build {name}:\n{}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(exe)
    }

    /// A Python box: the file it shows if unedited, else its text, on the
    /// tests' interpreter (or their virtual environment, for a program
    /// that imports a package of `listings/requirements.txt`).
    fn python(
        &self,
        job: &Job,
        known: &Shown,
        bounds: &Bounds,
    ) -> Result<(String, &'static str, Bounded), String> {
        let root = &self.config.root;
        let shown = known.python(job.shown()).map(Path::to_owned);
        let requirements =
            std::fs::read_to_string(root.join(listing::REQUIREMENTS)).unwrap_or_default();
        let needs_venv = requirements
            .lines()
            .filter_map(|line| line.split(['=', '<', '>', '[', ' ']).next())
            .filter(|name| !name.is_empty() && !name.starts_with('#'))
            .any(|name| {
                job.code.contains(&format!("import {name}"))
                    || job.code.contains(&format!("from {name}"))
            });
        let python = match needs_venv {
            true => listing::python_venv(),
            false => listing::python().map(PathBuf::from),
        }
        .ok_or("no python3 on this machine")?;
        let (file, what) = match (&shown, job.edited()) {
            (Some(file), false) => (
                file.clone(),
                format!("{} as it is", file.file_name().unwrap().to_string_lossy()),
            ),
            _ => {
                let dir = crate::target_dir(root).join("book-runner/python");
                std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
                use std::hash::{Hash, Hasher};
                let mut hash = std::hash::DefaultHasher::new();
                job.code.hash(&mut hash);
                let file = dir.join(format!("edit-{:016x}.py", hash.finish()));
                std::fs::write(&file, &job.code).map_err(|e| e.to_string())?;
                let what = match &shown {
                    Some(f) => format!("your edit of {}", f.file_name().unwrap().to_string_lossy()),
                    None => "your code".to_owned(),
                };
                (file, what)
            }
        };
        let mut command = std::process::Command::new(python);
        command.arg(&file);
        Ok((
            what,
            "python",
            listing::run_bounded(command, None, Vec::new(), self.config.deadline, bounds),
        ))
    }
}

/// The most a new tokio program may take to compile and run, warm
/// (a debug build), and an unchanged one to run again from the cache.
pub const FIRST_RUN: Duration = Duration::from_secs(3);
pub const RUN_AGAIN: Duration = Duration::from_millis(200);

/// How fast the runner answered, measured as a page asks it.
#[derive(Debug, Clone)]
pub struct Speed {
    /// New `#[tokio::main]` programs, each compiled against the listings'
    /// crates and run: request to answer.
    pub first: Vec<Duration>,
    /// The same programs again, from the cache.
    pub again: Vec<Duration>,
}

impl Speed {
    /// `Err` naming each time past its bound ([`FIRST_RUN`],
    /// [`RUN_AGAIN`]).
    pub fn check(&self) -> Result<(), String> {
        let over: Vec<String> = [
            (&self.first, FIRST_RUN, "a new program"),
            (&self.again, RUN_AGAIN, "a program run again"),
        ]
        .into_iter()
        .flat_map(|(times, bound, what)| {
            times.iter().filter(move |t| **t > bound).map(move |t| {
                format!(
                    "{what} took {} ms, over {} ms",
                    t.as_millis(),
                    bound.as_millis()
                )
            })
        })
        .collect();
        match over.is_empty() {
            true => Ok(()),
            false => Err(over.join("; ")),
        }
    }
}

impl std::fmt::Display for Speed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |times: &[Duration]| {
            times
                .iter()
                .map(|t| t.as_millis().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        write!(
            f,
            "a new tokio program compiled and run in {} ms (at most {} s); run again from the cache in {} ms (at most {} ms)",
            ms(&self.first),
            FIRST_RUN.as_secs(),
            ms(&self.again),
            RUN_AGAIN.as_millis()
        )
    }
}

/// Measures the runner as `cargo book serve` starts it (the listings'
/// crates built by cargo, warm): `samples` new `#[tokio::main]` programs,
/// each asked for over HTTP as a page asks, then each again. Each must
/// print what it should. Its compiled programs are removed at the end.
/// Cargo must be free to run: not from inside `cargo test`.
pub fn measure_speed(root: &Path, samples: usize) -> Result<Speed, String> {
    let cache = crate::target_dir(root).join(format!("book-runner/speed-{}", std::process::id()));
    let runner = Runner::start(Config {
        warm: false,
        cache: cache.clone(),
        ..Config::new(root, 9)
    })?;
    // As `cargo book serve` does at its start.
    runner.shared.crates(false)?;
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut speed = Speed {
        first: Vec::new(),
        again: Vec::new(),
    };
    let result = (|| {
        for sample in 0..samples {
            let number = format!("{nonce}{sample}");
            let code = format!(
                "#[tokio::main]\nasync fn main() {{\n    let task = tokio::spawn(async {{ {number}u128 }});\n    println!(\"started {{}}\", task.await.unwrap());\n}}\n"
            );
            let body = serde_json::json!({ "lang": "rust", "code": code }).to_string();
            for times in [&mut speed.first, &mut speed.again] {
                let started = Instant::now();
                let answer = runner.post(&body)?;
                times.push(started.elapsed());
                if answer["result"].as_str().map(str::trim) != Some(&format!("started {number}")) {
                    return Err(format!(
                        "the program did not print what it should: {answer}"
                    ));
                }
            }
        }
        Ok(())
    })();
    drop(runner);
    let _ = std::fs::remove_dir_all(&cache);
    result.map(|()| speed)
}

/// The files a page's block can show, each known by its text
/// ([`normalized`]): the listings (with how each is declared to run), the
/// exercises' solutions and the Python programs.
pub struct Shown {
    listings: std::collections::HashMap<String, (String, RunSpec)>,
    /// A solution's text: its exercise.
    solutions: std::collections::HashMap<String, String>,
    python: std::collections::HashMap<String, PathBuf>,
}

impl Shown {
    /// Reads them from the book at `root`.
    pub fn read(root: &Path) -> Result<Shown, String> {
        let manifest = std::fs::read_to_string(root.join(listing::MANIFEST))
            .map_err(|e| format!("{}: {e}", listing::MANIFEST))?;
        let text = |path: &Path| std::fs::read_to_string(path).ok().map(|t| normalized(&t));
        let mut listings = std::collections::HashMap::new();
        for (name, spec) in listing::declared(&manifest)? {
            if spec.listing.is_some() {
                continue;
            }
            if let Some(text) = text(&root.join(format!("listings/src/bin/{name}.rs"))) {
                listings.entry(text).or_insert((name, spec));
            }
        }
        let files = |dir: &str, extension: &str| -> Vec<PathBuf> {
            let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|e| e == extension))
                .collect();
            files.sort();
            files
        };
        let mut solutions = std::collections::HashMap::new();
        for path in files("exercises/solutions", "rs") {
            if let Some(text) = text(&path) {
                let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                solutions.entry(text).or_insert(name);
            }
        }
        let mut python = std::collections::HashMap::new();
        for path in files("listings/python", "py") {
            if let Some(text) = text(&path) {
                python.entry(text).or_insert(path);
            }
        }
        Ok(Shown {
            listings,
            solutions,
            python,
        })
    }

    /// The listing whose file is `shown` (a block's text as the page
    /// shows it), with how it is declared to run.
    pub fn listing(&self, shown: &str) -> Option<&(String, RunSpec)> {
        self.listings.get(&normalized(shown))
    }

    /// The exercise whose solution (`exercises/solutions/NAME.rs`) is
    /// `shown`.
    pub fn solution(&self, shown: &str) -> Option<&str> {
        self.solutions.get(&normalized(shown)).map(String::as_str)
    }

    /// The Python file of `listings/python/` whose text is `shown`.
    pub fn python(&self, shown: &str) -> Option<&Path> {
        self.python.get(&normalized(shown)).map(PathBuf::as_path)
    }

    /// What the Run button of a block of `lang` (`rust`, `python`)
    /// showing `shown` runs, unedited; `Err` if nothing can (Rust that is
    /// no listing, no solution and no whole program; Python that is no
    /// file of the book).
    pub fn what_runs(&self, lang: &str, shown: &str) -> Result<Runs, String> {
        if lang == "python" {
            return self
                .python(shown)
                .map(|path| Runs::Python(path.to_owned()))
                .ok_or_else(|| "a Python box that is no file of listings/python/".to_owned());
        }
        if let Some((name, _)) = self.listing(shown) {
            return Ok(Runs::Listing(name.clone()));
        }
        if let Some(name) = self.solution(shown) {
            return Ok(Runs::Solution(name.to_owned()));
        }
        match shown.contains("fn main(") {
            true => Ok(Runs::Program),
            false => Err("Rust that is no listing, no solution and has no `fn main`".to_owned()),
        }
    }
}

/// What a Run button runs, from the block's text as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runs {
    /// A listing, as `listings/Cargo.toml` declares it.
    Listing(String),
    /// An exercise's solution, in its starter's place, under its grader.
    Solution(String),
    /// A whole program, compiled and run as it is.
    Program,
    /// A Python file of `listings/python/`.
    Python(PathBuf),
}

/// The exercise `starter` (its file, with the grader) with `answer` in
/// place of its `starter` region, as `exercises/build.rs` grades an answer:
/// `None` if it has no such region.
pub fn under_grader(starter: &str, answer: &str) -> Option<String> {
    const BEGIN: &str = "// ANCHOR: starter\n";
    const END: &str = "// ANCHOR_END: starter\n";
    let (begin, end) = (starter.find(BEGIN)?, starter.find(END)?);
    let answer = answer.trim_end_matches('\n');
    Some(format!(
        "{}{BEGIN}{answer}\n{}",
        &starter[..begin],
        &starter[end..]
    ))
}

/// What bounds every run: its output cut at [`OUTPUT_CAP`], its memory
/// at the configured limit, and a flag that stops it.
fn bounds(config: &Config, stop: Arc<AtomicBool>) -> Bounds {
    Bounds {
        output_cap: Some(OUTPUT_CAP),
        memory: Some(config.memory),
        stop: Some(stop),
    }
}

fn spec_profile(release: bool) -> &'static str {
    if release { "release" } else { "debug" }
}

/// How a run ended, in the page's words.
fn ended_text(ended: &Ended, deadline: Duration) -> String {
    match ended {
        Ended::Exited(status) if status.success() => "exited".to_owned(),
        Ended::Exited(status) => format!("failed ({status})"),
        Ended::Deadline => format!(
            "killed at its deadline of {} s, with every process it started",
            deadline.as_secs()
        ),
        Ended::Cut => format!(
            "killed: its output passed {} MB, and was cut there",
            OUTPUT_CAP >> 20
        ),
        Ended::Stopped => "stopped".to_owned(),
    }
}

/// The answer to a run: what it printed (standard error after standard
/// output), what ran, its build, and how it ended.
fn described(
    what: String,
    build: &str,
    ran: Bounded,
    deadline: Duration,
    started: Instant,
) -> serde_json::Value {
    let mut result = ran.run.stdout;
    if !ran.run.stderr.is_empty() {
        if !result.is_empty() && !result.ends_with('\n') {
            result.push('\n');
        }
        result += &ran.run.stderr;
    }
    let ended = ended_text(&ran.ended, deadline);
    serde_json::json!({
        "result": result,
        "ran": what,
        "build": build,
        "ended": ended,
        "ms": started.elapsed().as_millis() as u64,
        "wall_ms": ran.run.wall.as_millis() as u64,
    })
}

#[cfg(test)]
mod tests;
