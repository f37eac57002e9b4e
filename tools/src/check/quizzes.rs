//! Quizzes are valid and right. mdbook-quiz only reports a broken quiz in
//! the reader's browser, and never checks that an answer is true; a quiz
//! that asks to predict a program's output must have the output that
//! program really prints, in the book's edition.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{chapter_number, directives, toml_array_lines};
use crate::book::Chapter;
use crate::listing::Compiled;

/// Runs `rustc` (edition 2024, the book's) on `program`: `Ok` with the
/// executable, or `Err` with the compiler's messages.
pub fn compile(program: &str, name: &str) -> Result<Compiled, String> {
    compile_as(program, name, "2024")
}

fn compile_as(program: &str, name: &str, edition: &str) -> Result<Compiled, String> {
    crate::listing::rustc(
        program,
        &format!("{name}-{edition}"),
        ["--edition", edition],
    )
}

/// Every chapter has a quiz, `quizzes/<chapter>.toml`, that mdbook-quiz
/// accepts, with at least three questions, each with a fixed `id`; at least
/// one asks what a program prints (`Tracing`) and one asks how long
/// something takes. mdbook-quiz compiles and runs each `Tracing` program
/// as edition 2015; it is compiled and run here again as the book's
/// edition, 2024, so its answer (compiles or not, and what it prints) is
/// what a reader of this book would see.
pub fn quizzes(root: &Path, chapters: &[Chapter]) -> Vec<String> {
    use mdbook_quiz_schema::{Question, Quiz};

    let mut problems = Vec::new();
    let validated = mdbook_quiz_validate::Validated::default();
    for chapter in chapters
        .iter()
        .filter(|c| chapter_number(&c.path).is_some())
    {
        let file = PathBuf::from(format!("quizzes/{}.toml", chapter.stem()));
        let shown = directives(chapter)
            .iter()
            .any(|d| d.kind == "quiz" && d.file == file);
        if !shown {
            problems.push(format!(
                "src/{}: no `{{{{#quiz ../{}}}}}`",
                chapter.path.display(),
                file.display()
            ));
        }
        let Ok(text) = std::fs::read_to_string(root.join(&file)) else {
            continue;
        };
        let at = file.display();
        // mdbook-quiz's own validation compiles and runs every `Tracing`
        // program (as edition 2015): done again only when the quiz or the
        // compiler changed since it last passed.
        let valid = checked_mark(root, &("validated by mdbook-quiz", &text));
        if valid.as_ref().is_some_and(|mark| mark.exists()) {
        } else if let Err(e) =
            mdbook_quiz_validate::validate(&root.join(&file), &text, &validated, false)
        {
            problems.push(format!(
                "{at}: mdbook-quiz rejects it ({e}); its reasons are printed above"
            ));
            continue;
        } else if let Some(mark) = valid {
            let _ = std::fs::create_dir_all(mark.parent().unwrap());
            let _ = std::fs::write(&mark, &text);
        }
        let quiz: Quiz = match toml::from_str(&text) {
            Ok(quiz) => quiz,
            Err(e) => {
                problems.push(format!("{at}: {e}"));
                continue;
            }
        };
        if quiz.questions.len() < 3 {
            problems.push(format!(
                "{at}: {} questions; a chapter's quiz has at least 3",
                quiz.questions.len()
            ));
        }
        // `quizzes/ch01-a.toml:12`, where question `n` (from 0) begins.
        let lines = toml_array_lines(&text, "questions");
        let question_at = |n: usize| match lines.get(n) {
            Some(line) => format!("{at}:{line}"),
            None => format!("{at}"),
        };
        let mut tracing = 0;
        let mut timing = 0;
        for (n, question) in quiz.questions.iter().enumerate() {
            let (id, prompt) = match question {
                Question::ShortAnswer(q) => (&q.0.id, q.0.prompt.prompt.0.clone()),
                Question::MultipleChoice(q) => (&q.0.id, q.0.prompt.prompt.0.clone()),
                Question::Tracing(q) => {
                    tracing += 1;
                    let name = format!("{}-{n}", chapter.stem());
                    let (program, compiles) = (&q.0.prompt.program, q.0.answer.does_compile);
                    let stdout = q.0.answer.stdout.as_deref();
                    let passed =
                        checked_mark(root, &(program, compiles, stdout, QUIZ_PROGRAM_LIMIT));
                    if passed.as_ref().is_some_and(|mark| mark.exists()) {
                        // Checked already, with this compiler: compiling and
                        // running it again would give the same answer.
                    } else if let Err(e) = check_tracing(program, compiles, stdout, &name) {
                        problems.push(format!("{}: question {}: {e}", question_at(n), n + 1));
                    } else if let Some(mark) = passed {
                        let _ = std::fs::create_dir_all(mark.parent().unwrap());
                        let _ = std::fs::write(&mark, program);
                    }
                    (&q.0.id, String::new())
                }
            };
            if id.is_none() {
                problems.push(format!(
                    "{}: question {} has no `id` (mdbook-quiz would write one into the file)",
                    question_at(n),
                    n + 1
                ));
            }
            if prompt.to_lowercase().contains("how long") {
                timing += 1;
            }
        }
        if tracing == 0 {
            problems.push(format!(
                "{at}: no `Tracing` question: ask what a program prints"
            ));
        }
        if timing == 0 {
            problems.push(format!("{at}: no question asks how long something takes"));
        }
    }
    problems
}

/// The file that marks something as checked by this compiler (a `Tracing`
/// question, its program and its answer; a quiz mdbook-quiz validated):
/// `target/quiz-checked/<hash of what was checked and the compiler>`. It is
/// checked again whenever it or the compiler changes. `None` if the
/// compiler cannot tell its version.
fn checked_mark(root: &Path, checked: &impl std::hash::Hash) -> Option<PathBuf> {
    use std::hash::{Hash, Hasher};

    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (crate::listing::rustc_version()?, checked).hash(&mut hasher);
    let checked = format!("quiz-checked/{:016x}", hasher.finish());
    Some(crate::target_dir(root).join(checked))
}

/// How long a quiz program may run as edition 2015 (see [`check_tracing`]).
const QUIZ_PROGRAM_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Compiles and runs a quiz program; `Err` says how it differs from the
/// answer. mdbook-quiz itself compiles and runs the program as edition 2015
/// on every build of the book, with no time limit: a program that hangs
/// that way (a lock guard of an `if let` lives through its `else` before
/// 2024) would hang every build, so it is run that way here too, under a
/// limit.
fn check_tracing(
    program: &str,
    does_compile: bool,
    stdout: Option<&str>,
    name: &str,
) -> Result<(), String> {
    check_tracing_within(program, does_compile, stdout, name, QUIZ_PROGRAM_LIMIT)
}

fn check_tracing_within(
    program: &str,
    does_compile: bool,
    stdout: Option<&str>,
    name: &str,
    limit: std::time::Duration,
) -> Result<(), String> {
    if let Ok(compiled) = compile_as(program, name, "2015") {
        let limited = crate::listing::RunSpec::default().run_within(&compiled.exe, limit);
        if let Err(hung) = limited {
            return Err(format!(
                "as edition 2015, the program did not finish within {:?} (it printed {:?}); mdbook-quiz runs it that way, without a limit, on every build of the book, which would hang",
                hung.limit, hung.printed
            ));
        }
    }
    match (compile(program, name), does_compile) {
        (Err(_), false) => Ok(()),
        (Ok(_), false) => Err("the answer says it does not compile, but it does".into()),
        (Err(e), true) => Err(format!("the answer says it compiles, but:\n{e}")),
        (Ok(compiled), true) => {
            let run = crate::listing::run(Command::new(&compiled.exe));
            let want = stdout.unwrap_or_default();
            if run.stdout.trim_end() == want.trim_end() {
                Ok(())
            } else {
                Err(format!(
                    "the answer says it prints {want:?}, but it printed {:?}",
                    run.stdout
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{Fixture, assert_problems};

    #[test]
    fn a_quiz_whose_answers_are_wrong_is_rejected() {
        let book = Fixture::new("quiz-wrong");
        let quiz = "[[questions]]\nid = \"b\"\ntype = \"Tracing\"\nprompt.program = \"fn main() { println!(\\\"hi\\\"); }\"\nanswer.doesCompile = true\nanswer.stdout = \"hello\"\n";
        book.file("quizzes/ch01-a.toml", quiz);
        let chapter = book.chapter("ch01-a.md", "# A\n");
        let problems = quizzes(&book.dir, &[chapter]);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].starts_with("src/ch01-a.md: no `{{#quiz ../quizzes/ch01-a.toml}}`"));
        assert!(problems[1].starts_with("quizzes/ch01-a.toml: mdbook-quiz rejects it"));
    }

    #[test]
    fn a_quiz_asks_for_predictions() {
        let book = Fixture::new("quiz-recall");
        let question = "[[questions]]\ntype = \"ShortAnswer\"\nprompt.prompt = \"Which keyword?\"\nanswer.answer = \"move\"\n";
        book.file("quizzes/ch01-a.toml", &question.repeat(2));
        let chapter = book.chapter("ch01-a.md", "{{#quiz ../quizzes/ch01-a.toml}}\n");
        let problems = quizzes(&book.dir, &[chapter]);
        let expected = [
            "quizzes/ch01-a.toml: 2 questions; a chapter's quiz has at least 3",
            "quizzes/ch01-a.toml:1: question 1 has no `id`",
            "quizzes/ch01-a.toml:5: question 2 has no `id`",
            "quizzes/ch01-a.toml: no `Tracing` question",
            "quizzes/ch01-a.toml: no question asks how long",
        ];
        assert_problems(&problems, &expected);
    }

    #[test]
    fn tracing_answers_are_checked_in_the_books_edition() {
        // `async` is a keyword since 2018: mdbook-quiz compiles quiz
        // programs as 2015, where this compiles; in the book's edition it
        // does not.
        let program = "fn main() { let async = 1; println!(\"{}\", async); }";
        assert!(check_tracing(program, true, Some("1"), "edition").is_err());
        assert_eq!(check_tracing(program, false, None, "edition"), Ok(()));
        let hello = "fn main() { println!(\"hi\"); }";
        assert_eq!(check_tracing(hello, true, Some("hi\n"), "hello"), Ok(()));
        assert!(
            check_tracing(hello, true, Some("hello"), "hello")
                .unwrap_err()
                .contains("printed \"hi\\n\"")
        );
        // Nothing is left behind in the temporary folder.
        let dir = std::env::temp_dir().join(format!("book-compile-hello-{}", std::process::id()));
        assert!(!dir.exists(), "{} was left behind", dir.display());
    }

    #[test]
    fn a_program_that_hangs_as_edition_2015_is_refused() {
        // Ends in 2024; in 2015 the guard of the `if let` lives through the
        // `else`, which locks again: a deadlock.
        let program = "use std::sync::Mutex;\nfn main() {\n    let m = Mutex::new(vec![1]);\n    if let Some(_) = m.lock().unwrap().get(5) {\n    } else {\n        m.lock().unwrap().push(2);\n    }\n    println!(\"done\");\n}\n";
        assert!(compile(program, "hang-ok").is_ok());
        let limit = std::time::Duration::from_millis(500);
        let err = check_tracing_within(program, true, Some("done"), "hang", limit).unwrap_err();
        assert!(
            err.contains("as edition 2015, the program did not finish"),
            "{err}"
        );
    }
}
