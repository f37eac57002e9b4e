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
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let compiled = Compiled {
        exe: dir.join("main"),
        dir,
    };
    let file = compiled.dir.join("main.rs");
    std::fs::write(&file, source).map_err(|e| e.to_string())?;
    let out = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args(args)
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
