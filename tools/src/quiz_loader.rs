//! The quiz's script, loaded when the reader needs it rather than with the
//! page: an mdBook preprocessor that runs after mdbook-quiz.
//!
//! mdbook-quiz (0.5.0) ends each chapter that has a quiz with
//! `<script type="text/javascript" src="quiz/quiz-embed.iife.js">`, 458 KB
//! gzipped, about half of what such a page transfers. A script of the
//! page's own cannot stop that download: Chromium's preload scanner fetches
//! every `<script src>` it sees in the HTML while the parser waits on the
//! page's styles, before any script runs. So this preprocessor takes the tag
//! out of the HTML and leaves its address in an inert element,
//! `<div hidden data-deferred-script="quiz/quiz-embed.iife.js">`; the
//! book's `theme/quiz-loader.js` loads the script from there once the reader
//! nears a quiz or the page is idle. The quiz's stylesheet (2 KB) stays as
//! mdbook-quiz wrote it.
//!
//! `book.toml` declares it as `[preprocessor.quiz-loader]`, run as `cargo
//! book quiz-loader` by `mdbook serve` and `mdbook build`; the book's own
//! builds ([`crate::book::build_html`]) run it in-process instead.

use mdbook_driver::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

/// Its name in `book.toml`: `[preprocessor.quiz-loader]`.
pub const NAME: &str = "quiz-loader";

/// The tag mdbook-quiz writes, up to the script's address, and after it.
const TAG_START: &str = r#"<script type="text/javascript" src=""#;
const TAG_END: &str = r#""></script>"#;
/// The file name of mdbook-quiz's script.
const SCRIPT: &str = "quiz/quiz-embed.iife.js";
/// The element a chapter's quiz is drawn into (mdbook-quiz's).
const PLACEHOLDER: &str = r#"class="quiz-placeholder""#;

pub struct QuizLoader;

impl Preprocessor for QuizLoader {
    fn name(&self) -> &str {
        NAME
    }

    fn run(&self, _: &PreprocessorContext, mut book: Book) -> mdbook_driver::errors::Result<Book> {
        let mut failed = None;
        book.for_each_mut(|item| {
            if let BookItem::Chapter(chapter) = item
                && failed.is_none()
            {
                match defer(&chapter.content) {
                    Ok(content) => chapter.content = content,
                    Err(e) => failed = Some(format!("{}: {e}", chapter.name)),
                }
            }
        });
        match failed {
            Some(e) => Err(anyhow_error(e)),
            None => Ok(book),
        }
    }

    fn supports_renderer(&self, renderer: &str) -> mdbook_driver::errors::Result<bool> {
        Ok(renderer == "html")
    }
}

fn anyhow_error(message: String) -> mdbook_driver::errors::Error {
    mdbook_driver::errors::Error::msg(message)
}

/// A chapter's HTML with each tag that loads the quiz's script replaced by
/// `<div hidden data-deferred-script="ADDRESS"></div>`. A chapter with a
/// quiz but no such tag is an error: mdbook-quiz has changed how it loads
/// its script, and the quiz would never load.
pub fn defer(content: &str) -> Result<String, String> {
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    let mut deferred = 0;
    while let Some(at) = rest.find(TAG_START) {
        let after = &rest[at + TAG_START.len()..];
        let Some(end) = after.find(TAG_END) else {
            break;
        };
        let src = &after[..end];
        out.push_str(&rest[..at]);
        if src.ends_with(SCRIPT) && !src.contains(['"', '<', '>']) {
            out.push_str(&format!(
                r#"<div hidden data-deferred-script="{src}"></div>"#
            ));
            deferred += 1;
        } else {
            out.push_str(&rest[at..at + TAG_START.len() + end + TAG_END.len()]);
        }
        rest = &after[end + TAG_END.len()..];
    }
    out.push_str(rest);
    if deferred == 0 && content.contains(PLACEHOLDER) {
        return Err(format!(
            "it has a quiz but no `{TAG_START}…{SCRIPT}{TAG_END}` to defer: \
             has mdbook-quiz changed how it loads its script?"
        ));
    }
    Ok(out)
}

/// `cargo book quiz-loader [supports RENDERER]`: the preprocessor as
/// mdBook runs a command, the book as JSON on stdin and stdout.
pub fn run_as_command(args: &[String]) -> Result<(), String> {
    if let Some("supports") = args.first().map(String::as_str) {
        let renderer = args.get(1).map(String::as_str).unwrap_or_default();
        return match renderer {
            "html" => Ok(()),
            _ => Err(format!("{NAME} does not support {renderer}")),
        };
    }
    let (ctx, book) = mdbook_preprocessor::parse_input(std::io::stdin().lock())
        .map_err(|e| format!("reading the book from mdBook: {e:#}"))?;
    let book = QuizLoader
        .run(&ctx, book)
        .map_err(|e| format!("{NAME}: {e:#}"))?;
    serde_json::to_writer(std::io::stdout().lock(), &book)
        .map_err(|e| format!("writing the book for mdBook: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUIZ: &str = r#"<div class="quiz-placeholder" data-quiz-name="&quot;q&quot;"></div>"#;

    #[test]
    fn the_quiz_script_tag_becomes_an_inert_address() {
        let chapter = format!(
            "# One\n\n{QUIZ}\n\n<script type=\"text/javascript\" src=\"../quiz/quiz-embed.iife.js\"></script>\
             <link rel=\"stylesheet\" type=\"text/css\" href=\"../quiz/style.css\">"
        );
        let deferred = defer(&chapter).unwrap();
        assert_eq!(
            deferred,
            format!(
                "# One\n\n{QUIZ}\n\n<div hidden data-deferred-script=\"../quiz/quiz-embed.iife.js\"></div>\
                 <link rel=\"stylesheet\" type=\"text/css\" href=\"../quiz/style.css\">"
            )
        );
        assert!(!deferred.contains("<script"));
    }

    #[test]
    fn other_scripts_and_chapters_without_a_quiz_are_left_alone() {
        let other = r#"<script type="text/javascript" src="other.js"></script>"#;
        assert_eq!(defer(other).unwrap(), other);
        assert_eq!(defer("# No quiz\n").unwrap(), "# No quiz\n");
    }

    #[test]
    fn a_quiz_whose_script_cannot_be_found_is_an_error() {
        let chapter = format!("{QUIZ}\n<script src=\"quiz/quiz-embed.iife.js\"></script>");
        let error = defer(&chapter).unwrap_err();
        assert!(error.contains("has mdbook-quiz changed"), "{error}");
    }
}
