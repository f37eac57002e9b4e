// ANCHOR: starter
use tokio::sync::mpsc;
use tokio::time::timeout;

/// Reads one message: two parts, which arrive one after the other.
async fn read_message(rx: &mut mpsc::Receiver<u32>) -> Option<[u32; 2]> {
    let first = rx.recv().await?;
    let second = rx.recv().await?;
    Some([first, second])
}

/// Receives every message until the channel closes. Whenever nothing has
/// arrived for `TICK`, it calls `idle()`, which has work of its own to do.
async fn receive_all(mut rx: mpsc::Receiver<u32>) -> Vec<[u32; 2]> {
    let mut messages = Vec::new();
    loop {
        match timeout(TICK, read_message(&mut rx)).await {
            Ok(Some(message)) => messages.push(message),
            Ok(None) => break, // the channel is closed
            Err(_elapsed) => idle(),
        }
    }
    messages
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails no lost message

/// How long `receive_all` waits for a message before it calls `idle()`.
const TICK: std::time::Duration = std::time::Duration::from_millis(10);
/// How long the producer waits after each part it sends.
const GAP: std::time::Duration = std::time::Duration::from_millis(50);
/// The messages the producer sends, each in two parts.
const MESSAGES: [[u32; 2]; 3] = [[11, 12], [21, 22], [31, 32]];

/// How many times `idle` was called.
static IDLE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The loop's other work: here, it only counts its calls.
fn idle() {
    IDLE.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
}

/// Sends every part, `GAP` apart, then closes the channel.
async fn produce(tx: tokio::sync::mpsc::Sender<u32>) {
    for part in MESSAGES.iter().flatten() {
        tx.send(*part).await.unwrap();
        tokio::time::sleep(GAP).await;
    }
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let messages = runtime.block_on(async {
        let (tx, rx) = tokio::sync::mpsc::channel(8);
        tokio::spawn(produce(tx));
        receive_all(rx).await
    });
    let sent = MESSAGES.to_vec();
    check(
        "no lost message",
        messages == sent,
        format_args!(
            "received {messages:?}, but {} messages were sent, {sent:?}: parts were lost. A part that `read_message` has taken off the channel is dropped with it when `timeout` gives up on it, as `select!` drops the futures that lose its race. Keep the parts read so far outside what may be cancelled, and time out only `rx.recv()`, which is cancel safe",
            sent.len()
        ),
    );
    // Each part comes GAP after the last, which is several TICKs: a loop
    // that still times out its waits calls `idle` many times.
    let idle = IDLE.load(std::sync::atomic::Ordering::SeqCst);
    check(
        "idle",
        idle >= 3,
        format_args!(
            "`idle()` was called {idle} times, though parts came {GAP:?} apart and the loop should call it after every {TICK:?} without one: the loop must still wait no longer than TICK. Keep the timeout, and make what it cancels lose nothing"
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
