//! Running listings from their tests: as real processes, under a timeout.
//!
//! A listing's tests run the very program the page shows, as `cargo run`
//! would, and read what it printed. A program that deadlocks must fail its
//! test, not hang the suite, so every run has a deadline.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::recording::{self, Order};
use crate::timeline::{self, Span};

/// How long any listing may run before its test fails as hung.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// A listing of the book: `listings/src/bin/<name>.rs`, built by cargo.
pub struct Listing {
    pub name: &'static str,
    program: PathBuf,
    recorded: PathBuf,
}

/// The listing called `name`, from a test of the `listings` crate.
#[macro_export]
macro_rules! listing {
    ($name:literal) => {
        $crate::listing::Listing::new(
            $name,
            env!(concat!("CARGO_BIN_EXE_", $name)),
            concat!(env!("CARGO_MANIFEST_DIR"), "/recorded"),
        )
    };
}

impl Listing {
    /// Use the [`listing!`] macro, which finds the paths for you.
    pub fn new(name: &'static str, program: &str, recorded_dir: &str) -> Listing {
        Listing {
            name,
            program: program.into(),
            recorded: Path::new(recorded_dir).join(format!("{name}.txt")),
        }
    }

    /// Runs the listing once; panics if it fails or hangs.
    pub fn run(&self) -> Run {
        run(Command::new(&self.program))
    }

    /// The listing's executable, to run some other way (see [`run`]).
    pub fn program(&self) -> &Path {
        &self.program
    }

    /// The output shown on the page.
    pub fn recorded(&self) -> String {
        std::fs::read_to_string(&self.recorded).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run `cargo book record` to record it",
                self.recorded.display()
            )
        })
    }

    /// Panics unless `run` printed what the page shows, up to what may vary.
    pub fn assert_shape(&self, run: &Run, order: Order) {
        if let Err(diff) = recording::check_shape(&self.recorded(), &run.stdout, order) {
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
#[derive(Debug, Clone)]
pub struct Run {
    pub stdout: String,
    pub wall: Duration,
}

impl Run {
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// The tasks of a run that stamps its lines (see [`crate::timeline`]).
    pub fn spans(&self) -> Vec<Span> {
        timeline::spans(&self.stdout).unwrap_or_else(|e| panic!("{e} in:\n{}", self.stdout))
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

/// Runs `command` to the end under [`TIMEOUT`]; panics, with what it wrote
/// to stderr, if it fails or does not finish in time.
pub fn run(mut command: Command) -> Run {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
    // Read both pipes while waiting, or a chatty program blocks on a full one.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            pipe.read_to_string(&mut text).map(|_| text)
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} did not finish within {TIMEOUT:?}: is it deadlocked?");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let wall = started.elapsed();
    let stdout = stdout.join().unwrap().expect("stdout is not UTF-8");
    let stderr = stderr.join().unwrap().unwrap_or_default();
    assert!(
        status.success(),
        "{command:?} failed ({status}).\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    Run { stdout, wall }
}

/// The Python interpreter for the "Coming from Python" programs, if there
/// is one. Without one a test says it skipped; in CI (`CI=true`) it fails.
pub fn python() -> Option<&'static str> {
    let found = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    if found {
        return Some("python3");
    }
    let why = "python3 is not installed, so the Python programs were not run \
               (install it, e.g. `sudo apt-get install python3`)";
    assert!(std::env::var_os("CI").is_none(), "{why}");
    eprintln!("skipped: {why}");
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_captures_output_and_time() {
        let mut sh = Command::new("sh");
        sh.args(["-c", "sleep 0.05; echo '[   0 ms] a starts'; echo '[  50 ms] a ends'; echo 'all done in 50 ms'"]);
        let run = run(sh);
        assert!(run.wall >= Duration::from_millis(50));
        assert_eq!(run.lines().len(), 3);
        assert_eq!(run.spans()[0].end_ms, 50);
        assert_eq!(run.reported_ms(), 50);
    }

    #[test]
    #[should_panic(expected = "failed")]
    fn a_failing_program_fails_the_test() {
        let mut sh = Command::new("sh");
        sh.args(["-c", "exit 3"]);
        run(sh);
    }
}
