//! Timelines (and scaling curves) are drawn from their recordings. A page
//! shows a listing's recorded output and, beside it, the timeline of that
//! same run (or the curve of those runs); both come
//! from one run of `cargo book record`. A recording edited or re-recorded
//! without its figure (or the reverse) would show the reader two different
//! runs as one.

use std::path::Path;

use super::{RECORDED, files_in};
use crate::recording;

/// Every figure `listings/recorded/<listing>.svg` has its recording
/// `<listing>.txt`, whose stamped lines make a timeline, and is exactly the
/// timeline `cargo book record` draws from it.
pub fn timelines(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for figure in files_in(root, RECORDED) {
        if figure.extension().is_none_or(|e| e != "svg") {
            continue;
        }
        let recording = figure.with_extension("txt");
        let (shown, txt) = (figure.display(), recording.display());
        let name = figure.file_stem().unwrap().to_string_lossy();
        let text = match std::fs::read_to_string(root.join(&recording)) {
            Ok(text) => text,
            Err(e) => {
                problems.push(format!("{shown}: figure without a recording: {txt}: {e}"));
                continue;
            }
        };
        let expected = match recording::figure(&name, &txt.to_string(), &text) {
            Ok(Some(svg)) => svg,
            Ok(None) => {
                problems.push(format!("{shown}: {txt} stamps no task to draw"));
                continue;
            }
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        match std::fs::read_to_string(root.join(&figure)) {
            Ok(drawn) if drawn == expected => {}
            Ok(_) => problems.push(format!(
                "{shown}: not drawn from {txt} as the book draws timelines now: run `cargo book redraw`"
            )),
            Err(e) => problems.push(format!("{shown}: {e}")),
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{Fixture, assert_problems};
    use crate::timeline;

    /// A copy of `listings/recorded/ch01-02-a-thread-each.txt`.
    const RUN: &str = "[   0 ms] task 1 starts\n[   0 ms] task 2 starts\n[   0 ms] task 3 starts\n[ 200 ms] task 1 ends\n[ 200 ms] task 2 ends\n[ 200 ms] task 3 ends\nall done in 200 ms\n";

    fn drawn(name: &str, run: &str) -> String {
        timeline::svg(
            &timeline::spans(run).unwrap(),
            &format!("Timeline of a run of {name}"),
        )
    }

    #[test]
    fn a_figure_is_drawn_from_its_own_recording() {
        let book = Fixture::new("timelines-good");
        book.file("listings/recorded/ch01-02-a-thread-each.txt", RUN)
            .file(
                "listings/recorded/ch01-02-a-thread-each.svg",
                &drawn("ch01-02-a-thread-each", RUN),
            )
            .file("listings/recorded/machine.txt", "8 cores\n");
        assert_problems(&timelines(&book.dir), &[]);
    }

    #[test]
    fn a_recording_edited_without_its_figure_is_named_with_its_line() {
        let book = Fixture::new("timelines-bad");
        // The recording edited after its figure was drawn: task 2 no longer
        // starts, so its end on line 4 (was 5) has nothing to end.
        let edited = RUN.replace("[   0 ms] task 2 starts\n", "");
        let slower = RUN.replace("[ 200 ms] task 3 ends", "[ 300 ms] task 3 ends");
        book.file("listings/recorded/ch01-02-a-thread-each.txt", &edited)
            .file(
                "listings/recorded/ch01-02-a-thread-each.svg",
                &drawn("ch01-02-a-thread-each", RUN),
            )
            .file("listings/recorded/ch01-03-slower.txt", &slower)
            .file(
                "listings/recorded/ch01-03-slower.svg",
                &drawn("ch01-03-slower", RUN),
            )
            .file(
                "listings/recorded/ch01-04-gone.svg",
                &drawn("ch01-04-gone", RUN),
            );
        let problems = timelines(&book.dir);
        assert_problems(
            &problems,
            &[
                "listings/recorded/ch01-02-a-thread-each.txt:4: task 2 ends but never started",
                "listings/recorded/ch01-03-slower.svg: not drawn from listings/recorded/ch01-03-slower.txt as the book draws timelines now: run `cargo book redraw`",
                "listings/recorded/ch01-04-gone.svg: figure without a recording: listings/recorded/ch01-04-gone.txt: ",
            ],
        );
    }
}
