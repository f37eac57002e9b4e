//! How a listing is run: its declaration in `listings/Cargo.toml`, read
//! into a [`RunSpec`], run as the declaration says, and the command line
//! the book shows for it.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::*;

/// The manifest that lists every listing and declares how it runs.
pub const MANIFEST: &str = "listings/Cargo.toml";

/// How one listing is run: `[package.metadata.run.NAME]` in
/// `listings/Cargo.toml` (the comment there lists the keys). A listing with
/// no such table runs as `cargo run -p listings --bin NAME` does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunSpec {
    /// Recorded from a release build (`build = "release"`).
    pub release: bool,
    pub args: Vec<String>,
    /// What it reads on standard input; without it, standard input is empty.
    pub stdin: Option<String>,
    pub env: Vec<(String, String)>,
    /// Confined to cores `0..cores` with Linux's `taskset`.
    pub cores: Option<usize>,
    /// The arguments of each further copy started beside it.
    pub companions: Vec<Vec<String>>,
    /// It never ends, on purpose (a deadlock): it is recorded for
    /// [`HANG_RECORDING`], then stopped, and its tests use
    /// [`Listing::run_within`].
    pub hangs: bool,
    /// A further run of the program of this other listing, with its own
    /// name and recording (`listing = "ch13-03-process-pool"`): the same
    /// program run another way (other arguments, the other build) without
    /// a second copy of its file.
    pub listing: Option<String>,
    /// A scaling curve (`scaling = "RAYON_NUM_THREADS"`): the program runs
    /// once at every count from 1 to the machine's logical CPUs, with this
    /// variable set to the count, and what is recorded is the curve of the
    /// speedups it prints (see [`crate::scaling`]).
    pub scaling: Option<String>,
}

/// How long `cargo book record` lets a listing declared `hangs = true` run
/// before it stops it and keeps what it printed.
pub const HANG_RECORDING: Duration = Duration::from_secs(2);

/// Every listing of the manifest, in its order, with how it runs.
pub fn declared(manifest: &str) -> Result<Vec<(String, RunSpec)>, String> {
    let table: toml::Table = manifest.parse().map_err(|e| format!("{MANIFEST}: {e}"))?;
    let runs = table
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("run"))
        .and_then(toml::Value::as_table);
    let bins = table
        .get("bin")
        .and_then(toml::Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut listings = Vec::new();
    for bin in bins {
        let name = bin
            .get("name")
            .and_then(toml::Value::as_str)
            .ok_or_else(|| format!("{MANIFEST}: a [[bin]] without a name"))?;
        let spec = match runs.and_then(|r| r.get(name)) {
            Some(value) => RunSpec::parse(value)
                .map_err(|e| format!("{MANIFEST}: [package.metadata.run.{name}]: {e}"))?,
            None => RunSpec::default(),
        };
        listings.push((name.to_owned(), spec));
    }
    let is_bin = |name: &str| {
        bins.iter()
            .any(|bin| bin.get("name").and_then(toml::Value::as_str) == Some(name))
    };
    for (name, spec) in &listings {
        if let Some(program) = &spec.listing {
            return Err(format!(
                "{MANIFEST}: [package.metadata.run.{name}] says `listing = \"{program}\"`, but {name} is a [[bin]], which runs its own program"
            ));
        }
    }
    for (name, value) in runs.into_iter().flatten() {
        if is_bin(name) {
            continue;
        }
        let spec = RunSpec::parse(value)
            .map_err(|e| format!("{MANIFEST}: [package.metadata.run.{name}]: {e}"))?;
        match &spec.listing {
            Some(program) if is_bin(program) => listings.push((name.clone(), spec)),
            Some(program) => {
                return Err(format!(
                    "{MANIFEST}: [package.metadata.run.{name}] runs the program of `{program}`, which is not a [[bin]]"
                ));
            }
            None => {
                return Err(format!(
                    "{MANIFEST}: [package.metadata.run.{name}] declares how to run a listing that is not a [[bin]] (a further run of one says `listing = \"NAME\"`)"
                ));
            }
        }
    }
    Ok(listings)
}

impl RunSpec {
    /// Sets the environment variable `key` of the run to `value`, in place
    /// of any value declared for it.
    pub fn set_env(&mut self, key: &str, value: impl ToString) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.into(), value.to_string()));
    }

    fn parse(value: &toml::Value) -> Result<RunSpec, String> {
        let table = value.as_table().ok_or("not a table")?;
        let strings = |value: &toml::Value, key: &str| -> Result<Vec<String>, String> {
            value
                .as_array()
                .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_owned)).collect())
                .ok_or_else(|| format!("`{key}` is not a list of strings"))
        };
        let mut spec = RunSpec::default();
        for (key, value) in table {
            match key.as_str() {
                "build" => match value.as_str() {
                    Some("release") => spec.release = true,
                    Some("debug") => spec.release = false,
                    _ => return Err("`build` is \"debug\" or \"release\"".into()),
                },
                "args" => spec.args = strings(value, key)?,
                "stdin" => {
                    let text = value.as_str().ok_or("`stdin` is not a string")?;
                    spec.stdin = Some(text.to_owned());
                }
                "env" => {
                    let env = value.as_table().ok_or("`env` is not a table")?;
                    for (name, value) in env {
                        let value = value
                            .as_str()
                            .ok_or_else(|| format!("`env.{name}` is not a string"))?;
                        spec.env.push((name.clone(), value.to_owned()));
                    }
                }
                "cores" => {
                    let cores = value
                        .as_integer()
                        .filter(|&n| n > 0)
                        .ok_or("`cores` is not a positive number")?;
                    spec.cores = Some(cores as usize);
                }
                "hangs" => spec.hangs = value.as_bool().ok_or("`hangs` is true or false")?,
                "listing" => {
                    let program = value.as_str().ok_or("`listing` is not a string")?;
                    spec.listing = Some(program.to_owned());
                }
                "scaling" => {
                    let variable = value.as_str().ok_or("`scaling` is not a string")?;
                    spec.scaling = Some(variable.to_owned());
                }
                "companions" => {
                    let list = value.as_array().ok_or("`companions` is not a list")?;
                    spec.companions = list
                        .iter()
                        .map(|args| strings(args, key))
                        .collect::<Result<_, _>>()?;
                }
                other => return Err(format!("unknown key `{other}`")),
            }
        }
        Ok(spec)
    }

    /// `debug` or `release`: the folder of `target/` the program is built in.
    pub fn profile(&self) -> &'static str {
        if self.release { "release" } else { "debug" }
    }

    /// The name of the program run `name` runs: its own, or, for a
    /// further run of another listing, that listing's.
    pub fn program<'a>(&'a self, name: &'a str) -> &'a str {
        self.listing.as_deref().unwrap_or(name)
    }

    /// Runs `program` as declared, to the end, under [`TIMEOUT`]: its
    /// companions first, then the program itself, whose output is the
    /// run's. Panics if any of them fails or hangs.
    pub fn run(&self, program: &Path) -> Run {
        self.run_within(program, TIMEOUT)
            .unwrap_or_else(|hung| hung.panic())
    }

    /// Runs `program` as declared, but gives up on it at `limit`: `Err`
    /// with what it printed by then if it was still running. For a test
    /// that proves a program hangs (a deadlock), with a short `limit`.
    pub fn run_within(&self, program: &Path, limit: Duration) -> Result<Run, Hung> {
        let (main, stdin, companions) = self.commands(program);
        run_with(main, stdin, companions, limit)
    }

    /// Runs `program` as declared, within `bounds` and `limit`, as
    /// [`run_bounded`] does: for the local runner of `cargo book serve`.
    pub fn run_bounded(&self, program: &Path, limit: Duration, bounds: &Bounds) -> Bounded {
        let (main, stdin, companions) = self.commands(program);
        run_bounded(main, stdin, companions, limit, bounds)
    }

    /// The commands of a run of `program` as declared: the program itself,
    /// what it reads, and its companions, with their `{portN}` filled.
    fn commands(&self, program: &Path) -> (Command, Option<String>, Vec<Command>) {
        let ports = Ports::for_spec(self);
        let command = |args: &[String]| {
            let mut command = match self.cores {
                Some(cores) => {
                    let mut taskset = Command::new("taskset");
                    taskset.args(["-c", &cpu_list(cores)]).arg(program);
                    taskset
                }
                None => Command::new(program),
            };
            command.args(args.iter().map(|a| ports.fill(a)));
            command.envs(self.env.iter().map(|(k, v)| (k, v)));
            command
        };
        let companions = self.companions.iter().map(|args| command(args)).collect();
        let stdin = self.stdin.as_deref().map(|text| ports.fill(text));
        (command(&self.args), stdin, companions)
    }

    /// What `cargo book record` writes to `recorded/NAME.run.txt` and the
    /// page shows under the recording: the command and the build.
    pub fn recorded_how(&self, name: &str) -> String {
        let how = format!("`{}`, a {} build", self.command_line(name), self.profile());
        if let Some(variable) = &self.scaling {
            format!("{how}, for each {variable} from 1 to the machine's logical CPUs")
        } else if self.hangs {
            format!(
                "{how}, stopped after {} s (it never ends)",
                HANG_RECORDING.as_secs()
            )
        } else {
            how
        }
    }

    /// What a run to record printed: the whole output, or for a listing
    /// that hangs, what it printed before [`HANG_RECORDING`] was up.
    pub fn record(&self, program: &Path) -> Result<String, String> {
        if self.scaling.is_some() {
            return self.curve(super::cores(), |spec| Ok(spec.run(program).stdout));
        }
        if !self.hangs {
            return Ok(self.run(program).stdout);
        }
        match self.run_within(program, HANG_RECORDING) {
            Err(hung) => Ok(hung.printed),
            Ok(_) => Err(format!(
                "{} is declared `hangs = true`, but it finished",
                program.display()
            )),
        }
    }

    /// A scaling curve's text (see [`crate::scaling`]): `run` runs the
    /// program as declared but with the curve's variable set to each count
    /// from 1 to `counts` in turn, and gives its output, whose speedup line
    /// makes the count's line of the curve. The first run that fails, or
    /// prints no speedup, ends it with an error.
    pub fn curve(
        &self,
        counts: usize,
        mut run: impl FnMut(&RunSpec) -> Result<String, String>,
    ) -> Result<String, String> {
        let variable = self.scaling.as_deref().ok_or("no `scaling` is declared")?;
        let mut curve = String::new();
        for threads in 1..=counts {
            let mut spec = self.clone();
            spec.scaling = None;
            spec.set_env(variable, threads);
            let output = run(&spec)?;
            let speedup = crate::scaling::speedup_of(&output).ok_or_else(|| {
                format!(
                    "with {variable}={threads}, it printed no `{}` line:\n{output}",
                    crate::scaling::SPEEDUP.trim()
                )
            })?;
            curve += &crate::scaling::line(crate::scaling::Point { threads, speedup });
        }
        Ok(curve)
    }

    /// The command a reader types to run listing `name` this way, for the
    /// line under a recording.
    pub fn command_line(&self, name: &str) -> String {
        let profile = if self.release { " --release" } else { "" };
        let cargo = |args: &[String]| {
            let mut line = String::new();
            for (key, value) in &self.env {
                line += &format!("{key}={} ", shell_word(value));
            }
            if let Some(variable) = &self.scaling {
                line += &format!("{variable}=N ");
            }
            if let Some(cores) = self.cores {
                line += &format!("taskset -c {} ", cpu_list(cores));
            }
            line += &format!(
                "cargo run{profile} -p listings --bin {}",
                self.program(name)
            );
            if !args.is_empty() {
                line += " --";
                for arg in args {
                    line += " ";
                    line += &shell_word(arg);
                }
            }
            line
        };
        let mut line = String::new();
        for args in &self.companions {
            line += &cargo(args);
            line += " & ";
        }
        if let Some(stdin) = &self.stdin {
            let text = stdin.replace('\\', "\\\\").replace('\n', "\\n");
            line += &format!("printf {} | ", shell_word(&text));
        }
        line + &cargo(&self.args)
    }
}

/// Cores `0..cores` as `taskset -c` takes them.
fn cpu_list(cores: usize) -> String {
    if cores == 1 {
        "0".into()
    } else {
        format!("0-{}", cores - 1)
    }
}

/// `word` as a POSIX shell reads it back: quoted only where it must be.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./=:,+@%{}".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// Free TCP ports on 127.0.0.1 for the `{portN}` of one run.
struct Ports(Vec<u16>);

impl Ports {
    fn for_spec(spec: &RunSpec) -> Ports {
        let texts = spec
            .args
            .iter()
            .chain(spec.companions.iter().flatten())
            .chain(spec.stdin.iter());
        let used = (0..10)
            .rev()
            .find(|n| texts.clone().any(|t| t.contains(&format!("{{port{n}}}"))))
            .map_or(0, |n| n + 1);
        // Held together, so that the system hands out distinct ports.
        let listeners: Vec<_> = (0..used)
            .map(|_| std::net::TcpListener::bind("127.0.0.1:0").expect("a free port"))
            .collect();
        Ports(
            listeners
                .iter()
                .map(|l| l.local_addr().unwrap().port())
                .collect(),
        )
    }

    fn fill(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for (n, port) in self.0.iter().enumerate() {
            text = text.replace(&format!("{{port{n}}}"), &port.to_string());
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "did not finish within 300ms: is it deadlocked? It printed:\nhalf")]
    fn a_hung_run_fails_with_what_it_printed() {
        let spec = RunSpec {
            args: vec!["-c".into(), "echo half; sleep 60".into()],
            ..RunSpec::default()
        };
        let hung = spec.run_within(Path::new("/bin/sh"), Duration::from_millis(300));
        hung.unwrap_err().panic();
    }

    #[test]
    fn a_spec_feeds_stdin_args_env_and_companions() {
        let spec = RunSpec {
            args: vec![
                "-c".into(),
                "read line; echo \"$line $V $1\"".into(),
                "sh".into(),
                "{port0}".into(),
            ],
            stdin: Some("port {port0}\n".into()),
            env: vec![("V".into(), "v".into())],
            companions: vec![vec!["-c".into(), "echo companion {port0}".into()]],
            ..RunSpec::default()
        };
        let run = spec.run(Path::new("/bin/sh"));
        let words: Vec<&str> = run.stdout.split_whitespace().collect();
        assert_eq!(words[0], "port");
        assert_eq!(words[2], "v");
        assert_eq!(
            words[1], words[3],
            "one port for every {{port0}}: {}",
            run.stdout
        );
        assert!(
            words[1].parse::<u16>().is_ok_and(|p| p > 0),
            "{}",
            run.stdout
        );
    }

    #[test]
    fn a_spec_confines_to_cores() {
        let spec = RunSpec {
            cores: Some(1),
            ..RunSpec::default()
        };
        let run = spec.run(Path::new("/usr/bin/nproc"));
        assert_eq!(run.stdout.trim(), "1");
    }

    #[test]
    fn a_listing_that_hangs_is_recorded_up_to_where_it_hangs() {
        let spec = RunSpec {
            args: vec!["-c".into(), "echo locked a; sleep 60".into()],
            hangs: true,
            ..RunSpec::default()
        };
        assert_eq!(spec.record(Path::new("/bin/sh")).unwrap(), "locked a\n");
        assert!(
            spec.recorded_how("x")
                .ends_with(", stopped after 2 s (it never ends)")
        );
        let ends = RunSpec {
            args: vec!["-c".into(), "true".into()],
            hangs: true,
            ..RunSpec::default()
        };
        assert!(
            ends.record(Path::new("/bin/sh"))
                .unwrap_err()
                .contains("but it finished")
        );
    }

    #[test]
    #[should_panic(expected = "a companion of")]
    fn a_failing_companion_fails_the_run() {
        let spec = RunSpec {
            args: vec!["-c".into(), "true".into()],
            companions: vec![vec!["-c".into(), "exit 4".into()]],
            ..RunSpec::default()
        };
        spec.run(Path::new("/bin/sh"));
    }

    const MANIFEST_TEXT: &str = r#"
[package]
name = "listings"
[[bin]]
name = "ch01-01-a"
path = "src/bin/ch01-01-a.rs"
test = false
[[bin]]
name = "ch12-01-b"
path = "src/bin/ch12-01-b.rs"
test = false
[package.metadata.run.ch12-01-b]
build = "release"
args = ["10", "a b"]
stdin = "1 2\n"
env = { RAYON_NUM_THREADS = "2" }
cores = 1
"#;

    #[test]
    fn specs_are_read_from_the_manifest_and_shown_as_commands() {
        let listings = declared(MANIFEST_TEXT).unwrap();
        assert_eq!(listings.len(), 2);
        assert_eq!(listings[0], ("ch01-01-a".into(), RunSpec::default()));
        assert_eq!(
            listings[0].1.command_line("ch01-01-a"),
            "cargo run -p listings --bin ch01-01-a"
        );
        let (name, spec) = &listings[1];
        assert!(spec.release);
        assert_eq!(spec.profile(), "release");
        assert_eq!(
            spec.command_line(name),
            "printf '1 2\\n' | RAYON_NUM_THREADS=2 taskset -c 0 cargo run --release -p listings --bin ch12-01-b -- 10 'a b'"
        );
    }

    #[test]
    fn a_mistaken_declaration_is_named() {
        let typo = MANIFEST_TEXT.replace("cores = 1", "core = 1");
        let err = declared(&typo).unwrap_err();
        assert_eq!(
            err,
            "listings/Cargo.toml: [package.metadata.run.ch12-01-b]: unknown key `core`"
        );
        let stray =
            format!("{MANIFEST_TEXT}[package.metadata.run.ch99-01-z]\nbuild = \"release\"\n");
        assert!(declared(&stray).unwrap_err().contains("not a [[bin]]"));
    }

    #[test]
    fn a_further_run_of_a_listing_runs_its_program() {
        let again = format!(
            "{MANIFEST_TEXT}[package.metadata.run.ch12-02-again]\nlisting = \"ch12-01-b\"\nargs = [\"3\"]\n"
        );
        let listings = declared(&again).unwrap();
        let (name, spec) = listings.last().unwrap();
        assert_eq!(name, "ch12-02-again");
        assert_eq!(spec.program(name), "ch12-01-b");
        assert_eq!(
            spec.command_line(name),
            "cargo run -p listings --bin ch12-01-b -- 3"
        );
        let nowhere = again.replace("listing = \"ch12-01-b\"", "listing = \"ch12-09-gone\"");
        assert!(declared(&nowhere).unwrap_err().contains("not a [[bin]]"));
        let own = format!("{MANIFEST_TEXT}listing = \"ch01-01-a\"\n");
        assert!(declared(&own).unwrap_err().contains("runs its own program"));
    }

    #[test]
    fn a_scaling_curve_runs_at_every_count_and_keeps_each_speedup() {
        let curve = format!(
            "{MANIFEST_TEXT}[package.metadata.run.ch12-02-curve]\nlisting = \"ch12-01-b\"\nscaling = \"THREADS\"\n"
        );
        let listings = declared(&curve).unwrap();
        let (name, spec) = listings.last().unwrap();
        assert_eq!(spec.scaling.as_deref(), Some("THREADS"));
        assert_eq!(
            spec.recorded_how(name),
            "`THREADS=N cargo run -p listings --bin ch12-01-b`, a debug build, for each THREADS from 1 to the machine's logical CPUs"
        );
        // A stand-in program: its speedup is its count over two, and it
        // reads the count from the variable it is given.
        let spec = RunSpec {
            args: vec![
                "-c".into(),
                "echo \"on $THREADS threads\"; echo \"speedup: $(( THREADS * 5 ))e-1\"".into(),
            ],
            scaling: Some("THREADS".into()),
            ..RunSpec::default()
        };
        let sh = Path::new("/bin/sh");
        let mut seen = Vec::new();
        let text = spec
            .curve(3, |each| {
                let run = each.run(sh);
                seen.push(run.stdout.lines().next().unwrap().to_owned());
                Ok(run.stdout)
            })
            .unwrap();
        assert_eq!(seen, ["on 1 threads", "on 2 threads", "on 3 threads"]);
        assert_eq!(
            text,
            "threads 1: speedup 0.50, efficiency 0.50\nthreads 2: speedup 1.00, efficiency 0.50\nthreads 3: speedup 1.50, efficiency 0.50\n"
        );
        // A run that prints no speedup ends the curve, saying so.
        let silent = RunSpec {
            args: vec!["-c".into(), "echo nothing".into()],
            ..spec.clone()
        };
        let error = silent.curve(2, |each| Ok(each.run(sh).stdout)).unwrap_err();
        assert_eq!(
            error,
            "with THREADS=1, it printed no `speedup:` line:\nnothing\n"
        );
        assert!(RunSpec::default().curve(1, |_| Ok(String::new())).is_err());
    }
}
