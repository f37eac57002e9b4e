//! Links lead somewhere. mdBook does not check the links of the book it
//! builds: a renamed page or heading breaks every link to it without a
//! warning. External addresses are only listed here; `tests/book.rs` asks
//! for them where there is a network.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::normalize;

/// What [`links`] found in a built book.
#[derive(Debug, Default)]
pub struct Links {
    /// Broken internal links: `page.html: href` and why.
    pub problems: Vec<String>,
    /// Every external address linked to, once each.
    pub external: BTreeSet<String>,
    /// The pages (`page.html`, relative to the book) that link to each
    /// external address, so that a broken one can be found.
    pub linked_from: BTreeMap<String, BTreeSet<String>>,
    /// How many internal links were followed.
    pub checked: usize,
}

/// Follows every `href` and `src` of every page of the HTML book in
/// `html`: an internal one must name a file of the book and, with a
/// `#fragment`, an element with that id on that page. External addresses
/// are listed, not fetched. `site_url` is the prefix of absolute paths (the
/// 404 page uses them).
pub fn links(html: &Path, site_url: &str) -> Links {
    let mut found = Links::default();
    let mut pages = Vec::new();
    let mut dirs = vec![html.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                pages.push(path);
            }
        }
    }
    pages.sort();
    let ids = |page: &Path| -> BTreeSet<String> {
        let text = std::fs::read_to_string(page).unwrap_or_default();
        attribute_values(&text, "id").into_iter().collect()
    };
    let mut id_cache: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap_or_default();
        let name = page.strip_prefix(html).unwrap().display().to_string();
        for target in attribute_values(&text, "href")
            .into_iter()
            .chain(attribute_values(&text, "src"))
        {
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("//")
            {
                found
                    .linked_from
                    .entry(target.clone())
                    .or_default()
                    .insert(name.clone());
                found.external.insert(target);
                continue;
            }
            if target.starts_with("mailto:")
                || target.starts_with("javascript:")
                || target.starts_with("data:")
            {
                continue;
            }
            found.checked += 1;
            let (path, fragment) = target.split_once('#').unwrap_or((&target, ""));
            let path = path.split('?').next().unwrap();
            let file = if path.is_empty() {
                page.clone()
            } else if let Some(absolute) = path.strip_prefix(site_url) {
                html.join(absolute)
            } else if path.starts_with('/') {
                found.problems.push(format!(
                    "{name}: {target}: absolute path outside {site_url}"
                ));
                continue;
            } else {
                normalize(&page.parent().unwrap().join(path))
            };
            let file = if file.is_dir() {
                file.join("index.html")
            } else {
                file
            };
            if !file.is_file() {
                found
                    .problems
                    .push(format!("{name}: {target}: no such file in the book"));
                continue;
            }
            let fragment = fragment.replace("%20", " ");
            if !fragment.is_empty() && file.extension().is_some_and(|e| e == "html") {
                let ids = id_cache.entry(file.clone()).or_insert_with(|| ids(&file));
                if !ids.contains(&fragment) {
                    found
                        .problems
                        .push(format!("{name}: {target}: no element with id {fragment:?}"));
                }
            }
        }
    }
    found
}

/// The values of `name="…"` attributes in an HTML text.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.split(needle.as_str())
        .skip(1)
        .filter_map(|rest| {
            rest.split_once('"')
                .map(|(value, _)| value.replace("&amp;", "&"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::Fixture;

    #[test]
    fn broken_links_and_anchors_are_found_and_external_ones_listed() {
        let book = Fixture::new("links");
        book.file("book/a.html", r##"<h2 id="here">A</h2><a href="b.html#there">ok</a> <a href="b.html#gone">bad</a> <a href="#here">ok</a> <a href="c.html">bad</a> <a href="https://example.org/x">out</a> <img src="img/x.svg"> <a href="/site/b.html">ok</a>"##)
            .file("book/b.html", r#"<p id="there"></p>"#)
            .file("book/img/x.svg", "<svg></svg>");
        let found = links(&book.dir.join("book"), "/site/");
        assert_eq!(found.checked, 5 + 1);
        assert_eq!(
            found.problems,
            [
                "a.html: b.html#gone: no element with id \"gone\"",
                "a.html: c.html: no such file in the book",
            ]
        );
        assert_eq!(
            found.linked_from["https://example.org/x"]
                .iter()
                .collect::<Vec<_>>(),
            ["a.html"]
        );
        assert_eq!(
            found.external.into_iter().collect::<Vec<_>>(),
            ["https://example.org/x"]
        );
    }
}
