//! Nothing `cargo book` starts outlives it, whatever stops it.
//!
//! The tests start processes in process groups of their own (each listing,
//! chromedriver with its Chromium), so that they can end a whole tree at
//! once; but a Ctrl-C in a terminal sends `SIGINT` to the foreground group
//! only, so it kills `cargo book` and the test binaries (which then never
//! run their clean-up), and leaves those other groups running, reparented
//! to init.
//!
//! So `cargo book` makes itself a *child subreaper*
//! (`prctl(PR_SET_CHILD_SUBREAPER)`): a process whose parent dies is
//! reparented to it instead of to init, and every process the tests start
//! stays among its descendants, in whatever group or session. On `SIGINT`,
//! `SIGTERM` or `SIGHUP`, and at its normal end, it kills every descendant
//! and reaps them, then exits (on a signal, by that signal, as a shell
//! expects of a program stopped by Ctrl-C).

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

/// The signals that stop `cargo book`, after it has ended its descendants.
const STOPPING: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

/// The pipe's writing end, for [`on_signal`].
static SIGNALLED: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(-1);

/// The handler of the stopping signals: it writes the signal's number into
/// a pipe that the reaper's thread reads (`write` is safe in a handler).
extern "C" fn on_signal(signal: libc::c_int) {
    let byte = signal as u8;
    let fd = SIGNALLED.load(std::sync::atomic::Ordering::Relaxed);
    // SAFETY: writes one byte from a live local to the pipe's end.
    unsafe { libc::write(fd, (&raw const byte).cast(), 1) };
}

/// Makes this process a child subreaper and hands the stopping signals to
/// a thread of its own, which ends every descendant before the process
/// exits by the signal.
///
/// The signals are caught by a handler, not blocked and waited for: a
/// blocked signal stays blocked in every process started from here (on
/// Linux with Rust 1.95, `std::process::Command` keeps the mask), so a
/// listing run by `cargo book` would never see its Ctrl-C; a handler is
/// reset to the default in each program a child runs.
pub fn install() {
    // SAFETY: prctl with PR_SET_CHILD_SUBREAPER takes a plain flag.
    let made = unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) } == 0;
    if !made {
        eprintln!(
            "cargo book: cannot become a child subreaper ({}); processes left by a \
             stopped test may outlive it",
            std::io::Error::last_os_error()
        );
    }
    let mut ends = [-1; 2];
    // SAFETY: pipe2 writes two descriptors into the array it is given.
    if unsafe { libc::pipe2(ends.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        eprintln!(
            "cargo book: cannot make a pipe for signals ({}); a Ctrl-C may leave \
             processes running",
            std::io::Error::last_os_error()
        );
        return;
    }
    let [read, write] = ends;
    SIGNALLED.store(write, std::sync::atomic::Ordering::Relaxed);
    for signal in STOPPING {
        // SAFETY: installs a handler that only calls `write`; SA_RESTART
        // resumes the system calls it interrupts.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as *const () as libc::sighandler_t;
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
    std::thread::spawn(move || {
        loop {
            let mut ready = libc::pollfd {
                fd: read,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: polls one valid descriptor for a second.
            let n = unsafe { libc::poll(&mut ready, 1, 1000) };
            let mut byte = 0u8;
            // SAFETY: reads one byte into a live local.
            let got = n > 0 && unsafe { libc::read(read, (&raw mut byte).cast(), 1) } == 1;
            if !got {
                // A second gone by: reap the processes this one adopted
                // that have ended since, if asked to.
                if REAP_ADOPTED.load(std::sync::atomic::Ordering::Relaxed) {
                    reap_adopted();
                }
                continue;
            }
            let signal = libc::c_int::from(byte);
            eprintln!(
                "\ncargo book: stopped by {}: ending every process it started",
                name(signal)
            );
            let left = end_descendants(Duration::from_secs(10));
            if !left.is_empty() {
                eprintln!("cargo book: still running, after 10 s: {left:?}");
            }
            exit_by(signal);
        }
    });
}

/// At the normal end: kills whatever descendant is left (none, when every
/// test cleaned up after itself) and reaps it. Returns those it found.
pub fn finish() -> Vec<String> {
    let found: Vec<String> = descendants()
        .into_iter()
        .filter(|p| p.state != 'Z')
        .map(|p| format!("{}: {}", p.pid, p.command))
        .collect();
    end_descendants(Duration::from_secs(10));
    found
}

fn name(signal: libc::c_int) -> &'static str {
    match signal {
        libc::SIGINT => "SIGINT",
        libc::SIGTERM => "SIGTERM",
        libc::SIGHUP => "SIGHUP",
        _ => "a signal",
    }
}

/// Exits as if `signal` had killed the process, as its default action does.
fn exit_by(signal: libc::c_int) -> ! {
    // SAFETY: restores the default action, then sends the signal to this
    // thread, which ends the process.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
    std::process::exit(128 + signal)
}

/// A process, as `/proc/PID/stat` describes it.
#[derive(Debug, Clone)]
pub struct Process {
    pub pid: libc::pid_t,
    pub parent: libc::pid_t,
    pub group: libc::pid_t,
    /// `R`, `S`, `Z` (ended, not yet reaped), …
    pub state: char,
    /// Its command line (its name in brackets when it has none).
    pub command: String,
}

/// Every process of the system that can be read.
pub fn processes() -> Vec<Process> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<libc::pid_t>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // `pid (name) state ppid pgrp …`: the name may hold spaces and
        // parentheses, so read from its last `)`.
        let Some((head, rest)) = stat.rsplit_once(") ") else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let (Some(state), Some(parent), Some(group)) = (
            fields.first().and_then(|s| s.chars().next()),
            fields.get(1).and_then(|s| s.parse().ok()),
            fields.get(2).and_then(|s| s.parse().ok()),
        ) else {
            continue;
        };
        let command = std::fs::read(entry.path().join("cmdline"))
            .map(|c| {
                String::from_utf8_lossy(&c)
                    .replace('\0', " ")
                    .trim()
                    .to_owned()
            })
            .ok()
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| format!("[{}]", head.split_once('(').map_or("", |(_, n)| n)));
        all.push(Process {
            pid,
            parent,
            group,
            state,
            command,
        });
    }
    all
}

/// Every descendant of this process: its children, theirs, and so on.
pub fn descendants() -> Vec<Process> {
    descendants_of(std::process::id() as libc::pid_t, processes())
}

fn descendants_of(root: libc::pid_t, all: Vec<Process>) -> Vec<Process> {
    let mut children: BTreeMap<libc::pid_t, Vec<Process>> = BTreeMap::new();
    for process in all {
        children.entry(process.parent).or_default().push(process);
    }
    let mut found = Vec::new();
    let mut seen = BTreeSet::new();
    let mut next = vec![root];
    while let Some(pid) = next.pop() {
        for child in children.remove(&pid).unwrap_or_default() {
            if seen.insert(child.pid) {
                next.push(child.pid);
                found.push(child);
            }
        }
    }
    found
}

/// Kills every descendant, again and again while new ones appear (a
/// process may fork between a look and a kill), and reaps this process's
/// ended children, until none is left or `limit` has passed. Returns
/// those still there then.
fn end_descendants(limit: Duration) -> Vec<String> {
    let deadline = Instant::now() + limit;
    loop {
        let left: Vec<Process> = descendants()
            .into_iter()
            .filter(|p| p.state != 'Z')
            .collect();
        for process in &left {
            // SAFETY: sends a signal to a descendant of this process.
            unsafe { libc::kill(process.pid, libc::SIGKILL) };
        }
        // SAFETY: reaps ended children of this process, without waiting.
        while unsafe { libc::waitpid(-1, std::ptr::null_mut(), libc::WNOHANG) } > 0 {}
        let zombies = descendants().iter().any(|p| p.state == 'Z');
        if left.is_empty() && !zombies {
            return Vec::new();
        }
        if Instant::now() > deadline {
            return left
                .iter()
                .map(|p| format!("{}: {}", p.pid, p.command))
                .collect();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

static REAP_ADOPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// From now on, reaps every second the ended children this process
/// adopted, so that they do not pile up as zombies during a long run. Only
/// for a process that starts no child in another process group itself
/// (`cargo book test` starts only cargo, in its own group): such a child
/// could be reaped here before its `Child::wait`.
pub fn reap_adopted_while_running() {
    REAP_ADOPTED.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Reaps the ended children this process adopted: those not of its own
/// process group (what `cargo book` itself starts stays in its group, and
/// is waited for by whoever started it).
fn reap_adopted() {
    // SAFETY: getpgrp only reads.
    let own = unsafe { libc::getpgrp() };
    let me = std::process::id() as libc::pid_t;
    for process in processes() {
        if process.parent == me && process.state == 'Z' && process.group != own {
            // SAFETY: reaps one ended child, without waiting.
            unsafe { libc::waitpid(process.pid, std::ptr::null_mut(), libc::WNOHANG) };
        }
    }
}

/// For the test of all this (`tools/tests/ctrl_c.rs`): starts a tree like
/// the one the browser test makes, every process of it with `mark` in its
/// environment (`BOOK_TREE_MARK`), says `ready`, and sleeps. In the tree:
/// a process in this group (as cargo is), and one in a group of its own
/// (as chromedriver is), which starts another in a session of its own (as
/// Chromium's crash handler is), and a third, in its group.
pub fn spawn_tree(mark: &str) -> Result<(), String> {
    use std::os::unix::process::CommandExt;
    use std::process::Command;

    let sh = |script: &str| {
        let mut command = Command::new("sh");
        command.args(["-c", script]).env("BOOK_TREE_MARK", mark);
        command
    };
    let mut children = vec![
        sh("sleep 300; :")
            .spawn()
            .map_err(|e| format!("cannot start sh: {e}"))?,
        sh("setsid sleep 300 & sleep 300; :")
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start sh: {e}"))?,
    ];
    // Wait until the whole tree is there: 5 processes, in 3 groups (the
    // one `setsid` starts is in its parent's group until it has called
    // setsid(), and a test once looked in that moment).
    let deadline = Instant::now() + Duration::from_secs(10);
    let whole = |tree: &[Process]| {
        let groups: BTreeSet<_> = tree.iter().map(|p| p.group).collect();
        tree.len() >= 5 && groups.len() >= 3
    };
    while !whole(&marked(mark)) {
        if Instant::now() > deadline {
            return Err(format!("the tree did not start: {:?}", marked(mark)));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    println!("ready");
    std::thread::sleep(Duration::from_secs(300));
    for child in &mut children {
        let _ = child.wait();
    }
    Ok(())
}

/// The live processes with `BOOK_TREE_MARK=mark` in their environment.
pub fn marked(mark: &str) -> Vec<Process> {
    let wanted = format!("BOOK_TREE_MARK={mark}");
    processes()
        .into_iter()
        .filter(|p| p.state != 'Z')
        .filter(|p| {
            std::fs::read(format!("/proc/{}/environ", p.pid))
                .is_ok_and(|env| env.split(|b| *b == 0).any(|v| v == wanted.as_bytes()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descendants_are_found_through_every_generation() {
        let process = |pid, parent| Process {
            pid,
            parent,
            group: pid,
            state: 'S',
            command: String::new(),
        };
        let all = vec![
            process(10, 1),
            process(11, 10),
            process(12, 11),
            process(13, 1),
            process(14, 12),
        ];
        let mut found: Vec<_> = descendants_of(10, all).iter().map(|p| p.pid).collect();
        found.sort();
        assert_eq!(found, [11, 12, 14]);
    }

    #[test]
    fn this_process_is_found_with_its_parent_and_group() {
        let me = std::process::id() as libc::pid_t;
        let all = processes();
        let mine = all.iter().find(|p| p.pid == me).expect("this process");
        // SAFETY: getppid and getpgrp only read.
        assert_eq!(mine.parent, unsafe { libc::getppid() });
        assert_eq!(mine.group, unsafe { libc::getpgrp() });
        assert!(!mine.command.is_empty());
    }
}
