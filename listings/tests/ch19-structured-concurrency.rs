//! Chapter 19, "Structured concurrency and graceful shutdown": what its
//! listings do, and the claims its page makes about who outlives whom.
//!
//! Most claims here are about order, and the order is caused, not timed: a
//! task cancelled by a token ends after the line that cancels it; a runtime
//! that waits for a job ends after the job. Where a claim is about time,
//! lower bounds come from the sleeps themselves and upper bounds are
//! ratios within one run, with slack. The server of listing 19-4 is started
//! by the tests themselves, which send it requests and a real SIGINT.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use book_tools::listing;
use book_tools::listing::{Listing, Run, Watched};
use book_tools::recording::Order;
use book_tools::timeline::all_under_way_at_once;

fn detached_task() -> Listing {
    listing!("ch19-01-detached-task")
}

fn cancellation_token() -> Listing {
    listing!("ch19-02-cancellation-token")
}

fn joinset_shutdown() -> Listing {
    listing!("ch19-03-joinset-shutdown")
}

fn graceful_server() -> Listing {
    listing!("ch19-04-graceful-server")
}

fn blocking_shutdown() -> Listing {
    listing!("ch19-05-blocking-shutdown")
}

fn async_cleanup() -> Listing {
    listing!("ch19-06-async-cleanup")
}

fn local_set() -> Listing {
    listing!("ch19-08-local-set")
}

// Listing 19-1: a detached task outlives the call that spawned it.

/// What `main` prints when `save_order` has failed.
const RETURNED: &str = r#"main: save_order returned Err("card declined")"#;

fn assert_the_detached_task_outlived_its_caller(run: &Run, returned: &str) {
    let caller = run.span("save_order");
    let audit = run.span("audit log");
    assert!(caller.ms() >= 50 && audit.ms() >= 300, "{}", run.stdout);
    // The caller returned its error, and only then did the task it left
    // behind record the order as paid.
    let returned = run.line_at(returned);
    let recorded = run.line_at("audit log: order 7 recorded as paid");
    assert!(returned < recorded, "{}", run.stdout);
    assert!(run.line_at("save_order ends") < run.line_at("audit log ends"));
}

#[test]
fn a_detached_task_outlives_its_caller() {
    let listing = detached_task();
    let run = listing.run();
    // One thread: the order is fixed.
    listing.assert_shape(&run, Order::Exact);
    assert_the_detached_task_outlived_its_caller(&run, RETURNED);
}

// Listing 19-2: child tokens, and a tracker that waits.

fn assert_tokens_cancel_downwards(run: &Run) {
    let cancel_uploads = run.line_at("main: cancel the uploads");
    let cancel_all = run.line_at("main: cancel everything");
    let indexer = run.line_at("indexer ends");
    for upload in ["upload 1 ends", "upload 2 ends"] {
        let ends = run.line_at(upload);
        // Caused by the child's cancel, and prompt: long before the second.
        assert!(cancel_uploads < ends && ends < cancel_all, "{}", run.stdout);
    }
    // The indexer's token is a child of the root, not of `uploads`: it
    // worked on until the root was cancelled.
    assert!(cancel_all < indexer, "{}", run.stdout);
    // After main's two sleeps of 150 ms.
    assert!(run.span("indexer").end_ms >= 300, "{}", run.stdout);
    // `tracker.wait()` returned only after every task ended.
    assert!(run.lines().last().unwrap().starts_with("all done in"));
    assert!(run.reported_ms() >= run.span("indexer").end_ms);
}

#[test]
fn child_tokens_cancel_downwards_and_the_tracker_waits() {
    let listing = cancellation_token();
    let run = listing.run();
    // Tasks on a multi-threaded runtime: lines of one instant in any order.
    listing.assert_shape(&run, Order::Free);
    assert_tokens_cancel_downwards(&run);
}

// Listing 19-3: `abort_all` asks, `shutdown` waits.

fn assert_abort_all_asks_and_shutdown_waits(run: &Run) {
    let asked = run.line_at("abort_all returned: 0 of 3 gone");
    let joined = run.line_at("joined: 3 of 3 gone");
    let shut = run.line_at("shutdown returned: 6 of 6 gone");
    for name in ["a", "b", "c"] {
        let ends = run.line_at(&format!("{name} ends"));
        assert!(asked < ends && ends < joined, "{}", run.stdout);
    }
    for name in ["d", "e", "f"] {
        let ends = run.line_at(&format!("{name} ends"));
        assert!(joined < ends && ends < shut, "{}", run.stdout);
    }
    // None of them ran its minute: each was dropped within a fraction of it.
    assert!(run.reported_ms() < 30_000, "{}", run.stdout);
}

#[test]
fn abort_all_only_asks_and_shutdown_waits() {
    let listing = joinset_shutdown();
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    assert_abort_all_asks_and_shutdown_waits(&run);
}

// Listing 19-4: a server that shuts down gracefully on Ctrl-C, started
// here by hand, so that the test can talk to it while it runs.

/// Listing 19-4 running on a free port, its lines read as they come.
/// Dropping it kills it, whatever happened.
struct Server {
    watched: Watched,
    address: SocketAddr,
}

impl Server {
    fn start(deadline_ms: u64) -> Server {
        let mut watched = Watched::start(
            Command::new(graceful_server().program()).args(["0", &deadline_ms.to_string()]),
        );
        let address = watched.listening();
        Server { watched, address }
    }

    /// Opens a connection and sends one request, `work MS`.
    fn request(&self, work_ms: u64) -> TcpStream {
        let mut stream = TcpStream::connect(self.address).unwrap();
        stream
            .write_all(format!("work {work_ms}\n").as_bytes())
            .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
    }
}

/// What the server sent back on `stream` before it closed it: the reply,
/// or nothing for a request it abandoned.
fn reply(mut stream: TcpStream) -> String {
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    reply
}

#[test]
fn the_server_answers_every_request_in_flight_then_exits() {
    const WORK_MS: u64 = 600;
    const DEADLINE_MS: u64 = 3_000;
    let mut server = Server::start(DEADLINE_MS);
    let clients: Vec<TcpStream> = (0..3).map(|_| server.request(WORK_MS)).collect();
    for n in 1..=3 {
        server.watched.wait_for(&format!("request {n} starts"));
    }
    let signalled = Instant::now();
    server.watched.interrupt();
    server.watched.wait_for("no more connections");
    // The listener is closed: a new connection is refused.
    let late = TcpStream::connect(server.address);
    assert!(late.is_err(), "a connection was accepted after Ctrl-C");
    // Every request accepted before the signal is answered in full.
    for client in clients {
        assert_eq!(reply(client), format!("done {WORK_MS}\n"));
    }
    let (status, run) = server.watched.exit();
    let after = signalled.elapsed();
    assert!(status.success(), "{status}:\n{}", run.stdout);
    // It exits once the last request is answered, not at the deadline.
    assert!(after < Duration::from_millis(DEADLINE_MS), "{after:?}");
    let ctrl_c = run.line_at("main: Ctrl-C, no more connections");
    for n in 1..=3 {
        // Under way at the signal, and finished after it.
        assert!(run.line_at(&format!("request {n} starts")) < ctrl_c);
        assert!(ctrl_c < run.line_at(&format!("request {n} ends")));
        assert!(run.span(&format!("request {n}")).ms() >= WORK_MS);
    }
    assert!(!run.stdout.contains("request 4"), "{}", run.stdout);
    assert!(
        run.lines()
            .last()
            .unwrap()
            .ends_with("main: every request answered")
    );
}

#[test]
fn the_server_keeps_its_deadline() {
    const WORK_MS: u64 = 5_000;
    const DEADLINE_MS: u64 = 200;
    let mut server = Server::start(DEADLINE_MS);
    let slow = server.request(WORK_MS);
    server.watched.wait_for("request 1 starts");
    let signalled = Instant::now();
    server.watched.interrupt();
    let (status, run) = server.watched.exit();
    let after = signalled.elapsed();
    assert!(status.success(), "{status}:\n{}", run.stdout);
    // It waited for the deadline, and not much longer: far less than the
    // half of the request's work.
    assert!(after >= Duration::from_millis(DEADLINE_MS), "{after:?}");
    assert!(after < Duration::from_millis(WORK_MS / 2), "{after:?}");
    assert!(
        run.lines()
            .last()
            .unwrap()
            .ends_with("main: deadline passed, abandoning 1 requests")
    );
    assert!(!run.stdout.contains("request 1 ends"), "{}", run.stdout);
    // The abandoned request's connection was closed without a reply.
    assert_eq!(reply(slow), "");
}

fn assert_the_demo_shut_down_gracefully(run: &Run) {
    let ctrl_c = run.line_at("main: Ctrl-C, no more connections");
    assert!(run.line_at("late client: connection refused") > ctrl_c);
    for n in 1..=3 {
        assert!(run.line_at(&format!("request {n} starts")) < ctrl_c);
        assert!(ctrl_c < run.line_at(&format!("request {n} ends")));
    }
    assert!(
        run.lines()
            .last()
            .unwrap()
            .ends_with("main: every request answered")
    );
}

#[test]
fn the_recorded_demo_shuts_down_gracefully() {
    let listing = graceful_server();
    let run = listing.run();
    // Numbers aside: the port is new every run.
    listing.assert_words(&run, Order::Free);
    assert_the_demo_shut_down_gracefully(&run);
}

// Listing 19-5: `spawn_blocking` cannot be cancelled.

fn assert_blocking_jobs_run_to_their_end(run: &Run) {
    let job1 = run.span("blocking 1");
    let dropping = run.span("drop(runtime)");
    let job2 = run.span("blocking 2");
    let shutdown = run.span("shutdown_timeout");
    assert!(job1.ms() >= 300 && job2.ms() >= 300, "{}", run.stdout);
    // Dropping the runtime waited for the job under way.
    assert!(run.line_at("blocking 1 ends") < run.line_at("drop(runtime) ends"));
    assert!(dropping.end_ms >= job1.end_ms, "{}", run.stdout);
    // `shutdown_timeout` gave up on it: it returned in less than half the
    // job's time, and the job still ran to its end, after it.
    assert!(2 * shutdown.ms() < job2.ms(), "{}", run.stdout);
    assert!(run.line_at("shutdown_timeout ends") < run.line_at("blocking 2 ends"));
}

#[test]
fn spawn_blocking_cannot_be_cancelled() {
    let listing = blocking_shutdown();
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    assert_blocking_jobs_run_to_their_end(&run);
}

// Listing 19-6: clean-up that must `.await`.

fn assert_what_each_clean_up_guarantees(run: &Run) {
    // `close().await` returns after the goodbye.
    assert!(run.line_at("conn 1 goodbye ends") < run.line_at("main: conn 1 closed"));
    // The guard's goodbye starts only after `drop` has returned, and runs
    // to its end while the runtime runs on.
    assert!(run.line_at("main: session 2 dropped") < run.line_at("conn 2 goodbye starts"));
    assert!(run.span("conn 2 goodbye").ms() >= 50, "{}", run.stdout);
    // A goodbye spawned as the runtime shuts down never runs.
    assert!(!run.stdout.contains("conn 3 goodbye"), "{}", run.stdout);
    run.line_at("main: session 3 dropped");
}

#[test]
fn close_await_finishes_and_a_spawned_goodbye_may_not_run() {
    let listing = async_cleanup();
    let run = listing.run();
    listing.assert_shape(&run, Order::Exact);
    assert_what_each_clean_up_guarantees(&run);
}

// Listing 19-8: a `LocalSet` runs tasks that are not `Send`.

fn assert_local_tasks_overlap(run: &Run) {
    let spans = run.assert_every_task_ran(&["task 1", "task 2", "task 3"], 100);
    assert!(all_under_way_at_once(&spans), "{}", run.stdout);
    run.line_at("3 tasks done");
}

#[test]
fn a_local_set_runs_tasks_that_are_not_send() {
    let listing = local_set();
    let run = listing.run();
    listing.assert_shape(&run, Order::Free);
    assert_local_tasks_overlap(&run);
}

#[test]
fn recorded_runs_keep_the_rules_too() {
    assert_the_detached_task_outlived_its_caller(&detached_task().recorded_run(), RETURNED);
    assert_tokens_cancel_downwards(&cancellation_token().recorded_run());
    assert_abort_all_asks_and_shutdown_waits(&joinset_shutdown().recorded_run());
    assert_the_demo_shut_down_gracefully(&graceful_server().recorded_run());
    assert_blocking_jobs_run_to_their_end(&blocking_shutdown().recorded_run());
    assert_what_each_clean_up_guarantees(&async_cleanup().recorded_run());
    assert_local_tasks_overlap(&local_set().recorded_run());
}

// The Python programs.

#[test]
fn python_task_group_cancels_the_others_and_waits() {
    let Some(run) = book_tools::python!("ch19-02-task-group") else {
        return;
    };
    let failed = run.span("upload 1");
    assert!(failed.ms() >= 100, "{}", run.stdout);
    for name in ["upload 2", "indexer"] {
        let span = run.span(name);
        // Cancelled when upload 1 failed: long before their own second.
        assert!(span.end_ms >= failed.end_ms, "{}", run.stdout);
        assert!(
            span.end_ms < 500,
            "{name} was not cancelled:\n{}",
            run.stdout
        );
        // The group waited for it before the `except*` ran.
        assert!(
            run.line_at(&format!("{name} ends"))
                < run.line_at("main: upload 1 lost its connection")
        );
    }
    assert!(run.reported_ms() >= failed.end_ms);
}

#[test]
fn python_signal_handler_shuts_down_gracefully_too() {
    let Some(run) = book_tools::python!("ch19-04-graceful-server") else {
        return;
    };
    // The same lines as listing 19-4's demo, numbers aside, by the same rules.
    graceful_server().assert_words(&run, Order::Free);
    assert_the_demo_shut_down_gracefully(&run);
}

#[test]
fn python_tasks_outlive_their_caller_too() {
    let Some(run) = book_tools::python!("ch19-01-detached-task") else {
        return;
    };
    // The same lines as listing 19-1, in the same order, but for the
    // exception in place of the `Err`.
    let as_rust = run.stdout.replace(
        "main: save_order raised ValueError('card declined')",
        RETURNED,
    );
    detached_task().assert_shape(&Run::printed(as_rust), Order::Exact);
    assert_the_detached_task_outlived_its_caller(
        &run,
        "main: save_order raised ValueError('card declined')",
    );
}

#[test]
fn python_async_with_awaits_its_clean_up_on_every_way_out() {
    let Some(run) = book_tools::python!("ch19-06-async-with") else {
        return;
    };
    // The block's body, then its clean-up, then the code after it.
    let used = run.line_at("main: using conn 1");
    let said = run.line_at("conn 1 goodbye ends");
    assert!(used < said && said < run.line_at("main: conn 1 closed"));
    // On the way out by an exception too, before the handler runs.
    let said = run.line_at("conn 2 goodbye ends");
    assert!(said < run.line_at("main: the request failed, and conn 2 is closed"));
    for name in ["conn 1 goodbye", "conn 2 goodbye"] {
        assert!(run.span(name).ms() >= 50, "{}", run.stdout);
    }
}

#[test]
fn python_threads_of_to_thread_cannot_be_cancelled_either() {
    let Some(run) = book_tools::python!("ch19-05-to-thread") else {
        return;
    };
    let job = run.span("blocking 1");
    assert!(job.ms() >= 300, "{}", run.stdout);
    // The task was cancelled, and the thread ran on to its end after that.
    assert!(run.line_at("main: the task is cancelled") < run.line_at("blocking 1 ends"));
    // `asyncio.run` returned only once the thread had ended.
    assert!(run.lines().last().unwrap().starts_with("all done in"));
    assert!(run.reported_ms() >= job.end_ms, "{}", run.stdout);
}
