// Mistake: at the deadline it stops waiting, and returns `None`, but the
// child goes on running, and nobody will ever end it. Giving up on a child
// is not ending it: `kill` does that.
// grader: fails nothing left running, saying "returning None only stops waiting"
use std::process::{Child, ExitStatus};
use std::thread;
use std::time::{Duration, Instant};

fn wait_or_kill(mut child: Child, deadline: Duration) -> Option<ExitStatus> {
    let started = Instant::now();
    while started.elapsed() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        thread::sleep(Duration::from_millis(5));
    }
    None
}
