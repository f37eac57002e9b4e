use std::sync::Mutex;

// ANCHOR: main
/// Takes the next job, or adds one if there is none: the value first, on a
/// statement of its own, so that the guard is dropped at its `;`.
fn take_bound_first(jobs: &Mutex<Vec<&str>>) {
    let next = jobs.lock().unwrap().pop();
    match next {
        Some(job) => println!("bound first: took {job}"),
        None => {
            println!("bound first: no job, adding one");
            jobs.lock().unwrap().push("job 1");
        }
    }
}

/// The same with `if let`: in edition 2024 the guard is dropped before
/// `else` runs.
fn take_with_if_let(jobs: &Mutex<Vec<&str>>) {
    if let Some(job) = jobs.lock().unwrap().pop() {
        println!("if let: took {job}");
    } else {
        println!("if let: no job, adding one");
        jobs.lock().unwrap().push("job 2");
    }
}

fn main() {
    let jobs = Mutex::new(Vec::new());
    take_bound_first(&jobs);
    take_bound_first(&jobs);
    take_with_if_let(&jobs);
    take_with_if_let(&jobs);
}
// ANCHOR_END: main
