use std::collections::HashMap;
use std::sync::Mutex;

/// Returns the value of `key`: from `cache` if it is there, otherwise
/// fetched (slowly) and stored in `cache` for next time.
fn get(cache: &Mutex<HashMap<u32, String>>, key: u32) -> String {
    // The guard is a temporary of this statement: the lock is released at
    // the `;`, before anything slow happens.
    let cached = cache.lock().unwrap().get(&key).cloned();
    if let Some(value) = cached {
        return value;
    }
    // The slow fetch, with no lock held: the other threads may use the
    // cache meanwhile.
    let value = fetch(key);
    // Locked again for one statement, to insert.
    cache.lock().unwrap().insert(key, value.clone());
    value
}
