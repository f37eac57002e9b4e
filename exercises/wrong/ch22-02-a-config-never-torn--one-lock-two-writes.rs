// Mistake: one lock around the whole config, but the writer takes it twice,
// once per field, so a reader between the two sees half an update.
// grader: fails never torn, saying "under one lock or two"
use std::sync::RwLock;

#[derive(Clone, Debug, PartialEq)]
struct Config {
    version: u64,
    limit: u64,
}

struct Shared {
    current: RwLock<Config>,
}

impl Shared {
    fn new(config: Config) -> Shared {
        Shared {
            current: RwLock::new(config),
        }
    }

    fn read(&self) -> Config {
        self.current.read().unwrap().clone()
    }

    fn replace(&self, config: Config) {
        self.current.write().unwrap().version = config.version;
        halfway();
        self.current.write().unwrap().limit = config.limit;
    }
}
