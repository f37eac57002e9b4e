//! Chapter 15: from what size does rayon pay for itself? The same work on
//! every item of a list, sequentially and with rayon, at sizes from a few
//! items to a quarter of a million, four times as many each time, so that
//! the point where rayon starts to win lies between two of them.
//!
//! The work on each item is computation, not memory: a few dozen
//! multiplications that depend on each other, and the item is read once.
//! (A sum of squares, one multiplication an item, would soon be limited by
//! how fast memory delivers the numbers, not by the cores.) Criterion runs
//! each version over and over, back to back, so rayon's threads are awake
//! when a call starts: this measures rayon called in a loop, not a first
//! call after an idle moment, which also pays for waking its threads.
//!
//! `cargo bench -p listings --bench ch15-sequential-or-rayon` measures (a
//! release build, several seconds a benchmark); `cargo test` runs each
//! benchmark once, to prove it works.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput};
use rayon::prelude::*;

/// The sizes, in items: 16, 64, 256, … up to 262144.
const SIZES: [u64; 8] = [16, 64, 256, 1_024, 4_096, 16_384, 65_536, 262_144];

/// The work on one item: 32 rounds of multiply, shift and xor, each
/// depending on the last, which the compiler has no formula for.
fn work(item: u64) -> u64 {
    let mut x = item;
    for _ in 0..32 {
        x = (x ^ (x >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    }
    x
}

fn sequential(items: &[u64]) -> u64 {
    items.iter().map(|&i| work(i)).fold(0, u64::wrapping_add)
}

fn parallel(items: &[u64]) -> u64 {
    items
        .par_iter()
        .map(|&i| work(i))
        .reduce(|| 0, u64::wrapping_add)
}

fn sums(c: &mut Criterion) {
    let mut group = c.benchmark_group("work on every item");
    for size in SIZES {
        let items: Vec<u64> = (0..size).collect();
        assert_eq!(sequential(&items), parallel(&items));
        // Criterion then reports items per second beside the time.
        group.throughput(Throughput::Elements(size));
        group.bench_with_input(BenchmarkId::new("sequential", size), &items, |b, i| {
            b.iter(|| sequential(black_box(i)))
        });
        group.bench_with_input(BenchmarkId::new("rayon", size), &items, |b, i| {
            b.iter(|| parallel(black_box(i)))
        });
    }
    group.finish();
}

/// libtest's options that take a value and that criterion does not know:
/// `cargo test` passes them to every test binary, this one included (and
/// `cargo book test` does, `--skip` and `--test-threads`).
const LIBTEST_ONLY: [&str; 2] = ["--test-threads", "--skip"];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let libtest_only = |arg: &str| {
        LIBTEST_ONLY
            .iter()
            .any(|o| arg == *o || arg.starts_with(&format!("{o}=")))
    };
    if args.iter().any(|a| libtest_only(a)) {
        // Run again without them (criterion reads the program's own
        // arguments): `--skip NAME` names tests, not benchmarks.
        let mut kept = Vec::new();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if LIBTEST_ONLY.contains(&arg.as_str()) {
                args.next(); // its value
            } else if !libtest_only(&arg) {
                kept.push(arg);
            }
        }
        let me = std::env::current_exe().expect("this program's path");
        let status = std::process::Command::new(me).args(kept).status();
        std::process::exit(status.map_or(1, |s| s.code().unwrap_or(1)));
    }
    if std::env::var_os("CRITERION_HOME").is_none()
        && std::env::var_os("CARGO_TARGET_DIR").is_none()
    {
        // Where criterion keeps its results: target/criterion. Said here,
        // criterion does not ask `cargo metadata` where target/ is.
        let target = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .unwrap();
        // SAFETY: at the start of main, before any other thread exists.
        unsafe { std::env::set_var("CRITERION_HOME", target.join("criterion")) };
    }
    let mut criterion = Criterion::default().configure_from_args();
    sums(&mut criterion);
    criterion.final_summary();
}
