// ANCHOR: starter
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

/// What the two sides of a signal share: the value, once another thread
/// has sent it, and a waker to call when it does.
struct Shared {
    value: Option<u32>,
    waker: Option<Waker>,
}

/// A future that is ready with the value once another thread sends it
/// (with `send`, which stores the value, then takes `waker` and wakes it).
struct Signal {
    shared: Arc<Mutex<Shared>>,
}

impl Future for Signal {
    type Output = u32;

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<u32> {
        let shared = self.shared.lock().unwrap();
        match shared.value {
            Some(value) => Poll::Ready(value),
            None => Poll::Pending,
        }
    }
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails woken

/// The sending side, run on another thread: stores the value, then wakes
/// the waker the future left, if it left one.
fn send(shared: &std::sync::Mutex<Shared>, value: u32) {
    let waker = {
        let mut shared = shared.lock().unwrap();
        shared.value = Some(value);
        shared.waker.take()
    };
    if let Some(waker) = waker {
        waker.wake();
    }
}

/// The value the other thread sends.
const VALUE: u32 = 42;
/// How long the grader waits for a wake-up once the value is sent.
const LIMIT: std::time::Duration = std::time::Duration::from_secs(1);

/// How many times the grader has polled the future: the number of the
/// latest poll.
static POLLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
/// Wakes that named the waker of an earlier poll than the latest.
static STALE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
/// Wakes that came from inside `poll`, on the polling thread.
static SELF_WAKES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The waker the grader gives poll number `poll`. Waking it tells the
/// grader's little executor to poll again.
struct GraderWaker {
    poll: usize,
    woken: std::sync::mpsc::Sender<usize>,
}

impl std::task::Wake for GraderWaker {
    fn wake(self: std::sync::Arc<Self>) {
        use std::sync::atomic::Ordering::SeqCst;
        if std::thread::current().name() == Some("sender") {
            if self.poll != POLLS.load(SeqCst) {
                STALE.fetch_add(1, SeqCst);
            }
        } else {
            SELF_WAKES.fetch_add(1, SeqCst);
        }
        let _ = self.woken.send(self.poll);
    }
}

fn main() {
    use std::sync::atomic::Ordering::SeqCst;
    watchdog(std::time::Duration::from_secs(3));
    let shared = std::sync::Arc::new(std::sync::Mutex::new(Shared {
        value: None,
        waker: None,
    }));
    let mut signal = Signal {
        shared: std::sync::Arc::clone(&shared),
    };
    let (woken_sender, woken) = std::sync::mpsc::channel();
    // Each poll gets a waker of its own, as when a future moves from one
    // task to another between polls (inside a `select!`, say).
    let mut poll = move || {
        let number = POLLS.fetch_add(1, SeqCst) + 1;
        let waker = std::task::Waker::from(std::sync::Arc::new(GraderWaker {
            poll: number,
            woken: woken_sender.clone(),
        }));
        let mut cx = std::task::Context::from_waker(&waker);
        std::pin::Pin::new(&mut signal).poll(&mut cx)
    };
    // Two polls before anything is sent: an executor may poll a future
    // again without a wake-up, and the second poll brings another waker.
    let early = [poll(), poll()];
    let ready_early = early.iter().any(|p| p.is_ready());
    std::thread::Builder::new()
        .name("sender".into())
        .spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(20));
            send(&shared, VALUE);
        })
        .unwrap();
    // Polls again after each wake-up, until the future is ready; gives up
    // if no wake-up comes within `LIMIT`.
    let mut result = None;
    let mut stuck = false;
    while result.is_none() && !ready_early {
        if woken.recv_timeout(LIMIT).is_err() {
            stuck = true;
            // Polls once more by hand, to see what the future would give.
            if let std::task::Poll::Ready(value) = poll() {
                result = Some(value);
            }
            break;
        }
        if let std::task::Poll::Ready(value) = poll() {
            result = Some(value);
        }
    }
    check(
        "results",
        !ready_early && result == Some(VALUE),
        format_args!(
            "polled before the value was sent, it gave {early:?}, and afterwards {result:?}: it should be Pending until the value is sent, then Ready({VALUE})"
        ),
    );
    check(
        "woken",
        !stuck,
        format_args!(
            "your future answered Pending, the value was sent, and no waker was woken within {LIMIT:?}: an executor would never poll it again. Before it answers Pending, a future must leave a clone of `cx.waker()` where the sender finds it, in `shared.waker`"
        ),
    );
    check(
        "latest waker",
        STALE.load(SeqCst) == 0,
        "the sender woke the waker of an earlier poll, not the latest one: a later poll may bring another waker (the future may have moved to another task), and only the latest is sure to poll it again. Store the waker on every poll, not only the first",
    );
    let self_wakes = SELF_WAKES.load(SeqCst);
    check(
        "no busy polling",
        self_wakes == 0,
        format_args!(
            "your future woke its own task {self_wakes} times, from inside `poll`, while it waited ({} polls in all): an executor polls such a task again at once, round and round, burning a core until the value comes. `wake_by_ref` before Pending is for a future that can go on right away; this one should leave its waker for the sender",
            POLLS.load(SeqCst)
        ),
    );
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
