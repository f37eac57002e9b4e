//! Graph figures are drawn from their sources. Chapter 7's cycle of a task
//! is what a recorded run of its executor did, and chapter 16's dataflow is
//! what listing 16-1 builds: a figure edited by hand, or left behind when
//! its source changed, would show the reader something no run did.

use std::path::Path;

use super::files_in;
use crate::graph::{self, FIGURES, FIGURES_DIR, Figure};

/// Every figure of [`FIGURES`] is exactly what [`graph::draw`] draws from
/// its source now, and every SVG of `src/figures` is one of them.
pub fn graphs(root: &Path) -> Vec<String> {
    check(root, FIGURES)
}

fn check(root: &Path, figures: &[Figure]) -> Vec<String> {
    let mut problems = Vec::new();
    for figure in figures {
        let expected = match graph::draw(root, figure) {
            Ok(svg) => svg,
            Err(e) => {
                problems.push(format!("{}: cannot be drawn: {e}", figure.svg));
                continue;
            }
        };
        match std::fs::read_to_string(root.join(figure.svg)) {
            Ok(drawn) if drawn == expected => {}
            Ok(_) => problems.push(format!(
                "{}: not drawn from {} as the book draws it now: run `cargo book redraw`",
                figure.svg, figure.source
            )),
            Err(e) => problems.push(format!(
                "{}: {e}: run `cargo book redraw` to draw it from {}",
                figure.svg, figure.source
            )),
        }
    }
    for file in files_in(root, FIGURES_DIR) {
        let shown = file.display().to_string();
        if !figures.iter().any(|f| Path::new(f.svg) == file) {
            problems.push(format!(
                "{shown}: a figure no source draws (add it to `graph::FIGURES`)"
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::{Fixture, assert_problems};
    use crate::graph::Graph;

    /// A figure whose source is a list of `a -> b` lines.
    fn arrows(text: &str, _root: &Path) -> Result<Graph, String> {
        let mut description = String::from("node a 0 0 a\nnode b 1 0 b\n");
        for line in text.lines() {
            let (from, to) = line.split_once(" -> ").ok_or("not `a -> b`")?;
            description += &format!("edge {from} {to}\n");
        }
        Graph::parse(&description)
    }

    const FIGURE: Figure = Figure {
        svg: "src/figures/ch01-arrows.svg",
        source: "listings/recorded/ch01-01-arrows.txt",
        title: "Arrows",
        derive: arrows,
    };

    #[test]
    fn a_figure_is_what_its_source_draws() {
        let book = Fixture::new("figures-good");
        book.file(FIGURE.source, "a -> b\n");
        let svg = graph::draw(&book.dir, &FIGURE).unwrap();
        book.file(FIGURE.svg, &svg);
        assert_problems(&check(&book.dir, &[FIGURE]), &[]);
    }

    #[test]
    fn a_figure_edited_left_behind_or_unknown_is_named() {
        let book = Fixture::new("figures-bad");
        book.file(FIGURE.source, "a -> b\n");
        let svg = graph::draw(&book.dir, &FIGURE).unwrap();
        // The source changed after the figure was drawn, and a figure no
        // source draws sits beside it.
        book.file(FIGURE.source, "a -> b\nb -> a\n")
            .file(FIGURE.svg, &svg)
            .file("src/figures/ch01-by-hand.svg", "<svg></svg>\n");
        assert_problems(
            &check(&book.dir, &[FIGURE]),
            &[
                "src/figures/ch01-arrows.svg: not drawn from listings/recorded/ch01-01-arrows.txt as the book draws it now: run `cargo book redraw`",
                "src/figures/ch01-by-hand.svg: a figure no source draws",
            ],
        );
        // A figure edited by hand.
        book.file(FIGURE.source, "a -> b\n")
            .file(FIGURE.svg, &svg.replace(">a<", ">A<"));
        std::fs::remove_file(book.dir.join("src/figures/ch01-by-hand.svg")).unwrap();
        assert_problems(
            &check(&book.dir, &[FIGURE]),
            &["src/figures/ch01-arrows.svg: not drawn from"],
        );
        // A source the figure cannot be drawn from, and a missing figure.
        book.file(FIGURE.source, "a to b\n");
        assert_problems(
            &check(&book.dir, &[FIGURE]),
            &[
                "src/figures/ch01-arrows.svg: cannot be drawn: listings/recorded/ch01-01-arrows.txt: not `a -> b`",
            ],
        );
        book.file(FIGURE.source, "a -> b\n");
        std::fs::remove_file(book.dir.join(FIGURE.svg)).unwrap();
        assert_problems(
            &check(&book.dir, &[FIGURE]),
            &["src/figures/ch01-arrows.svg: "],
        );
    }
}
