use std::env;
use std::io::{self, BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

/// One global counter, in every run of this program.
static COUNTER: AtomicU64 = AtomicU64::new(0);

fn counter() -> u64 {
    COUNTER.load(Ordering::SeqCst)
}

// ANCHOR: main
/// The child: prints the counter it was born with, changes it, then waits
/// for the parent's word before looking at it again.
fn child() {
    println!("child: COUNTER is {} at the start", counter());
    COUNTER.store(100, Ordering::SeqCst);
    println!("child: I set COUNTER to {}", counter());
    let mut word = String::new();
    io::stdin().read_line(&mut word).unwrap();
    println!("child: after the parent's change, COUNTER is {}", counter());
}

fn main() {
    if env::args().nth(1).as_deref() == Some("child") {
        return child();
    }
    COUNTER.store(1, Ordering::SeqCst);
    println!("parent: I set COUNTER to {} and start a child", counter());
    let mut child = Command::new(env::current_exe().unwrap())
        .arg("child")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut to_child = child.stdin.take().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // The child's first two lines: what it saw, and its change.
    for _ in 0..2 {
        println!("{}", lines.next().unwrap().unwrap());
    }
    println!("parent: after the child's change, COUNTER is {}", counter());
    COUNTER.store(2, Ordering::SeqCst);
    println!("parent: I set COUNTER to {}", counter());
    writeln!(to_child, "go").unwrap();
    println!("{}", lines.next().unwrap().unwrap());
    assert!(child.wait().unwrap().success());
}
// ANCHOR_END: main
