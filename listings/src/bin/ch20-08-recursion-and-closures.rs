use std::time::Duration;

use tokio::time::sleep;

struct Tree {
    value: u32,
    children: Vec<Tree>,
}

// ANCHOR: recursion
/// The sum of a tree of numbers, one child at a time. The recursive call
/// is boxed: its future lives on the heap, and this future holds only a
/// pointer to it, so its size is known.
async fn sum(tree: &Tree) -> u32 {
    sleep(Duration::from_millis(1)).await; // stands for a read of the node
    let mut total = tree.value;
    for child in &tree.children {
        total += Box::pin(sum(child)).await;
    }
    total
}
// ANCHOR_END: recursion

// ANCHOR: closures
/// Calls `attempt` until it succeeds, at most `tries` times. `AsyncFnMut`
/// is the bound for an async closure that may change what it captures.
async fn retry<T>(
    tries: u32,
    mut attempt: impl AsyncFnMut() -> Result<T, String>,
) -> Result<T, String> {
    let mut last = Err("no attempt".to_string());
    for _ in 0..tries {
        last = attempt().await;
        if last.is_ok() {
            break;
        }
    }
    last
}

async fn ask(calls: u32) -> Result<u32, String> {
    sleep(Duration::from_millis(5)).await;
    if calls < 3 {
        Err(format!("call {calls} failed"))
    } else {
        Ok(calls * 100)
    }
}
// ANCHOR_END: closures

#[tokio::main]
async fn main() {
    let leaf = |value| Tree {
        value,
        children: vec![],
    };
    let tree = Tree {
        value: 1,
        children: vec![
            Tree {
                value: 2,
                children: vec![leaf(3), leaf(4)],
            },
            leaf(5),
        ],
    };
    println!("sum of the tree: {}", sum(&tree).await);

    // ANCHOR: call
    let mut calls = 0; // the closure borrows it mutably, across an await
    let answer = retry(5, async || {
        calls += 1;
        let result = ask(calls).await;
        println!("attempt {calls}: {result:?}");
        result
    })
    .await;
    println!("answer {answer:?} after {calls} calls");
    // ANCHOR_END: call
}
