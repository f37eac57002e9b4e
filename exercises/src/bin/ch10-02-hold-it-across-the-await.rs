// ANCHOR: starter
use std::sync::{Arc, Mutex};

/// The connection, as every task shares it.
type Shared = Arc<Mutex<Connection>>;

fn share(connection: Connection) -> Shared {
    Arc::new(Mutex::new(connection))
}

/// Sends request `id` on the shared connection and returns its reply. The
/// connection carries one exchange at a time: nothing else may be sent on
/// it between a request and its reply.
async fn ask(connection: Shared, id: u32) -> String {
    let reply = connection.lock().unwrap().send(id); // the guard ends at the `;`
    reply.await
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails one exchange at a time

/// How long the server takes to reply.
const WAIT: std::time::Duration = std::time::Duration::from_millis(100);
/// How often the heartbeat wants to tick.
const TICK: std::time::Duration = std::time::Duration::from_millis(10);

/// The last request sent on the connection: the one the server answers.
static LAST_SENT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
/// Whether a request awaits its reply.
static BUSY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
/// Requests sent while another awaited its reply.
static CLASHES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
/// How many times the heartbeat has ticked.
static BEATS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
/// How many ticks came while a request awaited its reply (added up).
static BEATS_DURING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A connection to a server that answers one request at a time: a request
/// sent before the previous one has its reply garbles both.
struct Connection;

impl Connection {
    /// Sends request `id`, and returns its reply, to `.await`: the server
    /// takes a while.
    fn send(&mut self, id: u32) -> impl std::future::Future<Output = String> + Send + 'static {
        let beats = self.start(id);
        async move {
            tokio::time::sleep(WAIT).await;
            Connection::end(beats)
        }
    }

    /// The same exchange, for synchronous code: it blocks its thread until
    /// the reply comes.
    #[allow(dead_code)]
    fn send_blocking(&mut self, id: u32) -> String {
        let beats = self.start(id);
        std::thread::sleep(WAIT);
        Connection::end(beats)
    }

    fn start(&mut self, id: u32) -> usize {
        use std::sync::atomic::Ordering::SeqCst;
        if BUSY.swap(true, SeqCst) {
            CLASHES.fetch_add(1, SeqCst);
        }
        LAST_SENT.store(id, SeqCst);
        BEATS.load(SeqCst)
    }

    /// The reply: to the last request sent, which is this one only if no
    /// other was sent meanwhile.
    fn end(beats: usize) -> String {
        use std::sync::atomic::Ordering::SeqCst;
        BUSY.store(false, SeqCst);
        BEATS_DURING.fetch_add(BEATS.load(SeqCst) - beats, SeqCst);
        format!("reply to {}", LAST_SENT.load(SeqCst))
    }
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    // One thread runs every task: the heartbeat, and your `ask`s.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let ids = [1, 2, 3];
    let replies = runtime.block_on(async {
        let heartbeat = tokio::spawn(async {
            loop {
                tokio::time::sleep(TICK).await;
                BEATS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        });
        let connection = share(Connection);
        let handles: Vec<_> = ids
            .iter()
            .map(|&id| tokio::spawn(ask(connection.clone(), id)))
            .collect();
        let mut replies = Vec::new();
        for handle in handles {
            replies.push(match handle.await {
                Ok(reply) => reply,
                Err(e) => format!("(the task failed: {e})"),
            });
        }
        heartbeat.abort();
        replies
    });
    let wanted: Vec<String> = ids.iter().map(|id| format!("reply to {id}")).collect();
    check(
        "results",
        replies == wanted,
        format_args!("got {replies:?}, expected {wanted:?}: each request must get its own reply"),
    );
    let clashes = CLASHES.load(std::sync::atomic::Ordering::SeqCst);
    check(
        "one exchange at a time",
        clashes == 0,
        format_args!(
            "{clashes} requests were sent while another still awaited its reply: the lock was released between a request and its reply. A guard that ends at the `;` is released before the `.await`; hold a guard of tokio::sync::Mutex (`lock().await`) in a variable, across the `.await` of the reply"
        ),
    );
    // The heartbeat runs on the runtime's only thread: while that thread is
    // blocked, it cannot tick at all, however fast the machine.
    let beats = BEATS_DURING.load(std::sync::atomic::Ordering::SeqCst);
    check(
        "heartbeat",
        beats > 0,
        "the heartbeat did not tick once while the requests awaited their replies: the wait blocked the runtime's only thread (send_blocking, and a std lock that is taken, wait without an .await). Await the reply of `send`, under a tokio::sync::Mutex",
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
