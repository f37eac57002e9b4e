//! Runs an exercise's solution or one of its wrong answers, each graded by
//! the exercise's own grader (`build.rs` puts it in the starter's place):
//!
//! ```console
//! cargo run -p exercises -- ch01-01-overlap-the-waits solution
//! cargo run -p exercises -- ch01-01-overlap-the-waits joins-in-the-loop
//! ```
//!
//! With no arguments it lists every exercise and its answers. The starter
//! itself, or your edit of it, is `cargo run -p exercises --bin NAME`.

include!(concat!(env!("OUT_DIR"), "/variants.rs"));

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [exercise, answer] = args.as_slice()
        && let Some((_, _, main)) = VARIANTS
            .iter()
            .find(|(e, a, _)| e == exercise && a == answer)
    {
        main();
        return;
    }
    eprintln!("usage: cargo run -p exercises -- EXERCISE ANSWER, one of:");
    for (exercise, answer, _) in VARIANTS {
        eprintln!("  {exercise} {answer}");
    }
    std::process::exit(2);
}
