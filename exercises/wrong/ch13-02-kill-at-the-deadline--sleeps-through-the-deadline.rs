// Mistake: it sleeps for the whole deadline, then looks once. A child that
// hangs is killed on time, but one that ends at once is reported only at
// the deadline too: every call takes the longest time there is.
// grader: fails prompt, saying "Rather than sleeping through the whole deadline"
use std::process::{Child, ExitStatus};
use std::thread;
use std::time::Duration;

fn wait_or_kill(mut child: Child, deadline: Duration) -> Option<ExitStatus> {
    thread::sleep(deadline);
    match child.try_wait().unwrap() {
        Some(status) => Some(status),
        None => {
            child.kill().unwrap();
            child.wait().unwrap();
            None
        }
    }
}
