use std::sync::Mutex;

static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Stands in for a slow, blocking write of the log to a file.
fn save(entries: &[String]) {
    println!("saved {} entries", entries.len());
}

// ANCHOR: main
#[tokio::main]
async fn main() {
    LOG.lock().unwrap().push("request sent".to_string());
    let entries = LOG.lock().unwrap();
    // The guard moves into a closure that runs on another thread.
    tokio::task::spawn_blocking(move || save(&entries))
        .await
        .unwrap();
}
// ANCHOR_END: main
