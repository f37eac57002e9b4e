//! The checks each page gets in the browser test (`tests/browser.rs`):
//! navigation, Run buttons, figures, quizzes, search, the theme and the
//! narrow window. The sessions there decide which page gets which.

use super::*;

/// The link with `rel` (`next`, `prev`) that a reader can see: mdBook has
/// one for wide windows and one for narrow ones.
pub(super) async fn visible_link(b: &mut Browser, rel: &str) -> Option<Element> {
    let links = b
        .client
        .find_all(Locator::Css(&format!("a[rel~='{rel}']")))
        .await
        .ok()?;
    for link in links {
        if link.is_displayed().await.unwrap_or(false) {
            return Some(link);
        }
    }
    None
}

pub(super) async fn sidebar_lists_every_chapter(b: &mut Browser, pages: &[Page], base: &str) {
    let script = "return Array.from(document.querySelectorAll('#mdbook-sidebar a'))
        .filter(a => !a.classList.contains('header-in-summary'))
        .map(a => a.href.split('#')[0])";
    let links: Vec<String> = serde_json::from_value(b.js(script).await).unwrap_or_default();
    let expected: Vec<String> = pages
        .iter()
        .map(|page| format!("{base}{}", page.html))
        .collect();
    if links != expected {
        let missing: Vec<&String> = expected.iter().filter(|url| !links.contains(url)).collect();
        b.problem(format!("the sidebar links {links:?}, not the chapters of SUMMARY.md in order (missing: {missing:?})"));
    }
}

pub(super) async fn nav_links_point_to_neighbours(
    b: &mut Browser,
    pages: &[Page],
    i: usize,
    base: &str,
) {
    for (rel, neighbour) in [("prev", i.checked_sub(1)), ("next", Some(i + 1))] {
        let script = format!(
            "return Array.from(document.querySelectorAll(\"a[rel~='{rel}']\")).map(a => a.href)"
        );
        let links: Vec<String> = serde_json::from_value(b.js(&script).await).unwrap_or_default();
        match neighbour.and_then(|n| pages.get(n)) {
            Some(page) => {
                let url = format!("{base}{}", page.html);
                if links.is_empty() || links.iter().any(|link| *link != url) {
                    b.problem(format!(
                        "its {rel} links {links:?} should all lead to {url}"
                    ));
                }
            }
            None if !links.is_empty() => b.problem(format!(
                "it is at an end of the book but has {rel} links {links:?}"
            )),
            None => {}
        }
    }
}

/// A Rust block shows a Run button unless mdBook is told not to run it
/// (`noplayground`, `ignore`, `no_run`), and shows none if it is. That a
/// block using a crate the Playground lacks (the book's own, or anything but
/// std, tokio and rayon) says `noplayground` is checked on the listing's
/// file, by `check::blocks` in tests/book.rs.
pub(super) async fn run_buttons_follow_the_rule(b: &mut Browser) {
    let script = r#"
        return Array.from(document.querySelectorAll('main code.language-rust')).map((code, i) => {
            const text = code.textContent;
            const button = code.parentElement.querySelector('.play-button');
            return {
                block: i + 1,
                start: text.trim().split('\n')[0].slice(0, 60),
                classes: Array.from(code.classList),
                button: !!button && !button.hidden && !button.classList.contains('hidden')
                    && getComputedStyle(button).display !== 'none',
            };
        })"#;
    let blocks = b.js(script).await;
    for block in blocks.as_array().cloned().unwrap_or_default() {
        let has = |class: &str| {
            block["classes"]
                .as_array()
                .is_some_and(|c| c.contains(&json!(class)))
        };
        let name = format!(
            "Rust block {} (`{}`)",
            block["block"],
            block["start"].as_str().unwrap_or_default()
        );
        let no_playground = has("noplayground") || has("noplaypen");
        let runnable = has("mdbook-runnable") || !(no_playground || has("ignore"));
        let button = block["button"] == true;
        if runnable && !has("no_run") && !button {
            b.problem(format!("{name} has no Run button"));
        }
        if !runnable && button {
            b.problem(format!("{name} is marked not to run but has a Run button"));
        }
    }
}

pub(super) async fn figures_have_a_size(b: &mut Browser) {
    let script = "return Array.from(document.querySelectorAll('main figure.timeline')).map((figure, i) => {
            const svg = figure.querySelector('svg');
            const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
            return {figure: i + 1, caption: figure.querySelector('figcaption')?.textContent.slice(0, 40) ?? '',
                    svg: !!svg, width: box.width, height: box.height};
        })";
    for figure in b.js(script).await.as_array().cloned().unwrap_or_default() {
        let (width, height) = (
            figure["width"].as_f64().unwrap_or(0.0),
            figure["height"].as_f64().unwrap_or(0.0),
        );
        if figure["svg"] != true || width < 1.0 || height < 1.0 {
            b.problem(format!(
                "timeline figure {} ({}) renders {width}×{height} px{}",
                figure["figure"],
                figure["caption"],
                if figure["svg"] == true {
                    ""
                } else {
                    ", with no <svg>"
                }
            ));
        }
    }
}

/// Takes every quiz on the page, answers its first multiple-choice question
/// right and every other question wrong, and checks that the review says
/// so, question by question.
pub(super) async fn quizzes_grade_answers(b: &mut Browser) {
    let count = b
        .js("return document.querySelectorAll('main .quiz-placeholder').length")
        .await;
    for q in 0..count.as_u64().unwrap_or(0) as usize {
        if let Err(e) = take_quiz(b, q).await {
            b.problem(format!("quiz {}: {e}", q + 1));
        }
    }
}

/// Clicks `elements` in turn with the mouse, in one WebDriver command (W3C
/// actions: move to the element's centre, press, release; chromedriver
/// scrolls it into view first, as for a click) where a WebDriver click
/// each would take several round trips. A click that lands on something
/// else (an element over the one meant) answers nothing, and the quiz then
/// fails waiting for its next question.
pub(super) async fn click(b: &Browser, elements: Vec<Element>) -> Result<(), String> {
    // WebDriver scrolls an element just into view before it clicks it,
    // which may leave it under mdBook's sticky menu bar, where the click
    // lands on the bar instead. So the first element goes to a third of
    // the way down the window first, and those after it follow it on the
    // page (a question's answers, then its submit button).
    if let Some(first) = elements.first() {
        let first = serde_json::to_value(first).map_err(|e| e.to_string())?;
        b.client
            .execute(
                "arguments[0].scrollIntoView({block: 'start'});
                 window.scrollBy(0, -window.innerHeight / 3);",
                vec![first],
            )
            .await
            .map_err(|e| e.to_string())?;
    }
    let mut mouse = MouseActions::new("mouse".into());
    for element in elements {
        let (x, y, duration) = (0.0, 0.0, None);
        let button = MOUSE_BUTTON_LEFT;
        mouse = mouse
            .then(PointerAction::MoveToElement {
                element,
                duration,
                x,
                y,
            })
            .then(PointerAction::Down { button })
            .then(PointerAction::Up { button });
    }
    b.client
        .perform_actions(mouse)
        .await
        .map_err(|e| e.to_string())
}

pub(super) async fn take_quiz(b: &mut Browser, q: usize) -> Result<(), String> {
    let quiz = format!("document.querySelectorAll('main .quiz-placeholder')[{q}]");
    b.wait_for(
        "the quiz to render",
        &format!("return {quiz}.querySelector('.mdbook-quiz') !== null"),
    )
    .await
    .ok_or("it did not render")?;
    let questions = b
        .js(&format!(
            "return JSON.parse({quiz}.dataset.quizQuestions).questions"
        ))
        .await;
    let questions = questions
        .as_array()
        .cloned()
        .ok_or("its questions are not in data-quiz-questions")?;
    let right = questions
        .iter()
        .position(|question| question["type"] == "MultipleChoice");
    let placeholders = b
        .client
        .find_all(Locator::Css("main .quiz-placeholder"))
        .await;
    let element = placeholders
        .ok()
        .and_then(|all| all.into_iter().nth(q))
        .ok_or("it vanished")?;
    let cmd = |e: fantoccini::error::CmdError| e.to_string();
    if let Ok(start) = element.find(Locator::Css("button.start")).await {
        start.click().await.map_err(cmd)?;
    }
    for (i, question) in questions.iter().enumerate() {
        let n = i + 1;
        let answer = &question["answer"];
        // A script's array of the inputs to click, with `form` the
        // question's form, and what they are; what to type into, if
        // anything, and whether the question must have it.
        let (choose, inputs, typing) = match question["type"].as_str().unwrap_or_default() {
            "MultipleChoice" => {
                let choose: Vec<Value> = if right == Some(i) {
                    match &answer["answer"] {
                        Value::Array(answers) => answers.clone(),
                        one => vec![one.clone()],
                    }
                } else {
                    vec![question["prompt"]["distractors"][0].clone()]
                };
                let choose = format!(
                    "Array.from(form.querySelectorAll('input[name=answer]'))
                        .filter(input => {}.includes(input.value))",
                    json!(choose)
                );
                (choose, "input[name=answer]".to_owned(), None)
            }
            "Tracing" => {
                // The wrong half: claim the opposite of whether it compiles
                // (and if it does not, an output).
                let compiles = answer["doesCompile"] == true;
                let radio = format!("input[name=doesCompile][value='{}']", !compiles);
                let choose = format!("[form.querySelector({})]", json!(radio));
                (choose, radio, (!compiles).then_some(("textarea", false)))
            }
            "ShortAnswer" => (
                "[]".to_owned(),
                String::new(),
                Some(("input[type=text], textarea", true)),
            ),
            other => {
                return Err(format!(
                    "question {n}: this test cannot answer a {other} question yet"
                ));
            }
        };
        // Found in one round trip once the question shows.
        let shown = format!(
            "const quiz = {quiz};
             if (!quiz.querySelector('.counter')?.textContent.startsWith('Question {n} /')) return null;
             const form = quiz.querySelector('form.response');
             if (!form) return 'form.response';
             return {{choose: {choose}, submit: form.querySelector('input[type=submit]')}};"
        );
        let found = b
            .wait_for(&format!("question {n}"), &shown)
            .await
            .ok_or(format!("question {n} was not shown"))?;
        let missing = |what: &str| format!("question {n}: it has no {what}");
        if let Some(form) = found.as_str() {
            return Err(missing(form));
        }
        let mut clicks = Vec::new();
        for input in found["choose"].as_array().into_iter().flatten() {
            clicks.push(b.element(input).ok_or_else(|| missing(&inputs))?);
        }
        let mut submit = found["submit"].clone();
        if let Some((selector, needed)) = typing {
            // Looked for once the answer is clicked: the box for a
            // program's output shows only then.
            click(b, std::mem::take(&mut clicks)).await?;
            let found = b
                .js(&format!(
                    "const form = {quiz}.querySelector('form.response');
                     return form && {{input: form.querySelector({}),
                                      submit: form.querySelector('input[type=submit]')}};",
                    json!(selector)
                ))
                .await;
            match b.element(&found["input"]) {
                Some(input) => input.send_keys("wrong").await.map_err(cmd)?,
                None if needed => return Err(missing(selector)),
                None => {}
            }
            submit = found["submit"].clone();
        }
        clicks.push(
            b.element(&submit)
                .ok_or_else(|| missing("input[type=submit]"))?,
        );
        click(b, clicks).await?;
    }
    let review = format!(
        "const section = {quiz}.querySelector('.mdbook-quiz section');
         const score = section && Array.from(section.querySelectorAll('p')).find(p => p.textContent.includes('You answered'));
         return score ? {{
             score: score.textContent.trim(),
             marks: Array.from(section.querySelectorAll('.answer-wrapper')).map(w =>
                 w.querySelector('.correct') ? 'right' : w.querySelector('.incorrect') ? 'wrong' : 'unmarked'),
         }} : null"
    );
    let review = b
        .wait_for("the answer review", &review)
        .await
        .ok_or("it showed no answer review")?;
    let score = format!(
        "You answered {}/{} questions correctly.",
        usize::from(right.is_some()),
        questions.len()
    );
    if review["score"] != json!(score) {
        return Err(format!(
            "its review says {}, not {score:?}",
            review["score"]
        ));
    }
    let marks: Vec<&str> = (0..questions.len())
        .map(|i| if right == Some(i) { "right" } else { "wrong" })
        .collect();
    if review["marks"] != json!(marks) {
        return Err(format!(
            "its review marks the answers {}, not {marks:?}",
            review["marks"]
        ));
    }
    Ok(())
}

pub(super) async fn search_finds_each_chapter(b: &mut Browser, pages: &[Page], base: &str) {
    let terms = search_terms();
    for page in pages {
        let Some((_, term)) = terms.iter().find(|(chapter, _)| *chapter == page.source) else {
            b.problem(format!(
                "{} has no term in tests/browser/search_terms.txt",
                page.source
            ));
            continue;
        };
        // The search's button and bar, and whether the search is closed, in
        // one round trip.
        let search = b
            .js("return {
                hidden: document.getElementById('mdbook-search-wrapper').classList.contains('hidden'),
                toggle: document.getElementById('mdbook-search-toggle'),
                bar: document.getElementById('mdbook-searchbar'),
            }")
            .await;
        if search["hidden"] == true {
            match b.element(&search["toggle"]) {
                Some(toggle) => {
                    let _ = toggle.click().await;
                }
                None => b.problem("no search button"),
            }
        }
        let Some(bar) = b.element(&search["bar"]) else {
            b.problem("cannot type into the search bar: there is none");
            continue;
        };
        let typed = async {
            bar.clear().await?;
            bar.send_keys(term).await
        };
        if let Err(e) = typed.await {
            b.problem(format!("cannot type into the search bar: {e}"));
            continue;
        }
        let quoted = serde_json::to_string(&format!("'{term}'")).unwrap();
        let results = format!(
            "const header = document.getElementById('mdbook-searchresults-header').textContent;
             if (!header.includes({quoted})) return null;
             const first = document.querySelector('#mdbook-searchresults a');
             return first ? first.href.split(/[?#]/)[0] : 'nothing';"
        );
        let Some(first) = b
            .wait_for(&format!("results of a search for {term:?}"), &results)
            .await
        else {
            continue;
        };
        let expected = format!("{base}{}", page.html);
        if first == "nothing" {
            b.problem(format!(
                "a search for {term:?} finds nothing ({})",
                page.source
            ));
        } else if first != json!(expected) {
            b.problem(format!(
                "a search for {term:?} lists {first} first, not {expected} ({})",
                page.source
            ));
        }
    }
}

/// The luminance (0 dark, 1 light) of the page's background.
pub(super) const BACKGROUND: &str = "
    const rgb = [document.body, document.documentElement]
        .map(e => getComputedStyle(e).backgroundColor)
        .find(c => c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') ?? 'rgb(255, 255, 255)';
    const [r, g, b] = rgb.match(/[\\d.]+/g).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;";

/// On the first chapter, which the browser shows: the theme is light until
/// the reader chooses the dark one, which stays chosen on the next page.
pub(super) async fn dark_theme_stays_chosen(
    b: &mut Browser,
    pages: &[Page],
    base: &str,
    shots: &Path,
    outcome: &mut Outcome,
) {
    let first = format!("{base}{}", pages[0].html);
    let light = b.js(BACKGROUND).await.as_f64().unwrap_or(0.0);
    if light < 0.5 {
        b.problem(format!(
            "the default theme is not light (background luminance {light:.2})"
        ));
    }
    let dark = b.js("return default_dark_theme").await;
    let dark = dark.as_str().unwrap_or("navy").to_owned();
    if let Err(e) = choose_theme(b, &dark).await {
        b.problem(format!("cannot choose the {dark} theme: {e}"));
        return;
    }
    // The next page, reached as a reader would; a one-page book reloads.
    let (name, url, link) = match pages.get(1) {
        Some(page) => (
            page.html.clone(),
            format!("{base}{}", page.html),
            visible_link(b, "next").await,
        ),
        None => (pages[0].html.clone(), first, None),
    };
    b.open(&name, &url, link).await;
    let class = b
        .js(&format!(
            "return document.documentElement.classList.contains('{dark}')"
        ))
        .await;
    let background = b.js(BACKGROUND).await.as_f64().unwrap_or(1.0);
    if class != true || background > 0.3 {
        b.problem(format!(
            "the {dark} theme did not stay chosen on the next page (class: {class}, background luminance {background:.2})"
        ));
    }
    screenshot(b, outcome, shots, "dark", &name, true).await;
    if let Err(e) = choose_theme(b, "light").await {
        b.problem(format!("cannot choose the light theme again: {e}"));
    }
}

pub(super) async fn choose_theme(b: &mut Browser, theme: &str) -> Result<(), String> {
    let cmd = |e: fantoccini::error::CmdError| e.to_string();
    b.client
        .find(Locator::Id("mdbook-theme-toggle"))
        .await
        .map_err(cmd)?
        .click()
        .await
        .map_err(cmd)?;
    let button = format!("mdbook-theme-{theme}");
    b.client
        .find(Locator::Id(&button))
        .await
        .map_err(cmd)?
        .click()
        .await
        .map_err(cmd)?;
    let chosen = format!("return document.documentElement.classList.contains('{theme}')");
    b.wait_for(&format!("the {theme} theme"), &chosen)
        .await
        .map(|_| ())
        .ok_or("it did not apply".into())
}

/// At 375 px, nothing but code blocks, tables and timeline figures may be
/// wider than the window, and those scroll inside themselves.
pub(super) const SIDEWAYS: &str = r#"
    const width = document.documentElement.clientWidth;
    const found = [];
    const name = e => `<${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${
        typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : ''}> "${
        (e.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
    const page = document.scrollingElement.scrollWidth;
    if (page > width + 1) found.push(`the page is ${page} px wide in a ${width} px window`);
    const wide = new Set();
    for (const e of document.querySelectorAll('body *')) {
        if (e.closest('pre, .table-wrapper, figure.timeline')) continue;
        const box = e.getBoundingClientRect();
        if (box.width > 0 && box.right > width + 1) {
            // Name only the outermost element that sticks out.
            if (!wide.has(e.parentElement)) found.push(`${name(e)} reaches ${Math.round(box.right)} px`);
            wide.add(e);
        }
        const overflow = getComputedStyle(e).overflowX;
        if ((overflow === 'auto' || overflow === 'scroll') && e.scrollWidth > e.clientWidth + 1) {
            found.push(`${name(e)} scrolls sideways`);
        }
    }
    for (const code of document.querySelectorAll('main pre > code')) {
        const box = code.parentElement.getBoundingClientRect();
        if (box.right > width + 1) found.push(`the code block ${name(code)} reaches ${Math.round(box.right)} px`);
        if (code.scrollWidth > code.clientWidth + 1) {
            code.scrollLeft = 40;
            if (code.scrollLeft === 0) found.push(`the code block ${name(code)} is cut off and does not scroll`);
            code.scrollLeft = 0;
        }
    }
    return found.slice(0, 10);"#;

/// Makes the window `NARROW` px wide (a small phone); `false`, and a
/// problem, if it cannot.
pub(super) async fn go_narrow(b: &mut Browser) -> bool {
    if let Err(e) = b.client.set_window_size(NARROW, 812).await {
        b.problem(format!("cannot make the window {NARROW} px wide: {e}"));
        return false;
    }
    true
}

/// Back to the window the sessions start with (`driver::session`).
pub(super) async fn go_wide(b: &mut Browser) {
    if let Err(e) = b.client.set_window_size(1280, 900).await {
        b.problem(format!("cannot make the window 1280 px wide again: {e}"));
    }
}

/// In the narrow window, on the page it shows (`name`): nothing scrolls
/// sideways but what may, and every figure has a size.
pub(super) async fn narrow_page_does_not_scroll_sideways(
    b: &mut Browser,
    name: &str,
    shots: &Path,
    outcome: &mut Outcome,
) {
    let inner = b.js("return window.innerWidth").await;
    if inner != json!(NARROW) {
        b.problem(format!("the window is {inner} px wide, not {NARROW}"));
    }
    for found in b.js(SIDEWAYS).await.as_array().cloned().unwrap_or_default() {
        b.problem(found.as_str().unwrap_or_default());
    }
    figures_have_a_size(b).await;
    if name != "print.html" {
        screenshot(b, outcome, shots, "narrow", name, true).await;
    }
}
