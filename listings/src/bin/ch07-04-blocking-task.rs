use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

use self::sync::{Condvar, Mutex};

/// The executor's locks: std's. The chapter's model checks compile this
/// file with loom's instead (`cargo test -p listings --features loom`).
mod sync {
    #[cfg(feature = "loom")]
    pub(crate) use loom::sync::{Condvar, Mutex};
    #[cfg(not(feature = "loom"))]
    pub(crate) use std::sync::{Condvar, Mutex};
}

/// With `EXECUTOR_STEPS=1` in the environment, the executor prints each
/// step of each task's life, `step: task 1: polled`; the book draws its
/// figure of a task's cycle from those lines.
fn step(task: &Task, what: &str) {
    static ON: std::sync::LazyLock<bool> =
        std::sync::LazyLock::new(|| std::env::var_os("EXECUTOR_STEPS").is_some());
    if *ON {
        println!("step: task {}: {what}", task.id);
    }
}

// ANCHOR: task
type BoxedFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// One spawned future. Its waker is the task itself: waking it puts it
/// back on the queue of tasks ready to be polled.
struct Task {
    id: usize,
    future: Mutex<Option<BoxedFuture>>,
    queue: Arc<Queue>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        step(&self, "woken");
        let queue = Arc::clone(&self.queue);
        queue.push(self);
    }
}

impl Task {
    /// Polls the task's future once; `true` if it has just finished.
    fn poll(self: &Arc<Self>) -> bool {
        let mut slot = self.future.lock().unwrap();
        // Woken after it finished (woken twice, say): nothing to do.
        let Some(future) = slot.as_mut() else {
            return false;
        };
        let waker = Waker::from(Arc::clone(self));
        let mut cx = Context::from_waker(&waker);
        step(self, "polled");
        let finished = future.as_mut().poll(&mut cx).is_ready();
        step(self, if finished { "Ready" } else { "Pending" });
        if finished {
            *slot = None;
        }
        finished
    }
}
// ANCHOR_END: task

// ANCHOR: queue
/// The tasks ready to be polled, shared by the executor and every waker
/// (a waker may be called from any thread).
struct Queue {
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    ready: VecDeque<Arc<Task>>,
    unfinished: usize,
    spawned: usize,
}

impl Queue {
    fn push(&self, task: Arc<Task>) {
        step(&task, "queued");
        self.state.lock().unwrap().ready.push_back(task);
        self.changed.notify_one();
    }
}
// ANCHOR_END: queue

// ANCHOR: executor
struct Executor {
    queue: Arc<Queue>,
}

impl Executor {
    fn new() -> Executor {
        let state = State {
            ready: VecDeque::new(),
            unfinished: 0,
            spawned: 0,
        };
        let queue = Queue {
            state: Mutex::new(state),
            changed: Condvar::new(),
        };
        Executor {
            queue: Arc::new(queue),
        }
    }

    fn spawn(&self, future: impl Future<Output = ()> + Send + 'static) {
        let id = {
            let mut state = self.queue.state.lock().unwrap();
            state.unfinished += 1;
            state.spawned += 1;
            state.spawned
        };
        let task = Task {
            id,
            future: Mutex::new(Some(Box::pin(future))),
            queue: Arc::clone(&self.queue),
        };
        step(&task, "spawned");
        self.queue.push(Arc::new(task));
    }

    /// Polls ready tasks, one at a time, until every task has finished.
    fn run(&self) {
        loop {
            fire_due_timers();
            let mut state = self.queue.state.lock().unwrap();
            if let Some(task) = state.ready.pop_front() {
                drop(state);
                if task.poll() {
                    self.queue.state.lock().unwrap().unfinished -= 1;
                }
                continue;
            }
            if state.unfinished == 0 {
                return;
            }
            // Nothing to poll: wait until a waker pushes a task, or until
            // the next timer is due. `wait` lets go of the lock meanwhile.
            match next_deadline() {
                Some(at) => {
                    let timeout = at.saturating_duration_since(Instant::now());
                    drop(self.queue.changed.wait_timeout(state, timeout).unwrap());
                }
                None => drop(self.queue.changed.wait(state).unwrap()),
            }
        }
    }
}
// ANCHOR_END: executor

// ANCHOR: timers
/// A deadline, and the waker to call when it passes.
struct Timer {
    deadline: Instant,
    id: u64,
    waker: Waker,
}

thread_local! {
    /// Every sleeping task's timer, soonest first. Only the executor's
    /// thread polls tasks, so only it adds and fires timers.
    static TIMERS: RefCell<Vec<Timer>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

/// Adds a timer, and returns its number.
fn add_timer(deadline: Instant, waker: Waker) -> u64 {
    let id = NEXT_ID.replace(NEXT_ID.get() + 1);
    TIMERS.with_borrow_mut(|timers| {
        let place = timers.partition_point(|t| t.deadline <= deadline);
        timers.insert(
            place,
            Timer {
                deadline,
                id,
                waker,
            },
        );
    });
    id
}

/// Gives timer `id` the waker of the latest poll, unless it already
/// wakes the same task.
fn update_timer(id: u64, waker: &Waker) {
    TIMERS.with_borrow_mut(|timers| {
        if let Some(timer) = timers.iter_mut().find(|t| t.id == id)
            && !timer.waker.will_wake(waker)
        {
            timer.waker = waker.clone();
        }
    });
}

fn next_deadline() -> Option<Instant> {
    TIMERS.with_borrow(|timers| timers.first().map(|t| t.deadline))
}

fn fire_due_timers() {
    let now = Instant::now();
    let due: Vec<Timer> = TIMERS.with_borrow_mut(|timers| {
        let due = timers.partition_point(|t| t.deadline <= now);
        timers.drain(..due).collect()
    });
    for timer in due {
        timer.waker.wake();
    }
}

/// A future that is ready once `duration` has passed since `sleep` was
/// called. Its first poll adds a timer; a later poll before the deadline
/// only gives that timer the latest waker.
fn sleep(duration: Duration) -> Sleep {
    Sleep {
        deadline: Instant::now() + duration,
        timer: None,
    }
}

struct Sleep {
    deadline: Instant,
    timer: Option<u64>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.deadline {
            return Poll::Ready(());
        }
        match self.timer {
            None => self.timer = Some(add_timer(self.deadline, cx.waker().clone())),
            Some(id) => update_timer(id, cx.waker()),
        }
        Poll::Pending
    }
}
// ANCHOR_END: timers

// ANCHOR: main
const STEP: Duration = Duration::from_millis(50);
const BLOCK: Duration = Duration::from_millis(200);

fn stamp(start: Instant, text: &str) {
    println!("[{:4} ms] {text}", start.elapsed().as_millis());
}

async fn task(name: &'static str, start: Instant) {
    stamp(start, &format!("{name} starts"));
    for _ in 0..2 {
        stamp(start, &format!("{name} sleeps {} ms", STEP.as_millis()));
        let asked = Instant::now();
        sleep(STEP).await;
        let late = asked.elapsed().saturating_sub(STEP).as_millis();
        stamp(start, &format!("{name} woke {late} ms late"));
    }
    stamp(start, &format!("{name} ends"));
}

/// A task that waits without an `.await`: it blocks the thread.
async fn blocker(start: Instant) {
    stamp(start, "blocker starts");
    std::thread::sleep(BLOCK);
    stamp(start, "blocker ends");
}

fn main() {
    let start = Instant::now();
    let executor = Executor::new();
    executor.spawn(task("task a", start));
    executor.spawn(blocker(start));
    executor.spawn(task("task c", start));
    executor.run();
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
