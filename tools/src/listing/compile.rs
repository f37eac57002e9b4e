//! Compiling one program with `rustc`, outside cargo: a quiz's, or a
//! listing's that must not compile, to read the words of its error.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The crates a listing may use besides std, as `--extern` arguments for
/// [`type_check`]: each is the newest `lib<crate>-*.rlib` in the folder of
/// the running test binary (where cargo built it, with the dependencies it
/// needs) that rustc can load. Older builds of a crate may lie there too,
/// whose own dependencies are gone.
fn listing_crates() -> &'static Result<Vec<String>, String> {
    static FOUND: std::sync::OnceLock<Result<Vec<String>, String>> = std::sync::OnceLock::new();
    FOUND.get_or_init(|| {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let deps = exe.parent().ok_or("the test binary has no folder")?;
        let mut args = vec!["-L".to_owned(), format!("dependency={}", deps.display())];
        for krate in ["tokio", "rayon"] {
            let mut rlibs: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(deps)
                .map_err(|e| e.to_string())?
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| {
                    let name = path.file_name().unwrap_or_default().to_string_lossy();
                    name.starts_with(&format!("lib{krate}-")) && name.ends_with(".rlib")
                })
                .filter_map(|path| Some((path.metadata().ok()?.modified().ok()?, path)))
                .collect();
            rlibs.sort();
            let loads = |rlib: &Path| {
                let mut with = args.clone();
                with.extend(["--extern".to_owned(), format!("{krate}={}", rlib.display())]);
                let control = format!("use {krate} as _;\nfn main() {{}}\n");
                rustc_check(&control, &format!("control-{krate}"), &with).map(|()| with)
            };
            // A crate not built for this binary is left out: a program
            // that uses it fails to compile, saying so.
            if let Some(with) = rlibs.iter().rev().find_map(|(_, rlib)| loads(rlib).ok()) {
                args = with;
            }
        }
        Ok(args)
    })
}

/// Type-checks `source`, a whole program, as `cargo check` would in the
/// listings (edition 2024, with the tokio and rayon the tests were built
/// with): `Err` with the compiler's messages if it does not compile. For a
/// test: it finds those crates beside the running test binary. It is how
/// the book checks the words of an error that has no code (rustc's
/// "future cannot be sent between threads safely" is one), which a
/// `compile_fail` doctest cannot.
pub fn type_check(source: &str, name: &str) -> Result<(), String> {
    let args = listing_crates().as_ref().map_err(Clone::clone)?;
    rustc_check(source, name, args)
}

fn rustc_check(source: &str, name: &str, args: &[String]) -> Result<(), String> {
    let check = [
        "--edition",
        "2024",
        "--crate-type",
        "bin",
        "--emit=metadata",
    ];
    let args = check
        .iter()
        .map(|a| a.to_string())
        .chain(args.iter().cloned());
    rustc(source, name, args).map(drop)
}

/// What `rustc -vV` says (of `$RUSTC` if set), asked once per process:
/// part of the key of whatever is kept from one compile to the next.
/// `None` if it cannot say.
pub fn rustc_version() -> Option<&'static str> {
    static VERSION: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    VERSION
        .get_or_init(|| {
            let out = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
                .arg("-vV")
                .output()
                .ok()?;
            out.status
                .success()
                .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
        })
        .as_deref()
}

/// A program compiled by [`rustc`], in a temporary folder that goes when
/// this does.
pub struct Compiled {
    dir: PathBuf,
    pub exe: PathBuf,
}

impl Drop for Compiled {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs `rustc ARGS` on `source`, a whole program, in a temporary folder
/// of its own: `Ok` with what it wrote (an executable, unless `args` ask
/// for less), or `Err` with the compiler's messages. Either way the folder
/// is removed in the end.
pub fn rustc(
    source: &str,
    name: &str,
    args: impl IntoIterator<Item = impl AsRef<std::ffi::OsStr>>,
) -> Result<Compiled, String> {
    let dir = std::env::temp_dir().join(format!("book-compile-{name}-{}", std::process::id()));
    rustc_in(source, dir, args)
}

/// [`rustc`], in the folder `dir` (made, and removed when the result is
/// dropped).
pub fn rustc_in(
    source: &str,
    dir: PathBuf,
    args: impl IntoIterator<Item = impl AsRef<std::ffi::OsStr>>,
) -> Result<Compiled, String> {
    rustc_in_env(source, dir, args, &[])
}

/// [`rustc_in`], with `env` set for the compiler (what `env!` reads).
fn rustc_in_env(
    source: &str,
    dir: PathBuf,
    args: impl IntoIterator<Item = impl AsRef<std::ffi::OsStr>>,
    env: &[(String, String)],
) -> Result<Compiled, String> {
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let compiled = Compiled {
        exe: dir.join("main"),
        dir,
    };
    let file = compiled.dir.join("main.rs");
    std::fs::write(&file, source).map_err(|e| e.to_string())?;
    let out = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .args(["--crate-name", "listing", "-o"])
        .arg(&compiled.exe)
        .arg(&file)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(compiled)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[cfg(feature = "book")]
/// The crates the listings link against, as cargo built them for one
/// profile: `--extern` and `-L` arguments for rustc, so that a program
/// edited on a page compiles against exactly the crates its listing uses
/// (the listings' own library included, as `listings`), with no cargo in
/// between.
#[derive(Debug, Clone)]
pub struct Crates {
    pub release: bool,
    args: Vec<String>,
    /// What cargo would set for the compiler, which `env!` reads.
    env: Vec<(String, String)>,
}

#[cfg(feature = "book")]
impl Crates {
    /// Builds the listings' library and its dependencies with cargo (at
    /// once when they are built already) for the debug or release profile,
    /// and reads from cargo's messages which file each crate is.
    pub fn of_listings(root: &Path, release: bool) -> Result<Crates, String> {
        let mut cargo = Command::new("cargo");
        cargo
            .args(["build", "--locked", "-p", "listings", "--lib"])
            .args(["--message-format=json-render-diagnostics"])
            .current_dir(root)
            .stderr(std::process::Stdio::inherit());
        if release {
            cargo.arg("--release");
        }
        let out = cargo
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "cargo could not build the listings ({})",
                out.status
            ));
        }
        let manifest = std::fs::read_to_string(root.join(super::MANIFEST))
            .map_err(|e| format!("{}: {e}", super::MANIFEST))?;
        let direct = direct_dependencies(&manifest)?;
        Ok(Crates {
            release,
            args: extern_args(&String::from_utf8_lossy(&out.stdout), &direct),
            env: Vec::new(),
        }
        .in_package(&root.join("listings")))
    }

    /// No crate but std: for a program compiled where cargo cannot be run.
    pub fn std_only(release: bool) -> Crates {
        Crates {
            release,
            args: Vec::new(),
            env: Vec::new(),
        }
    }

    /// These crates, for programs of the package in `dir`: the compiler is
    /// given what cargo gives it there (`CARGO_MANIFEST_DIR`,
    /// `CARGO_PKG_NAME`), so that a listing's `env!` reads the same.
    pub fn in_package(mut self, dir: &Path) -> Crates {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.env = vec![
            ("CARGO_MANIFEST_DIR".into(), dir.display().to_string()),
            ("CARGO_PKG_NAME".into(), name),
        ];
        self
    }

    /// rustc's arguments for a program of the listings: the edition, the
    /// build (debug, or release as cargo's release profile), the crates.
    pub fn rustc_args(&self) -> Vec<String> {
        let build: &[&str] = if self.release {
            &["-C", "opt-level=3", "-C", "debug-assertions=off"]
        } else {
            &["-C", "opt-level=0", "-C", "debuginfo=0"]
        };
        ["--edition", "2024", "--crate-type", "bin"]
            .iter()
            .chain(build)
            .map(|a| a.to_string())
            .chain(self.args.iter().cloned())
            .collect()
    }

    /// Compiles `source`, a whole program, against these crates into
    /// `cache` (a folder per program and build, named by a hash of both,
    /// of the crates and of rustc's version), or finds it there compiled
    /// already: the executable, or the compiler's messages.
    pub fn compile_cached(&self, source: &str, cache: &Path) -> Result<PathBuf, String> {
        use std::hash::{Hash, Hasher};
        let mut hash = std::hash::DefaultHasher::new();
        (source, self.rustc_args(), &self.env, rustc_version()).hash(&mut hash);
        let dir = cache.join(format!("{:016x}", hash.finish()));
        let exe = dir.join("program");
        if exe.is_file() {
            return Ok(exe);
        }
        let building = cache.join(format!(
            "building-{:016x}-{}-{:?}",
            hash.finish(),
            std::process::id(),
            std::thread::current().id()
        ));
        let compiled = rustc_in_env(source, building, self.rustc_args(), &self.env)?;
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        // Renamed into place: a run that finds it finds it whole.
        std::fs::rename(&compiled.exe, &exe).map_err(|e| format!("{}: {e}", exe.display()))?;
        Ok(exe)
    }
}

#[cfg(feature = "book")]
/// The library names (`-` made `_`) of the non-optional `[dependencies]`
/// of a manifest, and `listings`, its own library.
fn direct_dependencies(manifest: &str) -> Result<Vec<String>, String> {
    let table: toml::Table = manifest
        .parse()
        .map_err(|e: toml::de::Error| e.to_string())?;
    let mut names = vec!["listings".to_owned()];
    if let Some(deps) = table.get("dependencies").and_then(toml::Value::as_table) {
        for (name, value) in deps {
            let optional = value
                .get("optional")
                .and_then(toml::Value::as_bool)
                .unwrap_or(false);
            if !optional {
                names.push(name.replace('-', "_"));
            }
        }
    }
    Ok(names)
}

#[cfg(feature = "book")]
/// From cargo's JSON messages, `-L dependency=FOLDER` and an `--extern
/// NAME=FILE` for each crate of `direct` that cargo built (a library's
/// `.rlib`, a procedural macro's `.so`).
fn extern_args(messages: &str, direct: &[String]) -> Vec<String> {
    let mut folders = std::collections::BTreeSet::new();
    let mut externs = std::collections::BTreeMap::new();
    for line in messages.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-artifact" {
            continue;
        }
        let Some(name) = message["target"]["name"].as_str() else {
            continue;
        };
        let files = message["filenames"].as_array().cloned().unwrap_or_default();
        for file in files.iter().filter_map(serde_json::Value::as_str) {
            let wanted = file.ends_with(".rlib") || file.ends_with(".so");
            if !wanted {
                continue;
            }
            if let Some(folder) = Path::new(file).parent() {
                folders.insert(folder.display().to_string());
            }
            if direct.iter().any(|d| d == name) {
                externs.insert(name.to_owned(), file.to_owned());
            }
        }
    }
    let mut args = Vec::new();
    for folder in folders {
        args.extend(["-L".to_owned(), format!("dependency={folder}")]);
    }
    for (name, file) in externs {
        args.extend(["--extern".to_owned(), format!("{name}={file}")]);
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_check_reports_what_rustc_says() {
        assert_eq!(type_check("fn main() {}\n", "fine"), Ok(()));
        let error = type_check("fn main() { let x: u8 = \"no\"; }\n", "mismatch").unwrap_err();
        assert!(error.contains("E0308"), "{error}");
    }
}
