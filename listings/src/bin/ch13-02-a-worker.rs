use std::env;
use std::io::{self, BufRead, BufReader, Write};
use std::process::{Command, Stdio};

// ANCHOR: main
/// The worker: one number per line in, its square per line out, until its
/// standard input closes.
fn worker() {
    let mut out = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let n: u64 = line.unwrap().trim().parse().unwrap();
        writeln!(out, "{} {}", n * n, std::process::id()).unwrap();
        // Send the line now, not when some buffer fills up: the parent
        // is waiting for it.
        out.flush().unwrap();
    }
}

fn main() {
    if env::args().nth(1).as_deref() == Some("worker") {
        return worker();
    }
    println!("parent: pid {}", std::process::id());
    // The same program, started again, with the argument `worker`.
    let mut child = Command::new(env::current_exe().unwrap())
        .arg("worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut to_worker = child.stdin.take().unwrap();
    let mut from_worker = BufReader::new(child.stdout.take().unwrap());
    for n in [3, 4, 5] {
        // One item per line out, one answer per line back.
        writeln!(to_worker, "{n}").unwrap();
        let mut answer = String::new();
        from_worker.read_line(&mut answer).unwrap();
        let (square, pid) = answer.trim().split_once(' ').unwrap();
        println!("{n} squared is {square} (worked out by pid {pid})");
    }
    // Closing its standard input ends the worker's loop, and the worker.
    drop(to_worker);
    let status = child.wait().unwrap();
    println!("worker pid {} ended: {status}", child.id());
}
// ANCHOR_END: main
