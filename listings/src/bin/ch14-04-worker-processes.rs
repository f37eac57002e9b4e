use std::time::{Duration, Instant};

use tokio::process::Command;
use tokio::task::JoinSet;

const CHILDREN: u32 = 4;

/// What each child does: a piece of work that takes 200 ms (a sleep stands
/// in for it here), then its answer on standard output.
fn worker(number: u32) {
    std::thread::sleep(Duration::from_millis(200));
    println!("worker {number}: {} squared is {}", number, number * number);
}

// ANCHOR: main
#[tokio::main]
async fn main() {
    // Started as `ch14-04-worker-processes worker 3`, it is child 3.
    let args: Vec<String> = std::env::args().collect();
    if let [_, role, number] = &args[..]
        && role == "worker"
    {
        worker(number.parse().unwrap());
        return;
    }

    let this_program = std::env::current_exe().unwrap();
    let start = Instant::now();
    let mut children = JoinSet::new();
    for number in 1..=CHILDREN {
        let program = this_program.clone();
        children.spawn(async move {
            println!(
                "[{:4} ms] child {number} starts",
                start.elapsed().as_millis()
            );
            let output = Command::new(program)
                .args(["worker", &number.to_string()])
                .kill_on_drop(true)
                .output() // runs it, reading its output as it comes
                .await
                .expect("the child could not be started");
            println!("[{:4} ms] child {number} ends", start.elapsed().as_millis());
            (number, output)
        });
    }
    while let Some(finished) = children.join_next().await {
        let (number, output) = finished.unwrap();
        assert!(output.status.success(), "child {number}: {}", output.status);
        let answer = String::from_utf8(output.stdout).unwrap();
        println!("child {number} said: {}", answer.trim_end());
    }
    println!("all done in {} ms", start.elapsed().as_millis());
}
// ANCHOR_END: main
