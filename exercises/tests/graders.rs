//! Every exercise's grader can fail, and fails what it should: its starter,
//! exactly as the page shows it, fails on the property the task is about;
//! its solution passes every check; and each wrong answer fails on the
//! property that catches its mistake, in words that name it. Each file says
//! what its grader must say of it, in a line of its own:
//!
//! - `// grader: fails PROPERTY` (the starter, in the exercise's grader), or
//!   `// grader: fails PROPERTY, saying "WORDS"` (a wrong answer);
//! - a solution needs none: it must pass.
//!
//! One test per exercise (`build.rs` writes them), named after it, so that
//! `cargo book chapter chNN` runs its chapter's. All of an exercise's runs
//! go at once: they mostly wait.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use book_tools::listing::run_to_exit;

include!(concat!(env!("OUT_DIR"), "/graded.rs"));

/// Longer than any grader's watchdog: a run that outlives it has a grader
/// that cannot stop it.
const LIMIT: Duration = Duration::from_secs(20);

/// What a file says its grader must say of it.
#[derive(Debug, PartialEq)]
enum Verdict {
    Passes,
    Fails { property: String, saying: String },
}

/// The `// grader: …` line of `code` (outside `skip`, the starter's region).
fn declared(code: &str, file: &str) -> Option<Verdict> {
    let line = code
        .lines()
        .find_map(|line| line.trim().strip_prefix("// grader: "))?;
    let fails = line
        .strip_prefix("fails ")
        .unwrap_or_else(|| panic!("{file}: `// grader: {line}` is not `fails PROPERTY`"));
    let (property, saying) = match fails.split_once(", saying ") {
        Some((property, words)) => (property, words.trim_matches('"')),
        None => (fails, ""),
    };
    Some(Verdict::Fails {
        property: property.trim().to_owned(),
        saying: saying.to_owned(),
    })
}

/// The exercise's own file with its starter region taken out.
fn grader_part(program: &str) -> String {
    let begin = program.find("// ANCHOR: starter").unwrap();
    let end = program.find("// ANCHOR_END: starter").unwrap();
    format!("{}{}", &program[..begin], &program[end..])
}

/// Checks one run against `verdict`; `Err` says how it differs.
fn judge(stdout: &str, success: bool, verdict: &Verdict) -> Result<(), String> {
    let last = stdout.lines().last().unwrap_or_default();
    match verdict {
        Verdict::Passes => {
            let failed: Vec<&str> = stdout.lines().filter(|l| l.starts_with("FAIL")).collect();
            if success && failed.is_empty() && last.starts_with("PASSED") {
                Ok(())
            } else {
                Err(format!("should pass every check, but: {failed:?}"))
            }
        }
        Verdict::Fails { property, saying } => {
            let prefix = format!("FAIL {property}: ");
            let line = stdout.lines().find(|l| l.starts_with(&prefix));
            match line {
                _ if success => Err(format!("should fail on {property}, but the run succeeded")),
                None => Err(format!(
                    "should fail on {property}, but no line starts {prefix:?}"
                )),
                Some(line) if !line.contains(saying.as_str()) => Err(format!(
                    "fails on {property}, but its words do not say {saying:?}: {line}"
                )),
                Some(_) if !last.starts_with("FAILED") => {
                    Err(format!("its last line is not the FAILED line: {last:?}"))
                }
                Some(_) => Ok(()),
            }
        }
    }
}

/// Grades exercise `name`: its starter (`starter`, the program of
/// `src/bin/NAME.rs`), solution and wrong answers, all at once.
fn grade(name: &str, starter: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |file: &Path| {
        std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
    };
    let program = read(&dir.join(format!("src/bin/{name}.rs")));
    let helpers = read(&dir.join("grade.rs"));
    assert!(
        program.contains(&helpers),
        "src/bin/{name}.rs: the grader's helpers differ from exercises/grade.rs; copy them from there"
    );
    let file = format!("src/bin/{name}.rs");
    let starter_verdict = declared(&grader_part(&program), &file)
        .unwrap_or_else(|| panic!("{file}: no `// grader: fails PROPERTY` line for the starter"));
    let mut runs = vec![("starter".to_owned(), Command::new(starter), starter_verdict)];
    let answer = |answer: &str| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_exercises"));
        command.args([name, answer]);
        command
    };
    assert!(
        dir.join(format!("solutions/{name}.rs")).is_file(),
        "exercise {name} has no solutions/{name}.rs"
    );
    runs.push(("solution".into(), answer("solution"), Verdict::Passes));
    let mut wrong = 0;
    for entry in std::fs::read_dir(dir.join("wrong")).unwrap().flatten() {
        let path = entry.path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let Some(mistake) = stem.strip_prefix(&format!("{name}--")) else {
            continue;
        };
        let file = format!("wrong/{stem}.rs");
        let verdict = declared(&read(&path), &file).unwrap_or_else(|| {
            panic!("{file}: no `// grader: fails PROPERTY, saying \"WORDS\"` line")
        });
        if let Verdict::Fails { saying, .. } = &verdict {
            assert!(
                !saying.is_empty(),
                "{file}: say which words of the FAIL line name the mistake"
            );
        }
        runs.push((mistake.to_owned(), answer(mistake), verdict));
        wrong += 1;
    }
    assert!(
        wrong > 0,
        "exercise {name} has no wrong answer in wrong/{name}--MISTAKE.rs"
    );

    let problems: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .into_iter()
            .map(|(answer, command, verdict)| {
                scope.spawn(move || {
                    let judged = match run_to_exit(command, LIMIT) {
                        Ok((run, status)) => judge(&run.stdout, status.success(), &verdict)
                            .map_err(|why| format!("{why}\nit printed:\n{}{}", run.stdout, run.stderr)),
                        Err(hung) => Err(format!(
                            "did not end within {LIMIT:?}, though its grader has a watchdog; it printed:\n{}",
                            hung.printed
                        )),
                    };
                    judged.err().map(|why| format!("{name} {answer}: {why}"))
                })
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn a_verdict_line_is_read_and_judged() {
    let wrong =
        "// Mistake: …\n// grader: fails overlap, saying \"joined right after\"\nfn f() {}\n";
    let verdict = declared(wrong, "w").unwrap();
    assert_eq!(
        verdict,
        Verdict::Fails {
            property: "overlap".into(),
            saying: "joined right after".into()
        }
    );
    let failing = "PASS results\nFAIL overlap: a thread joined right after it is spawned\nFAILED: 1 of 2 checks\n";
    assert_eq!(judge(failing, false, &verdict), Ok(()));
    // A run that fails for another reason, or in other words, or passes, is
    // not the mistake's verdict.
    let other = "FAIL results: got []\nPASS overlap\nFAILED: 1 of 2 checks\n";
    assert!(judge(other, false, &verdict).is_err());
    let vague = "FAIL overlap: too slow\nFAILED: 1 of 1 checks\n";
    assert!(judge(vague, false, &verdict).is_err());
    assert!(judge("PASS overlap\nPASSED: all 1 checks\n", true, &verdict).is_err());
    assert!(
        judge(
            "PASS overlap\nPASSED: all 1 checks\n",
            true,
            &Verdict::Passes
        )
        .is_ok()
    );
    assert!(judge(failing, false, &Verdict::Passes).is_err());
}
