// Mistake: the child is killed at the deadline, but never waited for. A
// process that ends stays in the system's table, a zombie, until its
// parent collects its exit status; dropping a `Child` does not do it.
// grader: fails nothing left running, saying "it is a zombie"
use std::process::{Child, ExitStatus};
use std::thread;
use std::time::{Duration, Instant};

fn wait_or_kill(mut child: Child, deadline: Duration) -> Option<ExitStatus> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if started.elapsed() >= deadline {
            child.kill().unwrap();
            return None;
        }
        thread::sleep(Duration::from_millis(5));
    }
}
