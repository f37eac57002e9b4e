//! A Ctrl-C leaves nothing behind. A terminal's Ctrl-C sends `SIGINT` to
//! its foreground process group, not to processes that a program has put
//! in groups (or sessions) of their own, as the tests put every listing and
//! the browser. This starts `cargo book spawn-tree`, which starts such a
//! tree and waits, as the foreground group of a terminal would hold it
//! (`cargo book` is `cargo run`, which replaces itself with the `book`
//! program), then sends `SIGINT` to that group, and requires that every
//! process of the tree is gone once `cargo book` has exited, and that it
//! exited by that signal; and that none of its processes has those
//! signals blocked.

use std::io::{BufRead, BufReader};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use book_tools::reaper;

fn stopped_by(signal: libc::c_int) {
    let mark = format!("ctrl-c-test-{}-{signal}", std::process::id());
    let mut book = Command::new(env!("CARGO_BIN_EXE_book"))
        .args(["spawn-tree", &mark])
        // A group of its own, whose leader it is: as a shell runs a
        // foreground job.
        .process_group(0)
        .stdout(Stdio::piped())
        .spawn()
        .expect("cargo book spawn-tree");
    // Should an assertion below fail, the tree still goes: `book` is
    // killed with its group, and ends the rest (its own end does).
    struct Stop(libc::pid_t);
    impl Drop for Stop {
        fn drop(&mut self) {
            // SAFETY: signals the group this test made for `book`.
            unsafe { libc::killpg(self.0, libc::SIGTERM) };
        }
    }
    let _stop = Stop(book.id() as libc::pid_t);
    let mut ready = String::new();
    BufReader::new(book.stdout.take().unwrap())
        .read_line(&mut ready)
        .unwrap();
    assert_eq!(ready.trim(), "ready");
    let tree = reaper::marked(&mark);
    assert!(tree.len() >= 5, "the tree is not all there: {tree:#?}");
    let groups: std::collections::BTreeSet<_> = tree.iter().map(|p| p.group).collect();
    assert!(
        groups.len() >= 3,
        "the tree should span groups and sessions: {tree:#?}"
    );
    // No process it started has a stopping signal blocked: a listing run
    // by `cargo book` must see its own Ctrl-C (chapter 19's server does).
    for process in &tree {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", process.pid)).unwrap_or_default();
        let blocked = status
            .lines()
            .find_map(|line| line.strip_prefix("SigBlk:"))
            .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
            .unwrap_or(0);
        for stopping in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            assert_eq!(
                blocked & (1 << (stopping - 1)),
                0,
                "{} has signal {stopping} blocked (SigBlk {blocked:x}): it inherited \
                 cargo book's mask",
                process.command
            );
        }
    }
    // SAFETY: sends a signal to the group this test made for `book`.
    unsafe { libc::killpg(book.id() as libc::pid_t, signal) };
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = book.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "cargo book did not stop");
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(status.signal(), Some(signal), "{status}");
    // `book` ended and reaped the tree before it exited: nothing is left,
    // not even a process not yet reaped.
    let left = reaper::marked(&mark);
    for process in &left {
        // SAFETY: kills what this test's tree left, so it does not linger.
        unsafe { libc::kill(process.pid, libc::SIGKILL) };
    }
    assert!(left.is_empty(), "left running after the signal: {left:#?}");
}

#[test]
fn ctrl_c_leaves_no_process_behind() {
    stopped_by(libc::SIGINT);
}

#[test]
fn nor_does_a_terminal_closing_or_a_kill() {
    stopped_by(libc::SIGHUP);
    stopped_by(libc::SIGTERM);
}
