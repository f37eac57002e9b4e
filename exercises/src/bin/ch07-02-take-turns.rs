// ANCHOR: starter
/// Adds up the squares of `numbers`: a long computation, run as a task on
/// a one-thread executor beside other tasks. Let them run once every
/// `CHUNK` numbers: `yield_now()` is listing 7-2's `YieldNow`.
async fn sum_of_squares(numbers: std::ops::Range<u64>) -> u64 {
    let mut sum = 0;
    for n in numbers {
        sum += n * n;
    }
    sum
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails heartbeat

/// How many numbers the task may go through before it lets others run.
const CHUNK: u64 = 10_000;
/// How many numbers it adds up.
const COUNT: u64 = 1_000_000;

/// Listing 7-2's future: pending the first time it is polled, having woken
/// its task, and ready the second time. Awaiting it gives the thread back
/// to the executor for one turn.
struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if self.yielded {
            return std::task::Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}

fn yield_now() -> YieldNow {
    YieldNow { yielded: false }
}

/// A boxed task, as listing 7-3 keeps them.
type GraderFuture = std::pin::Pin<Box<dyn Future<Output = ()> + Send>>;
type GraderQueue =
    std::sync::Arc<std::sync::Mutex<std::collections::VecDeque<std::sync::Arc<GraderTask>>>>;

/// A task of the grader's executor: its waker puts it back in the queue.
struct GraderTask {
    future: std::sync::Mutex<Option<GraderFuture>>,
    queue: GraderQueue,
}

impl std::task::Wake for GraderTask {
    fn wake(self: std::sync::Arc<Self>) {
        let queue = std::sync::Arc::clone(&self.queue);
        queue.lock().unwrap().push_back(self);
    }
}

/// Listing 7-3's executor without timers: one thread polls the tasks in
/// the queue, first in, first out, until the queue is empty.
fn run_on_one_thread(futures: Vec<GraderFuture>) {
    let queue: GraderQueue = std::sync::Arc::default();
    for future in futures {
        let task = GraderTask {
            future: std::sync::Mutex::new(Some(future)),
            queue: std::sync::Arc::clone(&queue),
        };
        queue.lock().unwrap().push_back(std::sync::Arc::new(task));
    }
    loop {
        let next = queue.lock().unwrap().pop_front();
        let Some(task) = next else { return };
        let waker = std::task::Waker::from(std::sync::Arc::clone(&task));
        let mut slot = task.future.lock().unwrap();
        if let Some(future) = slot.as_mut()
            && future
                .as_mut()
                .poll(&mut std::task::Context::from_waker(&waker))
                .is_ready()
        {
            *slot = None;
        }
    }
}

/// Whether your task is under way, and whether it has ended.
static WORKING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
static ENDED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
/// How many times your task has been polled.
static WORK_POLLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
/// How many times the heartbeat task ran while your task was under way.
static TICKS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
/// Set if your task stopped being polled before its end.
static STALLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
static SUM: std::sync::Mutex<Option<u64>> = std::sync::Mutex::new(None);

/// The other task: each time it runs, it counts a tick if your task is
/// under way, then gives the thread back.
async fn heartbeat() {
    use std::sync::atomic::Ordering::SeqCst;
    let mut polls_seen = usize::MAX;
    while !ENDED.load(SeqCst) {
        if WORKING.load(SeqCst) {
            TICKS.fetch_add(1, SeqCst);
            // Two tasks take turns: if yours was not polled since the
            // last tick, nothing will ever poll it again.
            let polls = WORK_POLLS.load(SeqCst);
            if polls == polls_seen {
                STALLED.store(true, SeqCst);
                return;
            }
            polls_seen = polls;
        }
        yield_now().await;
    }
}

fn main() {
    use std::sync::atomic::Ordering::SeqCst;
    watchdog(std::time::Duration::from_secs(3));
    let mut work = Box::pin(sum_of_squares(0..COUNT));
    let yours = std::future::poll_fn(move |cx| {
        WORK_POLLS.fetch_add(1, SeqCst);
        WORKING.store(true, SeqCst);
        let polled = work.as_mut().poll(cx);
        if let std::task::Poll::Ready(sum) = polled {
            *SUM.lock().unwrap() = Some(sum);
            WORKING.store(false, SeqCst);
            ENDED.store(true, SeqCst);
        }
        polled.map(|_| ())
    });
    run_on_one_thread(vec![Box::pin(heartbeat()), Box::pin(yours)]);
    let sum = *SUM.lock().unwrap();
    let wanted: u64 = (0..COUNT).map(|n| n * n).sum();
    check(
        "results",
        sum == Some(wanted),
        format_args!(
            "got {sum:?}, expected Some({wanted}): the sum of the squares, once your task has run to its end"
        ),
    );
    check(
        "woken",
        !STALLED.load(SeqCst),
        "your task answered Pending and was never polled again: a future that answers Pending must arrange for its waker to be called (`yield_now` does it for you)",
    );
    let ticks = TICKS.load(SeqCst);
    let wanted_ticks = (COUNT / CHUNK - 1) as usize;
    let why = if ticks == 0 {
        format!(
            "the heartbeat task never ran while your task added up {COUNT} numbers: your task held the thread from its start to its end. A task gives the thread back only at an `.await` on a future that answers Pending: `yield_now()` without `.await` only makes a future, which does nothing. Await `yield_now()` inside the loop, once every CHUNK numbers"
        )
    } else {
        format!(
            "the heartbeat task ran only {} while your task added up {COUNT} numbers, and should run at least {wanted_ticks} times, once every {CHUNK}: your task gives the thread back too rarely. Await `yield_now()` inside the loop, once every CHUNK numbers",
            if ticks == 1 {
                "once".to_owned()
            } else {
                format!("{ticks} times")
            }
        )
    };
    check("heartbeat", ticks >= wanted_ticks, why);
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
