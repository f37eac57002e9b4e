//! Chapter 17, "Choosing a model": the decision table is printed from the
//! book's own recordings, so these tests check that it is (run again, it
//! prints exactly what the page shows), that every figure in it is the
//! figure of its source, parsed here independently, and that every source
//! still has the lines the table reads.

use std::path::Path;

use book_tools::listing;
use book_tools::listing::{Listing, Run};

fn decision_table() -> Listing {
    listing!("ch17-01-decision-table")
}

/// A recording of another chapter, as a run, to read with `Run::line`.
fn recording(name: &str) -> Run {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("recorded")
        .join(format!("{name}.txt"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: the decision table of chapter 17 reads it; run `cargo book record {name}`",
            path.display()
        )
    });
    Run::printed(text)
}

/// The part of `run`'s output from the line that contains `from` to the
/// line before the one that contains `to` (or to the end).
fn section(run: &Run, from: &str, to: Option<&str>) -> Run {
    let lines: Vec<&str> = run
        .lines()
        .into_iter()
        .skip_while(|l| !l.contains(from))
        .take_while(|l| to.is_none_or(|to| !l.contains(to)))
        .collect();
    assert!(!lines.is_empty(), "no line {from:?} in:\n{}", run.stdout);
    Run::printed(lines.join("\n"))
}

/// The cells of the table's row whose first cell is `model`.
fn row(table: &Run, model: &str) -> Vec<String> {
    let line = table.line(&format!("| {model} |"));
    line.trim()
        .trim_matches('|')
        .split(" | ")
        .map(|cell| cell.trim().to_owned())
        .collect()
}

/// The text after the colon of the one line of `run` that starts with
/// `prefix`: `25 us` of `a thread: 25 us`.
fn after_colon<'a>(run: &'a Run, prefix: &str) -> &'a str {
    run.line(prefix).split_once(':').unwrap().1.trim()
}

/// The lines the table reads, as (recording, section, line): the line
/// (found by its start, or by its end where it starts with the figure)
/// must be in the recording, below the section's line.
const NEEDED: [(&str, &str, &str); 14] = [
    ("ch11-01-sleepers", "tasks starts", "bytes per task"),
    ("ch11-01-sleepers", "threads starts", "bytes per thread"),
    ("ch13-05-start-cost", "", "a thread:"),
    ("ch13-05-start-cost", "", "a tokio task:"),
    ("ch13-05-start-cost", "", "a process:"),
    ("ch15-03-cpu-and-io", "CPU-bound", "threads"),
    ("ch15-03-cpu-and-io", "CPU-bound", "rayon"),
    ("ch15-03-cpu-and-io", "CPU-bound", "processes"),
    ("ch15-03-cpu-and-io", "I/O-bound", "threads"),
    ("ch15-03-cpu-and-io", "I/O-bound", "async"),
    ("ch12-05-efficiency", "", "efficiency (speedup / threads):"),
    ("ch12-06-crossover", "", "crossover: parallel wins from"),
    ("ch16-01-one-process", "", "counted in"),
    ("ch16-01-word-count", "", "counted in"),
];

#[test]
fn sources_have_every_line_the_table_needs() {
    let mut missing = Vec::new();
    for (name, from, line) in NEEDED {
        let run = recording(name);
        let below = run.lines().into_iter().skip_while(|l| !l.contains(from));
        let found = below
            .map(str::trim)
            .any(|l| l.starts_with(line) || l.ends_with(line));
        if !found {
            missing.push(format!(
                "listings/recorded/{name}.txt has no line {line:?} below {from:?}"
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "the decision table of chapter 17 needs these lines; record their chapters again:\n{}",
        missing.join("\n")
    );
    // So no figure fell back to "see chapter N".
    let table = decision_table().recorded();
    let fallbacks: Vec<&str> = table
        .lines()
        .filter(|l| l.contains("see chapter 1"))
        .collect();
    assert!(fallbacks.is_empty(), "figures not found: {fallbacks:#?}");
}

#[test]
fn the_table_is_regenerated_exactly() {
    // Its inputs are recordings, not measurements: run again, the listing
    // prints the very table the page shows, byte for byte.
    let listing = decision_table();
    let run = listing.run();
    assert_eq!(
        run.stdout,
        listing.recorded(),
        "run `cargo book record ch17`: the page shows an old table"
    );
}

#[test]
fn every_figure_equals_its_source() {
    let table = decision_table().recorded_run();
    let header = row(&table, "Model");
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (memory, start, speedup) = (
        column("Memory per unit"),
        column("Start cost"),
        column("Speedup, overhead"),
    );
    assert_eq!(header.len(), 6, "{}", table.stdout);

    // Memory: chapter 11's sleepers, a line that ends "N bytes per …".
    let sleepers = recording("ch11-01-sleepers");
    let bytes = |suffix: &str| -> Vec<u64> {
        let line = sleepers
            .lines()
            .into_iter()
            .find(|l| l.trim_end().ends_with(suffix))
            .unwrap_or_else(|| panic!("no {suffix:?} in:\n{}", sleepers.stdout));
        listing::numbers(line)
    };
    assert_eq!(
        listing::numbers(&row(&table, "threads")[memory]),
        bytes("bytes per thread")
    );
    assert_eq!(
        listing::numbers(&row(&table, "async tasks")[memory]),
        bytes("bytes per task")
    );

    // Start costs, with their units: chapter 13's one run of all three.
    let starts = recording("ch13-05-start-cost");
    for (model, line) in [
        ("threads", "a thread:"),
        ("async tasks", "a tokio task:"),
        ("processes", "a process:"),
    ] {
        let cell = &row(&table, model)[start];
        let figure = after_colon(&starts, line);
        assert!(
            cell.starts_with(&format!("{figure} (")),
            "{model}'s start cost {cell:?} is not {figure:?}"
        );
    }

    // Speedups: chapter 15's table, `NAME  TIME ms  SPEEDUPx …`, in its
    // CPU-bound part and its I/O-bound part.
    let both = recording("ch15-03-cpu-and-io");
    let cpu = section(&both, "CPU-bound", Some("I/O-bound"));
    let io = section(&both, "I/O-bound", None);
    let speedup_of = |part: &Run, name: &str| listing::floats(part.line(&format!("{name} ")))[1];
    let efficiency = listing::floats(recording("ch12-05-efficiency").line("efficiency"))[0];
    let crossover = listing::floats(recording("ch12-06-crossover").line("crossover:"))[0];
    let cases = [
        (
            "threads",
            vec![speedup_of(&cpu, "threads"), speedup_of(&io, "threads")],
        ),
        (
            "rayon",
            vec![speedup_of(&cpu, "rayon"), efficiency, crossover],
        ),
        ("async tasks", vec![speedup_of(&io, "async")]),
        ("processes", vec![speedup_of(&cpu, "processes")]),
    ];
    for (model, want) in cases {
        assert_eq!(
            listing::floats(&row(&table, model)[speedup]),
            want,
            "{model}'s speedup column, in:\n{}",
            table.stdout
        );
    }

    // Chapter 16's word count: on two threads of one process, then on two
    // processes.
    let counted = |name: &str| listing::floats(recording(name).line("counted in"));
    assert_eq!(
        listing::floats(&row(&table, "Timely Dataflow")[speedup]),
        [
            &counted("ch16-01-one-process")[..],
            &[2.0],
            &counted("ch16-01-word-count"),
            &[2.0],
        ]
        .concat(),
        "{}",
        table.stdout
    );
}

/// The build a recording was made in, from the end of its `.run.txt`
/// (`…, a debug build`).
fn build_of(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("recorded")
        .join(format!("{name}.run.txt"));
    let how = std::fs::read_to_string(&path).unwrap();
    let (_, build) = how.trim().rsplit_once(", a ").unwrap();
    assert!(build.ends_with(" build"), "{}: {how}", path.display());
    build.to_owned()
}

#[test]
fn every_figure_says_which_build_made_it() {
    // Debug and release figures sit side by side in the table: each cell
    // names the build of every recording it reads, as that recording says.
    let table = decision_table().recorded_run();
    let (memory, start, speedup) = (2, 3, 4);
    let cases: [(&str, usize, &[&str]); 9] = [
        ("threads", memory, &["ch11-01-sleepers"]),
        ("async tasks", memory, &["ch11-01-sleepers"]),
        ("threads", start, &["ch13-05-start-cost"]),
        ("async tasks", start, &["ch13-05-start-cost"]),
        ("processes", start, &["ch13-05-start-cost"]),
        ("threads", speedup, &["ch15-03-cpu-and-io"]),
        (
            "rayon",
            speedup,
            &[
                "ch15-03-cpu-and-io",
                "ch12-05-efficiency",
                "ch12-06-crossover",
            ],
        ),
        ("processes", speedup, &["ch15-03-cpu-and-io"]),
        (
            "Timely Dataflow",
            speedup,
            &["ch16-01-one-process", "ch16-01-word-count"],
        ),
    ];
    for (model, column, sources) in cases {
        let cell = &row(&table, model)[column];
        let labels: Vec<&str> = cell
            .split('(')
            .skip(1)
            .filter_map(|part| part.split([',', ')']).next())
            .filter(|label| label.ends_with(" build"))
            .collect();
        let builds: Vec<String> = sources.iter().map(|s| build_of(s)).collect();
        assert_eq!(labels, builds, "{model}: {cell:?}");
    }
}

#[test]
fn python_threads_take_turns_on_cpu_bound_work() {
    let Some(run) = book_tools::python!("ch17-01-decision-table") else {
        return;
    };
    // The GIL lets one thread run Python code at a time: however many
    // threads the pool has, they used at most about one core's worth of CPU
    // time (a busy machine only lowers the ratio).
    // Each line: wall ms, CPU ms, CPU / wall.
    let threads = listing::floats(run.line("thread pool"));
    assert!(
        threads[2] < 1.5,
        "CPU / wall {}:\n{}",
        threads[2],
        run.stdout
    );
    // The tasks measure their own CPU time, in the thread that ran them, so
    // the workers' CPU time counts whichever way they were started (a
    // parent's `os.times()` misses it under `forkserver`, where the workers
    // are not its children): the same tasks in worker processes used at
    // least half the CPU time they used on threads.
    let processes = listing::floats(run.line("process pool"));
    assert!(
        processes[1] >= threads[1] / 2.0,
        "the process pool's CPU time went uncounted:\n{}",
        run.stdout
    );
    // The process pool ran the same tasks in other processes, each with a
    // GIL of its own, and got the same results.
    assert_eq!(run.line("same results:"), "same results: True");
    assert_eq!(
        run.line("tasks ran in the main process:"),
        "tasks ran in the main process: False"
    );
    assert_eq!(
        run.stdout.lines().last(),
        Some("threads took turns on the GIL: choose processes for CPU-bound Python"),
        "{}",
        run.stdout
    );
}

/// A start cost as the table prints it (`341 ns (release build, …)`,
/// `25 us (…)`), in ns.
fn nanoseconds(cost: &str) -> f64 {
    let mut words = cost.split(' ');
    let (number, unit) = (words.next().unwrap(), words.next().unwrap());
    let scale = match unit {
        "ns" => 1.0,
        "us" | "µs" => 1e3,
        "ms" => 1e6,
        _ => panic!("unknown unit in {cost:?}"),
    };
    number.parse::<f64>().unwrap() * scale
}

#[test]
fn tasks_threads_and_processes_keep_their_order() {
    let table = decision_table().recorded_run();
    let cell = |model: &str, column: usize| row(&table, model)[column].clone();
    let (memory, start) = (2, 3);
    let bytes = |model: &str| listing::numbers(&cell(model, memory))[0];
    assert!(bytes("async tasks") < bytes("threads"), "{}", table.stdout);
    let (task, thread, process) = (
        nanoseconds(&cell("async tasks", start)),
        nanoseconds(&cell("threads", start)),
        nanoseconds(&cell("processes", start)),
    );
    assert!(task < thread && thread < process, "{}", table.stdout);
}
