// ANCHOR: starter
/// Moves `amount` from `from` to `to`. Two threads call it at the same
/// time, one paying from `a` to `b`, the other from `b` to `a`.
/// `Account::lock` locks an account's balance as `Mutex::lock` does, and
/// returns a guard that derefs to the `i64`.
fn transfer(from: &Account, to: &Account, amount: i64) {
    let mut from_balance = from.lock();
    approve(from, to, amount); // slow; the payer stays locked meanwhile
    let mut to_balance = to.lock();
    *from_balance -= amount;
    *to_balance += amount;
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails no deadlock

/// How long the bank takes to approve a transfer.
const WAIT: std::time::Duration = std::time::Duration::from_millis(100);
/// How long the grader waits for both transfers: many times what they need.
const DEADLINE: std::time::Duration = std::time::Duration::from_secs(1);

/// A bank account: an `id`, which gives the accounts an order, a name, and
/// a balance behind a lock of its own.
struct Account {
    id: u32,
    name: &'static str,
    balance: std::sync::Mutex<i64>,
}

/// A locked balance: derefs to the `i64`, and unlocks when dropped.
struct Balance<'a> {
    guard: std::sync::MutexGuard<'a, i64>,
    name: &'static str,
}

std::thread_local! {
    /// The accounts this thread holds locked, in the order it locked them.
    static HELD: std::cell::RefCell<Vec<&'static str>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Every time a thread locked an account while holding another: (held,
/// then locked).
static ORDERS: std::sync::Mutex<Vec<(&'static str, &'static str)>> =
    std::sync::Mutex::new(Vec::new());

impl Account {
    fn new(id: u32, name: &'static str, balance: i64) -> Account {
        let balance = std::sync::Mutex::new(balance);
        Account { id, name, balance }
    }

    /// Locks this account's balance, as `Mutex::lock` does. (It also notes
    /// which accounts this thread already holds, for the grader.)
    fn lock(&self) -> Balance<'_> {
        HELD.with(|held| {
            for &first in held.borrow().iter() {
                ORDERS.lock().unwrap().push((first, self.name));
            }
        });
        let guard = match self.balance.try_lock() {
            Ok(guard) => guard,
            Err(std::sync::TryLockError::WouldBlock) => {
                settle(1); // waits for a lock another thread holds
                let guard = self.balance.lock().unwrap();
                settle(-1);
                guard
            }
            Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
        };
        HELD.with(|held| held.borrow_mut().push(self.name));
        Balance {
            guard,
            name: self.name,
        }
    }
}

impl std::ops::Deref for Balance<'_> {
    type Target = i64;
    fn deref(&self) -> &i64 {
        &self.guard
    }
}

impl std::ops::DerefMut for Balance<'_> {
    fn deref_mut(&mut self) -> &mut i64 {
        &mut self.guard
    }
}

impl Drop for Balance<'_> {
    fn drop(&mut self) {
        HELD.with(|held| {
            let mut held = held.borrow_mut();
            if let Some(at) = held.iter().rposition(|&name| name == self.name) {
                held.remove(at);
            }
        });
    }
}

/// How many of the two transfers are settled: in `approve`, waiting for a
/// lock another thread holds, or done. `approve` lets a transfer go on
/// only once both are, so that what happens next does not depend on which
/// thread the machine happened to run first.
static SETTLED: std::sync::Mutex<isize> = std::sync::Mutex::new(0);
static SETTLING: std::sync::Condvar = std::sync::Condvar::new();

fn settle(by: isize) {
    *SETTLED.lock().unwrap() += by;
    SETTLING.notify_all();
}

/// Asks the bank whether `from` may pay `amount` to `to`: a slow call.
fn approve(from: &Account, to: &Account, amount: i64) {
    assert!(
        amount > 0 && from.id != to.id,
        "a transfer between two accounts"
    );
    std::thread::sleep(WAIT);
    settle(1);
    let settled = SETTLED.lock().unwrap();
    drop(SETTLING.wait_timeout_while(settled, WAIT * 5, |n| *n < 2));
    settle(-1);
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let a = std::sync::Arc::new(Account::new(1, "a", 100));
    let b = std::sync::Arc::new(Account::new(2, "b", 100));
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let (done, finished) = std::sync::mpsc::channel();
    for (from, to, amount) in [(&a, &b, 20), (&b, &a, 10)] {
        let (from, to) = (std::sync::Arc::clone(from), std::sync::Arc::clone(to));
        let (barrier, done) = (std::sync::Arc::clone(&barrier), done.clone());
        std::thread::spawn(move || {
            barrier.wait(); // both transfers set off at the same moment
            transfer(&from, &to, amount);
            settle(1); // done
            done.send(()).unwrap();
        });
    }
    drop(done);
    let started = std::time::Instant::now();
    let mut ended = 0;
    while ended < 2 {
        let left = DEADLINE.saturating_sub(started.elapsed());
        match finished.recv_timeout(left) {
            Ok(()) => ended += 1,
            Err(_) => break,
        }
    }
    // A transfer that panicked ended too, without saying so: only a
    // timeout means the transfers still wait.
    let panicked = ended < 2 && started.elapsed() < DEADLINE;
    check(
        "no deadlock",
        ended == 2 || panicked,
        format_args!(
            "the two transfers were still waiting after {DEADLINE:?}: each holds one account's lock and waits for the other's, which the other transfer holds, forever. Lock the two accounts in the same order in every transfer"
        ),
    );

    let orders = ORDERS.lock().unwrap().clone();
    let opposite = orders
        .iter()
        .find(|&&(first, then)| orders.contains(&(then, first)));
    check(
        "lock order",
        opposite.is_none(),
        format_args!(
            "one transfer locked {first}, then {then}; the other locked {then}, then {first}. In opposite orders, two transfers can each hold one lock and wait forever for the other (even when a run gets through). Lock the account with the smaller `id` first, whichever way the money goes ({} has id {}, {} has id {})",
            a.name,
            a.id,
            b.name,
            b.id,
            first = opposite.map_or("a", |o| o.0),
            then = opposite.map_or("b", |o| o.1),
        ),
    );

    if ended == 2 {
        let (got_a, got_b) = (*a.balance.lock().unwrap(), *b.balance.lock().unwrap());
        let why = if got_a + got_b != 200 {
            "money was made or lost: take `amount` from one balance and add it to the other"
        } else {
            "money went the wrong way: once the two locks are taken, subtract from `from`'s balance and add to `to`'s, whichever was locked first"
        };
        check(
            "results",
            (got_a, got_b) == (90, 110),
            format_args!(
                "a = {got_a}, b = {got_b}; expected a = 90, b = 110 (a paid 20 to b, b paid 10 to a): {why}"
            ),
        );
    } else if panicked {
        check("results", false, "a transfer panicked");
    }
    finish();
}

// ---- The grader's helpers, the same in every exercise (exercises/grade.rs) ----

/// Prints one verdict line, `PASS property` or `FAIL property: why`.
fn check(property: &str, passed: bool, why: impl std::fmt::Display) {
    use std::sync::atomic::Ordering::Relaxed;
    CHECKS.fetch_add(1, Relaxed);
    if passed {
        println!("PASS {property}");
    } else {
        FAILED.fetch_add(1, Relaxed);
        println!("FAIL {property}: {why}");
    }
}

/// Ends the run if it is still going after `limit`, saying so: a run that
/// never ends has a thread (or task) waiting for something that never comes.
fn watchdog(limit: std::time::Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(limit);
        println!(
            "FAIL no deadlock: the run did not end within {limit:?}; something waits for what never comes (a lock never released, a message never sent, a thread never ended)"
        );
        println!("FAILED: the run was stopped");
        std::process::exit(1);
    });
}

/// The last line: every check passed, or how many failed (and exit code 1).
fn finish() {
    use std::sync::atomic::Ordering::Relaxed;
    let (checks, failed) = (CHECKS.load(Relaxed), FAILED.load(Relaxed));
    if failed == 0 {
        println!("PASSED: all {checks} checks");
    } else {
        println!("FAILED: {failed} of {checks} checks");
        std::process::exit(1);
    }
}

static CHECKS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static FAILED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
