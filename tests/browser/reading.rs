//! What the book's own preprocessor (`tools/src/proofs.rs`) adds to each
//! page, as a reader meets it: the "proven" marks of its claims, the list
//! of its proofs at its end, and the link that reports a problem with it.
//! The expected tests and their lines are read here from the chapter's
//! source and the test files, not from the preprocessor.

use super::*;
use fantoccini::actions::{KeyAction, KeyActions};
use fantoccini::key::Key;

/// A claim box of a chapter as written: its test, the test's file, and
/// the line of its `fn name(` there.
#[derive(Debug, PartialEq)]
pub(super) struct Proof {
    name: String,
    file: String,
    line: Option<usize>,
}

/// The proofs the page's source promises, in order.
pub(super) fn proofs_of(page: &Page) -> Vec<Proof> {
    let source = std::fs::read_to_string(root().join("src").join(&page.source)).unwrap_or_default();
    // A box's lines as one text: "Test\n> `name`" reads "Test `name`".
    let text = source.replace("\n> ", " ").replace("\n>", " ");
    let mut proofs = Vec::new();
    for claim in text.split("**Proven claim.**").skip(1) {
        let claim = claim.split("\n\n").next().unwrap_or_default();
        let Some((_, rest)) = claim.split_once("Test `") else {
            continue;
        };
        let Some((name, rest)) = rest.split_once("` in `") else {
            continue;
        };
        let file = rest.split('`').next().unwrap_or_default();
        let code = std::fs::read_to_string(root().join(file)).unwrap_or_default();
        let line = code
            .lines()
            .position(|line| line.contains(&format!("fn {name}(")))
            .map(|i| i + 1);
        proofs.push(Proof {
            name: name.to_owned(),
            file: file.to_owned(),
            line,
        });
    }
    proofs
}

/// Each claim of the page shows a visible "proven" mark, whose link leads
/// to its test's file at the line of `fn name(` on the book's repository
/// and whose title and accessible name give the test's name; the page ends
/// with a closed `<details>` listing every proof; no "Proven claim." box is
/// left; and the first mark is reached with the Tab key, which shows the
/// test's name.
pub(super) async fn proofs_are_marked_and_lead_to_their_tests(
    b: &mut Browser,
    page: &Page,
    repository: &str,
) {
    let expected = proofs_of(page);
    let script = r#"
        const main = document.querySelector('main');
        const marks = Array.from(main.querySelectorAll('a.proof-mark')).map(a => {
            const box = a.getBoundingClientRect();
            return {
                test: a.dataset.test ?? '',
                href: a.getAttribute('href') ?? '',
                label: a.getAttribute('aria-label') ?? '',
                title: a.getAttribute('title') ?? '',
                text: a.innerText.trim(),
                shown: box.width > 0 && box.height > 0,
                listed: a.closest('details') !== null,
            };
        });
        const details = main.querySelector('details.proofs');
        return {
            marks,
            details: details ? {
                open: details.open,
                summary: details.querySelector('summary')?.textContent ?? '',
                items: details.querySelectorAll('li').length,
                hrefs: Array.from(details.querySelectorAll('li a')).map(a => a.getAttribute('href')),
            } : null,
            boxes: main.textContent.includes('Proven claim.'),
        };
    "#;
    let found = b.js(script).await;
    let marks = found["marks"].as_array().cloned().unwrap_or_default();
    if found["boxes"] == json!(true) {
        b.problem("still shows a \"Proven claim.\" box");
    }
    let names: Vec<&str> = marks
        .iter()
        .map(|m| m["test"].as_str().unwrap_or(""))
        .collect();
    let want: Vec<&str> = expected.iter().map(|p| p.name.as_str()).collect();
    if names != want {
        b.problem(format!(
            "its proven marks name the tests {names:?}, where src/{} proves {want:?}",
            page.source
        ));
        return;
    }
    for (mark, proof) in marks.iter().zip(&expected) {
        let name = &proof.name;
        let Some(line) = proof.line else {
            b.problem(format!("{} has no `fn {name}(`", proof.file));
            continue;
        };
        let url = format!("{repository}/blob/main/{}#L{line}", proof.file);
        if mark["href"] != json!(url) {
            b.problem(format!(
                "the mark of {name} links to {}, not {url}",
                mark["href"]
            ));
        }
        for attribute in ["label", "title"] {
            if !mark[attribute]
                .as_str()
                .unwrap_or("")
                .contains(name.as_str())
            {
                b.problem(format!(
                    "the mark of {name} has the {attribute} {}, without the test's name",
                    mark[attribute]
                ));
            }
        }
        if mark["text"] != json!("proven")
            || mark["shown"] != json!(true)
            || mark["listed"] != json!(false)
        {
            b.problem(format!(
                "the mark of {name} is not a visible \"proven\" in the text: {mark}"
            ));
        }
    }
    if expected.is_empty() {
        if !found["details"].is_null() {
            b.problem("lists proofs, but proves nothing");
        }
        return;
    }
    let details = &found["details"];
    let count = expected.len();
    let links_to_tests = details["hrefs"].as_array().is_some_and(|hrefs| {
        expected.iter().all(|proof| {
            let url = format!(
                "{repository}/blob/main/{}#L{}",
                proof.file,
                proof.line.unwrap_or(0)
            );
            hrefs.contains(&json!(url))
        })
    });
    if details.is_null()
        || details["open"] != json!(false)
        || details["items"] != json!(count)
        || !details["summary"]
            .as_str()
            .unwrap_or("")
            .contains(&count.to_string())
        || !links_to_tests
    {
        b.problem(format!(
            "does not end with a closed list of its {count} proofs, each linking to its test: {details}"
        ));
    }
    mark_is_reached_by_keyboard(b, &expected[0].name).await;
}

/// From the element just before the page's first mark, Tab (pressed as a
/// keyboard does) reaches the mark within a few presses, and the focused
/// mark shows its test's name.
async fn mark_is_reached_by_keyboard(b: &mut Browser, name: &str) {
    b.js("const mark = document.querySelector('main a.proof-mark');
          const from = mark.parentElement;
          from.setAttribute('tabindex', '-1');
          from.focus();
          return null")
        .await;
    let tab: char = Key::Tab.into();
    for _ in 0..10 {
        let press = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: tab })
            .then(KeyAction::Up { value: tab });
        if let Err(e) = b.client.perform_actions(press).await {
            b.problem(format!("cannot press Tab: {e}"));
            return;
        }
        let focused = b
            .js("const a = document.activeElement;
                 if (!a || !a.classList.contains('proof-mark')) return null;
                 const tip = a.querySelector('.proof-test');
                 const box = tip ? tip.getBoundingClientRect() : null;
                 return {
                     test: a.dataset.test,
                     tip: tip ? tip.innerText.trim() : '',
                     shown: box !== null && box.width > 0 && box.height > 0,
                     visible: a.matches(':focus-visible'),
                 }")
            .await;
        if focused.is_null() {
            continue;
        }
        if focused["test"] != json!(name)
            || focused["tip"] != json!(name)
            || focused["shown"] != json!(true)
            || focused["visible"] != json!(true)
        {
            b.problem(format!(
                "the first proven mark, focused with Tab, does not show its test {name}: {focused}"
            ));
        }
        let _ = b.js("document.activeElement?.blur(); return null").await;
        return;
    }
    b.problem("ten presses of Tab from the text before it never reach the first proven mark");
}

/// The page ends with a "Report a problem with this page" link to a new
/// issue on the book's repository, from its issue template, with the
/// page's title and `src/` path in the issue's title and body, URL-encoded.
pub(super) async fn errata_link_names_the_page(b: &mut Browser, page: &Page, repository: &str) {
    let found = b
        .js("const a = Array.from(document.querySelectorAll('main a'))
                 .find(a => a.textContent.trim() === 'Report a problem with this page');
             return a ? a.getAttribute('href') : null")
        .await;
    let Some(href) = found.as_str() else {
        b.problem("has no \"Report a problem with this page\" link");
        return;
    };
    let Ok(url) = url::Url::parse(href) else {
        b.problem(format!("its errata link {href} is not a URL"));
        return;
    };
    let query: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    let path = format!("src/{}", page.source);
    let template = root()
        .join(".github/ISSUE_TEMPLATE")
        .join(query.get("template").map_or("", String::as_str));
    let encoded = |text: &str| {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    let fine = href.starts_with(&format!("{repository}/issues/new?"))
        && template.is_file()
        && query.get("title").is_some_and(|t| t.contains(&page.title))
        && query
            .get("body")
            .is_some_and(|body| body.contains(&path) && body.contains(&page.title))
        // Encoded in the address, not only readable after decoding.
        && href.contains(&encoded(&path))
        && href.contains(&encoded(&page.title))
        && !href.contains([' ', '"', '<', '>']);
    if !fine {
        b.problem(format!(
            "its errata link {href} must open a new issue on {repository} from a template of \
             .github/ISSUE_TEMPLATE/, its title naming {:?} and its body {path}, URL-encoded",
            page.title
        ));
    }
}
