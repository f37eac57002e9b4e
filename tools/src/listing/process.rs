//! Running a program as a process group of its own, under a deadline, and
//! reading what it printed: [`Listing`], [`Run`], [`run`].

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::*;
use crate::recording::{self, Order};
use crate::timeline::{self, Span};

/// How long any listing may run before its test fails as hung.
pub const TIMEOUT: Duration = Duration::from_secs(30);

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

    /// The listing, run confined to one core (`taskset`), however it is
    /// declared.
    pub fn on_one_core(mut self) -> Listing {
        self.spec.cores = Some(1);
        self
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

    /// Where the line `line` is in the output: the line itself, or a
    /// stamped line (`[ 12 ms] line`) that ends with it. Panics, showing the
    /// output, unless it is there exactly once.
    pub fn line_at(&self, line: &str) -> usize {
        let stamped = format!("] {line}");
        let found: Vec<usize> = self
            .stdout
            .lines()
            .enumerate()
            .filter(|(_, l)| *l == line || l.ends_with(&stamped))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(found.len(), 1, "`{line}` once:\n{}", self.stdout);
        found[0]
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

/// The code of `text` from the first `from` up to the next `to`, a line
/// at a time: each without its comment, trimmed, blank lines dropped.
pub fn code_between(text: &str, from: &str, to: &str) -> Vec<String> {
    let start = text.find(from).unwrap_or_else(|| panic!("no `{from}`"));
    let rest = &text[start..];
    let end = rest.find(to).unwrap_or_else(|| panic!("no `{to}`"));
    code_lines(&rest[..end])
}

/// Each line of `text` without its comment, trimmed, blank lines dropped.
fn code_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.split("//").next().unwrap().trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect()
}

/// Panics unless the copy in the file `copy`, between the lines
/// `// MARKER STARTS` and `// MARKER ENDS`, is the code of the file
/// `original` from `from` up to `to` with each `(old, new)` of `changes`
/// made, and nothing else changed (comments aside); each `old` must occur
/// exactly once in the original. A test that runs a deliberately broken
/// copy of a listing (under loom, say) proves with this that the copy
/// differs from the listing only where it says.
pub fn assert_copy_changes_only(
    original: &str,
    (from, to): (&str, &str),
    copy: &str,
    marker: &str,
    changes: &[(&str, &str)],
) {
    let original_code = code_between(&read(original), from, to).join("\n");
    let copied = code_between(
        &read(copy),
        &format!("// {marker} STARTS"),
        &format!("// {marker} ENDS"),
    )
    .join("\n");
    assert_changes_only(
        &format!("{original} between `{from}` and `{to}`"),
        &original_code,
        &format!("the copy marked {marker} in {copy}"),
        &copied,
        changes,
    );
}

/// Panics unless the whole file `copy` is the file `original` with each
/// `(old, new)` of `changes` made, and nothing else changed (comments
/// aside); each `old` must occur exactly once in the original. For a
/// fixed listing that differs from its broken one only where the page
/// says.
pub fn assert_file_changes_only(original: &str, copy: &str, changes: &[(&str, &str)]) {
    let code = |path: &str| code_lines(&read(path)).join("\n");
    assert_changes_only(original, &code(original), copy, &code(copy), changes);
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn assert_changes_only(
    original: &str,
    original_code: &str,
    copy: &str,
    copied: &str,
    changes: &[(&str, &str)],
) {
    let mut changed = original_code.to_owned();
    for (old, new) in changes {
        assert_eq!(
            original_code.matches(old).count(),
            1,
            "{original}: `{old}` should occur once"
        );
        changed = changed.replace(old, new);
    }
    assert_eq!(
        copied, changed,
        "{copy} is not {original} with only {changes:?}"
    );
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

/// What bounds a run besides its deadline: the local runner's limits (see
/// `book_tools::runner`). The default bounds nothing, as for the tests.
#[derive(Clone, Default)]
pub struct Bounds {
    /// Bytes kept of each of standard output and standard error; a run that
    /// prints more is ended, its group killed, with what it printed so far.
    pub output_cap: Option<usize>,
    /// The address space each process of the run may have (`RLIMIT_AS`),
    /// in bytes.
    pub memory: Option<u64>,
    /// Set from another thread to end the run now (the page that asked for
    /// it went away).
    pub stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

/// How a bounded run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Exited(ExitStatus),
    /// Still running at its deadline: killed.
    Deadline,
    /// It printed more than [`Bounds::output_cap`]: killed.
    Cut,
    /// Asked to stop ([`Bounds::stop`]): killed.
    Stopped,
}

/// What a bounded run printed, and how it ended. Every process it started
/// is gone, however it ended.
#[derive(Debug, Clone)]
pub struct Bounded {
    pub run: Run,
    pub ended: Ended,
}

/// Runs `main` with `stdin` on its standard input and `companions` beside
/// it (started first), as [`run`] does, but within `bounds` and `limit`,
/// and without panicking on how it ends: for the local runner of `cargo
/// book serve`, which reports it to the page. The companions are ended
/// with it (a failing companion fails nothing here).
pub fn run_bounded(
    main: Command,
    stdin: Option<String>,
    companions: Vec<Command>,
    limit: Duration,
    bounds: &Bounds,
) -> Bounded {
    let started = Instant::now();
    let deadline = started + limit;
    let _others: Vec<Started> = companions
        .into_iter()
        .map(|c| Started::spawn(c, None, bounds))
        .collect();
    let mut process = Started::spawn(main, stdin, bounds);
    let ended = process.wait_bounded(deadline, bounds);
    let wall = started.elapsed();
    let (stdout, stderr) = process.finish();
    Bounded {
        run: Run {
            stdout,
            stderr,
            wall,
        },
        ended,
    }
}

/// A started process in a process group of its own, with its output being
/// read. Dropping it kills the whole group: the process and everything it
/// started, still running or not, on success, failure or panic alike.
struct Started {
    child: Child,
    command: String,
    stdout: Option<JoinHandle<std::io::Result<String>>>,
    stderr: Option<JoinHandle<std::io::Result<String>>>,
    /// Set once it printed more than its cap on either stream.
    cut: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Started {
    fn spawn(mut command: Command, stdin: Option<String>, bounds: &Bounds) -> Started {
        let shown = format!("{command:?}");
        if let Some(bytes) = bounds.memory {
            let limit = libc::rlimit {
                rlim_cur: bytes as libc::rlim_t,
                rlim_max: bytes as libc::rlim_t,
            };
            // SAFETY: between fork and exec, a single system call, which
            // is async-signal-safe, on a value copied into the closure.
            unsafe {
                command.pre_exec(move || {
                    if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                        Ok(())
                    } else {
                        Err(std::io::Error::last_os_error())
                    }
                });
            }
        }
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
        let cut = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        // Read both pipes while waiting, or a chatty program blocks on a
        // full one. Beyond the cap, what it prints is read and dropped
        // (the run is ended as soon as the waiting loop sees `cut`).
        let cap = bounds.output_cap;
        let drain = |mut pipe: Box<dyn Read + Send>| {
            let cut = cut.clone();
            std::thread::spawn(move || {
                let Some(cap) = cap else {
                    let mut text = String::new();
                    return pipe.read_to_string(&mut text).map(|_| text);
                };
                let mut kept = Vec::new();
                let mut chunk = [0; 64 * 1024];
                loop {
                    let n = match pipe.read(&mut chunk) {
                        Ok(0) => break,
                        Ok(n) => n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        Err(e) => return Err(e),
                    };
                    let room = cap.saturating_sub(kept.len());
                    kept.extend_from_slice(&chunk[..n.min(room)]);
                    if n > room {
                        cut.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                }
                Ok(String::from_utf8_lossy(&kept).into_owned())
            })
        };
        let stdout = Some(drain(Box::new(child.stdout.take().unwrap())));
        let stderr = Some(drain(Box::new(child.stderr.take().unwrap())));
        Started {
            child,
            command: shown,
            stdout,
            stderr,
            cut,
        }
    }

    /// Waits for the process until `deadline`; `None` if it is still running.
    fn wait_until(&mut self, deadline: Instant) -> Option<ExitStatus> {
        match self.wait_bounded(deadline, &Bounds::default()) {
            Ended::Exited(status) => Some(status),
            _ => None,
        }
    }

    /// Waits for the process until `deadline`, or until `bounds` end it.
    fn wait_bounded(&mut self, deadline: Instant, bounds: &Bounds) -> Ended {
        use std::sync::atomic::Ordering::Relaxed;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Ended::Exited(status);
            }
            if self.cut.load(Relaxed) {
                return Ended::Cut;
            }
            if bounds.stop.as_ref().is_some_and(|stop| stop.load(Relaxed)) {
                return Ended::Stopped;
            }
            if Instant::now() > deadline {
                return Ended::Deadline;
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

    /// Sends `signal` to every process of the group.
    fn signal_group(&self, signal: libc::c_int) {
        let group = self.child.id() as libc::pid_t;
        // SAFETY: a plain system call; the group is the one made for this
        // process at spawn, and signalling a group that is gone does nothing.
        unsafe { libc::kill(-group, signal) };
    }

    fn kill_group(&mut self) {
        self.signal_group(libc::SIGKILL);
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
    /// What it had printed on standard error by then: for a Python
    /// program, where each of its threads was waiting (see
    /// [`run_python`](super::run_python)).
    pub stderr: String,
}

impl Hung {
    pub(super) fn panic(self) -> ! {
        panic!(
            "{} did not finish within {:?}: is it deadlocked? It printed:\n{}\n\
             and on standard error:\n{}",
            self.command, self.limit, self.printed, self.stderr
        )
    }
}

/// Runs `main` to the end under `limit`, with `stdin` on its standard
/// input, and `companions` beside it (started first; each must also
/// succeed). `Err` if `main` was still running at `limit`; panics if any
/// fails. Ends every process any of them started either way.
pub(super) fn run_with(
    main: Command,
    stdin: Option<String>,
    companions: Vec<Command>,
    limit: Duration,
) -> Result<Run, Hung> {
    let (run, status, command) = run_to_exit_with(main, stdin, companions, limit)?;
    assert!(
        status.success(),
        "{command} failed ({status}).\nstdout:\n{stdout}\nstderr:\n{stderr}",
        stdout = run.stdout,
        stderr = run.stderr
    );
    Ok(run)
}

/// Runs `command` as [`run`] does, under `limit`, but a run that fails is
/// no panic: `Ok` with what it printed and how it ended (a grader that
/// finds a mistake exits with 1), `Err` if it did not end in time.
pub fn run_to_exit(command: Command, limit: Duration) -> Result<(Run, ExitStatus), Hung> {
    run_to_exit_with(command, None, Vec::new(), limit).map(|(run, status, _)| (run, status))
}

fn run_to_exit_with(
    main: Command,
    stdin: Option<String>,
    companions: Vec<Command>,
    limit: Duration,
) -> Result<(Run, ExitStatus, String), Hung> {
    let started = Instant::now();
    let deadline = started + limit;
    let mut others: Vec<Started> = companions
        .into_iter()
        .map(|c| Started::spawn(c, None, &Bounds::default()))
        .collect();
    // A Python program that hangs is asked, before it is killed, where
    // each of its threads waits: with PYTHONFAULTHANDLER set, every Python
    // process of the group prints its threads' tracebacks on SIGABRT.
    let tracebacks = main
        .get_envs()
        .any(|(key, value)| key == "PYTHONFAULTHANDLER" && value.is_some());
    let mut process = Started::spawn(main, stdin, &Bounds::default());
    let command = process.command.clone();
    let Some(status) = process.wait_until(deadline) else {
        if tracebacks {
            process.signal_group(libc::SIGABRT);
            process.wait_until(Instant::now() + Duration::from_secs(2));
        }
        let (printed, stderr) = process.finish();
        return Err(Hung {
            command,
            limit,
            printed,
            stderr,
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
    Ok((
        Run {
            stdout,
            stderr,
            wall,
        },
        status,
        command,
    ))
}

/// For tests: whether process `pid` is gone (or dead and waiting to be
/// reaped), waiting up to `limit` for it to go.
#[cfg(test)]
pub(crate) fn gone_within(pid: &str, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        let state = std::fs::read_to_string(format!("/proc/{}/stat", pid.trim()))
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

#[cfg(test)]
mod tests {
    use super::*;

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

    fn gone(pid: &str) -> bool {
        gone_within(pid, Duration::from_secs(1))
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
    fn a_copy_may_differ_from_its_original_only_by_its_changes() {
        let dir = std::env::temp_dir().join(format!("copy-check-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            path.to_string_lossy().into_owned()
        };
        let original = write(
            "original.rs",
            "fn f() {\n    a.store(1, Release); // set\n}\n// END\n",
        );
        let good = write(
            "good.rs",
            "// COPY STARTS\nfn f() {\n    a.store(1, Relaxed);\n}\n// COPY ENDS\n",
        );
        let bad = write(
            "bad.rs",
            "// COPY STARTS\nfn f() {\n    a.store(2, Relaxed);\n}\n// COPY ENDS\n",
        );
        let check = |copy: &str| {
            let copy = copy.to_owned();
            let original = original.clone();
            std::panic::catch_unwind(move || {
                assert_copy_changes_only(
                    &original,
                    ("fn f", "// END"),
                    &copy,
                    "COPY",
                    &[("Release", "Relaxed")],
                )
            })
        };
        assert!(check(&good).is_ok());
        assert!(
            check(&bad).is_err(),
            "a copy that also changed a value passed"
        );
        let whole = |copy: &str| {
            let copy = copy.to_owned();
            let original = original.clone();
            std::panic::catch_unwind(move || {
                assert_file_changes_only(&original, &copy, &[("Release", "Relaxed")])
            })
        };
        let fixed = write("fixed.rs", "fn f() {\n    a.store(1, Relaxed);\n}\n");
        let also = write(
            "also.rs",
            "fn f() {\n    a.store(1, Relaxed);\n}\nfn g() {}\n",
        );
        assert!(whole(&fixed).is_ok());
        assert!(
            whole(&also).is_err(),
            "a file that also added a function passed"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_line_is_found_bare_or_after_its_stamp_and_only_once() {
        let run = Run::printed("[  3 ms] task ends\nall done\n[  5 ms] a task ends\n");
        assert_eq!(run.line_at("all done"), 1);
        assert_eq!(run.line_at("a task ends"), 2);
        assert!(std::panic::catch_unwind(|| run.line_at("ends")).is_err());
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
}
