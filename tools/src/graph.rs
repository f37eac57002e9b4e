//! Figures of nodes and edges, drawn from what a listing really does.
//!
//! A figure is written first as a small text description, one item a line:
//!
//! ```text
//! row 0 worker 0
//! node queued 1 0 ready queue
//! node polled 2 0 poll
//! edge queued polled ×9
//! ```
//!
//! `node ID COLUMN ROW LABEL…` puts a box on a grid; `edge FROM TO [LABEL…]`
//! draws an arrow between two boxes; `row ROW LABEL…` names a row at its
//! left. [`Graph::parse`] reads such a text and [`svg`] draws it, with the
//! colours of the page's theme (see `theme/book.css`), as timelines are.
//!
//! No one types a figure's description. Each figure of the book
//! ([`FIGURES`]) names its source, a recording or a listing's file, and a
//! function that derives the description from it: chapter 7's cycle of a
//! task from the steps its executor printed in a recorded run, chapter 16's
//! dataflow from the operators listing 16-1 chains and the workers it is
//! declared to run on. `cargo book record` and `cargo book redraw` draw the
//! figures again; `check::figures` fails when a figure is not what its
//! source draws now.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::timeline::{escape, svg_start};

/// A box on the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub column: usize,
    pub row: usize,
    pub label: String,
}

/// An arrow from one box to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub label: String,
}

/// A figure's nodes, edges and row names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub rows: BTreeMap<usize, String>,
}

impl Graph {
    /// Reads a description (see the module's documentation). An error names
    /// the line, `line 3: edge to no node: pol`.
    pub fn parse(text: &str) -> Result<Graph, String> {
        let mut graph = Graph::default();
        for (n, line) in text.lines().enumerate() {
            let at = |message: String| format!("line {}: {message}", n + 1);
            let words: Vec<&str> = line.split_whitespace().collect();
            let rest = |from: usize| words.get(from..).unwrap_or_default().join(" ");
            let number = |i: usize| -> Result<usize, String> {
                words
                    .get(i)
                    .and_then(|w| w.parse().ok())
                    .ok_or_else(|| at(format!("not a number: {:?}", words.get(i))))
            };
            match words.first().copied() {
                None => {}
                Some(w) if w.starts_with('#') => {}
                Some("row") => {
                    graph.rows.insert(number(1)?, rest(2));
                }
                Some("node") if words.len() >= 5 => {
                    let id = words[1].to_owned();
                    if graph.node(&id).is_some() {
                        return Err(at(format!("node {id} twice")));
                    }
                    let (column, row) = (number(2)?, number(3)?);
                    if graph
                        .nodes
                        .iter()
                        .any(|n| (n.column, n.row) == (column, row))
                    {
                        return Err(at(format!("two nodes at {column} {row}")));
                    }
                    graph.nodes.push(Node {
                        id,
                        column,
                        row,
                        label: rest(4),
                    });
                }
                Some("edge") if words.len() >= 3 => {
                    for end in &words[1..3] {
                        if graph.node(end).is_none() {
                            return Err(at(format!("edge to no node: {end}")));
                        }
                    }
                    graph.edges.push(Edge {
                        from: words[1].to_owned(),
                        to: words[2].to_owned(),
                        label: rest(3),
                    });
                }
                Some(_) => return Err(at(format!("not `node`, `edge` or `row`: {line:?}"))),
            }
        }
        Ok(graph)
    }

    /// The description [`parse`](Self::parse) reads back as this graph.
    pub fn description(&self) -> String {
        let mut out = String::new();
        for (row, label) in &self.rows {
            writeln!(out, "row {row} {label}").unwrap();
        }
        for n in &self.nodes {
            writeln!(out, "node {} {} {} {}", n.id, n.column, n.row, n.label).unwrap();
        }
        for e in &self.edges {
            writeln!(out, "edge {} {} {}", e.from, e.to, e.label).unwrap();
        }
        out
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The figure in words, for its text alternative: every arrow, `spawn →
    /// ready queue (×3)`.
    pub fn in_words(&self) -> String {
        let label = |id: &str| self.node(id).map_or(id, |n| n.label.as_str()).to_owned();
        let rows = |id: &str| {
            self.node(id)
                .and_then(|n| self.rows.get(&n.row))
                .map_or(String::new(), |r| format!(" ({r})"))
        };
        self.edges
            .iter()
            .map(|e| {
                let count = match e.label.as_str() {
                    "" => String::new(),
                    l => format!(", {l}"),
                };
                format!(
                    "{}{} → {}{}{count}",
                    label(&e.from),
                    rows(&e.from),
                    label(&e.to),
                    rows(&e.to)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// About how wide a character of the 12 px labels is.
const CHAR_WIDTH: f64 = 7.0;
const BOX_HEIGHT: f64 = 28.0;
/// Room between two columns of boxes, for an arrow and its label.
const COLUMN_GAP: f64 = 56.0;
const ROW_GAP: f64 = 34.0;
const MARGIN: f64 = 12.0;
const ARROW: f64 = 7.0;

/// The graph as an SVG document, to inline in a page. `title` starts its
/// text alternative, which then says every arrow in words.
pub fn svg(graph: &Graph, title: &str) -> String {
    let widest = |labels: &mut dyn Iterator<Item = &String>| {
        labels.map(|l| l.chars().count()).max().unwrap_or(0) as f64 * CHAR_WIDTH
    };
    let box_width = widest(&mut graph.nodes.iter().map(|n| &n.label)) + 20.0;
    let row_labels = widest(&mut graph.rows.values());
    let left = MARGIN
        + if row_labels > 0.0 {
            row_labels + 12.0
        } else {
            0.0
        };
    let columns = graph.nodes.iter().map(|n| n.column + 1).max().unwrap_or(0);
    let rows = graph.nodes.iter().map(|n| n.row + 1).max().unwrap_or(0);
    let centre = |n: &Node| {
        (
            left + n.column as f64 * (box_width + COLUMN_GAP) + box_width / 2.0,
            MARGIN + n.row as f64 * (BOX_HEIGHT + ROW_GAP) + BOX_HEIGHT / 2.0,
        )
    };
    let width = (left + columns as f64 * (box_width + COLUMN_GAP) - COLUMN_GAP + MARGIN).ceil();
    let height = (MARGIN * 2.0 + rows as f64 * (BOX_HEIGHT + ROW_GAP) - ROW_GAP).ceil();
    let alt = format!("{title}: {}", graph.in_words());

    let mut out = svg_start("graph", width, height, &alt);
    for (row, label) in &graph.rows {
        let y = MARGIN + *row as f64 * (BOX_HEIGHT + ROW_GAP) + BOX_HEIGHT / 2.0 + 4.0;
        writeln!(
            out,
            "<text class=\"row\" x=\"{}\" y=\"{y:.1}\" text-anchor=\"end\" fill=\"#333\">{}</text>",
            left - 12.0,
            escape(label)
        )
        .unwrap();
    }
    for edge in &graph.edges {
        let (Some(from), Some(to)) = (graph.node(&edge.from), graph.node(&edge.to)) else {
            continue;
        };
        let ((x0, y0), (x1, y1)) = (centre(from), centre(to));
        let (dx, dy) = (x1 - x0, y1 - y0);
        let length = (dx * dx + dy * dy).sqrt().max(1.0);
        // Where the line leaves a box: the first border it meets.
        let exit = |along: f64, across: f64| {
            let (ux, uy) = (along.abs() / length, across.abs() / length);
            let tx = if ux > 0.0 {
                box_width / 2.0 / ux
            } else {
                f64::MAX
            };
            let ty = if uy > 0.0 {
                BOX_HEIGHT / 2.0 / uy
            } else {
                f64::MAX
            };
            tx.min(ty)
        };
        let t = exit(dx, dy);
        let (ux, uy) = (dx / length, dy / length);
        let (sx, sy) = (x0 + ux * t, y0 + uy * t);
        let (ex, ey) = (x1 - ux * (t + 2.0), y1 - uy * (t + 2.0));
        writeln!(
            out,
            "<line class=\"edge\" x1=\"{sx:.1}\" y1=\"{sy:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#333\"></line>",
            ex - ux * ARROW,
            ey - uy * ARROW
        )
        .unwrap();
        // The arrowhead: a triangle whose tip touches the box.
        let (px, py) = (-uy, ux);
        let (bx, by) = (ex - ux * ARROW, ey - uy * ARROW);
        writeln!(
            out,
            "<polygon class=\"arrow\" points=\"{ex:.1},{ey:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"#333\"></polygon>",
            bx + px * ARROW / 2.0,
            by + py * ARROW / 2.0,
            bx - px * ARROW / 2.0,
            by - py * ARROW / 2.0
        )
        .unwrap();
        if !edge.label.is_empty() {
            // Beside the middle of the arrow: above a level one, to the
            // right of an upright one.
            let (mx, my) = ((sx + ex) / 2.0, (sy + ey) / 2.0);
            let (lx, ly, anchor) = if dy.abs() > dx.abs() {
                (mx + 6.0, my + 4.0, "start")
            } else {
                (mx, my - 6.0, "middle")
            };
            writeln!(
                out,
                "<text class=\"edge-label\" x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"{anchor}\" fill=\"#333\">{}</text>",
                escape(&edge.label)
            )
            .unwrap();
        }
    }
    for node in &graph.nodes {
        let (cx, cy) = centre(node);
        writeln!(
            out,
            "<rect class=\"node\" x=\"{:.1}\" y=\"{:.1}\" width=\"{box_width:.1}\" height=\"{BOX_HEIGHT}\" rx=\"6\" fill=\"#e8eef7\" stroke=\"#333\"></rect>",
            cx - box_width / 2.0,
            cy - BOX_HEIGHT / 2.0
        )
        .unwrap();
        writeln!(
            out,
            "<text class=\"label\" x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
            cy + 4.0,
            escape(&node.label)
        )
        .unwrap();
    }
    out.push_str("</svg>\n");
    out
}

/// Lines `PREFIX SUBJECT: STATE` of a run, read as each subject's states in
/// the order printed; and every change of state, `(from, to)`, with how
/// many times it happened, in the order first seen.
pub fn transitions(output: &str, prefix: &str) -> Vec<((String, String), usize)> {
    let mut last: BTreeMap<&str, &str> = BTreeMap::new();
    let mut seen: Vec<((String, String), usize)> = Vec::new();
    for line in output.lines() {
        let Some((subject, state)) = line
            .strip_prefix(prefix)
            .and_then(|rest| rest.trim().split_once(": "))
        else {
            continue;
        };
        if let Some(before) = last.insert(subject, state) {
            let pair = (before.to_owned(), state.to_owned());
            match seen.iter_mut().find(|(p, _)| *p == pair) {
                Some((_, count)) => *count += 1,
                None => seen.push((pair, 1)),
            }
        }
    }
    seen
}

/// A figure of the book: the SVG a page inlines, the file it is drawn from,
/// and how.
pub struct Figure {
    /// The SVG, relative to the book's root.
    pub svg: &'static str,
    /// Its source, relative to the book's root.
    pub source: &'static str,
    /// The start of its text alternative.
    pub title: &'static str,
    /// The graph, from the source's text and the book's root.
    pub derive: fn(&str, &Path) -> Result<Graph, String>,
}

/// Where the book's graph figures are.
pub const FIGURES_DIR: &str = "src/figures";

/// Every graph figure of the book.
pub const FIGURES: &[Figure] = &[
    Figure {
        svg: "src/figures/ch07-task-cycle.svg",
        source: "listings/recorded/ch07-03-executor-steps.txt",
        title: "The life of a task in a recorded run of listing 7-3, each arrow with how many times the three tasks took it",
        derive: task_cycle,
    },
    Figure {
        svg: "src/figures/ch16-dataflow.svg",
        source: "listings/src/bin/ch16-01-word-count.rs",
        title: "The dataflow of listing 16-1 on the workers its run is declared with",
        derive: dataflow,
    },
];

/// The SVG of `figure`, drawn from its source as it is now.
pub fn draw(root: &Path, figure: &Figure) -> Result<String, String> {
    let text = std::fs::read_to_string(root.join(figure.source))
        .map_err(|e| format!("{}: {e}", figure.source))?;
    let graph = (figure.derive)(&text, root).map_err(|e| format!("{}: {e}", figure.source))?;
    Ok(svg(&graph, figure.title))
}

/// Chapter 7's cycle: where each state of a task stands in the figure.
/// Its arrows are the changes of state the recorded run printed
/// (`step: task 1: polled`), each with how many times they happened.
const TASK_CYCLE: &str = "node spawned 0 0 spawn
node queued 1 0 ready queue
node polled 2 0 poll
node Ready 3 0 Ready
node Pending 2 1 Pending
node woken 1 1 waker called
";

fn task_cycle(output: &str, _root: &Path) -> Result<Graph, String> {
    let mut graph = Graph::parse(TASK_CYCLE)?;
    let moves = transitions(output, "step: ");
    for ((from, to), count) in &moves {
        for state in [from, to] {
            if graph.node(state).is_none() {
                return Err(format!("the state `{state}` has no place in the figure"));
            }
        }
        graph.edges.push(Edge {
            from: from.clone(),
            to: to.clone(),
            label: format!("×{count}"),
        });
    }
    for node in &graph.nodes {
        if node.id != "spawned" && !moves.iter().any(|((_, to), _)| *to == node.id) {
            return Err(format!("no task went to `{}` in this run", node.id));
        }
    }
    Ok(graph)
}

/// Chapter 16's dataflow: one row per worker for each chain of operators
/// in the `dataflow` region of listing 16-1 (`scope.input_from(…)
/// .flat_map(…) …;`, named after its input), as many workers as its run declares (`-n`
/// processes of `-w` workers each, in `listings/Cargo.toml`). Between two
/// operators, an arrow on each worker; into `exchange`, whose channel
/// routes each record to the worker its closure names, an arrow from each
/// worker to every worker it may route to: all of them, or the one a
/// closure that returns a constant names.
fn dataflow(source: &str, root: &Path) -> Result<Graph, String> {
    let manifest = std::fs::read_to_string(root.join(crate::listing::MANIFEST))
        .map_err(|e| format!("{}: {e}", crate::listing::MANIFEST))?;
    let declared = crate::listing::declared(&manifest)?;
    let spec = declared
        .iter()
        .find(|(name, _)| name == "ch16-01-word-count")
        .map(|(_, spec)| spec)
        .ok_or("listings/Cargo.toml declares no ch16-01-word-count")?;
    let flag = |name: &str| {
        spec.args
            .windows(2)
            .find(|w| w[0] == name)
            .and_then(|w| w[1].parse::<usize>().ok())
            .unwrap_or(1)
    };
    let workers = flag("-n") * flag("-w");
    let region = source
        .split("// ANCHOR: dataflow")
        .nth(1)
        .and_then(|rest| rest.split("// ANCHOR_END: dataflow").next())
        .ok_or("no `dataflow` region")?;
    // Each chain: its operators, each with the text of its call. A call is
    // a line `.name(…` at the depth of brackets where its chain's `scope`
    // stands (a closure's lines are deeper); `…;` there ends the chain.
    let mut chains: Vec<Vec<(String, String)>> = Vec::new();
    let (mut depth, mut open) = (0i32, None);
    for line in region.lines() {
        let line = line.trim();
        let at = depth;
        for c in line.chars() {
            match c {
                '(' | '{' | '[' => depth += 1,
                ')' | '}' | ']' => depth -= 1,
                _ => {}
            }
        }
        if line == "scope" {
            chains.push(Vec::new());
            open = Some(at);
        } else if let Some(call) = line.strip_prefix('.').filter(|_| open == Some(at)) {
            let name: String = call
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            chains.last_mut().unwrap().push((name, call.to_owned()));
        }
        if open == Some(depth) && line.ends_with(';') {
            open = None;
        }
    }
    if chains.is_empty() || workers < 2 {
        return Err(format!(
            "{} chains of operators on {workers} workers: nothing to draw",
            chains.len()
        ));
    }
    let mut graph = Graph::default();
    let id = |chain: usize, worker: usize, op: usize| format!("c{chain}w{worker}o{op}");
    for (c, chain) in chains.iter().enumerate() {
        for worker in 0..workers {
            let row = c * workers + worker;
            // A chain is named after what its input is fed from,
            // `input_from(&mut lines)`.
            let fed = chain.first().and_then(|(_, call)| {
                call.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .rfind(|w| !w.is_empty())
            });
            let what = match fed {
                Some(input) if chains.len() > 1 => format!("worker {worker}, {input}"),
                _ => format!("worker {worker}"),
            };
            graph.rows.insert(row, what);
            for (o, (name, _)) in chain.iter().enumerate() {
                graph.nodes.push(Node {
                    id: id(c, worker, o),
                    column: o,
                    row,
                    label: name.clone(),
                });
            }
        }
        for (o, (name, call)) in chain.iter().enumerate().skip(1) {
            // A closure that returns a constant: `.exchange(|_: &T| 0)`.
            let only = (name == "exchange")
                .then(|| {
                    call.trim_end_matches(';')
                        .trim_end_matches(')')
                        .rsplit('|')
                        .next()
                        .and_then(|body| body.trim().parse::<usize>().ok())
                })
                .flatten();
            for from in 0..workers {
                for to in 0..workers {
                    let routed = name == "exchange" && only.is_none_or(|w| w % workers == to);
                    if to == from && name != "exchange" || routed {
                        graph.edges.push(Edge {
                            from: id(c, from, o - 1),
                            to: id(c, to, o),
                            label: String::new(),
                        });
                    }
                }
            }
        }
    }
    Ok(graph)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CYCLE_RUN: &str = "step: task 1: spawned\nstep: task 1: queued\nstep: task 2: spawned\nstep: task 2: queued\n[   0 ms] task a starts\nstep: task 1: polled\nstep: task 1: Pending\nstep: task 1: woken\nstep: task 1: queued\nstep: task 1: polled\nstep: task 1: Ready\nstep: task 2: polled\nstep: task 2: Ready\n";

    #[test]
    fn descriptions_read_back_as_written() {
        let text = "row 0 worker 0\nnode a 0 0 in put\nnode b 1 0 out\nedge a b ×2\n";
        let graph = Graph::parse(text).unwrap();
        assert_eq!(graph.description(), text);
        assert_eq!(graph.node("a").unwrap().label, "in put");
        assert_eq!(graph.in_words(), "in put (worker 0) → out (worker 0), ×2");
    }

    #[test]
    fn bad_descriptions_name_their_line() {
        assert_eq!(
            Graph::parse("node a 0 0 a\nedge a b\n").unwrap_err(),
            "line 2: edge to no node: b"
        );
        assert_eq!(
            Graph::parse("node a 0 0 a\nnode b 0 0 b\n").unwrap_err(),
            "line 2: two nodes at 0 0"
        );
        assert!(
            Graph::parse("box a\n")
                .unwrap_err()
                .starts_with("line 1: not")
        );
        assert!(
            Graph::parse("node a x 0 a\n")
                .unwrap_err()
                .contains("not a number")
        );
    }

    #[test]
    fn transitions_follow_each_subject_and_count() {
        let moves = transitions(CYCLE_RUN, "step: ");
        let count = |from: &str, to: &str| {
            moves
                .iter()
                .find(|((f, t), _)| f == from && t == to)
                .map_or(0, |(_, n)| *n)
        };
        assert_eq!(count("spawned", "queued"), 2);
        assert_eq!(count("queued", "polled"), 3);
        assert_eq!(count("polled", "Ready"), 2);
        assert_eq!(count("Pending", "woken"), 1);
        // Task 2's `polled` follows its own `queued`, not task 1's `Ready`.
        assert_eq!(count("Ready", "polled"), 0);
    }

    #[test]
    fn the_task_cycle_is_drawn_from_the_run_alone() {
        let graph = task_cycle(CYCLE_RUN, Path::new(".")).unwrap();
        let edge = |from: &str, to: &str| {
            graph
                .edges
                .iter()
                .find(|e| e.from == from && e.to == to)
                .map(|e| e.label.clone())
        };
        assert_eq!(edge("queued", "polled").as_deref(), Some("×3"));
        assert_eq!(edge("woken", "queued").as_deref(), Some("×1"));
        assert_eq!(edge("Ready", "queued"), None);
        // A state the figure has no place for, or one the run never took,
        // is an error rather than a figure that says something else.
        let odd = format!("{CYCLE_RUN}step: task 3: lost\nstep: task 3: found\n");
        assert!(
            task_cycle(&odd, Path::new("."))
                .unwrap_err()
                .contains("`lost`")
        );
        let no_wake = "step: task 1: spawned\nstep: task 1: queued\nstep: task 1: polled\nstep: task 1: Ready\n";
        assert!(
            task_cycle(no_wake, Path::new("."))
                .unwrap_err()
                .contains("`Pending`")
        );
    }

    #[test]
    fn svg_has_a_box_per_node_an_arrow_per_edge_and_words_for_all() {
        let graph = task_cycle(CYCLE_RUN, Path::new(".")).unwrap();
        let drawn = svg(&graph, "A <cycle>");
        assert_eq!(drawn.matches("<rect class=\"node\"").count(), 6);
        assert_eq!(
            drawn.matches("<line class=\"edge\"").count(),
            graph.edges.len()
        );
        assert_eq!(
            drawn.matches("<polygon class=\"arrow\"").count(),
            graph.edges.len()
        );
        assert!(
            drawn.contains("<title>A &lt;cycle&gt;: spawn → ready queue, ×2; "),
            "{drawn}"
        );
        assert!(drawn.contains("aria-label=\"A &lt;cycle&gt;: "));
        assert!(
            !drawn.contains("\n\n"),
            "a blank line would end the HTML block"
        );
        assert!(!drawn.contains("/>"), "self-closing tags confuse mdBook");
    }

    #[test]
    fn the_dataflow_follows_the_listing_and_its_exchange() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let source = "// ANCHOR: dataflow\nscope\n    .input_from(&mut lines)\n    .exchange(|w: &String| key(w))\n    .inspect(|_| ());\nscope\n    .input_from(&mut report)\n    .exchange(|_: &u64| 0)\n    .probe_with(&probe);\n// ANCHOR_END: dataflow\n";
        let graph = dataflow(source, root).unwrap();
        // Two chains on two workers: four rows of their operators.
        assert_eq!(graph.rows.len(), 4);
        assert_eq!(graph.nodes.len(), 2 * 3 + 2 * 3);
        let into = |to: &str| graph.edges.iter().filter(|e| e.to == to).count();
        // Words go to either worker; reports only to worker 0.
        assert_eq!(into("c0w0o1") + into("c0w1o1"), 4);
        assert_eq!((into("c1w0o1"), into("c1w1o1")), (2, 0));
        // After the exchange, each worker's records stay on it.
        assert_eq!(into("c0w1o2"), 1);
    }
}
