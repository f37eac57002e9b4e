// ANCHOR: starter
/// Makes a thumbnail of every image, and returns them in the order of
/// `images`. `thumbnail` is slow: spread the images over rayon's threads.
fn thumbnails(images: &[u32]) -> Vec<String> {
    images.iter().map(|&image| thumbnail(image)).collect()
}
// ANCHOR_END: starter

// The grader: hidden on the page, run by the Run button. It writes paths in
// full, so that your `use` lines never clash with its own.
// grader: fails parallel

/// How long the first image takes, and every other one.
const LONG: std::time::Duration = std::time::Duration::from_millis(150);
const SHORT: std::time::Duration = std::time::Duration::from_millis(10);
/// The threads of the grader's rayon pool, which runs `thumbnails`.
const THREADS: usize = 4;

/// The threads that made a thumbnail.
static MAKERS: std::sync::Mutex<Vec<std::thread::ThreadId>> = std::sync::Mutex::new(Vec::new());

/// The thumbnail of `image`: slow work, done here by a sleep (the first
/// image is the largest, and the slowest).
fn thumbnail(image: u32) -> String {
    MAKERS.lock().unwrap().push(std::thread::current().id());
    std::thread::sleep(if image == 0 { LONG } else { SHORT });
    format!("thumb {image}")
}

fn main() {
    watchdog(std::time::Duration::from_secs(3));
    // A pool of its own, the same size on every machine: its threads sleep
    // through their images, so several of them get some, even on one core.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(THREADS)
        .build()
        .unwrap();
    let images: Vec<u32> = (0..16).collect();
    let thumbs = pool.install(|| thumbnails(&images));
    let wanted: Vec<String> = images.iter().map(|i| format!("thumb {i}")).collect();
    let mut sorted = thumbs.clone();
    sorted.sort_by_key(|t| {
        t.strip_prefix("thumb ")
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(u32::MAX)
    });
    let why = if thumbs != wanted && sorted == wanted {
        "every thumbnail is there, but out of order: a Vec that each thread pushes to gets them in the order they finished in (the first image is the slowest). collect() puts each result at its item's place, whichever thread made it"
    } else {
        "one thumbnail per image, in the order of the images"
    };
    check(
        "results",
        thumbs == wanted,
        format_args!("got {thumbs:?}, expected {wanted:?}: {why}"),
    );
    let makers: std::collections::HashSet<std::thread::ThreadId> =
        MAKERS.lock().unwrap().iter().copied().collect();
    check(
        "parallel",
        makers.len() > 1,
        format_args!(
            "every thumbnail was made by one thread, one after another, although the pool has {THREADS}: `iter()` runs on the calling thread (and so does the closure given to `install`); `par_iter()` spreads the images over the pool's threads"
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
