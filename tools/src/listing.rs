//! Running listings, from their tests and from `cargo book record`: as real
//! processes, the way each is declared to run, under a timeout.
//!
//! A listing's tests run the very program the page shows, as `cargo run`
//! would, and read what it printed. How a listing is run (its build, its
//! arguments, what it reads on standard input, its environment, how many
//! cores it may use, the other processes started beside it) is declared
//! once, in `listings/Cargo.toml` beside the listing's `[[bin]]`, and read
//! here into a [`RunSpec`], so that the tests and the recording on the page
//! run it the same way.
//!
//! A program that deadlocks must fail its test, not hang the suite, so every
//! run has a deadline. And a test ends every process the listing started,
//! pass or fail: each run is its own process group, killed whole at the end.

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::recording::{self, Order};
use crate::timeline::{self, Span};

/// How long any listing may run before its test fails as hung.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The manifest that lists every listing and declares how it runs.
pub const MANIFEST: &str = "listings/Cargo.toml";

/// How one listing is run: `[package.metadata.run.NAME]` in
/// `listings/Cargo.toml` (the comment there lists the keys). A listing with
/// no such table runs as `cargo run -p listings --bin NAME` does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunSpec {
    /// Recorded from a release build (`build = "release"`).
    pub release: bool,
    pub args: Vec<String>,
    /// What it reads on standard input; without it, standard input is empty.
    pub stdin: Option<String>,
    pub env: Vec<(String, String)>,
    /// Confined to cores `0..cores` with Linux's `taskset`.
    pub cores: Option<usize>,
    /// The arguments of each further copy started beside it.
    pub companions: Vec<Vec<String>>,
    /// It never ends, on purpose (a deadlock): it is recorded for
    /// [`HANG_RECORDING`], then stopped, and its tests use
    /// [`Listing::run_within`].
    pub hangs: bool,
    /// A further run of the program of this other listing, with its own
    /// name and recording (`listing = "ch13-03-process-pool"`): the same
    /// program run another way (other arguments, the other build) without
    /// a second copy of its file.
    pub listing: Option<String>,
}

/// How long `cargo book record` lets a listing declared `hangs = true` run
/// before it stops it and keeps what it printed.
pub const HANG_RECORDING: Duration = Duration::from_secs(2);

/// Every listing of the manifest, in its order, with how it runs.
pub fn declared(manifest: &str) -> Result<Vec<(String, RunSpec)>, String> {
    let table: toml::Table = manifest.parse().map_err(|e| format!("{MANIFEST}: {e}"))?;
    let runs = table
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("run"))
        .and_then(toml::Value::as_table);
    let bins = table
        .get("bin")
        .and_then(toml::Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut listings = Vec::new();
    for bin in bins {
        let name = bin
            .get("name")
            .and_then(toml::Value::as_str)
            .ok_or_else(|| format!("{MANIFEST}: a [[bin]] without a name"))?;
        let spec = match runs.and_then(|r| r.get(name)) {
            Some(value) => RunSpec::parse(value)
                .map_err(|e| format!("{MANIFEST}: [package.metadata.run.{name}]: {e}"))?,
            None => RunSpec::default(),
        };
        listings.push((name.to_owned(), spec));
    }
    let is_bin = |name: &str| {
        bins.iter()
            .any(|bin| bin.get("name").and_then(toml::Value::as_str) == Some(name))
    };
    for (name, spec) in &listings {
        if let Some(program) = &spec.listing {
            return Err(format!(
                "{MANIFEST}: [package.metadata.run.{name}] says `listing = \"{program}\"`, but {name} is a [[bin]], which runs its own program"
            ));
        }
    }
    for (name, value) in runs.into_iter().flatten() {
        if is_bin(name) {
            continue;
        }
        let spec = RunSpec::parse(value)
            .map_err(|e| format!("{MANIFEST}: [package.metadata.run.{name}]: {e}"))?;
        match &spec.listing {
            Some(program) if is_bin(program) => listings.push((name.clone(), spec)),
            Some(program) => {
                return Err(format!(
                    "{MANIFEST}: [package.metadata.run.{name}] runs the program of `{program}`, which is not a [[bin]]"
                ));
            }
            None => {
                return Err(format!(
                    "{MANIFEST}: [package.metadata.run.{name}] declares how to run a listing that is not a [[bin]] (a further run of one says `listing = \"NAME\"`)"
                ));
            }
        }
    }
    Ok(listings)
}

impl RunSpec {
    /// Sets the environment variable `key` of the run to `value`, in place
    /// of any value declared for it.
    pub fn set_env(&mut self, key: &str, value: impl ToString) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.into(), value.to_string()));
    }

    fn parse(value: &toml::Value) -> Result<RunSpec, String> {
        let table = value.as_table().ok_or("not a table")?;
        let strings = |value: &toml::Value, key: &str| -> Result<Vec<String>, String> {
            value
                .as_array()
                .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_owned)).collect())
                .ok_or_else(|| format!("`{key}` is not a list of strings"))
        };
        let mut spec = RunSpec::default();
        for (key, value) in table {
            match key.as_str() {
                "build" => match value.as_str() {
                    Some("release") => spec.release = true,
                    Some("debug") => spec.release = false,
                    _ => return Err("`build` is \"debug\" or \"release\"".into()),
                },
                "args" => spec.args = strings(value, key)?,
                "stdin" => {
                    let text = value.as_str().ok_or("`stdin` is not a string")?;
                    spec.stdin = Some(text.to_owned());
                }
                "env" => {
                    let env = value.as_table().ok_or("`env` is not a table")?;
                    for (name, value) in env {
                        let value = value
                            .as_str()
                            .ok_or_else(|| format!("`env.{name}` is not a string"))?;
                        spec.env.push((name.clone(), value.to_owned()));
                    }
                }
                "cores" => {
                    let cores = value
                        .as_integer()
                        .filter(|&n| n > 0)
                        .ok_or("`cores` is not a positive number")?;
                    spec.cores = Some(cores as usize);
                }
                "hangs" => spec.hangs = value.as_bool().ok_or("`hangs` is true or false")?,
                "listing" => {
                    let program = value.as_str().ok_or("`listing` is not a string")?;
                    spec.listing = Some(program.to_owned());
                }
                "companions" => {
                    let list = value.as_array().ok_or("`companions` is not a list")?;
                    spec.companions = list
                        .iter()
                        .map(|args| strings(args, key))
                        .collect::<Result<_, _>>()?;
                }
                other => return Err(format!("unknown key `{other}`")),
            }
        }
        Ok(spec)
    }

    /// `debug` or `release`: the folder of `target/` the program is built in.
    pub fn profile(&self) -> &'static str {
        if self.release { "release" } else { "debug" }
    }

    /// The name of the program run `name` runs: its own, or, for a
    /// further run of another listing, that listing's.
    pub fn program<'a>(&'a self, name: &'a str) -> &'a str {
        self.listing.as_deref().unwrap_or(name)
    }

    /// Runs `program` as declared, to the end, under [`TIMEOUT`]: its
    /// companions first, then the program itself, whose output is the
    /// run's. Panics if any of them fails or hangs.
    pub fn run(&self, program: &Path) -> Run {
        self.run_within(program, TIMEOUT)
            .unwrap_or_else(|hung| hung.panic())
    }

    /// Runs `program` as declared, but gives up on it at `limit`: `Err`
    /// with what it printed by then if it was still running. For a test
    /// that proves a program hangs (a deadlock), with a short `limit`.
    pub fn run_within(&self, program: &Path, limit: Duration) -> Result<Run, Hung> {
        let ports = Ports::for_spec(self);
        let command = |args: &[String]| {
            let mut command = match self.cores {
                Some(cores) => {
                    let mut taskset = Command::new("taskset");
                    taskset.args(["-c", &cpu_list(cores)]).arg(program);
                    taskset
                }
                None => Command::new(program),
            };
            command.args(args.iter().map(|a| ports.fill(a)));
            command.envs(self.env.iter().map(|(k, v)| (k, v)));
            command
        };
        let companions = self.companions.iter().map(|args| command(args)).collect();
        let stdin = self.stdin.as_deref().map(|text| ports.fill(text));
        run_with(command(&self.args), stdin, companions, limit)
    }

    /// What `cargo book record` writes to `recorded/NAME.run.txt` and the
    /// page shows under the recording: the command and the build.
    pub fn recorded_how(&self, name: &str) -> String {
        let how = format!("`{}`, a {} build", self.command_line(name), self.profile());
        if self.hangs {
            format!(
                "{how}, stopped after {} s (it never ends)",
                HANG_RECORDING.as_secs()
            )
        } else {
            how
        }
    }

    /// What a run to record printed: the whole output, or for a listing
    /// that hangs, what it printed before [`HANG_RECORDING`] was up.
    pub fn record(&self, program: &Path) -> Result<String, String> {
        if !self.hangs {
            return Ok(self.run(program).stdout);
        }
        match self.run_within(program, HANG_RECORDING) {
            Err(hung) => Ok(hung.printed),
            Ok(_) => Err(format!(
                "{} is declared `hangs = true`, but it finished",
                program.display()
            )),
        }
    }

    /// The command a reader types to run listing `name` this way, for the
    /// line under a recording.
    pub fn command_line(&self, name: &str) -> String {
        let profile = if self.release { " --release" } else { "" };
        let cargo = |args: &[String]| {
            let mut line = String::new();
            for (key, value) in &self.env {
                line += &format!("{key}={} ", shell_word(value));
            }
            if let Some(cores) = self.cores {
                line += &format!("taskset -c {} ", cpu_list(cores));
            }
            line += &format!(
                "cargo run{profile} -p listings --bin {}",
                self.program(name)
            );
            if !args.is_empty() {
                line += " --";
                for arg in args {
                    line += " ";
                    line += &shell_word(arg);
                }
            }
            line
        };
        let mut line = String::new();
        for args in &self.companions {
            line += &cargo(args);
            line += " & ";
        }
        if let Some(stdin) = &self.stdin {
            let text = stdin.replace('\\', "\\\\").replace('\n', "\\n");
            line += &format!("printf {} | ", shell_word(&text));
        }
        line + &cargo(&self.args)
    }
}

/// Cores `0..cores` as `taskset -c` takes them.
fn cpu_list(cores: usize) -> String {
    if cores == 1 {
        "0".into()
    } else {
        format!("0-{}", cores - 1)
    }
}

/// `word` as a POSIX shell reads it back: quoted only where it must be.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./=:,+@%{}".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// Free TCP ports on 127.0.0.1 for the `{portN}` of one run.
struct Ports(Vec<u16>);

impl Ports {
    fn for_spec(spec: &RunSpec) -> Ports {
        let texts = spec
            .args
            .iter()
            .chain(spec.companions.iter().flatten())
            .chain(spec.stdin.iter());
        let used = (0..10)
            .rev()
            .find(|n| texts.clone().any(|t| t.contains(&format!("{{port{n}}}"))))
            .map_or(0, |n| n + 1);
        // Held together, so that the system hands out distinct ports.
        let listeners: Vec<_> = (0..used)
            .map(|_| std::net::TcpListener::bind("127.0.0.1:0").expect("a free port"))
            .collect();
        Ports(
            listeners
                .iter()
                .map(|l| l.local_addr().unwrap().port())
                .collect(),
        )
    }

    fn fill(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for (n, port) in self.0.iter().enumerate() {
            text = text.replace(&format!("{{port{n}}}"), &port.to_string());
        }
        text
    }
}

/// A listing of the book: `listings/src/bin/<name>.rs`, built by cargo.
pub struct Listing {
    pub name: &'static str,
    program: PathBuf,
    recorded: PathBuf,
    /// How it runs; declared in `listings/Cargo.toml`, and a test may change
    /// it (confine it to one core, say) before calling [`Listing::run`].
    pub spec: RunSpec,
}

/// The listing called `name`, from a test of the `listings` crate;
/// `listing!(name, of = other)` for a further run of the listing `other`'s
/// program (declared `listing = "other"`).
#[macro_export]
macro_rules! listing {
    ($name:literal) => {
        $crate::listing::Listing::new(
            $name,
            env!(concat!("CARGO_BIN_EXE_", $name)),
            env!("CARGO_MANIFEST_DIR"),
        )
    };
    ($name:literal, of = $program:literal) => {
        $crate::listing::Listing::new(
            $name,
            env!(concat!("CARGO_BIN_EXE_", $program)),
            env!("CARGO_MANIFEST_DIR"),
        )
    };
}

impl Listing {
    /// Use the [`listing!`] macro, which finds the paths for you.
    /// `listings_dir` is the `listings` crate's folder.
    pub fn new(name: &'static str, program: &str, listings_dir: &str) -> Listing {
        let dir = Path::new(listings_dir);
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml"))
            .unwrap_or_else(|e| panic!("{MANIFEST}: {e}"));
        let spec = declared(&manifest)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{MANIFEST} has no [[bin]] {name}"))
            .1;
        let runs = Path::new(program).file_name().and_then(|f| f.to_str());
        assert_eq!(
            runs,
            Some(spec.program(name)),
            "{name} runs the program {:?}: `listing!({name:?}, of = {:?})`",
            spec.program(name),
            spec.program(name)
        );
        Listing {
            name,
            program: program.into(),
            recorded: dir.join("recorded").join(format!("{name}.txt")),
            spec,
        }
    }

    /// Runs the listing once, as declared; panics if it fails or hangs.
    /// (The build is the test's own: the declared `build` is for recording.)
    pub fn run(&self) -> Run {
        self.spec.run(&self.program)
    }

    /// Runs the listing as declared, giving up at `limit`: `Err` with what
    /// it printed by then if it was still running (then it is killed, with
    /// every process it started). A test proves a deadlock with this.
    pub fn run_within(&self, limit: Duration) -> Result<Run, Hung> {
        self.spec.run_within(&self.program, limit)
    }

    /// The listing's executable, to run some other way (see [`run`]).
    pub fn program(&self) -> &Path {
        &self.program
    }

    /// The output shown on the page.
    pub fn recorded(&self) -> String {
        std::fs::read_to_string(&self.recorded).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run `cargo book record {}` to record it",
                self.recorded.display(),
                self.name
            )
        })
    }

    /// The output shown on the page, as a run: to check that the page shows
    /// a valid run, by the same rules as a new one.
    pub fn recorded_run(&self) -> Run {
        Run::printed(self.recorded())
    }

    /// Panics unless `run` printed what the page shows, up to what may vary
    /// (times, thread ids).
    pub fn assert_shape(&self, run: &Run, order: Order) {
        self.assert_recorded(
            recording::check_shape(&self.recorded(), &run.stdout, order),
            run,
        );
    }

    /// As [`assert_shape`](Self::assert_shape), with every number aside:
    /// for a listing whose counts, ratios or process ids vary too (the
    /// test checks those numbers by their rules).
    pub fn assert_words(&self, run: &Run, order: Order) {
        self.assert_words_of(run, order, str::to_owned);
    }

    /// As [`assert_words`](Self::assert_words), once `prepare` has
    /// rewritten both the recording and the run's output: to set aside
    /// what else may differ (the name of the build, rows of a table whose
    /// number depends on the input).
    pub fn assert_words_of(&self, run: &Run, order: Order, prepare: impl Fn(&str) -> String) {
        let (recorded, printed) = (prepare(&self.recorded()), prepare(&run.stdout));
        self.assert_recorded(recording::check_words(&recorded, &printed, order), run);
    }

    fn assert_recorded(&self, shape: Result<(), String>, run: &Run) {
        if let Err(diff) = shape {
            panic!(
                "{} no longer prints what {} shows:\n{diff}\nthis run printed:\n{}",
                self.name,
                self.recorded.display(),
                run.stdout
            );
        }
    }
}

/// What one run printed, and how long it took from spawn to exit.
#[derive(Debug, Clone, Default)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub wall: Duration,
}

impl Run {
    /// A run that printed `stdout`: a recording, checked by the same rules.
    pub fn printed(stdout: impl Into<String>) -> Run {
        Run {
            stdout: stdout.into(),
            ..Run::default()
        }
    }
}

impl Run {
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// The tasks of a run that stamps its lines (see [`crate::timeline`]).
    pub fn spans(&self) -> Vec<Span> {
        timeline::spans(&self.stdout).unwrap_or_else(|e| panic!("{e} in:\n{}", self.stdout))
    }

    /// The one line that starts with `prefix` (after any indentation);
    /// panics, showing the output, if there is none, or more than one.
    pub fn line(&self, prefix: &str) -> &str {
        let found: Vec<&str> = self
            .stdout
            .lines()
            .filter(|line| line.trim_start().starts_with(prefix))
            .collect();
        match found[..] {
            [line] => line,
            _ => panic!(
                "{} lines start with {prefix:?}, not one, in:\n{}",
                found.len(),
                self.stdout
            ),
        }
    }

    /// The task called `lane`; panics, showing the output, if there is none.
    pub fn span(&self, lane: &str) -> Span {
        self.spans()
            .into_iter()
            .find(|s| s.lane == lane)
            .unwrap_or_else(|| panic!("no `{lane} starts`/`ends` lines in:\n{}", self.stdout))
    }

    /// The rules every valid output of a program that stamps `lanes` keeps,
    /// whatever the order: each lane starts and ends exactly once and lasts
    /// at least `min_ms`, and the final `all done in N ms` is no sooner than
    /// the last end. The spans, sorted by lane name; panics, showing the
    /// output, if a rule is broken.
    pub fn assert_every_task_ran(&self, lanes: &[&str], min_ms: u64) -> Vec<Span> {
        let mut spans = self.spans();
        spans.sort_by(|a, b| a.lane.cmp(&b.lane));
        let names: Vec<&str> = spans.iter().map(|s| s.lane.as_str()).collect();
        let mut want = lanes.to_vec();
        want.sort();
        assert_eq!(names, want, "every task, once:\n{}", self.stdout);
        for span in &spans {
            assert!(
                span.ms() >= min_ms,
                "{} ended before its wait was over:\n{}",
                span.lane,
                self.stdout
            );
        }
        let last_end = spans.iter().map(|s| s.end_ms).max().unwrap_or(0);
        assert!(self.reported_ms() >= last_end, "{}", self.stdout);
        spans
    }

    /// The number `N` of a final line `all done in N ms`.
    pub fn reported_ms(&self) -> u64 {
        self.stdout
            .lines()
            .last()
            .and_then(|l| l.strip_prefix("all done in "))
            .and_then(|l| l.strip_suffix(" ms"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no final `all done in N ms` line in:\n{}", self.stdout))
    }
}

/// The crates a listing may use besides std, as `--extern` arguments for
/// [`type_check`]: each is the newest `lib<crate>-*.rlib` in the folder of
/// the running test binary (where cargo built it, with the dependencies it
/// needs) that rustc can load. Older builds of a crate may lie there too,
/// whose own dependencies are gone.
fn listing_crates() -> &'static Result<Vec<String>, String> {
    static FOUND: std::sync::OnceLock<Result<Vec<String>, String>> = std::sync::OnceLock::new();
    FOUND.get_or_init(|| {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let deps = exe.parent().ok_or("the test binary has no folder")?;
        let mut args = vec!["-L".to_owned(), format!("dependency={}", deps.display())];
        for krate in ["tokio", "rayon"] {
            let mut rlibs: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(deps)
                .map_err(|e| e.to_string())?
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| {
                    let name = path.file_name().unwrap_or_default().to_string_lossy();
                    name.starts_with(&format!("lib{krate}-")) && name.ends_with(".rlib")
                })
                .filter_map(|path| Some((path.metadata().ok()?.modified().ok()?, path)))
                .collect();
            rlibs.sort();
            let loads = |rlib: &Path| {
                let mut with = args.clone();
                with.extend(["--extern".to_owned(), format!("{krate}={}", rlib.display())]);
                let control = format!("use {krate} as _;\nfn main() {{}}\n");
                rustc_check(&control, &format!("control-{krate}"), &with).map(|()| with)
            };
            // A crate not built for this binary is left out: a program
            // that uses it fails to compile, saying so.
            if let Some(with) = rlibs.iter().rev().find_map(|(_, rlib)| loads(rlib).ok()) {
                args = with;
            }
        }
        Ok(args)
    })
}

/// Type-checks `source`, a whole program, as `cargo check` would in the
/// listings (edition 2024, with the tokio and rayon the tests were built
/// with): `Err` with the compiler's messages if it does not compile. For a
/// test: it finds those crates beside the running test binary. It is how
/// the book checks the words of an error that has no code (rustc's
/// "future cannot be sent between threads safely" is one), which a
/// `compile_fail` doctest cannot.
pub fn type_check(source: &str, name: &str) -> Result<(), String> {
    let args = listing_crates().as_ref().map_err(Clone::clone)?;
    rustc_check(source, name, args)
}

fn rustc_check(source: &str, name: &str, args: &[String]) -> Result<(), String> {
    let check = [
        "--edition",
        "2024",
        "--crate-type",
        "bin",
        "--emit=metadata",
    ];
    let args = check
        .iter()
        .map(|a| a.to_string())
        .chain(args.iter().cloned());
    rustc(source, name, args).map(drop)
}

/// A program compiled by [`rustc`], in a temporary folder that goes when
/// this does.
pub struct Compiled {
    dir: PathBuf,
    pub exe: PathBuf,
}

impl Drop for Compiled {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs `rustc ARGS` on `source`, a whole program, in a temporary folder
/// of its own: `Ok` with what it wrote (an executable, unless `args` ask
/// for less), or `Err` with the compiler's messages. Either way the folder
/// is removed in the end.
pub fn rustc(
    source: &str,
    name: &str,
    args: impl IntoIterator<Item = impl AsRef<std::ffi::OsStr>>,
) -> Result<Compiled, String> {
    let dir = std::env::temp_dir().join(format!("book-compile-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let compiled = Compiled {
        exe: dir.join("main"),
        dir,
    };
    let file = compiled.dir.join("main.rs");
    std::fs::write(&file, source).map_err(|e| e.to_string())?;
    let out = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args(args)
        .args(["--crate-name", "listing", "-o"])
        .arg(&compiled.exe)
        .arg(&file)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(compiled)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Every whole number in `text`, in order: `"3 of 10 in 52 ms"` gives
/// `[3, 10, 52]`.
pub fn numbers(text: &str) -> Vec<u64> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .map(|w| w.parse().unwrap())
        .collect()
}

/// The cores this machine lets a program use, which a test of a speedup
/// scales what it expects to.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Every number in `text`, decimals included, in order: `"1.95x in 48.1 ms"`
/// gives `[1.95, 48.1]` (a full stop that ends a sentence is not a decimal
/// point).
pub fn floats(text: &str) -> Vec<f64> {
    let mut all = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let from = &rest[start..];
        let mut end = from
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(from.len());
        if from[end..].starts_with('.') && from[end + 1..].starts_with(|c: char| c.is_ascii_digit())
        {
            let decimals = &from[end + 1..];
            end += 1 + decimals
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(decimals.len());
        }
        all.push(from[..end].parse().unwrap());
        rest = &from[end..];
    }
    all
}

/// Runs `command` to the end under [`TIMEOUT`], with nothing on its
/// standard input; panics, with what it wrote to stderr, if it fails or
/// does not finish in time. Every process it started is ended.
pub fn run(command: Command) -> Run {
    run_with(command, None, Vec::new(), TIMEOUT).unwrap_or_else(|hung| hung.panic())
}

/// A started process in a process group of its own, with its output being
/// read. Dropping it kills the whole group: the process and everything it
/// started, still running or not, on success, failure or panic alike.
struct Started {
    child: Child,
    command: String,
    stdout: Option<JoinHandle<std::io::Result<String>>>,
    stderr: Option<JoinHandle<std::io::Result<String>>>,
}

impl Started {
    fn spawn(mut command: Command, stdin: Option<String>) -> Started {
        let shown = format!("{command:?}");
        let mut child = command
            .process_group(0)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {shown}: {e}"));
        if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
            // On a thread: a program may print before it has read it all.
            std::thread::spawn(move || pipe.write_all(text.as_bytes()));
        }
        // Read both pipes while waiting, or a chatty program blocks on a full one.
        let drain = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut text = String::new();
                pipe.read_to_string(&mut text).map(|_| text)
            })
        };
        let stdout = Some(drain(Box::new(child.stdout.take().unwrap())));
        let stderr = Some(drain(Box::new(child.stderr.take().unwrap())));
        Started {
            child,
            command: shown,
            stdout,
            stderr,
        }
    }

    /// Waits for the process until `deadline`; `None` if it is still running.
    fn wait_until(&mut self, deadline: Instant) -> Option<ExitStatus> {
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Ends the group, then what it printed (the pipes close once every
    /// process that held them is gone).
    fn finish(mut self) -> (String, String) {
        self.kill_group();
        let stdout = self.stdout.take().unwrap().join().unwrap();
        let stderr = self.stderr.take().unwrap().join().unwrap();
        let stdout = stdout.unwrap_or_else(|e| panic!("{}: stdout: {e}", self.command));
        (stdout, stderr.unwrap_or_default())
    }

    fn kill_group(&mut self) {
        let group = self.child.id() as libc::pid_t;
        // SAFETY: a plain system call; the group is the one made for this
        // process at spawn, and killing a group that is gone does nothing.
        unsafe { libc::kill(-group, libc::SIGKILL) };
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Started {
    fn drop(&mut self) {
        self.kill_group();
    }
}

/// A run given up on: the program was still running at its time limit
/// (it was then killed, with every process it started).
#[derive(Debug, Clone)]
pub struct Hung {
    pub command: String,
    pub limit: Duration,
    /// What it had printed by then.
    pub printed: String,
}

impl Hung {
    fn panic(self) -> ! {
        panic!(
            "{} did not finish within {:?}: is it deadlocked? It printed:\n{}",
            self.command, self.limit, self.printed
        )
    }
}

/// Runs `main` to the end under `limit`, with `stdin` on its standard
/// input, and `companions` beside it (started first; each must also
/// succeed). `Err` if `main` was still running at `limit`; panics if any
/// fails. Ends every process any of them started either way.
fn run_with(
    main: Command,
    stdin: Option<String>,
    companions: Vec<Command>,
    limit: Duration,
) -> Result<Run, Hung> {
    let started = Instant::now();
    let deadline = started + limit;
    let mut others: Vec<Started> = companions
        .into_iter()
        .map(|c| Started::spawn(c, None))
        .collect();
    let mut process = Started::spawn(main, stdin);
    let command = process.command.clone();
    let Some(status) = process.wait_until(deadline) else {
        let (printed, _) = process.finish();
        return Err(Hung {
            command,
            limit,
            printed,
        });
    };
    let wall = started.elapsed();
    for other in &mut others {
        let Some(status) = other.wait_until(deadline) else {
            panic!(
                "{}, a companion of {command}, did not finish within {limit:?}",
                other.command
            );
        };
        assert!(
            status.success(),
            "{}, a companion of {command}, failed ({status})",
            other.command
        );
    }
    let (stdout, stderr) = process.finish();
    assert!(
        status.success(),
        "{command} failed ({status}).\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    Ok(Run {
        stdout,
        stderr,
        wall,
    })
}

/// The Python interpreter for the "Coming from Python" programs that use
/// only the standard library: the system's `python3`, if there is one.
/// Without one a test says it skipped; in CI (`CI=true`) it fails.
pub fn python() -> Option<&'static str> {
    let found = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    if found {
        return Some("python3");
    }
    skip_python(
        "python3 is not installed, so the Python programs were not run \
         (install it, e.g. `sudo apt-get install python3`)",
    );
    None
}

/// The "Coming from Python" program `listings/python/NAME.py`, run to the
/// end on [`python()`]: `None` where there is no Python (the test then
/// says it skipped, or in CI fails). `python!("NAME", venv)` runs it on
/// [`python_venv()`] instead, for a program that imports the packages of
/// [`REQUIREMENTS`] (joblib, dask).
#[macro_export]
macro_rules! python {
    ($name:literal) => {
        $crate::listing::python_program(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/python/",
            $name,
            ".py"
        ))
    };
    ($name:literal, venv) => {
        $crate::listing::python_venv_program(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/python/",
            $name,
            ".py"
        ))
    };
}

/// Runs the Python program at `path` on [`python()`]; see [`python!`].
/// A program that starts processes is run under every start method, as
/// [`run_python`] says.
pub fn python_program(path: &str) -> Option<Run> {
    Some(run_python(Path::new(python()?), path))
}

/// Runs the Python program at `path` on [`python_venv()`]; see [`python!`].
pub fn python_venv_program(path: &str) -> Option<Run> {
    Some(run_python(&python_venv()?, path))
}

/// Runs the Python program at `path` on `python` to the end, and hands
/// back that run, under the interpreter's default start method.
///
/// A program that starts processes (it names `multiprocessing`,
/// `ProcessPoolExecutor`, `joblib` or `dask`) must work under every start
/// method a reader's platform may use: `spawn` (the default on macOS and
/// Windows), `fork` and `forkserver` (the default on Linux from Python
/// 3.14). So it is also run under each method the interpreter has other
/// than its default (see [`start_method_env`]), and each of those runs
/// must succeed and print the same kinds of line as the default run, numbers
/// aside (times, process ids and counts may differ from run to run; the
/// test then checks the default run's numbers).
pub fn run_python(python: &Path, path: &str) -> Run {
    let command = || {
        let mut command = Command::new(python);
        command.arg(path);
        command
    };
    let source = std::fs::read_to_string(path).unwrap_or_default();
    if !starts_processes(&source) {
        return run(command());
    }
    // Each worker is an interpreter that imports its modules anew (joblib's
    // take seconds on a busy machine, compiled from source where
    // PYTHONDONTWRITEBYTECODE is set, as on the machines that test this
    // book), and the program runs once per start method: it is hung only
    // after twice the usual time.
    let run = |command| {
        run_with(command, None, Vec::new(), 2 * TIMEOUT).unwrap_or_else(|hung| hung.panic())
    };
    let first = run(command());
    let (default, methods) = start_methods(python);
    for method in methods.iter().filter(|m| **m != default) {
        let mut other = command();
        other.envs(start_method_env(method));
        let again = run(other);
        let (expected, found) = (masked(&first.stdout), masked(&again.stdout));
        assert!(
            expected == found,
            "{path}: under the `{method}` start method it printed other lines than under \
             the default, `{default}` (numbers aside).\n{default}:\n{}\n{method}:\n{}",
            first.stdout,
            again.stdout
        );
    }
    first
}

/// Whether a Python program starts processes, by the modules it names.
pub fn starts_processes(source: &str) -> bool {
    ["multiprocessing", "ProcessPoolExecutor", "joblib", "dask"]
        .iter()
        .any(|module| source.contains(module))
}

/// `python`'s default start method, and every start method it has:
/// `multiprocessing.get_start_method()` and `get_all_start_methods()`.
pub fn start_methods(python: &Path) -> (String, Vec<String>) {
    let out = Command::new(python)
        .args([
            "-c",
            "import multiprocessing as m; print(m.get_start_method(), *m.get_all_start_methods())",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", python.display()));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut words = text.split_whitespace().map(str::to_owned);
    let default = words
        .next()
        .unwrap_or_else(|| panic!("{} named no start method", python.display()));
    (default, words.collect())
}

/// The environment that makes Python programs start their processes by
/// `method`: a `sitecustomize` module (which Python imports at start-up,
/// before the program) on `PYTHONPATH` calls
/// `multiprocessing.set_start_method(method, force=True)`, and dask's
/// `LocalCluster`, which starts its workers by a setting of its own, is
/// given the same method. The program itself runs as the reader runs it,
/// `python3 program.py`: under `spawn` and `forkserver` each new process
/// imports it again, as `__mp_main__`, and runs what its
/// `if __name__ == "__main__":` guard leaves unguarded.
pub fn start_method_env(method: &str) -> Vec<(String, std::ffi::OsString)> {
    let dir = sitecustomize_dir();
    let mut path = vec![dir];
    path.extend(std::env::split_paths(
        &std::env::var_os("PYTHONPATH").unwrap_or_default(),
    ));
    vec![
        ("BOOK_PYTHON_START_METHOD".into(), method.into()),
        (
            "DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD".into(),
            method.into(),
        ),
        ("PYTHONPATH".into(), std::env::join_paths(path).unwrap()),
    ]
}

const SITECUSTOMIZE: &str = "\
# Written by tools/src/listing.rs (`start_method_env`): the tests run each
# Python program that starts processes under every start method.
import os

_method = os.environ.get(\"BOOK_PYTHON_START_METHOD\")
if _method:
    import multiprocessing

    multiprocessing.set_start_method(_method, force=True)
";

/// The folder of the `sitecustomize` module of [`start_method_env`], in
/// the target folder, written (once per test process) if missing or stale.
fn sitecustomize_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"));
        let dir = target.join("python-start-method");
        let file = dir.join("sitecustomize.py");
        if std::fs::read_to_string(&file).ok().as_deref() != Some(SITECUSTOMIZE) {
            std::fs::create_dir_all(&dir).unwrap();
            // Written aside, then renamed: other tests may read it now.
            let aside = dir.join(format!("sitecustomize.{}.tmp", std::process::id()));
            std::fs::write(&aside, SITECUSTOMIZE).unwrap();
            std::fs::rename(&aside, &file).unwrap();
        }
        dir
    })
    .clone()
}

/// A program's output as far as it must not depend on the start method:
/// its distinct lines, each with every number made `#` and its spaces
/// folded (columns align to the numbers' widths). Not their order or
/// count: how many ticks a ticker printed, and whether one came between
/// two other lines, depends on how long the work took (the test checks
/// the order of the default run).
fn masked(text: &str) -> std::collections::BTreeSet<String> {
    let mut lines = std::collections::BTreeSet::new();
    for line in text.lines() {
        let mut out = String::new();
        let mut in_number = false;
        for c in line.chars() {
            let part = c.is_ascii_digit() || (in_number && matches!(c, '.' | ','));
            if part && !in_number {
                out.push('#');
            } else if !part {
                out.push(c);
            }
            in_number = part;
        }
        // Spaces aside too: a stamp is padded to a width (`[  21 ms]`,
        // `[1091 ms]`), so a slower run's numbers move its spaces.
        lines.insert(out.split_whitespace().collect::<String>());
    }
    lines
}

fn skip_python(why: &str) {
    assert!(std::env::var_os("CI").is_none(), "{why}");
    eprintln!("skipped: {why}");
}

/// The pinned packages of the Python programs that need more than the
/// standard library (joblib, dask): `pip install -r` reads it.
pub const REQUIREMENTS: &str = "listings/requirements.txt";

/// The Python interpreter for the programs that need the packages of
/// [`REQUIREMENTS`]: a virtual environment in `target/python-venv`, made
/// (once, and again whenever the requirements change) from the system's
/// `python3`, with those packages installed from PyPI. The packages are
/// installed there and only there. Without `python3`, or its `venv` module,
/// a test says it skipped; in CI (`CI=true`) it fails.
pub fn python_venv() -> Option<PathBuf> {
    let python = python()?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    match make_venv(
        python,
        &root.join(REQUIREMENTS),
        &target.join("python-venv"),
    ) {
        Ok(venv_python) => Some(venv_python),
        Err(e) => {
            skip_python(&format!(
                "no virtual environment for the Python programs that need packages: {e} \
                 (on Debian, `sudo apt-get install python3-venv`)"
            ));
            None
        }
    }
}

/// Makes (or reuses) the virtual environment `venv` with the packages of
/// `requirements`, under a lock, so that tests running at once make it once.
fn make_venv(python: &str, requirements: &Path, venv: &Path) -> Result<PathBuf, String> {
    let wanted = std::fs::read_to_string(requirements)
        .map_err(|e| format!("{}: {e}", requirements.display()))?;
    let venv_python = venv.join("bin/python");
    std::fs::create_dir_all(venv.parent().unwrap()).map_err(|e| e.to_string())?;
    let lock_path = venv.with_extension("lock");
    let lock =
        std::fs::File::create(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    // SAFETY: a plain system call on a file this function keeps open; the
    // lock goes when the file closes, at the end of this function.
    if unsafe { libc::flock(std::os::fd::AsRawFd::as_raw_fd(&lock), libc::LOCK_EX) } != 0 {
        return Err(format!("cannot lock {}", lock_path.display()));
    }
    if is_current(venv, &wanted) {
        return Ok(venv_python);
    }
    let _ = std::fs::remove_dir_all(venv);
    let quiet = |command: &mut Command| -> Result<(), String> {
        let out = command.output().map_err(|e| format!("{command:?}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{command:?} failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    };
    quiet(Command::new(python).args(["-m", "venv"]).arg(venv))?;
    quiet(
        Command::new(&venv_python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(requirements),
    )?;
    std::fs::write(venv.join(STAMP), wanted).map_err(|e| e.to_string())?;
    Ok(venv_python)
}

/// The copy of the requirements a virtual environment was made from.
const STAMP: &str = "requirements.txt";

/// Whether the virtual environment `venv` was made, to the end, from
/// exactly the requirements `wanted`.
fn is_current(venv: &Path, wanted: &str) -> bool {
    venv.join("bin/python").exists()
        && std::fs::read_to_string(venv.join(STAMP)).is_ok_and(|made| made == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_check_reports_what_rustc_says() {
        assert_eq!(type_check("fn main() {}\n", "fine"), Ok(()));
        let error = type_check("fn main() { let x: u8 = \"no\"; }\n", "mismatch").unwrap_err();
        assert!(error.contains("E0308"), "{error}");
    }

    #[test]
    fn every_task_ran_checks_each_lane_once_and_its_length() {
        let run = Run::printed(
            "[   0 ms] b starts\n[   1 ms] a starts\n[ 101 ms] b ends\n[ 102 ms] a ends\nall done in 102 ms\n",
        );
        let spans = run.assert_every_task_ran(&["b", "a"], 100);
        assert_eq!(
            spans.iter().map(|s| s.lane.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        let check = |lanes: &'static [&'static str], min_ms| {
            let run = run.clone();
            std::panic::catch_unwind(move || run.assert_every_task_ran(lanes, min_ms)).is_err()
        };
        assert!(check(&["a", "b", "c"], 100), "a lane missing");
        assert!(check(&["a", "b"], 102), "a task shorter than its wait");
    }

    #[test]
    fn numbers_are_every_whole_number_in_order() {
        assert_eq!(numbers("3 of 10 in 52 ms"), [3, 10, 52]);
        assert_eq!(numbers("[ 101 ms] task 2 ends"), [101, 2]);
        assert!(numbers("no digits").is_empty());
    }

    fn sh(script: &str) -> Command {
        let mut sh = Command::new("sh");
        sh.args(["-c", script]);
        sh
    }

    #[test]
    fn run_captures_output_and_time() {
        let run = run(sh(
            "sleep 0.05; echo '[   0 ms] a starts'; echo '[  50 ms] a ends'; echo 'all done in 50 ms'",
        ));
        assert!(run.wall >= Duration::from_millis(50));
        assert_eq!(run.lines().len(), 3);
        assert_eq!(run.span("a").start_ms, 0);
        assert_eq!(run.spans()[0].end_ms, 50);
        assert_eq!(run.reported_ms(), 50);
    }

    #[test]
    #[should_panic(expected = "failed")]
    fn a_failing_program_fails_the_test() {
        run(sh("exit 3"));
    }

    #[test]
    fn standard_error_is_kept_apart() {
        let run = run(sh("echo out; echo err >&2; echo out again"));
        assert_eq!(run.stdout, "out\nout again\n");
        assert_eq!(run.stderr, "err\n");
    }

    /// Whether process `pid` is gone (or dead and waiting to be reaped),
    /// waiting up to a second for it to go.
    fn gone(pid: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(1);
        loop {
            let state = std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|s| s.rsplit_once(") ").map(|(_, rest)| rest.chars().next()));
            if matches!(state, None | Some(Some('Z' | 'X'))) {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn no_process_a_listing_started_outlives_its_run() {
        // The program leaves a child behind, still holding its stdout.
        let run = run(sh("sleep 60 & echo $!"));
        let pid = run.stdout.trim();
        assert!(
            gone(pid),
            "process {pid}, started by the program, outlived it"
        );
    }

    #[test]
    fn nor_after_a_timeout() {
        let hung = run_with(
            sh("sleep 60 & echo $!; sleep 60"),
            None,
            Vec::new(),
            Duration::from_millis(300),
        )
        .unwrap_err();
        assert_eq!(hung.limit, Duration::from_millis(300));
        let pid = hung.printed.trim();
        assert!(gone(pid), "process {pid} outlived a hung run");
    }

    #[test]
    #[should_panic(expected = "did not finish within 300ms: is it deadlocked? It printed:\nhalf")]
    fn a_hung_run_fails_with_what_it_printed() {
        let spec = RunSpec {
            args: vec!["-c".into(), "echo half; sleep 60".into()],
            ..RunSpec::default()
        };
        let hung = spec.run_within(Path::new("/bin/sh"), Duration::from_millis(300));
        hung.unwrap_err().panic();
    }

    #[test]
    fn a_spec_feeds_stdin_args_env_and_companions() {
        let spec = RunSpec {
            args: vec![
                "-c".into(),
                "read line; echo \"$line $V $1\"".into(),
                "sh".into(),
                "{port0}".into(),
            ],
            stdin: Some("port {port0}\n".into()),
            env: vec![("V".into(), "v".into())],
            companions: vec![vec!["-c".into(), "echo companion {port0}".into()]],
            ..RunSpec::default()
        };
        let run = spec.run(Path::new("/bin/sh"));
        let words: Vec<&str> = run.stdout.split_whitespace().collect();
        assert_eq!(words[0], "port");
        assert_eq!(words[2], "v");
        assert_eq!(
            words[1], words[3],
            "one port for every {{port0}}: {}",
            run.stdout
        );
        assert!(
            words[1].parse::<u16>().is_ok_and(|p| p > 0),
            "{}",
            run.stdout
        );
    }

    #[test]
    fn a_spec_confines_to_cores() {
        let spec = RunSpec {
            cores: Some(1),
            ..RunSpec::default()
        };
        let run = spec.run(Path::new("/usr/bin/nproc"));
        assert_eq!(run.stdout.trim(), "1");
    }

    #[test]
    fn a_listing_that_hangs_is_recorded_up_to_where_it_hangs() {
        let spec = RunSpec {
            args: vec!["-c".into(), "echo locked a; sleep 60".into()],
            hangs: true,
            ..RunSpec::default()
        };
        assert_eq!(spec.record(Path::new("/bin/sh")).unwrap(), "locked a\n");
        assert!(
            spec.recorded_how("x")
                .ends_with(", stopped after 2 s (it never ends)")
        );
        let ends = RunSpec {
            args: vec!["-c".into(), "true".into()],
            hangs: true,
            ..RunSpec::default()
        };
        assert!(
            ends.record(Path::new("/bin/sh"))
                .unwrap_err()
                .contains("but it finished")
        );
    }

    #[test]
    #[should_panic(expected = "a companion of")]
    fn a_failing_companion_fails_the_run() {
        let spec = RunSpec {
            args: vec!["-c".into(), "true".into()],
            companions: vec![vec!["-c".into(), "exit 4".into()]],
            ..RunSpec::default()
        };
        spec.run(Path::new("/bin/sh"));
    }

    const MANIFEST_TEXT: &str = r#"
[package]
name = "listings"
[[bin]]
name = "ch01-01-a"
path = "src/bin/ch01-01-a.rs"
test = false
[[bin]]
name = "ch12-01-b"
path = "src/bin/ch12-01-b.rs"
test = false
[package.metadata.run.ch12-01-b]
build = "release"
args = ["10", "a b"]
stdin = "1 2\n"
env = { RAYON_NUM_THREADS = "2" }
cores = 1
"#;

    #[test]
    fn specs_are_read_from_the_manifest_and_shown_as_commands() {
        let listings = declared(MANIFEST_TEXT).unwrap();
        assert_eq!(listings.len(), 2);
        assert_eq!(listings[0], ("ch01-01-a".into(), RunSpec::default()));
        assert_eq!(
            listings[0].1.command_line("ch01-01-a"),
            "cargo run -p listings --bin ch01-01-a"
        );
        let (name, spec) = &listings[1];
        assert!(spec.release);
        assert_eq!(spec.profile(), "release");
        assert_eq!(
            spec.command_line(name),
            "printf '1 2\\n' | RAYON_NUM_THREADS=2 taskset -c 0 cargo run --release -p listings --bin ch12-01-b -- 10 'a b'"
        );
    }

    #[test]
    fn a_mistaken_declaration_is_named() {
        let typo = MANIFEST_TEXT.replace("cores = 1", "core = 1");
        let err = declared(&typo).unwrap_err();
        assert_eq!(
            err,
            "listings/Cargo.toml: [package.metadata.run.ch12-01-b]: unknown key `core`"
        );
        let stray =
            format!("{MANIFEST_TEXT}[package.metadata.run.ch99-01-z]\nbuild = \"release\"\n");
        assert!(declared(&stray).unwrap_err().contains("not a [[bin]]"));
    }

    #[test]
    fn numbers_and_lines_are_read_from_an_output() {
        assert_eq!(floats("1.95x in 48.1 ms. Then 3."), vec![1.95, 48.1, 3.0]);
        let run = Run::printed("cores: 2\n  speedup 1.9\nspeedup of rayon 1.8\n");
        assert_eq!(run.line("cores"), "cores: 2");
        assert_eq!(run.line("speedup 1"), "  speedup 1.9");
        let twice = std::panic::catch_unwind(|| run.line("speedup").to_owned());
        assert!(twice.is_err());
    }

    #[test]
    fn a_further_run_of_a_listing_runs_its_program() {
        let again = format!(
            "{MANIFEST_TEXT}[package.metadata.run.ch12-02-again]\nlisting = \"ch12-01-b\"\nargs = [\"3\"]\n"
        );
        let listings = declared(&again).unwrap();
        let (name, spec) = listings.last().unwrap();
        assert_eq!(name, "ch12-02-again");
        assert_eq!(spec.program(name), "ch12-01-b");
        assert_eq!(
            spec.command_line(name),
            "cargo run -p listings --bin ch12-01-b -- 3"
        );
        let nowhere = again.replace("listing = \"ch12-01-b\"", "listing = \"ch12-09-gone\"");
        assert!(declared(&nowhere).unwrap_err().contains("not a [[bin]]"));
        let own = format!("{MANIFEST_TEXT}listing = \"ch01-01-a\"\n");
        assert!(declared(&own).unwrap_err().contains("runs its own program"));
    }

    /// A Python program in a temporary file, removed when dropped.
    struct PythonFile(PathBuf);

    impl PythonFile {
        fn new(name: &str, code: &str) -> PythonFile {
            let dir = std::env::temp_dir().join(format!("book-python-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("{name}.py"));
            std::fs::write(&path, code).unwrap();
            PythonFile(path)
        }
        fn path(&self) -> &str {
            self.0.to_str().unwrap()
        }
    }

    impl Drop for PythonFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    #[test]
    fn the_start_method_is_set_for_the_program() {
        let Some(python) = python() else { return };
        let python = Path::new(python);
        let (default, methods) = start_methods(python);
        assert!(methods.contains(&default), "{default} {methods:?}");
        assert!(methods.iter().any(|m| m == "spawn"), "{methods:?}");
        for method in &methods {
            let mut command = Command::new(python);
            command
                .args([
                    "-c",
                    "import multiprocessing; print(multiprocessing.get_start_method())",
                ])
                .envs(start_method_env(method));
            assert_eq!(run(command).stdout.trim(), method);
        }
    }

    const POOL: &str = "\
import os
from concurrent.futures import ProcessPoolExecutor


def square(x):
    return x * x

";

    #[test]
    fn a_guarded_pool_runs_under_every_start_method() {
        let Some(python) = python() else { return };
        // Under spawn, the child imports this file again as `__mp_main__`
        // to find `square`: it must find it, and not run the pool again.
        let program = PythonFile::new(
            "guarded",
            &format!(
                "{POOL}if __name__ == \"__main__\":\n    with ProcessPoolExecutor(2) as pool:\n        print(list(pool.map(square, range(4))), os.getpid())\n"
            ),
        );
        let run = run_python(Path::new(python), program.path());
        assert!(run.stdout.starts_with("[0, 1, 4, 9] "), "{}", run.stdout);
    }

    #[test]
    #[should_panic(expected = "failed")]
    fn an_unguarded_pool_fails_under_spawn() {
        let Some(python) = python() else {
            panic!("failed: no python3, nothing to show")
        };
        let program = PythonFile::new(
            "unguarded",
            &format!(
                "{POOL}with ProcessPoolExecutor(2) as pool:\n    print(list(pool.map(square, range(4))))\n"
            ),
        );
        run_python(Path::new(python), program.path());
    }

    #[test]
    #[should_panic(expected = "other lines than under the default")]
    fn a_run_that_differs_by_start_method_fails() {
        let Some(python) = python() else {
            panic!("other lines than under the default: no python3, nothing to show")
        };
        let program = PythonFile::new(
            "differs",
            "import multiprocessing\nif __name__ == \"__main__\":\n    print(multiprocessing.get_start_method())\n",
        );
        run_python(Path::new(python), program.path());
    }

    #[test]
    fn numbers_are_masked_and_the_rest_kept() {
        assert_eq!(
            masked("[ 12 ms] pid 4,031 took  1.5 s\n[  9 ms] tick\n[1029 ms] tick\nend\n"),
            ["[#ms]pid#took#s", "[#ms]tick", "end"]
                .map(String::from)
                .into()
        );
        assert!(!starts_processes("import threading\n"));
        assert!(starts_processes(
            "from concurrent.futures import ProcessPoolExecutor\n"
        ));
    }

    #[test]
    fn packages_go_into_a_virtual_environment_only() {
        // The real one, made once for every test that needs it.
        let Some(python) = python_venv() else { return };
        let mut command = Command::new(&python);
        command.args([
            "-c",
            "import sys; print(sys.prefix != sys.base_prefix, sys.prefix)",
        ]);
        let venv = python.parent().unwrap().parent().unwrap();
        assert_eq!(
            run(command).stdout.trim(),
            format!("True {}", venv.display()),
            "not a virtual environment in {}",
            venv.display()
        );
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let wanted = std::fs::read_to_string(root.join(REQUIREMENTS)).unwrap();
        assert!(is_current(venv, &wanted));
    }

    #[test]
    fn a_virtual_environment_is_made_again_when_the_requirements_change() {
        let venv = std::env::temp_dir().join(format!("book-venv-{}", std::process::id()));
        std::fs::create_dir_all(venv.join("bin")).unwrap();
        assert!(!is_current(&venv, "joblib==1.6.0\n"), "no stamp: half made");
        std::fs::write(venv.join(STAMP), "joblib==1.6.0\n").unwrap();
        assert!(!is_current(&venv, "joblib==1.6.0\n"), "no python in it");
        std::fs::write(venv.join("bin/python"), "").unwrap();
        assert!(is_current(&venv, "joblib==1.6.0\n"));
        assert!(!is_current(&venv, "joblib==1.6.1\n"));
        std::fs::remove_dir_all(&venv).unwrap();
    }
}
