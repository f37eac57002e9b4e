//! Cheap checks, on every chapter page of the browser test, of what
//! Lighthouse found wrong and the book fixed (`cargo book lighthouse` runs
//! Lighthouse itself on every page, too slow for every test run): what a
//! page transfers before the quiz's script, that script loading only after
//! first paint, no `unload` listener, ARIA attributes only where allowed,
//! and tap targets of at least 24 × 24 px.

use super::*;

/// The most bytes a chapter page may transfer on a first visit, gzipped as
/// GitHub Pages serves it, before the quiz's script (which it loads after
/// first paint, when the reader nears the quiz or the page is idle; see
/// `theme/quiz-loader.js`): 600 KB, some 1.6 s on a slow mobile connection
/// (3 Mbit/s). A chapter is about 0.5 MB today, nearly all of it what
/// every page loads (mdBook's scripts, the Playground's editor, the fonts);
/// a page over the budget has gained something it should not: an image
/// kept uncompressed, a recording included whole, a library pulled in by
/// the theme, the quiz's script loaded with the page again.
pub const PAGE_BUDGET: u64 = 600_000;

/// The smallest a control may be, in CSS pixels, each way (WCAG 2.2's
/// target size, minimum; Lighthouse's `target-size` audit).
pub const TARGET: f64 = 24.0;

/// The addresses of the scripts the page loads later
/// (`data-deferred-script`, the quiz's).
pub async fn deferred_scripts(b: &mut Browser) -> Vec<String> {
    let found = b
        .js(
            "return Array.from(document.querySelectorAll('[data-deferred-script]'),
                 e => new URL(e.dataset.deferredScript, document.baseURI).href)",
        )
        .await;
    serde_json::from_value(found).unwrap_or_default()
}

/// What a page transferred before its deferred scripts: everything but
/// those.
pub fn first_load(weight: &Weight, deferred: &[String]) -> Weight {
    let each: Vec<(u64, String)> = weight
        .each
        .iter()
        .filter(|(_, url)| !deferred.contains(url))
        .cloned()
        .collect();
    Weight {
        requests: each.len(),
        bytes: each.iter().map(|(bytes, _)| bytes).sum(),
        each,
    }
}

/// A deferred script is not requested before the page's first contentful
/// paint, and the HTML holds no `<script>` of the quiz's: the page is drawn
/// without waiting for it.
pub async fn deferred_after_first_paint(b: &mut Browser, deferred: &[String]) {
    let timing = b
        .js(&format!(
            "const fcp = performance.getEntriesByName('first-contentful-paint')[0];
             return {{
                 fcp: fcp ? fcp.startTime : null,
                 starts: {deferred}.map(src => performance.getEntriesByName(src)
                     .map(entry => entry.startTime)).flat(),
                 inHtml: Array.from(document.querySelectorAll('script[src]'))
                     .filter(s => !s.dataset.loadedBy && /quiz-embed/.test(s.src)).length,
             }}",
            deferred = json!(deferred),
        ))
        .await;
    let Some(fcp) = timing["fcp"].as_f64() else {
        b.problem("the browser recorded no first contentful paint");
        return;
    };
    for start in timing["starts"].as_array().into_iter().flatten() {
        let start = start.as_f64().unwrap_or_default();
        if start < fcp {
            b.problem(format!(
                "the quiz's script was requested at {start:.0} ms, before the first \
                 contentful paint at {fcp:.0} ms"
            ));
        }
    }
    if timing["inHtml"] != json!(0) {
        b.problem(
            "a <script> in its HTML loads the quiz's script with the page \
             (tools/src/quiz_loader.rs should have deferred it)",
        );
    }
}

/// The listeners on `window`, as DevTools sees them: none for `unload`,
/// deprecated (Lighthouse's best practices) and a bar to the back/forward
/// cache.
pub async fn no_unload_listener(b: &mut Browser) {
    let window = cdp(
        b,
        "Runtime.evaluate",
        json!({ "expression": "window", "objectGroup": "audits" }),
    )
    .await;
    let Some(id) = window
        .as_ref()
        .ok()
        .and_then(|w| w["result"]["objectId"].as_str())
    else {
        b.problem(format!(
            "cannot reach `window` through DevTools: {window:?}"
        ));
        return;
    };
    let id = id.to_owned();
    match cdp(
        b,
        "DOMDebugger.getEventListeners",
        json!({ "objectId": id }),
    )
    .await
    {
        Ok(found) => {
            let types: Vec<&str> = found["listeners"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|l| l["type"].as_str())
                .collect();
            if types.contains(&"unload") {
                b.problem(
                    "it listens for `unload` (deprecated, and it keeps the page out of \
                     the back/forward cache); theme/index.hbs stops book.js's",
                );
            }
        }
        Err(e) => b.problem(format!("cannot list window's listeners: {e}")),
    }
    let _ = cdp(
        b,
        "Runtime.releaseObjectGroup",
        json!({ "objectGroup": "audits" }),
    )
    .await;
}

/// `aria-expanded` only on elements whose role allows it (Lighthouse's
/// `aria-allowed-attr`; mdBook's sidebar toggle is a `<label>`, which
/// theme/index.hbs makes a `<button>`), `aria-label` on none without a
/// role (`aria-prohibited-attr`), no role on a `<label>`
/// (`aria-allowed-role`); every such control can take the keyboard's
/// focus.
pub async fn aria_attributes_are_allowed(b: &mut Browser) {
    let found = b
        .js(r#"
            const roles = ['button', 'checkbox', 'combobox', 'gridcell', 'link', 'listbox',
                'menuitem', 'row', 'rowheader', 'tab', 'treeitem', 'application'];
            const native = { BUTTON: 'button', SUMMARY: 'button', DETAILS: 'group', SELECT: 'combobox',
                A: 'link', INPUT: 'textbox', NAV: 'navigation', MAIN: 'main', UL: 'list', LI: 'listitem',
                IFRAME: 'iframe', FORM: 'form', SVG: 'img', TEXTAREA: 'textbox', DIV: 'generic',
                SPAN: 'generic', LABEL: 'generic' };
            const name = e => `<${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}>`;
            const found = [];
            for (const e of document.querySelectorAll('[aria-expanded], [aria-label]')) {
                const role = e.getAttribute('role') || native[e.tagName] || (e.tagName === 'A' && !e.href ? 'generic' : null);
                if (e.hasAttribute('aria-expanded') && !roles.includes(role)) {
                    found.push(`${name(e)} has aria-expanded, which its role (${role}) does not allow`);
                }
                if (e.hasAttribute('aria-label') && role === 'generic') {
                    found.push(`${name(e)} has aria-label, which an element without a role may not have`);
                }
                if (e.tagName === 'LABEL' && e.hasAttribute('role')) {
                    found.push(`${name(e)} has a role, which a <label> may not have`);
                }
                if (e.hasAttribute('aria-expanded') && e.tabIndex < 0 && !e.disabled) {
                    found.push(`${name(e)} has aria-expanded but cannot take the keyboard's focus`);
                }
            }
            return found;"#)
        .await;
    for problem in found.as_array().cloned().unwrap_or_default() {
        b.problem(problem.as_str().unwrap_or_default());
    }
}

/// Every control a reader taps in the page's frame (the menu bar's
/// buttons and links, the Previous and Next arrows) that shows is at least
/// [`TARGET`] px wide and high.
pub async fn tap_targets_are_big_enough(b: &mut Browser) {
    let found = b
        .js(&format!(
            "const found = [];
             const controls = document.querySelectorAll(
                 '#mdbook-menu-bar a, #mdbook-menu-bar button, #mdbook-menu-bar label, \
                  a.nav-chapters, a.mobile-nav-chapters');
             for (const e of controls) {{
                 const box = e.getBoundingClientRect();
                 if (box.width === 0 || getComputedStyle(e).visibility === 'hidden') continue;
                 if (box.width < {TARGET} || box.height < {TARGET}) {{
                     const label = e.getAttribute('aria-label') || e.id || e.textContent.trim().slice(0, 20);
                     found.push(`the control \"${{label}}\" is ${{box.width.toFixed(1)}} × ${{box.height.toFixed(1)}} px, \
                         less than {TARGET} × {TARGET}`);
                 }}
             }}
             return found;"
        ))
        .await;
    for problem in found.as_array().cloned().unwrap_or_default() {
        b.problem(problem.as_str().unwrap_or_default());
    }
}

/// The sidebar toggle answers the keyboard as a button does: focused, Enter
/// opens or closes the sidebar (and a second Enter puts it back).
pub async fn sidebar_toggle_takes_the_keyboard(b: &mut Browser) {
    let state = "return document.getElementById('mdbook-sidebar-toggle-anchor').checked";
    let before = b.js(state).await;
    let toggled = async {
        let toggle = b
            .client
            .find(Locator::Id("mdbook-sidebar-toggle"))
            .await
            .map_err(|e| e.to_string())?;
        b.client
            .execute(
                "arguments[0].focus()",
                vec![serde_json::to_value(&toggle).unwrap()],
            )
            .await
            .map_err(|e| e.to_string())?;
        let focused = b.client.active_element().await.map_err(|e| e.to_string())?;
        focused
            .send_keys("\u{E007}")
            .await
            .map_err(|e| e.to_string())?;
        Ok::<_, String>(focused)
    }
    .await;
    match toggled {
        Ok(focused) => {
            let changed = format!(
                "return document.getElementById('mdbook-sidebar-toggle-anchor').checked !== {before}"
            );
            b.wait_for(
                "Enter on the focused sidebar toggle to open or close the sidebar",
                &changed,
            )
            .await;
            let _ = focused.send_keys("\u{E007}").await;
            let back = format!(
                "return document.getElementById('mdbook-sidebar-toggle-anchor').checked === {before}"
            );
            b.wait_for(
                "a second Enter on the sidebar toggle to undo the first",
                &back,
            )
            .await;
        }
        Err(e) => b.problem(format!("cannot press Enter on the sidebar toggle: {e}")),
    }
}

/// A DevTools command, through chromedriver's `goog/cdp/execute` (as
/// Selenium's `execute_cdp_cmd`).
async fn cdp(b: &Browser, cmd: &'static str, params: Value) -> Result<Value, String> {
    b.client
        .issue_cmd(Cdp { cmd, params })
        .await
        .map_err(|e| e.to_string())
}

#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}
