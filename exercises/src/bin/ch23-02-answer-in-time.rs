// ANCHOR: starter
/// Answers one request: `ok RESULT` with the job's result, or
/// `error timeout` once the job has taken longer than `LIMIT`, however
/// long it would go on (some jobs never end).
async fn handle(n: u64) -> String {
    format!("ok {}", job(n).await)
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails times out

/// How long a request may take.
const LIMIT: std::time::Duration = std::time::Duration::from_millis(200);

/// A job: `n` ms of work (here, a wait), giving back `n`; job 0 never ends.
async fn job(n: u64) -> u64 {
    if n == 0 {
        std::future::pending::<()>().await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(n)).await;
    n
}

fn main() {
    watchdog(std::time::Duration::from_secs(4));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // Three requests at once: a quick job, a slow one, one that never
    // ends. The grader gives up on an answer after 5 × LIMIT.
    let answers = runtime.block_on(async {
        let started = std::time::Instant::now();
        let tasks: Vec<_> = [50, 600, 0]
            .map(|n| {
                tokio::spawn(async move {
                    let answer = tokio::time::timeout(5 * LIMIT, handle(n)).await;
                    (n, answer.ok(), started.elapsed())
                })
            })
            .into_iter()
            .collect();
        let mut answers = Vec::new();
        for task in tasks {
            answers.push(task.await.unwrap());
        }
        answers
    });
    let (quick, slow, never) = (&answers[0], &answers[1], &answers[2]);
    check(
        "results",
        quick.1.as_deref() == Some("ok 50"),
        format_args!(
            "the job of 50 ms, well within {LIMIT:?}, was answered {:?}: expected `ok 50`",
            quick.1
        ),
    );
    for (n, answer, took) in [slow, never] {
        let what = if *n == 0 {
            "a job that never ends"
        } else {
            "a job of 600 ms"
        };
        match answer {
            None => check(
                "times out",
                false,
                format_args!(
                    "{what} got no answer in {took:.0?}: the request is still waiting for it. Measuring the time after the job cannot help, since the job may never end: race the job against the limit, with `tokio::time::timeout(LIMIT, job(n))`"
                ),
            ),
            Some(answer) => {
                check(
                    "times out",
                    answer == "error timeout",
                    format_args!("{what} was answered {answer:?}: expected `error timeout`"),
                );
                // However busy the machine, a timer fires no sooner than
                // asked; with slack for a loaded one, well before the slow
                // job would end.
                check(
                    "on time",
                    LIMIT <= *took && *took < 2 * LIMIT + LIMIT / 2,
                    format_args!(
                        "{what} was answered after {took:.0?}, and the limit is {LIMIT:?}: the answer must come when the limit passes, neither before nor long after"
                    ),
                );
            }
        }
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
