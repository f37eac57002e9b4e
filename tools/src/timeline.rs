//! A recorded run, drawn as a timeline.
//!
//! Listings that show tasks overlapping print one line when a task starts
//! and one when it ends, each stamped with the milliseconds since the
//! program began:
//!
//! ```text
//! [   0 ms] task 1 starts
//! [ 201 ms] task 1 ends
//! ```
//!
//! [`spans`] reads those lines back, and [`svg`] draws one lane per task with
//! a time axis in milliseconds. Every figure uses the same scale, so two
//! figures side by side compare at a glance. The SVG is meant to be inlined
//! in a page: its colours come from the page's theme through CSS classes
//! (see `theme/book.css`), with plain colours as a fallback.

use std::fmt::Write as _;

/// One task, from its `starts` line to its `ends` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub lane: String,
    pub start_ms: u64,
    pub end_ms: u64,
}

impl Span {
    /// How long the task lasted, in milliseconds.
    pub fn ms(&self) -> u64 {
        self.end_ms - self.start_ms
    }
}

/// From the first start to the last end of `spans`, in milliseconds; 0 for
/// no spans.
pub fn span_ms(spans: &[Span]) -> u64 {
    let first = spans.iter().map(|s| s.start_ms).min().unwrap_or(0);
    let last = spans.iter().map(|s| s.end_ms).max().unwrap_or(0);
    last - first
}

/// `Ok` if, in the order given, each task started no sooner than the one
/// before it ended; else `Err` naming the first pair that overlapped.
pub fn one_at_a_time(spans: &[Span]) -> Result<(), String> {
    match spans
        .windows(2)
        .find(|pair| pair[1].start_ms < pair[0].end_ms)
    {
        Some(pair) => Err(format!(
            "{} started before {} ended",
            pair[1].lane, pair[0].lane
        )),
        None => Ok(()),
    }
}

/// Whether every task was under way at one instant: the last one started
/// before the first one ended.
pub fn all_under_way_at_once(spans: &[Span]) -> bool {
    let last_start = spans.iter().map(|s| s.start_ms).max();
    let first_end = spans.iter().map(|s| s.end_ms).min();
    last_start < first_end
}

/// The most tasks under way at one instant. A task that ends in the
/// millisecond another starts is not counted with it: the stamps cannot
/// tell which came first, and a pool's worker ends one job before it
/// starts the next.
pub fn most_at_once(spans: &[Span]) -> usize {
    let mut events: Vec<(u64, i32)> = spans
        .iter()
        .flat_map(|s| [(s.start_ms, 1), (s.end_ms, -1)])
        .collect();
    // At the same millisecond, ends (-1) sort before starts (+1).
    events.sort();
    let (mut now, mut most) = (0i32, 0i32);
    for (_, change) in events {
        now += change;
        most = most.max(now);
    }
    most as usize
}

/// The spans of a run, in the order the tasks started. Lines of other
/// forms are skipped; a task that ends without starting, starts twice or
/// never ends is an error, `line 4: task 2 ends but never started`. For the
/// spans of a file, see [`spans_in`].
pub fn spans(output: &str) -> Result<Vec<Span>, String> {
    parse(output).map_err(|(line, message)| format!("line {line}: {message}"))
}

/// The spans of the recorded run in `file` (named as the reader should see
/// it, e.g. `listings/recorded/ch01-02-a-thread-each.txt`), whose text is
/// `output`: as [`spans`], but an error names the file and the line,
/// `listings/recorded/ch01-02-a-thread-each.txt:4: task 2 ends but never
/// started`.
pub fn spans_in(file: &str, output: &str) -> Result<Vec<Span>, String> {
    parse(output).map_err(|(line, message)| format!("{file}:{line}: {message}"))
}

/// The figure of listing `name`'s recording `text` (read from `file`, for
/// messages): its timeline, or `None` if it stamps no task.
pub fn figure(name: &str, file: &str, text: &str) -> Result<Option<String>, String> {
    let spans = spans_in(file, text)?;
    let caption = format!("Timeline of a run of {name}");
    Ok((!spans.is_empty()).then(|| svg(&spans, &caption)))
}

/// The spans of `output`, or the line (from 1) where they go wrong and why.
fn parse(output: &str) -> Result<Vec<Span>, (usize, String)> {
    let mut spans: Vec<Span> = Vec::new();
    // Each task not yet ended: its span, and the line it started on.
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (n, line) in output.lines().enumerate() {
        let Some((ms, event)) = stamped(line) else {
            continue;
        };
        if let Some(lane) = event.strip_suffix(" starts") {
            if spans.iter().any(|s| s.lane == lane) {
                return Err((n + 1, format!("{lane} starts twice")));
            }
            open.push((spans.len(), n + 1));
            spans.push(Span {
                lane: lane.to_owned(),
                start_ms: ms,
                end_ms: ms,
            });
        } else if let Some(lane) = event.strip_suffix(" ends") {
            let Some(at) = open.iter().position(|&(i, _)| spans[i].lane == lane) else {
                return Err((n + 1, format!("{lane} ends but never started")));
            };
            spans[open.remove(at).0].end_ms = ms;
        }
    }
    if let Some(&(i, line)) = open.first() {
        return Err((line, format!("{} starts but never ends", spans[i].lane)));
    }
    Ok(spans)
}

/// `[  12 ms] rest` gives `(12, "rest")`.
fn stamped(line: &str) -> Option<(u64, &str)> {
    let (stamp, rest) = line.strip_prefix('[')?.split_once(" ms] ")?;
    Some((stamp.trim().parse().ok()?, rest))
}

/// Pixels per millisecond, the same in every figure.
const SCALE: f64 = 1.0;
/// Room for lane names: at least this, more for long names.
const LABEL_WIDTH: u64 = 64;
/// About how wide a character of the 12 px labels is.
const CHAR_WIDTH: f64 = 7.0;
/// Ticks on the axis stand at least this far apart, so that their labels
/// (`150 ms`) never touch.
const MIN_TICK_SPACING: f64 = 50.0;
const LANE_HEIGHT: u64 = 26;
const BAR_HEIGHT: u64 = 18;
const AXIS_HEIGHT: u64 = 30;
const MARGIN: u64 = 12;

/// The timeline of `spans` as an SVG document. `caption` becomes its
/// accessible title.
pub fn svg(spans: &[Span], caption: &str) -> String {
    let last = spans.iter().map(|s| s.end_ms).max().unwrap_or(0);
    let step = tick_step(last);
    let axis_end = last.div_ceil(step).max(1) * step;
    let longest_lane = spans.iter().map(|s| s.lane.chars().count()).max();
    let label_width = LABEL_WIDTH.max(16 + (longest_lane.unwrap_or(0) as f64 * CHAR_WIDTH) as u64);
    let x = |ms: u64| label_width as f64 + ms as f64 * SCALE;
    let width = x(axis_end).ceil() as u64 + MARGIN * 2;
    let axis_y = MARGIN + spans.len() as u64 * LANE_HEIGHT + 4;
    let height = axis_y + AXIS_HEIGHT;

    let mut out = svg_start("timeline", width, height, caption);
    for (i, span) in spans.iter().enumerate() {
        let top = MARGIN + i as u64 * LANE_HEIGHT;
        let mid = top + BAR_HEIGHT / 2 + 4;
        let (x0, x1) = (x(span.start_ms), x(span.end_ms).max(x(span.start_ms) + 1.0));
        writeln!(
            out,
            "<text class=\"label\" x=\"{}\" y=\"{mid}\" text-anchor=\"end\" fill=\"#333\">{}</text>",
            label_width - 8,
            escape(&span.lane)
        )
        .unwrap();
        writeln!(
            out,
            "<rect class=\"bar\" x=\"{x0:.1}\" y=\"{top}\" width=\"{:.1}\" height=\"{BAR_HEIGHT}\" rx=\"3\" fill=\"#4a7fc1\"><title>{}: {} ms to {} ms</title></rect>",
            x1 - x0,
            escape(&span.lane),
            span.start_ms,
            span.end_ms
        )
        .unwrap();
        // The duration, where it fits in the bar (its title has it anyway).
        let duration = format!("{} ms", span.end_ms - span.start_ms);
        if duration.len() as f64 * CHAR_WIDTH + 6.0 <= x1 - x0 {
            writeln!(
                out,
                "<text class=\"duration\" x=\"{:.1}\" y=\"{mid}\" text-anchor=\"middle\" fill=\"#fff\">{duration}</text>",
                (x0 + x1) / 2.0,
            )
            .unwrap();
        }
    }
    writeln!(
        out,
        "<line class=\"axis\" x1=\"{}\" y1=\"{axis_y}\" x2=\"{:.1}\" y2=\"{axis_y}\" stroke=\"#333\"></line>",
        label_width,
        x(axis_end)
    )
    .unwrap();
    for ms in (0..=axis_end).step_by(step as usize) {
        let tx = x(ms);
        writeln!(
            out,
            "<line class=\"axis\" x1=\"{tx:.1}\" y1=\"{axis_y}\" x2=\"{tx:.1}\" y2=\"{}\" stroke=\"#333\"></line>",
            axis_y + 5
        )
        .unwrap();
        writeln!(
            out,
            "<text class=\"label\" x=\"{tx:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">{ms} ms</text>",
            axis_y + 18
        )
        .unwrap();
    }
    out.push_str("</svg>\n");
    out
}

/// A round tick spacing that gives between 3 and 10 ticks.
fn tick_step(last_ms: u64) -> u64 {
    [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000]
        .into_iter()
        .find(|&step| step as f64 * SCALE >= MIN_TICK_SPACING && last_ms.div_ceil(step) <= 8)
        .unwrap_or(20_000)
}

/// The start of one of the book's SVG figures (a timeline, a graph, a
/// scaling curve): the `<svg>` element of CSS class `class` and its
/// accessible title, `caption`. Every figure is written to be inlined in a
/// page: no blank line and an explicit end tag for every element, so that
/// the SVG stays one HTML block in Markdown.
pub(crate) fn svg_start(
    class: &str,
    width: impl std::fmt::Display,
    height: impl std::fmt::Display,
    caption: &str,
) -> String {
    let title = escape(caption);
    format!(
        "<svg class=\"{class}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{title}\" font-family=\"sans-serif\" font-size=\"12\">\n<title>{title}</title>\n"
    )
}

/// `text` made safe inside an SVG figure's text or attribute.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const THREADS: &str = "[   0 ms] task 1 starts\n[   1 ms] task 2 starts\n[ 201 ms] task 2 ends\n[ 202 ms] task 1 ends\nall done in 202 ms\n";

    #[test]
    fn one_at_a_time_and_all_under_way_at_once() {
        let spans = spans(THREADS).unwrap();
        assert_eq!(
            one_at_a_time(&spans),
            Err("task 2 started before task 1 ended".into())
        );
        assert!(all_under_way_at_once(&spans));
        let waves = "[   0 ms] a starts\n[ 100 ms] a ends\n[ 100 ms] b starts\n[ 200 ms] b ends\n";
        let waves = super::spans(waves).unwrap();
        assert_eq!(one_at_a_time(&waves), Ok(()));
        assert!(!all_under_way_at_once(&waves));
    }

    #[test]
    fn span_ms_and_most_at_once_measure_the_spans() {
        let spans = spans(THREADS).unwrap();
        assert_eq!(span_ms(&spans), 202);
        assert_eq!(spans[1].ms(), 200);
        assert_eq!(most_at_once(&spans), 2);
        let waves = "[   0 ms] a starts\n[ 100 ms] a ends\n[ 100 ms] b starts\n[ 200 ms] b ends\n";
        assert_eq!(most_at_once(&super::spans(waves).unwrap()), 1);
        assert_eq!(span_ms(&[]), 0);
    }

    #[test]
    fn spans_pair_each_start_with_its_end() {
        let spans = spans(THREADS).unwrap();
        assert_eq!(
            spans,
            [
                Span {
                    lane: "task 1".into(),
                    start_ms: 0,
                    end_ms: 202
                },
                Span {
                    lane: "task 2".into(),
                    start_ms: 1,
                    end_ms: 201
                },
            ]
        );
    }

    #[test]
    fn unpaired_lines_are_errors() {
        assert!(
            spans("[ 5 ms] a ends\n")
                .unwrap_err()
                .contains("never started")
        );
        assert!(
            spans("[ 5 ms] a starts\n")
                .unwrap_err()
                .contains("never ends")
        );
        assert!(
            spans("[ 5 ms] a starts\n[ 6 ms] a starts\n")
                .unwrap_err()
                .contains("twice")
        );
        assert_eq!(spans("no stamps here\n"), Ok(vec![]));
    }

    #[test]
    fn errors_name_the_line_and_with_a_file_the_file() {
        let ends_early = "[ 0 ms] task 1 starts\n[ 1 ms] task 1 ends\nnote\n[ 2 ms] task 2 ends\n";
        assert_eq!(
            spans(ends_early).unwrap_err(),
            "line 4: task 2 ends but never started"
        );
        assert_eq!(
            spans_in("listings/recorded/x.txt", ends_early).unwrap_err(),
            "listings/recorded/x.txt:4: task 2 ends but never started"
        );
        // A task that never ends is named at the line where it started.
        assert_eq!(
            spans_in(
                "x.txt",
                "[ 0 ms] a starts\n[ 1 ms] b starts\n[ 2 ms] a ends\n"
            )
            .unwrap_err(),
            "x.txt:2: b starts but never ends"
        );
        assert_eq!(
            spans_in("x.txt", "[ 0 ms] a starts\n[ 1 ms] a starts\n").unwrap_err(),
            "x.txt:2: a starts twice"
        );
        assert_eq!(spans_in("x.txt", THREADS), spans(THREADS));
    }

    #[test]
    fn svg_has_a_lane_per_task_on_a_fixed_scale() {
        let svg = svg(&spans(THREADS).unwrap(), "Two <tasks>");
        assert_eq!(svg.matches("<rect class=\"bar\"").count(), 2);
        assert!(svg.contains("aria-label=\"Two &lt;tasks&gt;\""));
        // 1 px per ms: the 200 ms bar is 200 px wide.
        assert!(svg.contains("width=\"200.0\""), "{svg}");
        // Ticks every 50 ms up to 250 ms.
        assert!(svg.contains(">250 ms</text>"));
        assert!(!svg.contains(">300 ms</text>"));
        assert!(
            !svg.contains("\n\n"),
            "a blank line would end the HTML block"
        );
        assert!(
            !svg.contains("/>"),
            "self-closing tags confuse mdBook's HTML parser"
        );
    }

    #[test]
    fn ticks_stay_few() {
        assert_eq!(tick_step(200), 50);
        assert_eq!(tick_step(620), 100);
        assert_eq!(tick_step(3000), 500);
    }

    #[test]
    fn labels_never_collide() {
        let span = |lane: &str, start_ms, end_ms| Span {
            lane: lane.into(),
            start_ms,
            end_ms,
        };
        // A short run: ticks still at least 50 px apart.
        let short = svg(&[span("a", 0, 30), span("b", 10, 120)], "short");
        assert!(
            short.contains(">50 ms</text>") && !short.contains(">20 ms</text>"),
            "{short}"
        );
        // A bar too short for its duration has none written in it.
        assert!(!short.contains(">30 ms</text>"), "{short}");
        assert!(short.contains(">110 ms</text>"), "{short}");
        // A long lane name gets room to the left of the bars.
        let long = svg(&[span("consumer 12", 0, 200)], "long");
        let bar_x: f64 = long
            .split("<rect class=\"bar\" x=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(bar_x >= 16.0 + 11.0 * CHAR_WIDTH, "{long}");
    }
}
