use std::fs;

/// The first whitespace-separated word of a file, or why it could not be read.
fn first_word(path: &str) -> String {
    match fs::read_to_string(path) {
        Ok(text) => text.split_whitespace().next().unwrap_or("").to_owned(),
        Err(e) => format!("unreadable ({e})"),
    }
}

// ANCHOR: main
fn main() {
    // Memory mappings one process may have; each thread takes a few
    // (its stack, its guard page, …).
    let maps = first_word("/proc/sys/vm/max_map_count");
    println!("vm.max_map_count = {maps}");
    // Threads the whole system may have, all processes together.
    let threads = first_word("/proc/sys/kernel/threads-max");
    println!("kernel.threads-max = {threads}");
    // Threads and processes this user may have (`ulimit -u`).
    let limits = fs::read_to_string("/proc/self/limits").unwrap_or_default();
    let nproc = limits
        .lines()
        .find(|line| line.starts_with("Max processes"))
        .and_then(|line| line.split_whitespace().nth(2))
        .unwrap_or("unknown");
    println!("ulimit -u = {nproc}");
    // The stack each new thread reserves, unless told otherwise.
    let stack = std::env::var("RUST_MIN_STACK").unwrap_or_else(|_| "2 MiB (the default)".into());
    println!("stack reserved per thread: {stack}");
}
// ANCHOR_END: main
