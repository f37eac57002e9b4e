// Mistake: the children run at once and their output is read, but their
// exit status is never looked at. `wait_with_output` returns `Ok` for a
// program that ran and failed: only its status says that it failed.
// grader: fails exit status, saying "its exit status says so"
use std::process::{Command, Stdio};

fn run_all(lines: &[String]) -> Vec<Result<String, String>> {
    let children: Vec<_> = lines
        .iter()
        .map(|line| {
            Command::new("sh")
                .arg("-c")
                .arg(line)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        })
        .collect()
}
