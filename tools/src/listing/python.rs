//! The Python programs beside the listings: the interpreter, the pinned
//! virtual environment, and a run under every start method of
//! `multiprocessing`.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;

/// The Python interpreter for the "Coming from Python" programs that use
/// only the standard library: the system's `python3`, if there is one.
/// Without one a test says it skipped; in CI (`CI=true`) it fails.
///
/// It is the file `python3` runs (its `sys.executable`), found once per
/// process: where `python3` is a launcher's shim (pyenv's is a shell
/// script), starting the shim cost more CPU time than the interpreter
/// itself, for each of the hundred-odd Python runs of the tests.
pub fn python() -> Option<&'static str> {
    static FOUND: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let found = FOUND.get_or_init(|| {
        let out = Command::new("python3")
            .args(["-c", "import sys; print(sys.executable)"])
            .output()
            .ok()
            .filter(|out| out.status.success())?;
        let executable = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        Some(match executable.is_empty() {
            true => "python3".to_owned(),
            false => executable,
        })
    });
    if found.is_none() {
        skip_python(
            "python3 is not installed, so the Python programs were not run \
             (install it, e.g. `sudo apt-get install python3`)",
        );
    }
    found.as_deref()
}

/// The "Coming from Python" program `listings/python/NAME.py`, run to the
/// end on [`python()`]: `None` where there is no Python (the test then
/// says it skipped, or in CI fails). `python!("NAME", venv)` runs it on
/// [`python_venv()`] instead, for a program that imports the packages of
/// [`REQUIREMENTS`] (joblib, dask).
#[macro_export]
macro_rules! python {
    ($name:literal) => {
        $crate::listing::python_program(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/python/",
            $name,
            ".py"
        ))
    };
    ($name:literal, venv) => {
        $crate::listing::python_venv_program(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/python/",
            $name,
            ".py"
        ))
    };
}

/// Runs the Python program at `path` on [`python()`]; see [`python!`].
/// A program that starts processes is run under every start method, as
/// [`run_python`] says.
pub fn python_program(path: &str) -> Option<Run> {
    Some(run_python(Path::new(python()?), path))
}

/// Runs the Python program at `path` on [`python_venv()`]; see [`python!`].
pub fn python_venv_program(path: &str) -> Option<Run> {
    Some(run_python(&python_venv()?, path))
}

/// Runs the Python program at `path` on `python` to the end, and hands
/// back that run, under the interpreter's default start method.
///
/// A program that starts processes (it names `multiprocessing`,
/// `ProcessPoolExecutor`, `joblib` or `dask`) must work under every start
/// method a reader's platform may use: `spawn` (the default on macOS and
/// Windows), `fork` and `forkserver` (the default on Linux from Python
/// 3.14). So it is also run under each method the interpreter has other
/// than its default (see [`start_method_env`]), and each of those runs
/// must succeed and print the same kinds of line as the default run, numbers
/// aside (times, process ids and counts may differ from run to run; the
/// test then checks the default run's numbers).
pub fn run_python(python: &Path, path: &str) -> Run {
    let command = || {
        let mut command = Command::new(python);
        // Should it hang, its threads' tracebacks, printed on the SIGABRT
        // it is sent before it is killed (see `Hung`).
        command.arg(path).env("PYTHONFAULTHANDLER", "1");
        command
    };
    let source = std::fs::read_to_string(path).unwrap_or_default();
    if !starts_processes(&source) {
        return run(command());
    }
    // Each worker is an interpreter that imports its modules anew (joblib's
    // take seconds on a busy machine, compiled from source where
    // PYTHONDONTWRITEBYTECODE is set, as on the machines that test this
    // book), and the program runs once per start method: it is hung only
    // after twice the usual time.
    let run = |command| {
        run_with(command, None, Vec::new(), 2 * TIMEOUT).unwrap_or_else(|hung| hung.panic())
    };
    let first = run(command());
    let (default, methods) = start_methods(python);
    for method in methods.iter().filter(|m| **m != default) {
        let mut other = command();
        other.envs(start_method_env(method));
        let again = run(other);
        let (expected, found) = (masked(&first.stdout), masked(&again.stdout));
        assert!(
            expected == found,
            "{path}: under the `{method}` start method it printed other lines than under \
             the default, `{default}` (numbers aside).\n{default}:\n{}\n{method}:\n{}",
            first.stdout,
            again.stdout
        );
    }
    first
}

/// Whether a Python program starts processes, by the modules it names.
pub fn starts_processes(source: &str) -> bool {
    ["multiprocessing", "ProcessPoolExecutor", "joblib", "dask"]
        .iter()
        .any(|module| source.contains(module))
}

/// `python`'s default start method, and every start method it has:
/// `multiprocessing.get_start_method()` and `get_all_start_methods()`.
pub fn start_methods(python: &Path) -> (String, Vec<String>) {
    let out = Command::new(python)
        .args([
            "-c",
            "import multiprocessing as m; print(m.get_start_method(), *m.get_all_start_methods())",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", python.display()));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut words = text.split_whitespace().map(str::to_owned);
    let default = words
        .next()
        .unwrap_or_else(|| panic!("{} named no start method", python.display()));
    (default, words.collect())
}

/// The environment that makes Python programs start their processes by
/// `method`: a `sitecustomize` module (which Python imports at start-up,
/// before the program) on `PYTHONPATH` calls
/// `multiprocessing.set_start_method(method, force=True)`, and dask's
/// `LocalCluster`, which starts its workers by a setting of its own, is
/// given the same method. The program itself runs as the reader runs it,
/// `python3 program.py`: under `spawn` and `forkserver` each new process
/// imports it again, as `__mp_main__`, and runs what its
/// `if __name__ == "__main__":` guard leaves unguarded.
pub fn start_method_env(method: &str) -> Vec<(String, std::ffi::OsString)> {
    let dir = sitecustomize_dir();
    let mut path = vec![dir];
    path.extend(std::env::split_paths(
        &std::env::var_os("PYTHONPATH").unwrap_or_default(),
    ));
    vec![
        ("BOOK_PYTHON_START_METHOD".into(), method.into()),
        (
            "DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD".into(),
            method.into(),
        ),
        ("PYTHONPATH".into(), std::env::join_paths(path).unwrap()),
    ]
}

const SITECUSTOMIZE: &str = "\
# Written by tools/src/listing/python.rs (`start_method_env`): the tests run each
# Python program that starts processes under every start method.
import os

_method = os.environ.get(\"BOOK_PYTHON_START_METHOD\")
if _method:
    import multiprocessing

    multiprocessing.set_start_method(_method, force=True)
";

/// The folder of the `sitecustomize` module of [`start_method_env`], in
/// the target folder, written (once per test process) if missing or stale.
fn sitecustomize_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let dir = crate::target_dir(root).join("python-start-method");
        let file = dir.join("sitecustomize.py");
        if std::fs::read_to_string(&file).ok().as_deref() != Some(SITECUSTOMIZE) {
            std::fs::create_dir_all(&dir).unwrap();
            // Written aside, then renamed: other tests may read it now.
            let aside = dir.join(format!("sitecustomize.{}.tmp", std::process::id()));
            std::fs::write(&aside, SITECUSTOMIZE).unwrap();
            std::fs::rename(&aside, &file).unwrap();
        }
        dir
    })
    .clone()
}

/// A program's output as far as it must not depend on the start method:
/// its distinct lines, each with every number made `#` and its spaces
/// folded (columns align to the numbers' widths). Not their order or
/// count: how many ticks a ticker printed, and whether one came between
/// two other lines, depends on how long the work took (the test checks
/// the order of the default run).
fn masked(text: &str) -> std::collections::BTreeSet<String> {
    let mut lines = std::collections::BTreeSet::new();
    for line in text.lines() {
        let mut out = String::new();
        let mut in_number = false;
        for c in line.chars() {
            let part = c.is_ascii_digit() || (in_number && matches!(c, '.' | ','));
            if part && !in_number {
                out.push('#');
            } else if !part {
                out.push(c);
            }
            in_number = part;
        }
        // Spaces aside too: a stamp is padded to a width (`[  21 ms]`,
        // `[1091 ms]`), so a slower run's numbers move its spaces.
        lines.insert(out.split_whitespace().collect::<String>());
    }
    lines
}

fn skip_python(why: &str) {
    assert!(std::env::var_os("CI").is_none(), "{why}");
    eprintln!("skipped: {why}");
}

/// The pinned packages of the Python programs that need more than the
/// standard library (joblib, dask): `pip install -r` reads it.
pub const REQUIREMENTS: &str = "listings/requirements.txt";

/// The Python interpreter for the programs that need the packages of
/// [`REQUIREMENTS`]: a virtual environment in `target/python-venv`, made
/// (once, and again whenever the requirements change) from the system's
/// `python3`, with those packages installed from PyPI. The packages are
/// installed there and only there. Without `python3`, or its `venv` module,
/// a test says it skipped; in CI (`CI=true`) it fails.
pub fn python_venv() -> Option<PathBuf> {
    let python = python()?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    match make_venv(
        python,
        &root.join(REQUIREMENTS),
        &crate::target_dir(root).join("python-venv"),
    ) {
        Ok(venv_python) => Some(venv_python),
        Err(e) => {
            skip_python(&format!(
                "no virtual environment for the Python programs that need packages: {e} \
                 (on Debian, `sudo apt-get install python3-venv`)"
            ));
            None
        }
    }
}

/// Makes (or reuses) the virtual environment `venv` with the packages of
/// `requirements`, under a lock, so that tests running at once make it once.
fn make_venv(python: &str, requirements: &Path, venv: &Path) -> Result<PathBuf, String> {
    let wanted = std::fs::read_to_string(requirements)
        .map_err(|e| format!("{}: {e}", requirements.display()))?;
    let venv_python = venv.join("bin/python");
    std::fs::create_dir_all(venv.parent().unwrap()).map_err(|e| e.to_string())?;
    let lock_path = venv.with_extension("lock");
    let lock =
        std::fs::File::create(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    // SAFETY: a plain system call on a file this function keeps open; the
    // lock goes when the file closes, at the end of this function.
    if unsafe { libc::flock(std::os::fd::AsRawFd::as_raw_fd(&lock), libc::LOCK_EX) } != 0 {
        return Err(format!("cannot lock {}", lock_path.display()));
    }
    if is_current(venv, &wanted) {
        return Ok(venv_python);
    }
    let _ = std::fs::remove_dir_all(venv);
    let quiet = |command: &mut Command| -> Result<(), String> {
        let out = command.output().map_err(|e| format!("{command:?}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{command:?} failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    };
    quiet(Command::new(python).args(["-m", "venv"]).arg(venv))?;
    quiet(
        Command::new(&venv_python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(requirements),
    )?;
    std::fs::write(venv.join(STAMP), wanted).map_err(|e| e.to_string())?;
    Ok(venv_python)
}

/// The copy of the requirements a virtual environment was made from.
const STAMP: &str = "requirements.txt";

/// Whether the virtual environment `venv` was made, to the end, from
/// exactly the requirements `wanted`.
fn is_current(venv: &Path, wanted: &str) -> bool {
    venv.join("bin/python").exists()
        && std::fs::read_to_string(venv.join(STAMP)).is_ok_and(|made| made == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Python program in a temporary file, removed when dropped.
    struct PythonFile(PathBuf);

    impl PythonFile {
        fn new(name: &str, code: &str) -> PythonFile {
            let dir = std::env::temp_dir().join(format!("book-python-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("{name}.py"));
            std::fs::write(&path, code).unwrap();
            PythonFile(path)
        }
        fn path(&self) -> &str {
            self.0.to_str().unwrap()
        }
    }

    impl Drop for PythonFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    #[test]
    fn the_start_method_is_set_for_the_program() {
        let Some(python) = python() else { return };
        let python = Path::new(python);
        let (default, methods) = start_methods(python);
        assert!(methods.contains(&default), "{default} {methods:?}");
        assert!(methods.iter().any(|m| m == "spawn"), "{methods:?}");
        for method in &methods {
            let mut command = Command::new(python);
            command
                .args([
                    "-c",
                    "import multiprocessing; print(multiprocessing.get_start_method())",
                ])
                .envs(start_method_env(method));
            assert_eq!(run(command).stdout.trim(), method);
        }
    }

    #[test]
    fn a_hung_python_program_says_where_each_thread_waits() {
        let Some(python) = python() else { return };
        let mut command = Command::new(python);
        command
            .args(["-c", "import threading, time\nthreading.Thread(target=time.sleep, args=(60,)).start()\nprint('started', flush=True)\ntime.sleep(60)"])
            .env("PYTHONFAULTHANDLER", "1");
        let hung = run_to_exit(command, std::time::Duration::from_millis(1500)).unwrap_err();
        assert_eq!(hung.printed.trim(), "started");
        // Both threads' tracebacks: the main one and the sleeper.
        assert!(
            hung.stderr.matches("hread 0x").count() >= 2 && hung.stderr.contains("<string>"),
            "no tracebacks on standard error:\n{}",
            hung.stderr
        );
    }

    const POOL: &str = "\
import os
from concurrent.futures import ProcessPoolExecutor


def square(x):
    return x * x

";

    #[test]
    fn a_guarded_pool_runs_under_every_start_method() {
        let Some(python) = python() else { return };
        // Under spawn, the child imports this file again as `__mp_main__`
        // to find `square`: it must find it, and not run the pool again.
        let program = PythonFile::new(
            "guarded",
            &format!(
                "{POOL}if __name__ == \"__main__\":\n    with ProcessPoolExecutor(2) as pool:\n        print(list(pool.map(square, range(4))), os.getpid())\n"
            ),
        );
        let run = run_python(Path::new(python), program.path());
        assert!(run.stdout.starts_with("[0, 1, 4, 9] "), "{}", run.stdout);
    }

    #[test]
    #[should_panic(expected = "failed")]
    fn an_unguarded_pool_fails_under_spawn() {
        let Some(python) = python() else {
            panic!("failed: no python3, nothing to show")
        };
        let program = PythonFile::new(
            "unguarded",
            &format!(
                "{POOL}with ProcessPoolExecutor(2) as pool:\n    print(list(pool.map(square, range(4))))\n"
            ),
        );
        run_python(Path::new(python), program.path());
    }

    #[test]
    #[should_panic(expected = "other lines than under the default")]
    fn a_run_that_differs_by_start_method_fails() {
        let Some(python) = python() else {
            panic!("other lines than under the default: no python3, nothing to show")
        };
        let program = PythonFile::new(
            "differs",
            "import multiprocessing\nif __name__ == \"__main__\":\n    print(multiprocessing.get_start_method())\n",
        );
        run_python(Path::new(python), program.path());
    }

    #[test]
    fn numbers_are_masked_and_the_rest_kept() {
        assert_eq!(
            masked("[ 12 ms] pid 4,031 took  1.5 s\n[  9 ms] tick\n[1029 ms] tick\nend\n"),
            ["[#ms]pid#took#s", "[#ms]tick", "end"]
                .map(String::from)
                .into()
        );
        assert!(!starts_processes("import threading\n"));
        assert!(starts_processes(
            "from concurrent.futures import ProcessPoolExecutor\n"
        ));
    }

    #[test]
    fn packages_go_into_a_virtual_environment_only() {
        // The real one, made once for every test that needs it.
        let Some(python) = python_venv() else { return };
        let mut command = Command::new(&python);
        command.args([
            "-c",
            "import sys; print(sys.prefix != sys.base_prefix, sys.prefix)",
        ]);
        let venv = python.parent().unwrap().parent().unwrap();
        assert_eq!(
            run(command).stdout.trim(),
            format!("True {}", venv.display()),
            "not a virtual environment in {}",
            venv.display()
        );
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let wanted = std::fs::read_to_string(root.join(REQUIREMENTS)).unwrap();
        assert!(is_current(venv, &wanted));
    }

    #[test]
    fn a_virtual_environment_is_made_again_when_the_requirements_change() {
        let venv = std::env::temp_dir().join(format!("book-venv-{}", std::process::id()));
        std::fs::create_dir_all(venv.join("bin")).unwrap();
        assert!(!is_current(&venv, "joblib==1.6.0\n"), "no stamp: half made");
        std::fs::write(venv.join(STAMP), "joblib==1.6.0\n").unwrap();
        assert!(!is_current(&venv, "joblib==1.6.0\n"), "no python in it");
        std::fs::write(venv.join("bin/python"), "").unwrap();
        assert!(is_current(&venv, "joblib==1.6.0\n"));
        assert!(!is_current(&venv, "joblib==1.6.1\n"));
        std::fs::remove_dir_all(&venv).unwrap();
    }
}
