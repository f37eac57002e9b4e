//! mdbook-quiz, run once per input. Building the book runs the quiz
//! preprocessor, which validates every quiz, compiling and running each
//! `Tracing` question's program with `rustc`: some 3 s of a build, done on
//! every build of a test run (the book checks build the book, and the
//! browser test builds it again), though nothing it reads has changed.
//!
//! [`CachedQuiz`] is that same preprocessor, the command `book.toml` names,
//! run as mdBook runs it. Its output is kept in `target/quiz-preprocessed/`
//! under a hash of all it depends on: its input (the book and mdBook's
//! context), the text of every quiz file the book includes, the
//! preprocessor's version and `rustc`'s. When none of those changed, the
//! kept output is the output. The assets it writes beside the book's
//! sources (`src/quiz/`) must be there too, or it runs again.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

use mdbook_driver::book::{Book, BookItem};
use mdbook_driver::builtin_preprocessors::CmdPreprocessor;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

/// The preprocessor's name, as in `[preprocessor.quiz]`.
pub const NAME: &str = "quiz";

pub struct CachedQuiz {
    command: CmdPreprocessor,
    line: String,
    root: PathBuf,
}

impl CachedQuiz {
    /// The quiz preprocessor of the book at `root`, run as `command` (the
    /// `command` of `[preprocessor.quiz]`, by default `mdbook-quiz`).
    pub fn new(root: &Path, command: Option<String>) -> CachedQuiz {
        let line = command.unwrap_or_else(|| format!("mdbook-{NAME}"));
        CachedQuiz {
            command: CmdPreprocessor::new(NAME.into(), line.clone(), root.to_owned(), false),
            line,
            root: root.to_owned(),
        }
    }

    /// Where the output for this input is kept, if the versions can be told.
    fn kept(&self, ctx: &PreprocessorContext, book: &Book) -> Option<PathBuf> {
        let program = self.line.split_whitespace().next()?;
        let out = Command::new(program).arg("--version").output().ok()?;
        let version = out.status.success().then_some(out.stdout)?;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        serde_json::to_string(&(ctx, book)).ok()?.hash(&mut hasher);
        version.hash(&mut hasher);
        crate::listing::rustc_version()?.hash(&mut hasher);
        for quiz in quiz_files(&ctx.root.join(&ctx.config.book.src), book) {
            quiz.display().to_string().hash(&mut hasher);
            std::fs::read(&quiz).ok().hash(&mut hasher);
        }
        let kept = format!("quiz-preprocessed/{:016x}.json", hasher.finish());
        Some(crate::target_dir(&self.root).join(kept))
    }
}

impl Preprocessor for CachedQuiz {
    fn name(&self) -> &str {
        NAME
    }

    fn run(&self, ctx: &PreprocessorContext, book: Book) -> mdbook_driver::errors::Result<Book> {
        let kept = self.kept(ctx, &book);
        let assets = ctx.root.join(&ctx.config.book.src).join(NAME);
        let assets_there = std::fs::read_dir(&assets).is_ok_and(|mut d| d.next().is_some());
        if let Some(file) = &kept
            && assets_there
            && let Ok(text) = std::fs::read(file)
            && let Ok(book) = serde_json::from_slice(&text)
        {
            return Ok(book);
        }
        let book = self.command.run(ctx, book)?;
        if let Some(file) = kept
            && let Ok(text) = serde_json::to_vec(&book)
        {
            let _ = std::fs::create_dir_all(file.parent().unwrap());
            let _ = std::fs::write(file, text);
        }
        Ok(book)
    }

    fn supports_renderer(&self, renderer: &str) -> mdbook_driver::errors::Result<bool> {
        self.command.supports_renderer(renderer)
    }
}

/// Every quiz file the book's chapters include (`{{#quiz PATH}}`, the path
/// from the chapter's folder below `src`).
fn quiz_files(src: &Path, book: &Book) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for item in book.iter() {
        if let BookItem::Chapter(chapter) = item {
            let dir = chapter
                .source_path
                .as_ref()
                .and_then(|p| p.parent())
                .map_or_else(|| src.to_owned(), |p| src.join(p));
            for (at, _) in chapter.content.match_indices("{{#quiz ") {
                let rest = &chapter.content[at + "{{#quiz ".len()..];
                if let Some(end) = rest.find("}}") {
                    files.push(dir.join(rest[..end].trim()));
                }
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use mdbook_driver::book::Chapter;

    #[test]
    fn the_quiz_files_of_the_book_are_found_from_their_chapters() {
        let mut book = Book::new();
        let mut chapter = Chapter::new(
            "One",
            "# One\n\n{{#quiz ../quizzes/ch01-one.toml}}\n".into(),
            "part/ch01-one.md",
            vec![],
        );
        chapter.source_path = Some("part/ch01-one.md".into());
        book.push_item(chapter);
        assert_eq!(
            quiz_files(Path::new("/b/src"), &book),
            [Path::new("/b/src/part/../quizzes/ch01-one.toml")]
        );
    }
}
