//! Measuring CPU-bound work on a machine that other work may share: what
//! the `cpu_bound_…` tests of the listings use.
//!
//! A wall-clock speedup is a claim about the cores a program had. Other
//! work on the machine (another process, a burst of the kernel's own, a
//! virtual machine's host taking its CPUs back, "steal") takes cores away
//! and lowers it, and nothing in the program's output can tell. Linux can:
//! `/proc/stat` counts the time every CPU spent busy, and on steal;
//! `/proc/self/stat` the time this process and the children it has waited
//! for used. Busy time that is not ours was someone else's.
//!
//! So a test makes several attempts, each running the versions it compares
//! side by side. On every attempt it asserts what load cannot fool (equal
//! results, processor time that no load can raise, each thread's share of
//! the work). It judges the wall-clock claim on the best of the attempts
//! during which the machine was otherwise quiet ([`Load::disturbed`]); if
//! none was, it says it skipped that claim and why ([`skipped`]), and
//! `cargo book test` counts those lines in its summary.

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Clock ticks a second of `/proc`'s CPU times (Linux's `USER_HZ`, 100 on
/// every architecture Rust runs Linux on).
const TICKS: f64 = 100.0;

/// How much other work, in CPUs on average over an attempt (other
/// processes' busy time, plus steal), makes its wall-clock figures not a
/// judge of the claim. A quarter of one CPU: alone, the machine measured
/// well under a tenth (the kernel's own work, and rounding to ticks).
pub const DISTURBED_CPUS: f64 = 0.25;

/// The file, in the target directory, to which [`skipped`] adds a line for
/// each claim it skips, for `cargo book test`'s summary.
pub const SKIPS_FILE: &str = "cpu-bound-skips.txt";

/// CPU time counters at one moment, in ticks.
#[derive(Clone, Copy)]
struct Sample {
    at: Instant,
    /// Every CPU's busy time (user, nice, system, interrupts), anyone's.
    busy: u64,
    /// Time the host of a virtual machine ran something else on its CPUs.
    steal: u64,
    /// This process's time, and its waited-for children's.
    own: u64,
}

fn sample() -> Option<Sample> {
    let at = Instant::now();
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let cpu: Vec<u64> = stat
        .lines()
        .next()?
        .strip_prefix("cpu ")?
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    // user nice system idle iowait irq softirq steal …
    let field = |i: usize| cpu.get(i).copied().unwrap_or(0);
    let busy = field(0) + field(1) + field(2) + field(5) + field(6);
    let own_stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // After the name in parentheses, fields 12 to 15: utime, stime,
    // cutime, cstime.
    let own = own_stat
        .rsplit(')')
        .next()?
        .split_whitespace()
        .skip(11)
        .take(4)
        .map(|f| f.parse::<u64>().unwrap_or(0))
        .sum();
    Some(Sample {
        at,
        busy,
        steal: field(7),
        own,
    })
}

/// What the machine did while one attempt ran.
#[derive(Clone, Copy, Debug)]
pub struct Load {
    pub wall: Duration,
    /// CPUs this process and the children it waited for kept busy, on
    /// average.
    pub own: f64,
    /// CPUs other processes kept busy, on average.
    pub others: f64,
    /// CPUs the host of a virtual machine took (steal), on average.
    pub steal: f64,
    /// Whether `/proc` could be read (Linux); if not, every figure is 0.
    pub measured: bool,
}

impl Load {
    /// Why this attempt's wall-clock figures cannot judge a claim, if
    /// they cannot: other work took at least [`DISTURBED_CPUS`].
    pub fn disturbed(&self) -> Option<String> {
        let taken = self.others + self.steal;
        (taken >= DISTURBED_CPUS).then(|| {
            format!(
                "other work kept {:.2} CPUs busy (steal {:.2}) beside it",
                self.others, self.steal
            )
        })
    }
}

/// Runs `f`, and measures what the machine did meanwhile.
pub fn measured<T>(f: impl FnOnce() -> T) -> (T, Load) {
    let before = sample();
    let value = f();
    let after = sample();
    let load = match (before, after) {
        (Some(b), Some(a)) => {
            let wall = a.at - b.at;
            let cpus = |ticks: u64| ticks as f64 / TICKS / wall.as_secs_f64().max(1e-9);
            let own = a.own.saturating_sub(b.own);
            let busy = a.busy.saturating_sub(b.busy);
            Load {
                wall,
                own: cpus(own),
                others: cpus(busy.saturating_sub(own)),
                steal: cpus(a.steal.saturating_sub(b.steal)),
                measured: true,
            }
        }
        _ => Load {
            wall: Duration::ZERO,
            own: 0.0,
            others: 0.0,
            steal: 0.0,
            measured: false,
        },
    };
    (value, load)
}

/// How many attempts a test makes: at least `min`, at most `max`, and no
/// more once `budget` has passed (unless no quiet attempt has been made
/// yet and `max` is not reached: then up to twice the budget, waiting for
/// the other work to end).
#[derive(Clone, Copy, Debug)]
pub struct Attempts {
    pub min: usize,
    pub max: usize,
    pub budget: Duration,
}

impl Default for Attempts {
    fn default() -> Self {
        Attempts {
            min: 1,
            max: 12,
            budget: Duration::from_secs(15),
        }
    }
}

/// Makes attempts (`attempt` runs the versions compared, side by side,
/// asserts on what load cannot fool, and returns the figures to judge),
/// until `enough` holds for the quiet attempts made so far, or the limits
/// of `attempts` are reached. Returns the figures of the quiet attempts,
/// to judge the claim on their best; or `None`, after saying that `what`
/// was skipped and why, if every attempt ran while other work took the
/// machine's CPUs.
pub fn quiet_attempts<T>(
    what: &str,
    attempts: Attempts,
    mut attempt: impl FnMut() -> T,
    enough: impl Fn(&[T]) -> bool,
) -> Option<Vec<T>> {
    let started = Instant::now();
    let (mut quiet, mut disturbed) = (Vec::new(), Vec::new());
    while quiet.len() + disturbed.len() < attempts.max {
        let made = quiet.len() + disturbed.len();
        let budget = if quiet.is_empty() {
            2 * attempts.budget
        } else {
            attempts.budget
        };
        if made >= attempts.min && (enough(&quiet) || started.elapsed() >= budget) {
            break;
        }
        let (figures, load) = measured(&mut attempt);
        match load.disturbed() {
            None => quiet.push(figures),
            Some(why) => {
                eprintln!("attempt {}: not judged, {why}", made + 1);
                disturbed.push(why);
                // Let a burst of other work pass.
                std::thread::sleep(Duration::from_millis(250));
            }
        }
    }
    if quiet.is_empty() {
        skipped(
            what,
            &format!(
                "in each of {} attempts {}",
                disturbed.len(),
                disturbed.last().map_or("", String::as_str)
            ),
        );
        return None;
    }
    Some(quiet)
}

/// Says that a CPU-bound test skipped the claim `what`, and why, on
/// standard error and in [`SKIPS_FILE`], where `cargo book test` counts
/// such lines.
pub fn skipped(what: &str, why: &str) {
    let line = format!("skipped: {what} because {why}");
    eprintln!("{line}");
    if let Some(file) = skips_file() {
        use std::io::Write;
        let test = std::thread::current()
            .name()
            .unwrap_or("a CPU-bound test")
            .to_owned();
        let _ = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)
            .and_then(|mut f| writeln!(f, "{test}: {line}"));
    }
}

/// [`SKIPS_FILE`] in the target directory of the running test (its
/// executable is `TARGET/PROFILE/deps/NAME`).
fn skips_file() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let deps = exe.parent()?;
    (deps.file_name()? == "deps").then_some(())?;
    Some(deps.parent()?.parent()?.join(SKIPS_FILE))
}

/// The logical CPUs this process may use (`available_parallelism`: with
/// SMT, two of them may share one core).
pub fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_loop_of_this_process_is_its_own_work() {
        let (_, load) = measured(|| {
            let start = Instant::now();
            let mut x = 0u64;
            while start.elapsed() < Duration::from_millis(200) {
                x = std::hint::black_box(x.wrapping_add(1));
            }
        });
        if !load.measured {
            return;
        }
        // Our own loop ran, and no one kept more CPUs busy than there are.
        let all = load.own + load.others + load.steal;
        assert!(load.own > 0.0 && all <= cpus() as f64 + 0.3, "{load:?}");
    }

    #[test]
    fn other_work_counts_as_disturbance() {
        let load = Load {
            wall: Duration::from_secs(1),
            own: 1.0,
            others: 0.9,
            steal: 0.0,
            measured: true,
        };
        assert!(load.disturbed().is_some());
        let quiet = Load {
            others: 0.05,
            ..load
        };
        assert!(quiet.disturbed().is_none());
        let stolen = Load {
            steal: 0.5,
            ..quiet
        };
        assert!(stolen.disturbed().is_some());
    }
}
