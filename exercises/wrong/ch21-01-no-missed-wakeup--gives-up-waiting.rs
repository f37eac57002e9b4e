// Mistake: holding the lock from the check to the wait is right, but a
// wait that gives up after a timeout returns before the signal is raised:
// the caller goes on as if it had been.
// grader: fails returns only once raised, saying "returned while the flag was still false"
fn wait_until_raised(signal: &Signal) {
    let flag = signal.lock();
    if !*flag {
        let timeout = std::time::Duration::from_millis(10);
        drop(signal.wake.wait_timeout(flag, timeout).unwrap());
    }
}
