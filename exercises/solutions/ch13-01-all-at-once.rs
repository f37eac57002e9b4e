use std::process::{Command, Stdio};

/// Runs every command line at once, and returns what each one did, in
/// the order of `lines`.
fn run_all(lines: &[String]) -> Vec<Result<String, String>> {
    // Start every child first: `spawn` returns as soon as the child has
    // started. Its output is piped, to be read back; without `piped`, a
    // spawned child writes to this program's own output.
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
    // Then wait for each, in the order they were started: the results keep
    // the order of `lines`, whichever child ends first. `wait_with_output`
    // reads both pipes to their end, so no child blocks on a full pipe.
    children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
            // A child that ran and failed says so in its exit status.
            if out.status.success() {
                Ok(text(&out.stdout))
            } else {
                Err(text(&out.stderr))
            }
        })
        .collect()
}
