use std::collections::HashMap;
use std::sync::RwLock;
use std::thread;
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use dashmap::DashMap;

/// Keys in the map, lookups per reader, updates by the writer, readers,
/// and interleaved rounds (best kept).
const KEYS: u64 = 1_000;
const LOOKUPS: u64 = 200_000;
const UPDATES: u64 = 100;
const READERS: usize = 2;
const ROUNDS: usize = 5;

/// The three ways to share the map: a lookup and an update of each.
trait Shared: Sync {
    fn get(&self, key: u64) -> Option<u64>;
    fn set(&self, key: u64, value: u64);
}

// ANCHOR: ways
impl Shared for RwLock<HashMap<u64, u64>> {
    fn get(&self, key: u64) -> Option<u64> {
        self.read().unwrap().get(&key).copied() // every reader takes the lock
    }
    fn set(&self, key: u64, value: u64) {
        self.write().unwrap().insert(key, value); // and waits for this
    }
}

impl Shared for DashMap<u64, u64> {
    fn get(&self, key: u64) -> Option<u64> {
        DashMap::get(self, &key).map(|v| *v) // locks one shard of many
    }
    fn set(&self, key: u64, value: u64) {
        self.insert(key, value);
    }
}

impl Shared for ArcSwap<HashMap<u64, u64>> {
    fn get(&self, key: u64) -> Option<u64> {
        self.load().get(&key).copied() // a snapshot, no lock
    }
    fn set(&self, key: u64, value: u64) {
        // Copy the map, change the copy, swap it in (retried if another
        // writer swapped first).
        self.rcu(|map| {
            let mut map = HashMap::clone(map);
            map.insert(key, value);
            map
        });
    }
}
// ANCHOR_END: ways

/// Readers look keys up while one writer updates: returns the readers'
/// wall time and the sum of every value they read.
fn time(map: &impl Shared) -> (Duration, u64) {
    let start = Instant::now();
    let sums: Vec<u64> = thread::scope(|s| {
        s.spawn(|| {
            for i in 0..UPDATES {
                let key = i * 7 % KEYS;
                map.set(key, key * 2); // rewrites the value it already has
                thread::yield_now();
            }
        });
        let readers: Vec<_> = (0..READERS)
            .map(|r| {
                s.spawn(move || {
                    (0..LOOKUPS)
                        .map(|i| map.get((i + r as u64) % KEYS).unwrap())
                        .sum::<u64>()
                })
            })
            .collect();
        readers.into_iter().map(|r| r.join().unwrap()).collect()
    });
    (start.elapsed(), sums.iter().sum())
}

fn main() {
    let start: HashMap<u64, u64> = (0..KEYS).map(|k| (k, k * 2)).collect();
    let rwlock = RwLock::new(start.clone());
    let dashmap: DashMap<u64, u64> = start.clone().into_iter().collect();
    let arcswap = ArcSwap::from_pointee(start);
    let mut best = [Duration::MAX; 3];
    let mut sums = Vec::new();
    for _ in 0..ROUNDS {
        let runs = [time(&rwlock), time(&dashmap), time(&arcswap)];
        for (best, (took, sum)) in best.iter_mut().zip(runs) {
            *best = (*best).min(took);
            sums.push(sum);
        }
    }
    println!("{READERS} readers x {LOOKUPS} lookups beside {UPDATES} updates, best of {ROUNDS}:");
    for (name, took) in ["RwLock<HashMap>", "DashMap", "ArcSwap<HashMap>"]
        .iter()
        .zip(best)
    {
        println!("  {name:<17} {:>6.1} ms", took.as_secs_f64() * 1e3);
    }
    sums.dedup();
    println!("every way read the same values: {}", sums.len() == 1);
}
