//! Every recording says how it was made. Under each recorded output the
//! page shows the command that produced it and its build (`cargo run
//! --release …`, a release build), from `listings/recorded/NAME.run.txt`,
//! which `cargo book record` writes from the listing's declaration in
//! `listings/Cargo.toml`. A declaration changed without recording again
//! would have the page name a command that did not make the output shown.

use std::collections::BTreeMap;
use std::path::Path;

use super::{MACHINE, RECORDED, files_in};
use crate::listing::{self, MANIFEST};

/// Every recording `NAME.txt` is of a listing of `listings/Cargo.toml` and
/// has its `NAME.run.txt`, which says what that listing's declaration says
/// now; every `NAME.run.txt` has its recording.
pub fn recorded_runs(root: &Path) -> Vec<String> {
    let manifest = match std::fs::read_to_string(root.join(MANIFEST)) {
        Ok(text) => text,
        Err(e) => return vec![format!("{MANIFEST}: {e}")],
    };
    let declared: BTreeMap<String, listing::RunSpec> = match listing::declared(&manifest) {
        Ok(listings) => listings.into_iter().collect(),
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    let files = files_in(root, RECORDED);
    let exists = |name: &str| files.iter().any(|f| f.file_name().unwrap() == name);
    for file in &files {
        let shown = file.display();
        let file_name = file.file_name().unwrap().to_string_lossy();
        if let Some(name) = file_name.strip_suffix(".run.txt") {
            if !exists(&format!("{name}.txt")) {
                problems.push(format!(
                    "{shown}: says how {name}.txt was recorded, but there is no {name}.txt"
                ));
            }
            continue;
        }
        let Some(name) = file_name.strip_suffix(".txt") else {
            continue;
        };
        if file_name == MACHINE {
            continue;
        }
        let Some(spec) = declared.get(name) else {
            problems.push(format!(
                "{shown}: the recording of no listing of {MANIFEST}"
            ));
            continue;
        };
        let run = Path::new(RECORDED).join(format!("{name}.run.txt"));
        let want = spec.recorded_how(name);
        match std::fs::read_to_string(root.join(&run)) {
            Ok(said) if said == want => {}
            Ok(said) => problems.push(format!(
                "{}: says {said}, but {MANIFEST} declares {want}: run `cargo book record {name}`",
                run.display()
            )),
            Err(_) => problems.push(format!(
                "{shown}: no {} says how it was recorded: run `cargo book record {name}`",
                run.display()
            )),
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{Fixture, assert_problems};

    const MANIFEST_TEXT: &str = "[package]\nname = \"listings\"\n[[bin]]\nname = \"ch01-01-a\"\npath = \"src/bin/ch01-01-a.rs\"\ntest = false\n";

    #[test]
    fn each_recording_says_how_its_listing_is_declared_to_run() {
        let book = Fixture::new("recorded-runs");
        book.file(MANIFEST, MANIFEST_TEXT)
            .file("listings/recorded/ch01-01-a.txt", "out\n")
            .file(
                "listings/recorded/ch01-01-a.run.txt",
                "`cargo run -p listings --bin ch01-01-a`, a debug build",
            )
            .file("listings/recorded/machine.txt", "2 cores\n");
        assert_problems(&recorded_runs(&book.dir), &[]);

        // Declared release now, but recorded before that.
        let release =
            format!("{MANIFEST_TEXT}[package.metadata.run.ch01-01-a]\nbuild = \"release\"\n");
        book.file(MANIFEST, &release);
        assert_problems(
            &recorded_runs(&book.dir),
            &[
                "listings/recorded/ch01-01-a.run.txt: says `cargo run -p listings --bin ch01-01-a`, a debug build, but listings/Cargo.toml declares `cargo run --release -p listings --bin ch01-01-a`, a release build: run `cargo book record ch01-01-a`",
            ],
        );

        book.file(MANIFEST, MANIFEST_TEXT)
            .file("listings/recorded/ch01-02-b.txt", "out\n")
            .file("listings/recorded/ch01-03-c.run.txt", "`x`");
        std::fs::remove_file(book.dir.join("listings/recorded/ch01-01-a.run.txt")).unwrap();
        assert_problems(
            &recorded_runs(&book.dir),
            &[
                "listings/recorded/ch01-01-a.txt: no listings/recorded/ch01-01-a.run.txt says how it was recorded",
                "listings/recorded/ch01-02-b.txt: the recording of no listing of listings/Cargo.toml",
                "listings/recorded/ch01-03-c.run.txt: says how ch01-03-c.txt was recorded, but there is no ch01-03-c.txt",
            ],
        );
    }
}
