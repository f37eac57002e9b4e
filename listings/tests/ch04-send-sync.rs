//! Chapter 4, "Send, Sync, and why Rust has no GIL": what its listings do,
//! what the compiler says about the types of its table, and the claims its
//! page makes about deadlocks and lock guards.
//!
//! The listings that must not compile are checked for their error codes in
//! `listings/src/lib.rs`; the programs here are the ones that run, and the
//! two that hang, which run under a time limit and must still be running at
//! its end.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use book_tools::listing;
use book_tools::listing::{Hung, Listing, Run, RunSpec};
use book_tools::recording::Order;

/// How long a listing that deadlocks is given before its test calls it
/// hung. The programs print everything they will ever print within a few
/// milliseconds of starting; the rest of the limit is slack for a busy
/// machine.
const HANG_LIMIT: Duration = Duration::from_millis(1500);

/// How long the transfers of listing 4-13 hold both locks.
const LEDGER_MS: u64 = 100;

/// Runs `listing` `n` times at once, each under `limit`.
fn runs_within(listing: &Listing, n: usize, limit: Duration) -> Vec<Result<Run, Hung>> {
    std::thread::scope(|s| {
        let runs: Vec<_> = (0..n)
            .map(|_| s.spawn(|| listing.run_within(limit)))
            .collect();
        runs.into_iter().map(|run| run.join().unwrap()).collect()
    })
}

/// What a run that must have hung printed; fails if it finished.
fn hung(run: Result<Run, Hung>) -> String {
    match run {
        Err(hung) => hung.printed,
        Ok(run) => panic!(
            "it finished in {:?}, but it should hang; it printed:\n{}",
            run.wall, run.stdout
        ),
    }
}

#[test]
fn a_moved_vec_comes_back_through_join() {
    let listing = listing!("ch04-02-moved-names");
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    // `["ada", "grace", "linus"] have 13 letters`: the count is of the
    // names the thread handed back.
    let line = run.stdout.trim();
    let (names, letters) = line.split_once("] have ").expect(line);
    let names: Vec<&str> = names
        .trim_start_matches('[')
        .split(", ")
        .map(|name| name.trim_matches('"'))
        .collect();
    assert_eq!(names.len(), 3, "{line}");
    let counted: usize = names.iter().map(|name| name.len()).sum();
    assert_eq!(letters, format!("{counted} letters"), "{line}");
}

#[test]
fn every_reader_shares_the_names_and_drops_its_clone() {
    let listing = listing!("ch04-04-arc-to-threads");
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    let lines = run.lines();
    let (last, readers) = lines.split_last().unwrap();
    assert_eq!(readers.len(), 3, "{}", run.stdout);
    let seen: Vec<&str> = readers
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let prefix = format!("reader {} sees ", i + 1);
            line.strip_prefix(&prefix).expect(line)
        })
        .collect();
    assert!(
        seen.iter().all(|names| *names == seen[0]),
        "the readers saw different lists:\n{}",
        run.stdout
    );
    // The clones are gone: `main` holds the only owner left.
    assert_eq!(*last, "owners left: 1", "{}", run.stdout);
}

/// The line listings 4-7 and 4-8 print when every number 0..2,000,000 was
/// stored once: how many, and their sum.
fn every_number_once() -> String {
    let n: u64 = 2_000_000;
    format!("{n} numbers, sum {}", n * (n - 1) / 2)
}

#[test]
fn a_mutex_or_split_halves_keep_every_number() {
    for name in [
        listing!("ch04-07-mutex-pushers"),
        listing!("ch04-08-split-halves"),
    ] {
        let run = name.run();
        name.assert_shape(&run, Order::Exact);
        assert_eq!(run.stdout.trim(), every_number_once(), "{}", name.name);
    }
}

#[test]
fn python_keeps_every_append_without_a_lock_of_its_own() {
    let Some(python) = listing::python() else {
        return;
    };
    let mut command = Command::new(python);
    command.arg(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/python/ch04-07-mutex-pushers.py"
    ));
    let run = listing::run(command);
    // The very line listing 4-7 prints: every append, none lost.
    listing!("ch04-07-mutex-pushers").assert_shape(&run, Order::Exact);
    assert_eq!(run.stdout.trim(), every_number_once());
}

#[test]
fn a_lock_taken_twice_loses_updates_every_time() {
    let listing = listing!("ch04-11-lost-update");
    for run in runs_within(&listing, 3, listing::TIMEOUT) {
        let run = run.unwrap_or_else(|hung| panic!("hung; printed:\n{}", hung.printed));
        listing.assert_shape(&run, Order::Exact);
        let counters: Vec<(u64, u64)> = run
            .lines()
            .iter()
            .map(|line| {
                // `two steps: 4 threads added 1 each, counter = 1`
                let (_, rest) = line.split_once(": ").expect(line);
                let (threads, counter) = rest
                    .split_once(" threads added 1 each, counter = ")
                    .expect(line);
                (threads.parse().unwrap(), counter.parse().unwrap())
            })
            .collect();
        let [(threads, two_steps), (same, one_step)] = counters[..] else {
            panic!("two lines expected:\n{}", run.stdout);
        };
        assert_eq!(threads, same);
        assert!(threads > 1);
        // Every thread read 0 before any wrote: all but one update lost.
        assert_eq!(two_steps, 1, "{}", run.stdout);
        assert_eq!(one_step, threads, "{}", run.stdout);
    }
}

#[test]
fn opposite_lock_order_deadlocks_every_time() {
    let listing = listing!("ch04-12-deadlock");
    for run in runs_within(&listing, 3, HANG_LIMIT) {
        assert_deadlocked(&hung(run));
    }
}

/// What listing 4-12 prints before it hangs: both threads took their
/// first lock before either went on (the barrier), in either order; then
/// both wait, in either order.
fn assert_deadlocked(printed: &str) {
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 4, "printed:\n{printed}");
    let mut locked = lines[..2].to_vec();
    let mut waiting = lines[2..].to_vec();
    locked.sort();
    waiting.sort();
    assert_eq!(
        locked,
        ["a to b: locked a", "b to a: locked b"],
        "{printed}"
    );
    assert_eq!(
        waiting,
        ["a to b: waiting for b", "b to a: waiting for a"],
        "{printed}"
    );
}

/// What listing 4-14 prints before it hangs: the `None` arm ran, printed,
/// and then waited for the lock its own scrutinee still held.
const MATCH_GUARD_PRINTS: &str = "match: no job, adding one\n";

/// The rules every run of listing 4-13 keeps, whichever transfer goes
/// first: both transfers happen, each holding both locks for the whole of
/// its ledger write, so they never overlap, and the money adds up.
fn assert_transfers_done_one_at_a_time(run: &Run) {
    let mut spans = run.spans();
    spans.sort_by_key(|s| s.start_ms);
    let mut lanes: Vec<&str> = spans.iter().map(|s| s.lane.as_str()).collect();
    lanes.sort();
    assert_eq!(lanes, ["a to b", "b to a"], "{}", run.stdout);
    for span in &spans {
        assert!(
            span.end_ms - span.start_ms >= LEDGER_MS,
            "{} ended before its ledger write:\n{}",
            span.lane,
            run.stdout
        );
    }
    assert!(
        spans[1].start_ms >= spans[0].end_ms,
        "{} started while {} held the locks:\n{}",
        spans[1].lane,
        spans[0].lane,
        run.stdout
    );
    // a sent 20 to b, b sent 10 to a; each started with 100.
    let balances = run
        .lines()
        .iter()
        .find_map(|l| l.strip_prefix("a = "))
        .unwrap_or_else(|| panic!("no balances:\n{}", run.stdout))
        .to_owned();
    assert_eq!(
        balances,
        format!("{}, b = {}, total {}", 100 - 20 + 10, 100 + 20 - 10, 200),
        "{}",
        run.stdout
    );
    assert!(run.reported_ms() >= 2 * LEDGER_MS, "{}", run.stdout);
}

#[test]
fn one_lock_order_finishes_and_moves_the_money() {
    let listing = listing!("ch04-13-lock-order");
    for run in runs_within(&listing, 3, Duration::from_secs(10)) {
        let run = run
            .unwrap_or_else(|hung| panic!("deadlocked after all; it printed:\n{}", hung.printed));
        listing.assert_shape(&run, Order::Free);
        assert_transfers_done_one_at_a_time(&run);
    }
}

#[test]
fn a_match_keeps_its_guard_to_the_end() {
    let listing = listing!("ch04-14-match-guard");
    let printed = hung(listing.run_within(HANG_LIMIT));
    assert_eq!(printed, MATCH_GUARD_PRINTS);
}

/// The lines listing 4-15 prints, in order, when it runs to the end.
const GUARD_DROPPED: [&str; 4] = [
    "bound first: no job, adding one",
    "bound first: took job 1",
    "if let: no job, adding one",
    "if let: took job 2",
];

#[test]
fn binding_first_or_if_let_in_2024_drop_the_guard() {
    let listing = listing!("ch04-15-guard-dropped");
    let run = listing
        .run_within(Duration::from_secs(10))
        .unwrap_or_else(|hung| panic!("it hung; it printed:\n{}", hung.printed));
    listing.assert_shape(&run, Order::Exact);
    assert_eq!(run.lines(), GUARD_DROPPED);
}

/// Compiles `source` with the `rustc` on the path, in `edition`, into a
/// folder of its own under the tests' scratch folder: the executable, or
/// what the compiler said.
fn compile(source: &Path, edition: &str, name: &str) -> Result<PathBuf, String> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("ch04-{name}-{}-{edition}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let exe = dir.join(name);
    let out = Command::new("rustc")
        .args(["--edition", edition, "--crate-name", "listing", "-o"])
        .arg(&exe)
        .arg(source)
        .output()
        .expect("rustc");
    if out.status.success() {
        Ok(exe)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn in_edition_2021_the_if_let_keeps_its_guard() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/bin/ch04-15-guard-dropped.rs");
    let exe = compile(&source, "2021", "guard-dropped").unwrap_or_else(|e| panic!("{e}"));
    let printed = hung(RunSpec::default().run_within(&exe, HANG_LIMIT));
    // The same program, compiled as 2021: the `if let` hangs in its `else`.
    assert_eq!(printed.lines().collect::<Vec<_>>(), GUARD_DROPPED[..3]);
}

/// One row of the page's table: a type, and whether it is `Send`, `Sync`.
#[derive(Debug)]
struct Row {
    ty: String,
    send: bool,
    sync: bool,
}

/// The rows of the table of `src/ch04-send-sync.md` whose first cell is a
/// type in backticks and whose next two say `yes` or `no`.
fn table_on_the_page() -> Vec<Row> {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src/ch04-send-sync.md");
    let page = std::fs::read_to_string(page).unwrap();
    let yes = |cell: &str| match cell {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    page.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let ty = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            Some(Row {
                ty: ty.to_owned(),
                send: yes(cells.get(2)?)?,
                sync: yes(cells.get(3)?)?,
            })
        })
        .collect()
}

#[test]
fn the_table_says_what_the_compiler_says() {
    let rows = table_on_the_page();
    assert!(
        rows.len() >= 8,
        "the table has {} rows: {rows:?}",
        rows.len()
    );
    // One line per question, `send::<T>();` or `sync::<T>();`, in a
    // function the compiler checks; each `no` must be an error on its line,
    // each `yes` no error.
    let mut source = String::from(
        "#![allow(dead_code, unused_imports)]\n\
         use std::cell::{Cell, RefCell};\n\
         use std::rc::Rc;\n\
         use std::sync::{Arc, Mutex, MutexGuard, RwLock};\n\
         fn send<T: ?Sized + Send>() {}\n\
         fn sync<T: ?Sized + Sync>() {}\n\
         fn questions() {\n",
    );
    let mut questions = Vec::new();
    for row in &rows {
        for (check, expected) in [("send", row.send), ("sync", row.sync)] {
            source += &format!("    {check}::<{}>();\n", row.ty);
            let line = source.lines().count();
            questions.push((line, check, &row.ty, expected));
        }
    }
    source += "}\n";
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let file = dir.join(format!("ch04-table-{}.rs", std::process::id()));
    std::fs::write(&file, &source).unwrap();
    let out = Command::new("rustc")
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "lib",
            "--emit",
            "metadata",
            "--error-format",
            "short",
            "--out-dir",
        ])
        .arg(dir.join(format!("ch04-table-{}", std::process::id())))
        .arg(&file)
        .output()
        .expect("rustc");
    let said = String::from_utf8_lossy(&out.stderr);
    let name = file.display().to_string();
    let mut wrong = Vec::new();
    for (line, check, ty, expected) in questions {
        let at = format!("{name}:{line}:");
        let refused = said
            .lines()
            .any(|l| l.starts_with(&at) && l.contains("error[E0277]"));
        if refused == expected {
            let says = if expected { "yes" } else { "no" };
            wrong.push(format!("`{ty}`: the page says {check} {says}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "the table disagrees with the compiler:\n{}\nrustc said:\n{said}",
        wrong.join("\n")
    );
    // And the compiler did check: every `no` was one error.
    let nos = rows
        .iter()
        .map(|r| !r.send as usize + !r.sync as usize)
        .sum::<usize>();
    assert_eq!(said.matches("error[E0277]").count(), nos, "{said}");
}

#[test]
fn recorded_runs_keep_the_rules_too() {
    // The output on the page is itself a valid run.
    let listing = listing!("ch04-13-lock-order");
    assert_transfers_done_one_at_a_time(&listing.recorded_run());
    // The recordings of the two that hang show what a hang prints.
    assert_deadlocked(&listing!("ch04-12-deadlock").recorded());
    assert_eq!(
        listing!("ch04-14-match-guard").recorded(),
        MATCH_GUARD_PRINTS
    );
}
