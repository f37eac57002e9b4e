//! A scaling curve: one program run at every thread count from 1 to the
//! machine's logical CPUs, its speedup drawn against the count.
//!
//! One efficiency figure is one count. A curve shows how the speedup grows
//! as threads are added, and where it stops growing. A listing declares it
//! as a further run of its program (`listings/Cargo.toml`):
//!
//! ```toml
//! [package.metadata.run.ch12-05-efficiency-scaling]
//! listing = "ch12-05-efficiency"
//! build = "release"
//! args = ["800"]
//! scaling = "RAYON_NUM_THREADS"
//! ```
//!
//! The program runs once per count with that variable set to the count,
//! and prints its own speedup on a line `speedup: 1.94`. The curve's text,
//! which `cargo book record` keeps as the recording, is one [`line`] per
//! count, `threads 2: speedup 1.94, efficiency 0.97`; [`svg`] draws it,
//! with the line of perfect scaling (speedup = threads) for comparison.
//! The runner of `cargo book serve` draws the reader's own curve the same
//! way, beside the recorded one.

use std::fmt::Write as _;

use crate::timeline::svg_start;

/// The line of a run's output that gives its speedup.
pub const SPEEDUP: &str = "speedup: ";

/// One count of a curve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub threads: usize,
    pub speedup: f64,
}

/// The speedup a run printed, on its line `speedup: 1.94`.
pub fn speedup_of(output: &str) -> Option<f64> {
    output
        .lines()
        .find_map(|line| line.strip_prefix(SPEEDUP))
        .and_then(|figure| figure.trim().parse().ok())
        .filter(|s: &f64| s.is_finite() && *s > 0.0)
}

/// The curve's line for one count: `threads 2: speedup 1.94, efficiency
/// 0.97`.
pub fn line(point: Point) -> String {
    format!(
        "threads {}: speedup {:.2}, efficiency {:.2}\n",
        point.threads,
        point.speedup,
        point.speedup / point.threads as f64
    )
}

/// The points of a curve's text, which must be one [`line`] for each
/// count from 1 up, in order: else the line (from 1) that is not, and why.
pub fn points(text: &str) -> Result<Vec<Point>, (usize, String)> {
    let mut points = Vec::new();
    for (n, text_line) in text.lines().enumerate() {
        let parsed = text_line
            .strip_prefix("threads ")
            .and_then(|rest| rest.split_once(": speedup "))
            .and_then(|(threads, rest)| {
                let speedup = rest.split(',').next()?;
                Some(Point {
                    threads: threads.parse().ok()?,
                    speedup: speedup.trim().parse().ok()?,
                })
            });
        let Some(point) = parsed else {
            return Err((
                n + 1,
                format!("`{text_line}` is not `threads N: speedup S, …`"),
            ));
        };
        if point.threads != n + 1 {
            return Err((
                n + 1,
                format!("count {} where count {} belongs", point.threads, n + 1),
            ));
        }
        points.push(point);
    }
    Ok(points)
}

/// The figure of `name`'s curve `text` (read from `file`, for messages),
/// or `None` if `text` is not a curve (its first line is no [`line`]).
pub fn figure(name: &str, file: &str, text: &str) -> Result<Option<String>, String> {
    if !text.starts_with("threads ") {
        return Ok(None);
    }
    let points = points(text).map_err(|(line, why)| format!("{file}:{line}: {why}"))?;
    Ok(Some(svg(&points, &format!("Scaling curve of {name}"))))
}

const WIDTH: f64 = 420.0;
const HEIGHT: f64 = 240.0;
/// Room left of the plot for the speedups, and below it for the counts.
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 40.0;
const MARGIN: f64 = 12.0;

/// The curve of `points` as an SVG document, with the line of perfect
/// scaling: count against speedup, both from 0. `caption` becomes its
/// accessible title. Meant to be inlined in a page (see
/// `crate::timeline::svg_start`).
pub fn svg(points: &[Point], caption: &str) -> String {
    let most = points.iter().map(|p| p.threads).max().unwrap_or(1).max(1);
    let top = points
        .iter()
        .map(|p| p.speedup)
        .fold(most as f64, f64::max)
        .ceil();
    let (plot_w, plot_h) = (WIDTH - LEFT - MARGIN, HEIGHT - BOTTOM - MARGIN);
    let x = |threads: f64| LEFT + threads / most as f64 * plot_w;
    let y = |speedup: f64| MARGIN + plot_h - speedup / top * plot_h;
    let mut out = svg_start("scaling", WIDTH, HEIGHT, caption);
    // Axes, with a tick at each count (at most about ten) and speedup.
    let (x0, y0) = (x(0.0), y(0.0));
    writeln!(
        out,
        "<line class=\"axis\" x1=\"{x0:.1}\" y1=\"{y0:.1}\" x2=\"{:.1}\" y2=\"{y0:.1}\" stroke=\"#333\"></line>",
        x(most as f64)
    )
    .unwrap();
    writeln!(
        out,
        "<line class=\"axis\" x1=\"{x0:.1}\" y1=\"{y0:.1}\" x2=\"{x0:.1}\" y2=\"{:.1}\" stroke=\"#333\"></line>",
        y(top)
    )
    .unwrap();
    let step = |n: usize| n.div_ceil(10).max(1);
    for count in (0..=most).step_by(step(most)) {
        let tx = x(count as f64);
        writeln!(
            out,
            "<line class=\"axis\" x1=\"{tx:.1}\" y1=\"{y0:.1}\" x2=\"{tx:.1}\" y2=\"{:.1}\" stroke=\"#333\"></line>",
            y0 + 5.0
        )
        .unwrap();
        writeln!(
            out,
            "<text class=\"label\" x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#333\">{count}</text>",
            y0 + 18.0
        )
        .unwrap();
    }
    writeln!(
        out,
        "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#333\">threads</text>",
        x(most as f64 / 2.0),
        HEIGHT - 6.0
    )
    .unwrap();
    for speedup in (0..=top as usize).step_by(step(top as usize)) {
        let ty = y(speedup as f64);
        writeln!(
            out,
            "<line class=\"axis\" x1=\"{:.1}\" y1=\"{ty:.1}\" x2=\"{x0:.1}\" y2=\"{ty:.1}\" stroke=\"#333\"></line>",
            x0 - 5.0
        )
        .unwrap();
        writeln!(
            out,
            "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#333\">{speedup}×</text>",
            x0 - 8.0,
            ty + 4.0
        )
        .unwrap();
    }
    // Perfect scaling: as many times faster as there are threads.
    writeln!(
        out,
        "<line class=\"ideal\" x1=\"{x0:.1}\" y1=\"{y0:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#888\" stroke-dasharray=\"4 4\"><title>perfect scaling: speedup = threads</title></line>",
        x(most as f64),
        y(most as f64)
    )
    .unwrap();
    let path: Vec<String> = points
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.threads as f64), y(p.speedup)))
        .collect();
    writeln!(
        out,
        "<polyline class=\"curve\" points=\"{}\" fill=\"none\" stroke=\"#4a7fc1\" stroke-width=\"2\"></polyline>",
        path.join(" ")
    )
    .unwrap();
    for p in points {
        writeln!(
            out,
            "<circle class=\"point\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#4a7fc1\"><title>{} thread{}: speedup {:.2}, efficiency {:.2}</title></circle>",
            x(p.threads as f64),
            y(p.speedup),
            p.threads,
            if p.threads == 1 { "" } else { "s" },
            p.speedup,
            p.speedup / p.threads as f64
        )
        .unwrap();
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CURVE: &str =
        "threads 1: speedup 0.99, efficiency 0.99\nthreads 2: speedup 1.94, efficiency 0.97\n";

    #[test]
    fn a_run_gives_its_speedup_and_a_count_its_line() {
        let run = "sequential: 89.8 ms\nparallel:   46.2 ms on 2 threads\nspeedup: 1.94\nefficiency (speedup / threads): 0.97\n";
        assert_eq!(speedup_of(run), Some(1.94));
        assert_eq!(speedup_of("speedup: none\n"), None);
        assert_eq!(speedup_of("speedup: inf\n"), None);
        assert_eq!(speedup_of("no such line\n"), None);
        let point = Point {
            threads: 2,
            speedup: 1.94,
        };
        assert_eq!(line(point), "threads 2: speedup 1.94, efficiency 0.97\n");
    }

    #[test]
    fn a_curve_is_every_count_from_one_in_order() {
        let points = points(CURVE).unwrap();
        assert_eq!(points.len(), 2);
        assert_eq!(points[1].threads, 2);
        assert_eq!(points[1].speedup, 1.94);
        let gap =
            "threads 1: speedup 1.00, efficiency 1.00\nthreads 3: speedup 2.5, efficiency 0.83\n";
        assert_eq!(
            super::points(gap).unwrap_err(),
            (2, "count 3 where count 2 belongs".to_owned())
        );
        assert_eq!(super::points("threads x\n").unwrap_err().0, 1);
        assert_eq!(
            figure("c", "c.txt", "threads 1: oops\n").unwrap_err(),
            "c.txt:1: `threads 1: oops` is not `threads N: speedup S, …`"
        );
        assert_eq!(figure("c", "c.txt", "[ 0 ms] a starts\n"), Ok(None));
    }

    #[test]
    fn the_figure_has_a_point_per_count_and_perfect_scaling() {
        let drawn = figure("ch12 <x>", "c.txt", CURVE).unwrap().unwrap();
        assert_eq!(drawn.matches("<circle class=\"point\"").count(), 2);
        assert!(drawn.contains("aria-label=\"Scaling curve of ch12 &lt;x&gt;\""));
        assert!(drawn.contains("<title>2 threads: speedup 1.94, efficiency 0.97</title>"));
        assert!(drawn.contains("class=\"ideal\""));
        // Counts 0, 1, 2 on one axis; speedups 0×, 1×, 2× on the other.
        for label in [">0</text>", ">2</text>", ">0×</text>", ">2×</text>"] {
            assert!(drawn.contains(label), "{label} in {drawn}");
        }
        // The point of 2 threads at 1.94 lies just under the ideal line's
        // end, at (2, 2).
        let ideal = drawn.split("class=\"ideal\"").nth(1).unwrap();
        let ideal_end_y = ideal.split('>').next().unwrap();
        assert!(ideal_end_y.contains("y2=\"12.0\""), "{drawn}");
        assert!(!drawn.contains("\n\n") && !drawn.contains("/>"));
        // Many CPUs: about ten ticks, not one per count.
        let many: Vec<Point> = (1..=64)
            .map(|threads| Point {
                threads,
                speedup: threads as f64 * 0.8,
            })
            .collect();
        let wide = svg(&many, "many");
        assert!(
            wide.matches("text-anchor=\"middle\"").count() <= 12,
            "{wide}"
        );
    }
}
