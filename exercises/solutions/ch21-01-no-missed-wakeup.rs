/// Returns once `signal` has been raised.
fn wait_until_raised(signal: &Signal) {
    // The lock is held from the check to the wait, and `wait` lets go of
    // it only once this thread is waiting: a `raise` (which sets the flag
    // under the lock) comes either before the check, which then sees
    // `true`, or after the thread waits, and then wakes it. The loop checks
    // again after every wake-up, since a wait may also end spuriously.
    let mut flag = signal.lock();
    while !*flag {
        flag = signal.wake.wait(flag).unwrap();
    }
}
