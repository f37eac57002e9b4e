use std::sync::Mutex;

// ANCHOR: main
/// Takes the next job, or adds one if there is none.
fn take_in_match(jobs: &Mutex<Vec<&str>>) {
    match jobs.lock().unwrap().pop() {
        Some(job) => println!("match: took {job}"),
        None => {
            println!("match: no job, adding one");
            jobs.lock().unwrap().push("job 1"); // never returns
        }
    }
}

fn main() {
    let jobs = Mutex::new(Vec::new());
    take_in_match(&jobs);
    take_in_match(&jobs);
}
// ANCHOR_END: main
