// Mistake: the children are spawned without `Stdio::piped()`. `output()`
// pipes a child's output by default, but `spawn()` lets the child inherit
// the parent's: what the commands print goes to the terminal, and
// `wait_with_output` has nothing to read.
// grader: fails results, saying "unless its stdout and stderr are set to Stdio::piped()"
use std::process::Command;

fn run_all(lines: &[String]) -> Vec<Result<String, String>> {
    let children: Vec<_> = lines
        .iter()
        .map(|line| Command::new("sh").arg("-c").arg(line).spawn().unwrap())
        .collect();
    children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
            if out.status.success() {
                Ok(text(&out.stdout))
            } else {
                Err(text(&out.stderr))
            }
        })
        .collect()
}
