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

fn main() {
    // `cargo test` hands a test binary libtest's options; criterion rejects
    // `--test-threads`, so run again without it (as `cargo book test`
    // passes it to every test binary, this one included).
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a.starts_with("--test-threads")) {
        let mut kept = Vec::new();
        let mut skip_value = false;
        for arg in args {
            if skip_value {
                skip_value = false;
            } else if arg == "--test-threads" {
                skip_value = true;
            } else if !arg.starts_with("--test-threads=") {
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
