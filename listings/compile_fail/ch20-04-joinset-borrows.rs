use tokio::task::JoinSet;

async fn job(prefix: &str, i: u32) -> String {
    format!("{prefix} {i}")
}

// ANCHOR: main
#[tokio::main]
async fn main() {
    let prefix = String::from("task");
    let mut set = JoinSet::new();
    for i in 1..=2 {
        set.spawn(job(&prefix, i)); // the future borrows a local
    }
    while let Some(done) = set.join_next().await {
        println!("{}", done.unwrap());
    }
}
// ANCHOR_END: main
