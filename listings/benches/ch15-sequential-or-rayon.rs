//! Chapter 15: from what size does rayon pay for itself? A sum of squares,
//! sequential and with rayon, at three sizes.
//!
//! `cargo bench -p listings --bench ch15-sequential-or-rayon` measures (a
//! release build, several seconds a benchmark); `cargo test` runs each
//! benchmark once, to prove it works.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion};
use rayon::prelude::*;

fn sequential(numbers: &[u64]) -> u64 {
    numbers.iter().map(|n| n * n).sum()
}

fn parallel(numbers: &[u64]) -> u64 {
    numbers.par_iter().map(|n| n * n).sum()
}

fn sums(c: &mut Criterion) {
    let mut group = c.benchmark_group("sum of squares");
    for size in [1_000u64, 100_000, 1_000_000] {
        let numbers: Vec<u64> = (0..size).collect();
        assert_eq!(sequential(&numbers), parallel(&numbers));
        group.bench_with_input(BenchmarkId::new("sequential", size), &numbers, |b, n| {
            b.iter(|| sequential(black_box(n)))
        });
        group.bench_with_input(BenchmarkId::new("rayon", size), &numbers, |b, n| {
            b.iter(|| parallel(black_box(n)))
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
