//! `cargo book`: the project's commands (the alias is in `.cargo/config.toml`).
//!
//! - `cargo book serve [ARGS]`: installs the pinned mdBook and preprocessors
//!   when missing, then runs `mdbook serve ARGS`.
//! - `cargo book build`: the same, then `mdbook build` into `book/`.
//! - `cargo book test [ARGS]`: installs what the tests need when missing,
//!   then runs every test of the workspace.
//! - `cargo book record`: runs every listing and saves its output and, for
//!   listings that stamp their tasks, its timeline, under
//!   `listings/recorded/`.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use book_tools::{listing, timeline};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let rest = args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("serve") => ensure_tools(root, &["mdbook", "mdbook-quiz"]).and_then(|_| {
            status(
                Command::new("mdbook")
                    .arg("serve")
                    .args(rest)
                    .current_dir(root),
            )
        }),
        Some("build") => ensure_tools(root, &["mdbook", "mdbook-quiz"])
            .and_then(|_| status(Command::new("mdbook").arg("build").current_dir(root))),
        Some("test") => ensure_tools(root, &["mdbook-quiz"]).and_then(|_| test(root, rest)),
        Some("record") => record(root),
        _ => Err("usage: cargo book serve|build|test|record [ARGS]".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cargo book: {e}");
            ExitCode::FAILURE
        }
    }
}

fn status(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed ({status})"))
    }
}

/// The pinned version of each tool, from `[workspace.metadata.tools]`.
fn pinned(root: &Path, tool: &str) -> Result<String, String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    manifest
        .split("[workspace.metadata.tools]")
        .nth(1)
        .and_then(|section| {
            section.lines().find_map(|line| {
                let (name, version) = line.split_once('=')?;
                (name.trim() == tool).then(|| version.trim().trim_matches('"').to_owned())
            })
        })
        .ok_or_else(|| format!("Cargo.toml pins no version of {tool}"))
}

/// Installs each tool with `cargo install --locked` unless the pinned
/// version is already on the PATH. Cargo's `bin` folder goes first on the
/// PATH of this process and its children, so a tool just installed is found
/// even where that folder was not on the PATH.
fn ensure_tools(root: &Path, tools: &[&str]) -> Result<(), String> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let mut path = vec![cargo_home.join("bin")];
    path.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path = std::env::join_paths(path).map_err(|e| e.to_string())?;
    // SAFETY: nothing else runs yet; `main` calls this before any thread.
    unsafe { std::env::set_var("PATH", path) };
    for tool in tools {
        let version = pinned(root, tool)?;
        let installed = Command::new(tool)
            .arg("--version")
            .output()
            .map(|out| String::from_utf8_lossy(&out.stdout).contains(&version))
            .unwrap_or(false);
        if !installed {
            eprintln!("cargo book: installing {tool} {version} (once; a few minutes)");
            status(Command::new("cargo").args([
                "install",
                "--locked",
                "--quiet",
                tool,
                "--version",
                &version,
            ]))?;
        }
    }
    Ok(())
}

/// Every test: the book, its code blocks, the listings and the tools.
/// Then, if there are any, the CPU-bound speedup tests (named
/// `cpu_bound_…`, ignored in debug builds) again in release, one at a
/// time, so that nothing else competes for the cores they measure.
fn test(root: &Path, args: &[String]) -> Result<(), String> {
    status(
        Command::new("cargo")
            .args(["test", "--workspace", "--locked"])
            .args(args)
            .current_dir(root),
    )?;
    let tests = std::fs::read_dir(root.join("listings/tests")).map_err(|e| e.to_string())?;
    let cpu_bound = tests.flatten().any(|entry| {
        std::fs::read_to_string(entry.path()).is_ok_and(|code| code.contains("fn cpu_bound_"))
    });
    if !cpu_bound {
        return Ok(());
    }
    status(
        Command::new("cargo")
            .args([
                "test",
                "--release",
                "--locked",
                "-p",
                "listings",
                "--tests",
                "cpu_bound_",
            ])
            .args(["--", "--test-threads=1"])
            .current_dir(root),
    )
}

/// Runs every listing in `listings/src/bin` and records what it printed.
fn record(root: &Path) -> Result<(), String> {
    status(
        Command::new("cargo")
            .args(["build", "--locked", "--quiet", "-p", "listings", "--bins"])
            .current_dir(root),
    )?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let recorded = root.join("listings/recorded");
    let mut names: Vec<String> = std::fs::read_dir(root.join("listings/src/bin"))
        .map_err(|e| e.to_string())?
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".rs").map(str::to_owned)
        })
        .collect();
    names.sort();
    let machine = recorded.join(book_tools::check::MACHINE);
    std::fs::write(&machine, machine_description()).map_err(|e| e.to_string())?;
    eprintln!("described {}", machine.display());
    for name in names {
        let run = listing::run(Command::new(target.join("debug").join(&name)));
        let txt = recorded.join(format!("{name}.txt"));
        std::fs::write(&txt, &run.stdout).map_err(|e| e.to_string())?;
        eprintln!("recorded {}", txt.display());
        let spans = timeline::spans(&run.stdout).map_err(|e| format!("{name}: {e}"))?;
        if !spans.is_empty() {
            let svg = recorded.join(format!("{name}.svg"));
            let caption = format!("Timeline of a run of {name}");
            std::fs::write(&svg, timeline::svg(&spans, &caption)).map_err(|e| e.to_string())?;
            eprintln!("drew {}", svg.display());
        }
    }
    Ok(())
}

/// One line saying where the recordings were made, for the pages to include.
fn machine_description() -> String {
    let output = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
            })
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned());
    format!(
        "{cores} cores ({cpu}), {}, {}, debug build\n",
        output("uname", &["-sr"]),
        output("rustc", &["--version"])
    )
}
