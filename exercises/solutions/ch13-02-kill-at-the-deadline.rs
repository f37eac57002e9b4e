use std::process::{Child, ExitStatus};
use std::thread;
use std::time::{Duration, Instant};

/// Waits for `child` no longer than `deadline`; past it, kills it.
fn wait_or_kill(mut child: Child, deadline: Duration) -> Option<ExitStatus> {
    let started = Instant::now();
    loop {
        // `try_wait` never blocks: the status if the child has ended (and
        // it collects it), `None` if it still runs.
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if started.elapsed() >= deadline {
            // SIGKILL, which no program can catch; then `wait`, which
            // collects its exit status, so that no zombie is left behind.
            child.kill().unwrap();
            child.wait().unwrap();
            return None;
        }
        // A short nap between two looks: a child that ends is seen within
        // a few milliseconds, and this thread does not keep a core busy.
        thread::sleep(Duration::from_millis(5));
    }
}
