// Mistake: cloning the map releases the lock at once, so the fetches
// overlap, but the value is inserted into the copy, which is dropped at the
// end of the function: the cache itself never fills, and every call
// fetches again.
// grader: fails cached, saying "into a copy of it?"
use std::collections::HashMap;
use std::sync::Mutex;

fn get(cache: &Mutex<HashMap<u32, String>>, key: u32) -> String {
    let mut map = cache.lock().unwrap().clone();
    if let Some(value) = map.get(&key) {
        return value.clone();
    }
    let value = fetch(key);
    map.insert(key, value.clone());
    value
}
