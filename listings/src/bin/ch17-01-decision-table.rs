//! Listing 17-1: the book's decision table, printed as Markdown from the
//! book's own recordings. Every figure in it is read from a file that
//! `cargo book record` wrote; a file or line that is missing shows as
//! "see chapter N" instead of a number.
use std::fs;
use std::path::PathBuf;

/// Where `cargo book record` keeps every listing's output.
fn recorded() -> PathBuf {
    let listings = option_env!("CARGO_MANIFEST_DIR").unwrap_or(".");
    PathBuf::from(listings).join("recorded")
}

// ANCHOR: figure
/// Which part of a recorded line is the figure.
enum Pick {
    /// What follows the key: `a thread: 25 us` with key `a thread:`.
    After,
    /// What comes before the key: `9773 bytes per thread`.
    Before,
    /// The line's `n`th word (from 0): the speedup of `rayon  25.9 ms  1.96x`.
    Word(usize),
}

/// One figure of the table: in the recording `file` (of chapter
/// `chapter`), below the first line that contains `section`, the first
/// line that starts with `key` (or ends with it, for `Pick::Before`).
struct Figure {
    chapter: u32,
    file: &'static str,
    section: &'static str,
    key: &'static str,
    pick: Pick,
}

impl Figure {
    /// The figure as the recording says it, or where to read it instead.
    fn read(&self) -> String {
        self.find()
            .unwrap_or_else(|| format!("see chapter {}", self.chapter))
    }

    fn find(&self) -> Option<String> {
        let text = fs::read_to_string(recorded().join(format!("{}.txt", self.file))).ok()?;
        let mut lines = text
            .lines()
            .map(str::trim)
            .skip_while(|line| !line.contains(self.section));
        let found = match self.pick {
            Pick::After => lines.find_map(|l| l.strip_prefix(self.key))?,
            Pick::Before => lines.find_map(|l| l.strip_suffix(self.key))?,
            Pick::Word(n) => lines
                .filter(|l| l.split_whitespace().next() == Some(self.key))
                .find_map(|l| l.split_whitespace().nth(n))?,
        };
        Some(found.trim().to_owned())
    }
}
// ANCHOR_END: figure

/// A figure read from chapter `chapter`'s recording `file`.
const fn at(chapter: u32, file: &'static str, section: &'static str) -> Figure {
    Figure {
        chapter,
        file,
        section,
        key: "",
        pick: Pick::After,
    }
}

impl Figure {
    const fn after(self, key: &'static str) -> Figure {
        Figure {
            key,
            pick: Pick::After,
            ..self
        }
    }
    const fn before(self, key: &'static str) -> Figure {
        Figure {
            key,
            pick: Pick::Before,
            ..self
        }
    }
    const fn word(self, key: &'static str, n: usize) -> Figure {
        Figure {
            key,
            pick: Pick::Word(n),
            ..self
        }
    }
}

const SLEEPERS: &str = "ch11-01-sleepers";
const START_COST: &str = "ch13-05-start-cost";
const CPU_AND_IO: &str = "ch15-03-cpu-and-io";
const EFFICIENCY: &str = "ch12-05-efficiency";
const CROSSOVER: &str = "ch12-06-crossover";
const ONE_PROCESS: &str = "ch16-01-one-process";
const TWO_PROCESSES: &str = "ch16-01-word-count";

// ANCHOR: table
fn main() {
    let cpu = |model| at(15, CPU_AND_IO, "CPU-bound").word(model, 3).read();
    let io = |model| at(15, CPU_AND_IO, "I/O-bound").word(model, 3).read();
    let rows = [
        [
            "threads".to_owned(),
            "waiting or computing, tens or hundreds at once".to_owned(),
            format!(
                "{} bytes resident each ({}), plus a kernel stack not counted in it",
                at(11, SLEEPERS, "threads starts")
                    .before(" bytes per thread")
                    .read(),
                build(SLEEPERS)
            ),
            format!(
                "{} ({}, one at a time)",
                at(13, START_COST, "").after("a thread:").read(),
                build(START_COST)
            ),
            format!(
                "{} on CPU-bound tasks, {} on waits ({})",
                cpu("threads"),
                io("threads"),
                build(CPU_AND_IO)
            ),
            "shared memory; a panic ends one thread".to_owned(),
        ],
        [
            "a thread pool".to_owned(),
            "many short jobs, a cap on how many run at once".to_owned(),
            "a few threads, made once".to_owned(),
            "a job sent on a channel".to_owned(),
            "no thread started per job".to_owned(),
            "shared memory; its threads outlive each job".to_owned(),
        ],
        [
            "rayon".to_owned(),
            "CPU-bound work on data".to_owned(),
            "one thread per logical CPU".to_owned(),
            "a job pushed on a queue".to_owned(),
            format!(
                "{} on CPU-bound tasks ({}), efficiency {} ({}); a cheap sum beat a loop from {} items ({}): that sum's crossover on this machine, not a rule",
                cpu("rayon"),
                build(CPU_AND_IO),
                at(12, EFFICIENCY, "")
                    .after("efficiency (speedup / threads):")
                    .read(),
                build(EFFICIENCY),
                at(12, CROSSOVER, "").word("crossover:", 4).read(),
                build(CROSSOVER)
            ),
            "shared memory, checked by the compiler".to_owned(),
        ],
        [
            "async tasks".to_owned(),
            "many waits at once (I/O-bound)".to_owned(),
            format!(
                "{} bytes resident each ({})",
                at(11, SLEEPERS, "tasks starts")
                    .before(" bytes per task")
                    .read(),
                build(SLEEPERS)
            ),
            format!(
                "{} ({}, one at a time)",
                at(13, START_COST, "").after("a tokio task:").read(),
                build(START_COST)
            ),
            format!(
                "{} on waits ({}); CPU work blocks a worker",
                io("async"),
                build(CPU_AND_IO)
            ),
            "shared memory; a panic ends one task".to_owned(),
        ],
        [
            "processes".to_owned(),
            "isolation; running other programs".to_owned(),
            "a whole address space".to_owned(),
            format!(
                "{} ({}, one at a time)",
                at(13, START_COST, "").after("a process:").read(),
                build(START_COST)
            ),
            format!(
                "{} on CPU-bound tasks ({})",
                cpu("processes"),
                build(CPU_AND_IO)
            ),
            "separate memory; a crash ends one process".to_owned(),
        ],
        [
            "Timely Dataflow".to_owned(),
            "work or data too big for one machine".to_owned(),
            "a worker thread each, in a process per machine".to_owned(),
            "a process per machine, connected over the network".to_owned(),
            format!(
                "none measured: a few lines counted in {} on 2 threads ({}), {} on 2 processes once connected ({})",
                at(16, ONE_PROCESS, "").after("counted in").read(),
                build(ONE_PROCESS),
                at(16, TWO_PROCESSES, "").after("counted in").read(),
                build(TWO_PROCESSES)
            ),
            "separate machines; a dead process fails the whole computation".to_owned(),
        ],
    ];
    println!("| Model | For | Memory per unit | Start cost | Speedup, overhead | Isolation |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for row in rows {
        println!("| {} |", row.join(" | "));
    }
    println!();
    println!("The figures come from these recordings:");
    println!();
    for (column, file) in [
        ("memory per unit", SLEEPERS),
        ("start cost", START_COST),
        ("speedups", CPU_AND_IO),
        ("rayon's efficiency", EFFICIENCY),
        ("rayon's crossover", CROSSOVER),
        ("Timely Dataflow, one process", ONE_PROCESS),
        ("Timely Dataflow, two processes", TWO_PROCESSES),
    ] {
        println!("- {column}: `{file}.txt`, made by {}", how(file));
    }
}

/// How `cargo book record` ran the listing that made the recording `file`:
/// the command and the build, as it wrote them beside the recording.
fn how(file: &str) -> String {
    let said = fs::read_to_string(recorded().join(format!("{file}.run.txt")));
    said.map_or("nothing yet: it is not recorded".to_owned(), |s| {
        s.trim().to_owned()
    })
}

/// The build that made the recording `file`, as `how` says it at its end
/// ("…, a release build"), so that every figure carries its build.
fn build(file: &str) -> String {
    let how = how(file);
    match how.rsplit_once(", a ") {
        Some((_, build)) if build.ends_with(" build") => build.to_owned(),
        _ => "build unknown".to_owned(),
    }
}
// ANCHOR_END: table
