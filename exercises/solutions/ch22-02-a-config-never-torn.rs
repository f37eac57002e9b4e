use std::sync::{Arc, RwLock};

#[derive(Clone, Debug, PartialEq)]
struct Config {
    version: u64,
    limit: u64, // always version * 10
}

/// A config that many threads read and one thread replaces.
struct Shared {
    current: RwLock<Arc<Config>>,
}

impl Shared {
    fn new(config: Config) -> Shared {
        Shared {
            current: RwLock::new(Arc::new(config)),
        }
    }

    /// The config as it is now: one whole config, never half of two.
    fn read(&self) -> Config {
        // Clone the `Arc` (a snapshot) and let the read lock go at once.
        let snapshot = Arc::clone(&self.current.read().unwrap());
        Config::clone(&snapshot)
    }

    /// Replaces the config: build it whole, then swap it in at once.
    fn replace(&self, config: Config) {
        let new = Arc::new(config);
        halfway();
        *self.current.write().unwrap() = new;
    }
}
