//! A program a test starts and talks to while it runs (a server, a
//! process that hangs on purpose): its lines read as they come, so that
//! the test can wait for one, send it a signal, and read all it printed
//! once it exits.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::Run;

/// How long a test waits for a line, or for the program to exit.
const PATIENCE: Duration = Duration::from_secs(10);

/// A started program, in a process group of its own, with its standard
/// output read line by line on a thread. Dropping it kills it, whatever
/// happened.
pub struct Watched {
    child: Child,
    lines: mpsc::Receiver<String>,
    /// The lines it has printed that the test has read so far.
    pub printed: Vec<String>,
}

impl Watched {
    /// Starts `command` (its standard input empty, its standard error
    /// dropped).
    pub fn start(command: &mut Command) -> Watched {
        let mut child = command
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watched {
            child,
            lines,
            printed: Vec::new(),
        }
    }

    /// Its process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// The first line containing `text`, printed already or within 10 s.
    pub fn wait_for(&mut self, text: &str) -> String {
        self.wait_for_lines(text, 1);
        self.printed
            .iter()
            .find(|line| line.contains(text))
            .unwrap()
            .clone()
    }

    /// Waits until `count` of its lines contain `text`, printed already or
    /// within 10 s.
    pub fn wait_for_lines(&mut self, text: &str, count: usize) {
        let deadline = Instant::now() + PATIENCE;
        while self.printed.iter().filter(|l| l.contains(text)).count() < count {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.printed.push(line),
                Err(_) => panic!(
                    "not {count} lines with `{text}` in:\n{}",
                    self.printed.join("\n")
                ),
            }
        }
    }

    /// The address a server prints on its line `listening on ADDRESS`
    /// (every server of the book does, once it is ready), within 10 s.
    pub fn listening(&mut self) -> std::net::SocketAddr {
        let line = self.wait_for("listening on ");
        let address = &line[line.find("listening on ").unwrap() + "listening on ".len()..];
        address.parse().unwrap_or_else(|e| panic!("`{line}`: {e}"))
    }

    /// Sends it a real SIGINT, as Ctrl-C in its terminal would.
    pub fn interrupt(&self) {
        let pid = self.child.id().to_string();
        let status = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(status.success());
    }

    /// Waits up to 10 s for it to exit: its status, and all it printed, as
    /// a run.
    pub fn exit(&mut self) -> (ExitStatus, Run) {
        let deadline = Instant::now() + PATIENCE;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "still running after 10 s");
            std::thread::sleep(Duration::from_millis(2));
        };
        // Its stdout is closed now: the rest of its lines are all there.
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.printed.push(line);
        }
        let mut stdout = self.printed.join("\n");
        stdout.push('\n');
        (status, Run::printed(stdout))
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watched_program_is_waited_for_line_by_line_and_to_its_exit() {
        let mut watched = Watched::start(Command::new("sh").args([
            "-c",
            "echo one; echo two; trap 'echo stopped; exit 3' INT; echo listening on 127.0.0.1:9; while :; do sleep 0.01; done",
        ]));
        assert_eq!(watched.wait_for("tw"), "two");
        watched.wait_for_lines("o", 2);
        assert_eq!(watched.listening(), "127.0.0.1:9".parse().unwrap());
        watched.interrupt();
        let (status, run) = watched.exit();
        assert_eq!(status.code(), Some(3));
        assert_eq!(run.stdout, "one\ntwo\nlistening on 127.0.0.1:9\nstopped\n");
    }
}
