fn main() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    // ANCHOR: spawn
    let names: Vec<String> = (1..=6).map(|i| format!("job {i}")).collect();
    for name in &names {
        pool.spawn(move || println!("{name}"));
    }
    // ANCHOR_END: spawn
}
