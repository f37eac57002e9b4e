//! The appendix, "From Python to Rust", is a table of Python's concurrency
//! tools and where the book shows each one's Rust counterpart. Nothing runs
//! here: the test reads the page and the chapters it links to, and checks
//! that the table keeps its promise (every Python name has a row, every row
//! leads to a listing that exists, shown under the heading it links to).

use std::path::{Path, PathBuf};

/// The book's root, where `src/` and `listings/` are.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

const PAGE: &str = "src/appendix-from-python.md";

/// The Python names the appendix promises, by the module its table is
/// headed with.
const PROMISED: &[(&str, &[&str])] = &[
    (
        "threading",
        &[
            "Thread",
            "Lock",
            "RLock",
            "Event",
            "Condition",
            "Semaphore",
            "Barrier",
            "dump_traceback",
            "local",
            "Queue",
        ],
    ),
    (
        "concurrent.futures",
        &[
            "ThreadPoolExecutor",
            "ProcessPoolExecutor",
            "submit",
            "map",
            "as_completed",
            "wait",
        ],
    ),
    (
        "multiprocessing",
        &[
            "Process",
            "Pool",
            "name=",
            "Queue",
            "Pipe",
            "Value",
            "Array",
            "shared_memory",
            "Manager",
            "fork",
            "spawn",
            "forkserver",
        ],
    ),
    (
        "asyncio",
        &[
            "run",
            "sleep",
            "gather",
            "create_task",
            "TaskGroup",
            "add_signal_handler",
            "start_server",
            "async for",
            "wait_for",
            "timeout",
            "Queue",
            "Semaphore",
            "Lock",
            "Event",
            "to_thread",
            "run_in_executor",
            "create_subprocess_exec",
        ],
    ),
    ("joblib", &["Parallel", "delayed"]),
    (
        "dask",
        &["delayed", "bag", "dataframe", "Client", "LocalCluster"],
    ),
];

/// A heading's id as mdBook makes it: letters and digits lowercased, `_`
/// and `-` kept, spaces made `-`, everything else dropped.
fn heading_id(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_ascii_lowercase())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// Each heading of a page (outside code blocks) with its id, as mdBook
/// numbers a repeated one (`id`, `id-1`, …), and the text under it, up to
/// the next heading.
fn sections(markdown: &str) -> Vec<(String, String, String)> {
    let mut sections: Vec<(String, String, String)> = Vec::new();
    let mut bases: Vec<String> = Vec::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if !fenced && (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            let title = line[hashes..].trim().to_owned();
            let base = heading_id(&title);
            let repeats = bases.iter().filter(|b| **b == base).count();
            let id = match repeats {
                0 => base.clone(),
                n => format!("{base}-{n}"),
            };
            bases.push(base);
            sections.push((title, id, String::new()));
        } else if let Some((_, _, text)) = sections.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    sections
}

/// The cells of a table row, split at `|` but not at an escaped `\|`.
fn cells(row: &str) -> Vec<String> {
    let row = row.trim().trim_start_matches('|').trim_end_matches('|');
    let mut cells = vec![String::new()];
    let mut escaped = false;
    for c in row.chars() {
        match c {
            '|' if !escaped => cells.push(String::new()),
            _ => cells.last_mut().unwrap().push(c),
        }
        escaped = c == '\\';
    }
    cells.iter().map(|c| c.trim().to_owned()).collect()
}

/// The Markdown links of a text: (link text, target).
fn links(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find("](") else { break };
        let label = &after[..close];
        let target_on = &after[close + 2..];
        let Some(end) = target_on.find(')') else {
            break;
        };
        if !label.contains('[') {
            found.push((label.to_owned(), target_on[..end].to_owned()));
        }
        rest = &target_on[end..];
    }
    found
}

/// The code spans of a text.
fn code_spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// Whether `name` stands as a whole word (or ends one after a `.`) in
/// `code`: `Queue` in `queue.Queue()`, not in `QueueEmpty`.
fn names(code: &str, name: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    code.match_indices(name).any(|(at, _)| {
        !word(code[..at].chars().next_back()) && !word(code[at + name.len()..].chars().next())
    })
}

/// "listing 13-3" → (13, 3).
fn listing_number(label: &str) -> Option<(u32, u32)> {
    let (chapter, number) = label.strip_prefix("listing ")?.split_once('-')?;
    Some((chapter.parse().ok()?, number.parse().ok()?))
}

/// Whether a listing file `chNN-MM-….rs` exists, as a program or as a
/// listing that must not compile.
fn listing_exists(root: &Path, chapter: u32, number: u32) -> bool {
    let prefix = format!("ch{chapter:02}-{number:02}-");
    ["listings/src/bin", "listings/compile_fail"]
        .iter()
        .any(|dir| {
            std::fs::read_dir(root.join(dir))
                .unwrap()
                .filter_map(Result::ok)
                .any(|entry| {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    name.starts_with(&prefix) && name.ends_with(".rs")
                })
        })
}

/// Whether a section's text shows the caption of listing `n-m` (its own
/// caption, or one of its parts: "Listing 9-7, part 1", "Listing 13-3, its
/// worker").
fn shows_caption(text: &str, chapter: u32, number: u32) -> bool {
    let caption = format!("<span class=\"listing-caption\">Listing {chapter}-{number}");
    text.match_indices(&caption).any(|(at, _)| {
        !text[at + caption.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    })
}

/// The problems of one link of a row to a listing, or none.
fn check_listing_link(root: &Path, label: &str, target: &str) -> Vec<String> {
    let Some((chapter, number)) = listing_number(label) else {
        return vec![format!(
            "[{label}]({target}): the link's text is not `listing N-M`"
        )];
    };
    let Some((page, anchor)) = target.split_once('#') else {
        return vec![format!(
            "[{label}]({target}): no #anchor of the section that shows it"
        )];
    };
    let mut problems = Vec::new();
    if !page.starts_with(&format!("ch{chapter:02}-")) {
        problems.push(format!(
            "[{label}]({target}): listing {chapter}-{number} is not in {page}"
        ));
    }
    if !listing_exists(root, chapter, number) {
        problems.push(format!(
            "[{label}]({target}): no listings/src/bin/ch{chapter:02}-{number:02}-*.rs"
        ));
    }
    let Ok(markdown) = std::fs::read_to_string(root.join("src").join(page)) else {
        problems.push(format!("[{label}]({target}): no page src/{page}"));
        return problems;
    };
    match sections(&markdown)
        .into_iter()
        .find(|(_, id, _)| id == anchor)
    {
        None => problems.push(format!(
            "[{label}]({target}): src/{page} has no heading #{anchor}"
        )),
        Some((title, _, text)) if !shows_caption(&text, chapter, number) => problems.push(format!(
            "[{label}]({target}): the section \"{title}\" does not show listing {chapter}-{number}"
        )),
        Some(_) => {}
    }
    problems
}

#[test]
fn every_python_name_has_a_row_that_leads_to_its_listing() {
    let root = root();
    let page = std::fs::read_to_string(root.join(PAGE)).unwrap();
    let mut problems = Vec::new();
    let mut rows_checked = 0;
    let mut links_checked = 0;

    // The tables: each `## ` section's rows, header and rule left out.
    let tables: Vec<(String, Vec<Vec<String>>)> = sections(&page)
        .into_iter()
        .map(|(title, _, text)| {
            let rows = text
                .lines()
                .filter(|l| l.starts_with('|'))
                .skip(2)
                .map(cells)
                .collect();
            (title, rows)
        })
        .filter(|(_, rows): &(String, Vec<Vec<String>>)| !rows.is_empty())
        .collect();

    for (module, promised) in PROMISED {
        let Some((_, rows)) = tables
            .iter()
            .find(|(title, _)| code_spans(title).iter().any(|c| c == module) || title == module)
        else {
            problems.push(format!("{PAGE}: no table headed `{module}`"));
            continue;
        };
        for name in *promised {
            let has_row = rows
                .iter()
                .any(|row| code_spans(&row[0]).iter().any(|code| names(code, name)));
            if !has_row {
                problems.push(format!(
                    "{PAGE}: the `{module}` table has no row for `{name}`"
                ));
            }
        }
    }

    for (title, rows) in &tables {
        for row in rows {
            rows_checked += 1;
            let at = format!("{PAGE}, table \"{title}\", row \"{}\"", row[0]);
            if row.len() != 4 {
                problems.push(format!("{at}: {} cells, not 4", row.len()));
                continue;
            }
            let shown_in = &row[2];
            let to_listings: Vec<(String, String)> = row
                .iter()
                .flat_map(|cell| links(cell))
                .filter(|(_, target)| !target.starts_with("http"))
                .collect();
            let in_shown = links(shown_in)
                .iter()
                .filter(|(_, target)| !target.starts_with("http"))
                .count();
            let documented = shown_in.starts_with("no listing")
                && links(shown_in)
                    .iter()
                    .any(|(_, target)| target.starts_with("https://"));
            if in_shown == 0 && !documented {
                problems.push(format!(
                    "{at}: shown in no listing, and not marked \"no listing\" with a link to documentation"
                ));
            }
            for (label, target) in to_listings {
                links_checked += 1;
                for problem in check_listing_link(&root, &label, &target) {
                    problems.push(format!("{at}: {problem}"));
                }
            }
        }
    }

    assert!(
        problems.is_empty(),
        "the appendix's tables break their promise:\n  {}",
        problems.join("\n  ")
    );
    // The checks above found something to check.
    let promised: usize = PROMISED.iter().map(|(_, names)| names.len()).sum();
    assert!(
        rows_checked >= promised / 2 && links_checked >= rows_checked,
        "only {rows_checked} rows and {links_checked} links to listings found in {PAGE}"
    );
}

/// The helpers above catch what they are for: a listing shown elsewhere, a
/// listing that does not exist, a heading that does not exist, a name with
/// no row.
#[test]
fn the_appendix_check_catches_a_wrong_link() {
    let root = root();
    let ok = |label: &str, target: &str| check_listing_link(&root, label, target).is_empty();
    assert!(ok(
        "listing 3-11",
        "ch03-sharing-state.md#waiting-for-a-condition-condvar"
    ));
    assert!(ok(
        "listing 13-3",
        "ch13-processes.md#when-a-worker-crashes"
    ));
    // Shown in another section of the same page.
    assert!(!ok(
        "listing 3-11",
        "ch03-sharing-state.md#meeting-points-barrier"
    ));
    // In another chapter than the page linked to.
    assert!(!ok(
        "listing 7-3",
        "ch03-sharing-state.md#meeting-points-barrier"
    ));
    // No such listing, no such heading, no such page.
    assert!(!ok(
        "listing 3-99",
        "ch03-sharing-state.md#meeting-points-barrier"
    ));
    assert!(!ok("listing 3-12", "ch03-sharing-state.md#no-such-heading"));
    assert!(!ok(
        "listing 3-12",
        "ch03-no-such-page.md#meeting-points-barrier"
    ));
    assert!(!ok(
        "listing 3-1",
        "ch03-sharing-state.md#waiting-for-a-condition-condvar"
    ));

    assert!(names("queue.Queue()", "Queue"));
    assert!(names("Process(name=\"w\")", "name="));
    assert!(!names("asyncio.run_in_executor", "run"));
    assert!(!names("QueueEmpty", "Queue"));
    assert_eq!(
        heading_id("Why `poll` takes `Pin<&mut Self>`"),
        "why-poll-takes-pinmut-self"
    );
    assert_eq!(
        cells("| `a` | `\\|x\\| f(x)` | c | d |"),
        ["`a`", "`\\|x\\| f(x)`", "c", "d"]
    );
}
