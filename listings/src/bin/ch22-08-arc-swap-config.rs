use std::sync::Arc;
use std::thread;

use arc_swap::ArcSwap;

// ANCHOR: main
/// Two fields that must agree: a torn read would pair one config's
/// `version` with another's `limit`.
struct Config {
    version: u64,
    limit: u64, // always version * 10
}

fn main() {
    let config = ArcSwap::from_pointee(Config {
        version: 0,
        limit: 0,
    });
    thread::scope(|s| {
        s.spawn(|| {
            for version in 1..=1_000 {
                // Build the whole new config, then swap it in at once.
                config.store(Arc::new(Config {
                    version,
                    limit: version * 10,
                }));
            }
        });
        for name in ["reader a", "reader b"] {
            let config = &config;
            s.spawn(move || {
                let mut torn = 0;
                for _ in 0..100_000 {
                    let now = config.load(); // a snapshot: no lock, no copy
                    if now.limit != now.version * 10 {
                        torn += 1;
                    }
                }
                println!("{name}: 100000 reads, {torn} torn");
            });
        }
    });
    println!("last version: {}", config.load().version);
}
// ANCHOR_END: main
