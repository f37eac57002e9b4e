//! Figures are measured, never typed. A time, a size in bytes or a ratio on
//! a page is a measurement of some machine, and the book shows only what a
//! run printed: a figure must reach the page through an included recording
//! (`{{#include ../listings/recorded/…}}`), where a new run replaces it.
//!
//! A figure typed into a page (or a quiz) is refused unless:
//!
//! - it is a **parameter** of a program the page shows: its number (or the
//!   same quantity in another unit of its kind, `0.2 s` for 200 ms) is a
//!   number literal of a listing the page includes (the anchor it shows, or
//!   the whole file when it shows the whole file or hides the rest, as
//!   `{{#rustdoc_include}}` does), or, in a quiz, of a program or code
//!   block of the quiz; a 200 ms sleep is `Duration::from_millis(200)`;
//! - it is the **bound of a claim**: it is written in a "Proven claim" box,
//!   whose test asserts it.
//!
//! Text the reader does not see as prose is not read: directives, link
//! targets, HTML comments, and code blocks (in a quiz, its programs).
//!
//! A figure is a number, or a range of two (`20–30`), then a unit:
//!
//! - time: `ns`, `µs` (`μs`, `us`), `ms`, `s`, `sec`, `min`, and the words
//!   (`seconds`, `milliseconds`, `minutes`, `hours`, …);
//! - bytes: `B`, `KB`, `kB`, `KiB`, `MB`, `MiB`, `GB`, `GiB`, `TB`, `TiB`,
//!   `bytes` and the words (`kilobytes`, …);
//! - a ratio: `1.9×`, `1.9x` (no space), or `44 times` followed by a
//!   comparison (`as`, `faster`, `slower`, `more`, `fewer`, `less`, …);
//!   "run it 10 times" is a count, not a ratio.
//!
//! Single-letter units (`s`, `B`) need a space (`3 s`), so that `1990s` or
//! `8B` in a name are not figures; the others may touch their number
//! (`37ms`) or be joined by a hyphen (`a 200-ms sleep`).

use std::collections::BTreeSet;
use std::path::Path;

use super::directives;
use crate::book::Chapter;

/// A figure typed where the book refuses one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    /// The file, relative to the book's root: `src/ch02-threads.md`.
    pub file: String,
    /// Its line, from 1.
    pub line: usize,
    /// The figure as written: `37 ms`, `20–30 µs`, `1.9×`, `44 times`.
    pub text: String,
}

impl std::fmt::Display for Typed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: `{}` is a measured figure typed into the text: include it from a \
             recording, make it a parameter of a listing the page shows, or state it as \
             the bound of a proven claim",
            self.file, self.line, self.text
        )
    }
}

/// Every typed figure of the chapters' prose and of their quizzes.
pub fn figures(root: &Path, chapters: &[Chapter]) -> Vec<Typed> {
    let mut found = Vec::new();
    for chapter in chapters {
        let file = format!("src/{}", chapter.path.display());
        let shown = shown_numbers(root, chapter);
        found.extend(in_markdown(&file, &chapter.source, &shown));
        for quiz in directives(chapter).iter().filter(|d| d.kind == "quiz") {
            let Ok(text) = std::fs::read_to_string(root.join(&quiz.file)) else {
                continue;
            };
            found.extend(in_quiz(&quiz.file.display().to_string(), &text, &shown));
        }
    }
    found
}

/// The number literals of every listing a chapter shows (recordings are
/// not listings: a figure copied from one is still typed).
fn shown_numbers(root: &Path, chapter: &Chapter) -> BTreeSet<String> {
    let mut numbers = BTreeSet::new();
    for directive in directives(chapter) {
        let listing =
            directive.file.starts_with("listings") && !directive.file.starts_with(super::RECORDED);
        if !listing || !matches!(directive.kind.as_str(), "include" | "rustdoc_include") {
            continue;
        }
        let Ok(code) = std::fs::read_to_string(root.join(&directive.file)) else {
            continue;
        };
        let shown = match (&directive.anchor, directive.kind.as_str()) {
            (Some(anchor), "include") => anchored(&code, anchor),
            _ => code,
        };
        numbers.extend(literals(&shown));
    }
    numbers
}

/// The lines between `ANCHOR: name` and `ANCHOR_END: name`.
fn anchored(code: &str, anchor: &str) -> String {
    let mut inside = false;
    let mut shown = String::new();
    for line in code.lines() {
        if line.contains(&format!("ANCHOR_END: {anchor}")) {
            inside = false;
        } else if line.contains(&format!("ANCHOR: {anchor}")) {
            inside = true;
        } else if inside {
            shown.push_str(line);
            shown.push('\n');
        }
    }
    shown
}

/// The number literals of some code, normalized (`1_000` is `1000`).
fn literals(code: &str) -> BTreeSet<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut found = BTreeSet::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_'));
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < chars.len()
            && (chars[end].is_ascii_digit()
                || chars[end] == '_'
                || (chars[end] == '.' && chars.get(end + 1).is_some_and(char::is_ascii_digit)))
        {
            end += 1;
        }
        let text: String = chars[i..end].iter().filter(|c| **c != '_').collect();
        found.insert(normal(&text));
        i = end;
    }
    found
}

/// A number as a canonical string: no thousands separators, no trailing
/// zeros after a decimal point.
fn normal(number: &str) -> String {
    let plain: String = number.chars().filter(|c| *c != ',' && *c != '_').collect();
    match plain.parse::<f64>() {
        Ok(value) => format!("{value}"),
        Err(_) => plain,
    }
}

/// What a unit measures, and its size in the kind's smallest unit.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Time,
    Bytes,
    Ratio,
}

/// Units: (spelling, kind, scale, needs a space before it).
const UNITS: &[(&str, Kind, f64, bool)] = &[
    ("nanoseconds", Kind::Time, 1e-9, false),
    ("nanosecond", Kind::Time, 1e-9, false),
    ("microseconds", Kind::Time, 1e-6, false),
    ("microsecond", Kind::Time, 1e-6, false),
    ("milliseconds", Kind::Time, 1e-3, false),
    ("millisecond", Kind::Time, 1e-3, false),
    ("seconds", Kind::Time, 1.0, false),
    ("second", Kind::Time, 1.0, false),
    ("secs", Kind::Time, 1.0, false),
    ("sec", Kind::Time, 1.0, false),
    ("minutes", Kind::Time, 60.0, false),
    ("minute", Kind::Time, 60.0, false),
    ("mins", Kind::Time, 60.0, false),
    ("min", Kind::Time, 60.0, false),
    ("hours", Kind::Time, 3600.0, false),
    ("hour", Kind::Time, 3600.0, false),
    ("ns", Kind::Time, 1e-9, false),
    ("µs", Kind::Time, 1e-6, false),
    ("μs", Kind::Time, 1e-6, false),
    ("us", Kind::Time, 1e-6, false),
    ("ms", Kind::Time, 1e-3, false),
    ("s", Kind::Time, 1.0, true),
    ("kilobytes", Kind::Bytes, 1e3, false),
    ("megabytes", Kind::Bytes, 1e6, false),
    ("gigabytes", Kind::Bytes, 1e9, false),
    ("bytes", Kind::Bytes, 1.0, false),
    ("byte", Kind::Bytes, 1.0, false),
    ("KiB", Kind::Bytes, 1024.0, false),
    ("MiB", Kind::Bytes, 1048576.0, false),
    ("GiB", Kind::Bytes, 1073741824.0, false),
    ("TiB", Kind::Bytes, 1099511627776.0, false),
    ("KB", Kind::Bytes, 1e3, false),
    ("kB", Kind::Bytes, 1e3, false),
    ("MB", Kind::Bytes, 1e6, false),
    ("GB", Kind::Bytes, 1e9, false),
    ("TB", Kind::Bytes, 1e12, false),
    ("B", Kind::Bytes, 1.0, true),
    ("×", Kind::Ratio, 1.0, false),
];

/// Words after `N times` that make it a ratio.
const COMPARED: &[&str] = &[
    "as", "faster", "slower", "more", "fewer", "less", "longer", "shorter", "larger", "smaller",
    "bigger", "higher", "lower", "the", "that", "what",
];

/// Spaces that may stand between a number and its unit.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// A figure found in a line: its text, and the numbers it is made of
/// with what they mean.
struct Found {
    text: String,
    numbers: Vec<String>,
    kind: Kind,
    scale: f64,
}

/// The number starting at `i`, if one starts there: its end.
fn number_at(chars: &[char], i: usize) -> Option<usize> {
    if !chars[i].is_ascii_digit() {
        return None;
    }
    if i > 0 {
        let before = chars[i - 1];
        let joined = before == '-' && i > 1 && chars[i - 2].is_alphanumeric();
        if before.is_alphanumeric() || matches!(before, '.' | '_' | ',' | '/' | '#') || joined {
            return None;
        }
    }
    let mut end = i;
    while end < chars.len() {
        let c = chars[end];
        let digit_after = chars.get(end + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || ((c == '.' || c == ',') && digit_after) {
            end += 1;
        } else {
            break;
        }
    }
    Some(end)
}

/// Every figure of one line of prose.
fn figures_in(line: &str) -> Vec<Found> {
    let chars: Vec<char> = line.chars().collect();
    let text = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some(end) = number_at(&chars, i) else {
            i += 1;
            continue;
        };
        let mut numbers = vec![normal(&text(i, end))];
        let mut at = end;
        // A range: `20–30`, `20-30`, `20 to 30`.
        let mut j = at;
        while j < chars.len() && is_space(chars[j]) {
            j += 1;
        }
        let dash = chars.get(j).is_some_and(|c| matches!(c, '–' | '-'));
        let to = text(j, (j + 2).min(chars.len())) == "to";
        if dash || to {
            let mut k = j + if dash { 1 } else { 2 };
            while k < chars.len() && is_space(chars[k]) {
                k += 1;
            }
            if k < chars.len()
                && chars[k].is_ascii_digit()
                && let Some(second) = number_at(&chars, k).or_else(|| {
                    // A dash right before the digit: number_at refuses a
                    // joined dash, which here is the range's own.
                    let mut e = k;
                    while e < chars.len() && (chars[e].is_ascii_digit() || chars[e] == '.') {
                        e += 1;
                    }
                    Some(e)
                })
            {
                numbers.push(normal(&text(k, second)));
                at = second;
            }
        }
        match unit_at(&chars, at) {
            Some((unit_end, kind, scale)) => {
                found.push(Found {
                    text: text(i, unit_end),
                    numbers,
                    kind,
                    scale,
                });
                i = unit_end;
            }
            None => i = at.max(i + 1),
        }
    }
    found
}

/// The unit right after a number ending at `at`: its end, kind and scale.
fn unit_at(chars: &[char], at: usize) -> Option<(usize, Kind, f64)> {
    let mut start = at;
    let mut spaced = false;
    while start < chars.len() && is_space(chars[start]) {
        start += 1;
        spaced = true;
    }
    let hyphen = !spaced && chars.get(at) == Some(&'-');
    if hyphen {
        start = at + 1;
    }
    let rest: String = chars[start..].iter().collect();
    let ends_word = |len: usize| {
        rest[len..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_')
    };
    for &(unit, kind, scale, needs_space) in UNITS {
        if rest.starts_with(unit)
            && ends_word(unit.len())
            && (!needs_space || spaced)
            && (unit != "×" || !hyphen)
        {
            let end = start + unit.chars().count();
            return Some((end, kind, scale));
        }
    }
    // `1.9x`: an x touching its number, then no letter or digit.
    if at == start && rest.starts_with('x') && ends_word(1) {
        return Some((start + 1, Kind::Ratio, 1.0));
    }
    // `44 times as fast`.
    if spaced && rest.starts_with("times") && ends_word(5) {
        let next = rest[5..]
            .trim_start()
            .split(|c: char| !c.is_alphanumeric())
            .next();
        if next.is_some_and(|word| COMPARED.contains(&word)) {
            return Some((start + 5, Kind::Ratio, 1.0));
        }
    }
    None
}

/// Whether a figure is a parameter: each of its numbers, in its unit or
/// another of its kind, is among the literals shown, or, with `derived`,
/// follows from them by the arithmetic of a prediction (see
/// [`derivable`]).
fn is_parameter(figure: &Found, shown: &BTreeSet<String>, derived: bool) -> bool {
    let units: Vec<f64> = UNITS
        .iter()
        .filter(|u| u.1 == figure.kind)
        .map(|u| u.2)
        .collect();
    let values: Vec<f64> = if derived {
        derivable(shown)
    } else {
        Vec::new()
    };
    figure.numbers.iter().all(|number| {
        let Ok(value) = number.parse::<f64>() else {
            return false;
        };
        shown.contains(number)
            || units.iter().any(|scale| {
                let converted = value * figure.scale / scale;
                let rounded = (converted * 1e9).round() / 1e9;
                shown.contains(&format!("{rounded}"))
                    || values.iter().any(|v| (v - rounded).abs() < 1e-9)
            })
    })
}

/// What a quiz's answer may work out from the figures its question gives:
/// a whole multiple or fraction of one (`n` sleeps of `d`, work split over
/// `n` threads, `n` up to 16), or the sum of two.
fn derivable(given: &BTreeSet<String>) -> Vec<f64> {
    let given: Vec<f64> = given.iter().filter_map(|n| n.parse().ok()).collect();
    let mut values = Vec::new();
    for a in &given {
        for n in 2..=16 {
            values.push(a * n as f64);
            values.push(a / n as f64);
        }
        for b in &given {
            values.push(a + b);
        }
    }
    values
}

/// The line with what the reader does not read as prose blanked out:
/// directives, link targets, HTML comments (`comment` carries an open one
/// from line to line).
fn prose(line: &str, comment: &mut bool) -> String {
    let mut out = String::new();
    let mut rest = line;
    loop {
        if *comment {
            match rest.find("-->") {
                Some(end) => {
                    rest = &rest[end + 3..];
                    *comment = false;
                }
                None => return out,
            }
        }
        let cut = [rest.find("<!--"), rest.find("{{#"), rest.find("](")]
            .into_iter()
            .flatten()
            .min();
        let Some(cut) = cut else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..cut]);
        out.push(' ');
        rest = &rest[cut..];
        if rest.starts_with("<!--") {
            *comment = true;
            rest = &rest[4..];
        } else {
            let close = if rest.starts_with("{{#") { "}}" } else { ")" };
            match rest.find(close) {
                Some(end) => rest = &rest[end + close.len()..],
                None => return out,
            }
        }
    }
}

/// The typed figures of a page's Markdown.
fn in_markdown(file: &str, source: &str, shown: &BTreeSet<String>) -> Vec<Typed> {
    let lines: Vec<&str> = source.lines().collect();
    let mut typed = Vec::new();
    let mut fence: Option<&str> = None;
    let mut comment = false;
    let mut claim = false;
    for (n, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let quoted = trimmed.trim_start_matches('>').trim_start();
        if let Some(open) = fence {
            if quoted.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if quoted.starts_with("```") || quoted.starts_with("~~~") {
            fence = Some(&quoted[..3]);
            continue;
        }
        // A quote is a claim box if any of its lines says so.
        if trimmed.starts_with('>') {
            if n == 0 || !lines[n - 1].trim_start().starts_with('>') {
                claim = lines[n..]
                    .iter()
                    .take_while(|l| l.trim_start().starts_with('>'))
                    .any(|l| l.contains("**Proven claim.**"));
            }
        } else {
            claim = false;
        }
        let text = prose(line, &mut comment);
        if claim {
            continue;
        }
        for figure in figures_in(&text) {
            if !is_parameter(&figure, shown, false) {
                typed.push(Typed {
                    file: file.to_owned(),
                    line: n + 1,
                    text: figure.text,
                });
            }
        }
    }
    typed
}

/// The typed figures of a quiz's prompts and answers, question by
/// question. Its programs, code blocks and inline code are code: their number literals
/// count as shown, with those of the listings of the page that holds the
/// quiz. A figure of a prompt must be shown so; a figure of the rest (the
/// answer, the distractors, the explanation) may also be worked out from
/// the question's own: its code's literals and its prompt's figures (see
/// [`derivable`]): "three sleeps of 500 ms take 1500 ms".
fn in_quiz(file: &str, text: &str, page_shows: &BTreeSet<String>) -> Vec<Typed> {
    let mut typed = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[questions]]")
        .map(|(n, _)| n)
        .collect();
    starts.insert(0, 0);
    starts.push(lines.len());
    for pair in starts.windows(2) {
        typed.extend(in_question(file, &lines, pair[0], pair[1], page_shows));
    }
    typed
}

/// The typed figures of lines `from..to` of a quiz: one question.
fn in_question(
    file: &str,
    lines: &[&str],
    from: usize,
    to: usize,
    page_shows: &BTreeSet<String>,
) -> Vec<Typed> {
    let mut code = String::new();
    // (line, text, of the prompt)
    let mut prose_lines: Vec<(usize, String, bool)> = Vec::new();
    let mut key = String::new();
    let mut program = false;
    let mut fence = false;
    for (n, line) in lines.iter().enumerate().take(to).skip(from) {
        let trimmed = line.trim();
        if program {
            if trimmed.starts_with("\"\"\"") || trimmed.ends_with("\"\"\"") {
                program = false;
            } else {
                code.push_str(line);
                code.push('\n');
            }
            continue;
        }
        if !fence
            && let Some((name, _)) = trimmed.split_once('=')
            && !name.trim().is_empty()
            && name
                .trim()
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
        {
            key = name.trim().to_owned();
            // A Tracing question's program, and what it prints, which the
            // tests run and compare: code, not prose.
            if (key.ends_with("program") || key == "answer.stdout") && trimmed.ends_with("\"\"\"") {
                program = true;
                continue;
            }
        }
        if trimmed.contains("```") {
            // A fence inside a string: its lines are code, and so is what
            // sits between two on one line.
            let parts: Vec<&str> = line.split("```").collect();
            for (k, part) in parts.iter().enumerate() {
                let inside = if k % 2 == 0 { fence } else { !fence };
                if inside {
                    code.push_str(part);
                    code.push('\n');
                }
            }
            if parts.len().is_multiple_of(2) {
                fence = !fence;
            }
            continue;
        }
        if fence {
            code.push_str(line);
            code.push('\n');
            continue;
        }
        if trimmed.starts_with('#') {
            continue;
        }
        // Inline code (`Duration::from_millis(500)`) is code too: a prompt
        // that changes a listing's parameter shows it so.
        let mut text = String::new();
        for (k, part) in line.split('`').enumerate() {
            if k % 2 == 1 {
                code.push_str(part);
                code.push('\n');
                text.push(' ');
            } else {
                text.push_str(part);
            }
        }
        prose_lines.push((n + 1, text, key == "prompt.prompt"));
    }
    let mut shown = literals(&code);
    shown.extend(page_shows.iter().cloned());
    // What the rest may work out from: the question's own figures.
    let mut given = literals(&code);
    let mut comment = false;
    for (_, text, prompt) in &prose_lines {
        if *prompt {
            for figure in figures_in(&prose(text, &mut comment)) {
                given.extend(figure.numbers);
            }
        }
    }
    let mut typed = Vec::new();
    let mut comment = false;
    for (line, text, prompt) in prose_lines {
        for figure in figures_in(&prose(&text, &mut comment)) {
            let fine = is_parameter(&figure, &shown, false)
                || (!prompt && is_parameter(&figure, &given, true));
            if !fine {
                typed.push(Typed {
                    file: file.to_owned(),
                    line,
                    text: figure.text,
                });
            }
        }
    }
    typed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::Fixture;

    fn texts(line: &str) -> Vec<String> {
        figures_in(line).into_iter().map(|f| f.text).collect()
    }

    #[test]
    fn times_bytes_and_ratios_are_figures() {
        assert_eq!(
            texts("On a laptop this whole chapter took 37 ms a listing."),
            ["37 ms"]
        );
        assert_eq!(
            texts("25 µs, 74.8\u{a0}µs, 100us, 3 s, 2 seconds, a 200-ms nap, 5 minutes"),
            [
                "25 µs",
                "74.8\u{a0}µs",
                "100us",
                "3 s",
                "2 seconds",
                "200-ms",
                "5 minutes"
            ]
        );
        assert_eq!(
            texts("2 MiB of stack, 16 KiB, 0.96–0.98 MB, 64 bytes, 8 B, 600 KB"),
            [
                "2 MiB",
                "16 KiB",
                "0.96–0.98 MB",
                "64 bytes",
                "8 B",
                "600 KB"
            ]
        );
        assert_eq!(
            texts("1.9× faster, 1.9x, 44 times as fast, 3 times slower"),
            ["1.9×", "1.9x", "44 times", "3 times"]
        );
        assert_eq!(texts("81,506 against 51,128 µs"), ["51,128 µs"]);
        assert_eq!(texts("from 20 to 30 ms"), ["20 to 30 ms"]);
    }

    #[test]
    fn counts_names_and_codes_are_not_figures() {
        for line in [
            "run it 10 times, 2 threads, listing 2-12, chapter 11",
            "in the 1990s, E0373, u64, x86-64, 0x1F, 8B registers",
            "ch02-3 s",
            "Python 3.11 and 3.14",
            "a 2-core machine, 4 x 4 grid",
        ] {
            assert_eq!(texts(line), [""; 0], "{line}");
        }
    }

    #[test]
    fn parameters_of_shown_listings_are_not_typed() {
        let shown = literals("thread::sleep(Duration::from_millis(200));\nlet n = 1_000;");
        let check = |line: &str| {
            in_markdown("src/a.md", line, &shown)
                .into_iter()
                .map(|t| t.text)
                .collect::<Vec<_>>()
        };
        assert_eq!(check("each sleeps 200 ms"), [""; 0]);
        assert_eq!(check("each sleeps 0.2 s"), [""; 0]);
        assert_eq!(check("1,000 sleeps of 200 ms took 201 ms"), ["201 ms"]);
    }

    #[test]
    fn recordings_claims_links_comments_and_code_are_not_prose() {
        let page = "\
It took {{#include ../listings/recorded/ch01-01-a.txt:2:2}}.
> **Proven claim.** It takes at least 300 ms.
> Test `it` in `listings/tests/ch01-a.rs`.

> [!NOTE]
> A note, not a claim, that took 12 ms.

See [the 3 ms page](https://example.com/3-ms). <!-- 4 ms
still 5 ms --> 6 ms
```text
7 ms
```
";
        let typed = in_markdown("src/a.md", page, &BTreeSet::new());
        let got: Vec<(usize, &str)> = typed.iter().map(|t| (t.line, t.text.as_str())).collect();
        assert_eq!(got, [(6, "12 ms"), (8, "3 ms"), (9, "6 ms")]);
    }

    #[test]
    fn the_probe_sentence_is_refused_with_its_file_and_line() {
        let book = Fixture::new("figures");
        book.file(
            "listings/src/bin/ch02-01-a.rs",
            "use std::time::Duration;\n// ANCHOR: main\nfn main() { std::thread::sleep(Duration::from_millis(200)); }\n// ANCHOR_END: main\n",
        );
        book.file("listings/recorded/ch02-01-a.txt", "took 37 ms\n");
        book.file(
            "quizzes/ch02-a.toml",
            "# 9 ms in a comment\n[[questions]]\nprompt.prompt = \"How long do the sleeps of 200 ms take?\"\nprompt.program = \"\"\"\nfn main() { sleep(Duration::from_millis(30)); } // 30 ms\n\"\"\"\nanswer.answer = \"About 30 ms, or 45 ms\"\n",
        );
        let chapter = book.chapter(
            "ch02-a.md",
            "# A\n\n{{#rustdoc_include ../listings/src/bin/ch02-01-a.rs:main}}\n\n{{#include ../listings/recorded/ch02-01-a.txt}}\n\nIt sleeps 200 ms.\nOn a laptop this whole chapter took 37 ms a listing.\n\n{{#quiz ../quizzes/ch02-a.toml}}\n",
        );
        let typed = figures(&book.dir, &[chapter]);
        let shown: Vec<String> = typed.iter().map(ToString::to_string).collect();
        assert_eq!(typed.len(), 2, "{shown:#?}");
        assert!(
            shown[0].starts_with("src/ch02-a.md:8: `37 ms` is a measured figure"),
            "{shown:#?}"
        );
        assert!(
            shown[1].starts_with("quizzes/ch02-a.toml:7: `45 ms`"),
            "{shown:#?}"
        );
    }

    #[test]
    fn a_prompt_shows_a_changed_parameter_as_code() {
        let quiz = "[[questions]]\nprompt.prompt = \"Each of three tasks sleeps `Duration::from_millis(500)` in turn.\"\nanswer.answer = \"About 1500 ms\"\n\n[[questions]]\nprompt.prompt = \"Each of three tasks sleeps 500 ms in turn.\"\nanswer.answer = \"About 1500 ms\"\n";
        let typed = in_quiz("quizzes/a.toml", quiz, &BTreeSet::new());
        let got: Vec<(usize, &str)> = typed.iter().map(|t| (t.line, t.text.as_str())).collect();
        assert_eq!(got, [(6, "500 ms")]);
    }
}
