use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant};

/// How long each stage works on one item: each stands in for a step that
/// mostly waits (a download, a call to a slow service, an upload).
const FETCH: Duration = Duration::from_millis(40);
const SCAN: Duration = Duration::from_millis(80);
const STORE: Duration = Duration::from_millis(40);

/// One stage of the pipeline, on a thread of its own: it takes each item
/// from `input`, works on it, and passes it on to `output`. When `input`
/// closes, the loop ends and `output` is dropped, which closes the next
/// stage's input in turn.
fn stage(name: &str, work: Duration, input: Receiver<u32>, output: Sender<u32>, start: Instant) {
    let ms = || start.elapsed().as_millis();
    for item in input {
        println!("[{:4} ms] {name} {item} starts", ms());
        thread::sleep(work);
        println!("[{:4} ms] {name} {item} ends", ms());
        output.send(item).unwrap();
    }
}

fn main() {
    let start = Instant::now();
    let (to_fetch, fetch_in) = mpsc::channel();
    let (to_scan, scan_in) = mpsc::channel();
    let (to_store, store_in) = mpsc::channel();
    let (to_main, finished) = mpsc::channel();
    let stages = [
        thread::spawn(move || stage("fetch", FETCH, fetch_in, to_scan, start)),
        thread::spawn(move || stage("scan", SCAN, scan_in, to_store, start)),
        thread::spawn(move || stage("store", STORE, store_in, to_main, start)),
    ];

    for item in 1..=4 {
        to_fetch.send(item).unwrap();
    }
    drop(to_fetch); // no more items: the stages close one after another

    let order: Vec<u32> = finished.iter().collect();
    for stage in stages {
        stage.join().unwrap();
    }
    println!("items finished in the order {order:?}");
    println!("all done in {} ms", start.elapsed().as_millis());
}
