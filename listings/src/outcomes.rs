//! "Which of these can it print?": quiz questions whose answers a model
//! checker lists.
//!
//! Such a question (a `MultipleChoice` of a chapter's quiz) shows a racy
//! program and offers outputs: its correct options are the outputs the
//! program can print, its distractors outputs it never prints. A chapter's
//! test runs the program under loom, exhaustively ([`outcomes`]: every
//! interleaving of its threads, with no preemption bound), collects every
//! output into a set, and checks the question against it
//! ([`Question::assert_lists_exactly`]): the correct options must be that
//! set, no more and no fewer, and no distractor may be in it.
//!
//! An option is an output written as the quiz writes it ([`option`]): each
//! printed line in backticks, joined by ` then `
//! (`` `left 1` then `right 1` ``), or `Nothing at all`.
//!
//! The program the test runs is the one the quiz shows: the test keeps a
//! copy of it between two marker lines, with loom's types imported in place
//! of std's (and, above the copy, [`loom_println!`] imported as
//! `println`), and [`Question::assert_program_is_copied_in`] checks that
//! the copy is the quiz's program, word for word, with only those imports
//! changed. For a program loom cannot run (tokio's), the copy is the
//! program itself, and the test models its race separately.

use std::collections::BTreeSet;
use std::path::PathBuf;

/// `println!` for a program run under loom: it prints one whole line under
/// a lock, as std's `println!` does under standard output's lock, into the
/// lines [`outcomes`] collects for the current execution. A model imports
/// it as `println` (`use listings::loom_println as println;`), so that the
/// program's text is unchanged.
#[macro_export]
macro_rules! loom_println {
    ($($arg:tt)*) => {
        $crate::outcomes::print_line(format!($($arg)*))
    };
}

loom::lazy_static! {
    /// The lines printed so far in this execution: loom makes a fresh one
    /// for every execution it explores.
    static ref PRINTED: loom::sync::Mutex<Vec<String>> = loom::sync::Mutex::new(Vec::new());
}

/// Prints one line (see [`loom_println!`]).
pub fn print_line(line: String) {
    PRINTED.lock().unwrap().push(line);
}

/// How the quiz writes an output: each line in backticks, joined by
/// ` then `; `Nothing at all` for no output.
pub fn option(lines: &[String]) -> String {
    if lines.is_empty() {
        return "Nothing at all".to_owned();
    }
    lines
        .iter()
        .map(|line| {
            assert!(!line.contains('`'), "a line with a backtick: {line:?}");
            format!("`{line}`")
        })
        .collect::<Vec<_>>()
        .join(" then ")
}

/// Every output `program` can print: loom runs it once for every
/// interleaving of its threads (no preemption bound: exhaustively, not just
/// the interleavings with few preemptions) and for every value each of its
/// atomic loads may return in loom's model, and this collects what each
/// execution printed with [`loom_println!`], written as an [`option`].
/// `program` must join every thread that prints before it returns.
pub fn outcomes(program: impl Fn() + Sync + Send + 'static) -> BTreeSet<String> {
    let found = std::sync::Arc::new(std::sync::Mutex::new(BTreeSet::new()));
    let seen = std::sync::Arc::clone(&found);
    let mut builder = loom::model::Builder::new();
    // `Builder::new` takes a bound from LOOM_MAX_PREEMPTIONS if it is set:
    // an outcome found only beyond it would be missed, so there is none.
    builder.preemption_bound = None;
    builder.check(move || {
        program();
        let printed = std::mem::take(&mut *PRINTED.lock().unwrap());
        seen.lock().unwrap().insert(option(&printed));
    });
    found.lock().unwrap().clone()
}

/// A `MultipleChoice` question of a chapter's quiz, as the quiz file has
/// it.
#[derive(Clone, Debug)]
pub struct Question {
    /// Where it is: `quizzes/chNN-name.toml`, question `id`.
    pub at: String,
    /// Its prompt (Markdown), which shows the program.
    pub prompt: String,
    /// Its correct options.
    pub answers: Vec<String>,
    /// Its wrong options.
    pub distractors: Vec<String>,
}

/// The question `id` of `quizzes/<chapter>.toml`; panics if there is none,
/// or if it is not a `MultipleChoice`.
pub fn question(chapter: &str, id: &str) -> Question {
    let file = quizzes_dir().join(format!("{chapter}.toml"));
    let at = format!("quizzes/{chapter}.toml, question {id}");
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let quiz: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let questions = quiz
        .get("questions")
        .and_then(|q| q.as_array())
        .unwrap_or_else(|| panic!("{}: no [[questions]]", file.display()));
    let found = questions
        .iter()
        .find(|q| q.get("id").and_then(|v| v.as_str()) == Some(id))
        .unwrap_or_else(|| panic!("{at}: no question with this id"));
    let kind = found.get("type").and_then(|t| t.as_str());
    assert_eq!(kind, Some("MultipleChoice"), "{at}: not a MultipleChoice");
    let strings = |value: Option<&toml::Value>| -> Vec<String> {
        match value {
            Some(toml::Value::String(s)) => vec![s.clone()],
            Some(toml::Value::Array(items)) => items
                .iter()
                .map(|item| {
                    item.as_str()
                        .unwrap_or_else(|| panic!("{at}: an option is not a string"))
                        .to_owned()
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let prompt = found.get("prompt");
    let answer = found.get("answer");
    Question {
        prompt: prompt
            .and_then(|p| p.get("prompt"))
            .and_then(|p| p.as_str())
            .unwrap_or_default()
            .to_owned(),
        answers: strings(answer.and_then(|a| a.get("answer"))),
        distractors: strings(prompt.and_then(|p| p.get("distractors"))),
        at,
    }
}

fn quizzes_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../quizzes")
}

impl Question {
    /// `Ok` if the correct options are exactly `possible`, every output
    /// the model checker found, and no distractor is one of them; `Err`
    /// says what is wrong: too few (an output it can print is not offered
    /// as correct), too many (an option marked correct that it never
    /// prints), or a distractor it can print.
    pub fn compare(&self, possible: &BTreeSet<String>) -> Result<(), String> {
        let answers: BTreeSet<String> = self.answers.iter().cloned().collect();
        let distractors: BTreeSet<String> = self.distractors.iter().cloned().collect();
        let mut problems = Vec::new();
        if answers.len() != self.answers.len() || distractors.len() != self.distractors.len() {
            problems.push("an option is listed twice".to_owned());
        }
        let too_few: Vec<_> = possible.difference(&answers).collect();
        if !too_few.is_empty() {
            problems.push(format!(
                "too few correct options: it can also print {too_few:?}"
            ));
        }
        let too_many: Vec<_> = answers.difference(possible).collect();
        if !too_many.is_empty() {
            problems.push(format!(
                "too many correct options: it never prints {too_many:?}"
            ));
        }
        let possible_distractors: Vec<_> = distractors.intersection(possible).collect();
        if !possible_distractors.is_empty() {
            problems.push(format!(
                "a distractor it can print: {possible_distractors:?}"
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{}: {} (the model checker found {possible:?})",
                self.at,
                problems.join("; ")
            ))
        }
    }

    /// Fails unless [`compare`](Self::compare) accepts the question with
    /// `possible`; and checks that `compare` would catch a quiz that
    /// claimed too few or too many outputs: the question with any one
    /// correct option left out, or with any one distractor marked correct,
    /// is rejected.
    pub fn assert_lists_exactly(&self, possible: &BTreeSet<String>) {
        if let Err(e) = self.compare(possible) {
            panic!("{e}");
        }
        for (n, answer) in self.answers.iter().enumerate() {
            let mut doctored = self.clone();
            doctored.answers.remove(n);
            let err = doctored
                .compare(possible)
                .expect_err("a quiz missing a correct option is rejected");
            assert!(err.contains("too few") && err.contains(answer), "{err}");
        }
        for (n, distractor) in self.distractors.iter().enumerate() {
            let mut doctored = self.clone();
            doctored.answers.push(doctored.distractors.remove(n));
            let err = doctored
                .compare(possible)
                .expect_err("a quiz marking a distractor correct is rejected");
            assert!(
                err.contains("too many") && err.contains(distractor),
                "{err}"
            );
        }
    }

    /// The program the prompt shows: its ```` ```rust ```` block.
    pub fn program(&self) -> &str {
        let start = self
            .prompt
            .find("```rust\n")
            .unwrap_or_else(|| panic!("{}: the prompt shows no ```rust block", self.at))
            + "```rust\n".len();
        let end = self.prompt[start..]
            .find("```")
            .unwrap_or_else(|| panic!("{}: the ```rust block is not closed", self.at));
        &self.prompt[start..start + end]
    }

    /// Fails unless the test file `listings/tests/<file>` holds the
    /// question's program between the lines `// QUIZ PROGRAM <id> STARTS`
    /// and `// QUIZ PROGRAM <id> ENDS`, word for word, once each text
    /// `from` of `replacements` in the quiz's program is replaced by its
    /// `to` (std's types by loom's, in the imports). Lines are compared
    /// trimmed, blank lines left out: the copy sits indented in a module.
    pub fn assert_program_is_copied_in(&self, file: &str, replacements: &[(&str, &str)]) {
        let id = self.at.rsplit(' ').next().unwrap();
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests")
            .join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let (start, end) = (
            format!("// QUIZ PROGRAM {id} STARTS\n"),
            format!("// QUIZ PROGRAM {id} ENDS"),
        );
        let from = text
            .find(&start)
            .unwrap_or_else(|| panic!("{file}: no `{}`", start.trim()))
            + start.len();
        let to = from
            + text[from..]
                .find(&end)
                .unwrap_or_else(|| panic!("{file}: no `{end}`"));
        let mut shown = self.program().to_owned();
        for (from, to) in replacements {
            assert!(
                shown.contains(from),
                "{}: the program has no `{from}`",
                self.at
            );
            shown = shown.replace(from, to);
        }
        let lines = |text: &str| -> Vec<String> {
            text.lines()
                .map(|line| line.trim().to_owned())
                .filter(|line| !line.is_empty())
                .collect()
        };
        assert_eq!(
            lines(&text[from..to]),
            lines(&shown),
            "{file}: the copy between the QUIZ PROGRAM {id} lines is not the program of {}",
            self.at
        );
    }
}

/// `std::sync::mpsc` for the quizzes' programs under loom, built on loom's
/// own channel, which is light enough for loom to explore every
/// interleaving of a few threads that use it (`ch06_loom`'s, built from a
/// `Mutex` and a `Condvar`, is not: its every `send` and `recv` is several
/// steps that loom interleaves).
///
/// loom's channel does not model a closed one: its `recv` never reports
/// that every sender is gone, where std's returns `Err(RecvError)` once the
/// channel is empty. So the senders say so through the channel itself: a
/// clone sends `Opened` before it is handed out, a drop sends `Closed`, and
/// the receiver counts them. The channel is first in, first out, and a
/// sender's `Opened` is sent before its `Closed` and before the `Closed` of
/// the sender it was cloned from, so the count reaches 0 only once every
/// sender is gone, and after every message they sent: then `recv` returns
/// `Err(RecvError)`, as std's does.
///
/// Unlike std's, a sender must not outlive the receiver: its `Closed` would
/// never be received, and loom reports a message left in a channel at the
/// end of an execution as leaked. None of the quizzes' programs does that.
pub mod mpsc {
    use std::cell::Cell;
    pub use std::sync::mpsc::{RecvError, SendError};

    /// What goes through loom's channel.
    enum Note<T> {
        Message(T),
        /// One more sender.
        Opened,
        /// One sender fewer.
        Closed,
    }

    pub struct Sender<T>(loom::sync::mpsc::Sender<Note<T>>);

    pub struct Receiver<T> {
        notes: loom::sync::mpsc::Receiver<Note<T>>,
        /// The senders not yet dropped, as far as the notes received say.
        senders: Cell<usize>,
    }

    pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
        let (sender, notes) = loom::sync::mpsc::channel();
        let receiver = Receiver {
            notes,
            senders: Cell::new(1),
        };
        (Sender(sender), receiver)
    }

    impl<T> Sender<T> {
        pub fn send(&self, message: T) -> Result<(), SendError<T>> {
            self.0
                .send(Note::Message(message))
                .map_err(|SendError(note)| match note {
                    Note::Message(message) => SendError(message),
                    _ => unreachable!("a message was sent"),
                })
        }
    }

    impl<T> Clone for Sender<T> {
        fn clone(&self) -> Self {
            let _ = self.0.send(Note::Opened);
            Sender(self.0.clone())
        }
    }

    impl<T> Drop for Sender<T> {
        fn drop(&mut self) {
            let _ = self.0.send(Note::Closed);
        }
    }

    impl<T> Receiver<T> {
        pub fn recv(&self) -> Result<T, RecvError> {
            loop {
                if self.senders.get() == 0 {
                    return Err(RecvError);
                }
                match self.notes.recv().expect("loom's channel never closes") {
                    Note::Message(message) => return Ok(message),
                    Note::Opened => self.senders.set(self.senders.get() + 1),
                    Note::Closed => self.senders.set(self.senders.get() - 1),
                }
            }
        }

        /// std's `Receiver::iter`: the messages, until every sender is gone
        /// and the channel is empty.
        pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
            std::iter::from_fn(|| self.recv().ok())
        }
    }
}
