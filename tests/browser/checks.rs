//! The checks each page gets in the browser test (`tests/browser.rs`):
//! navigation, Run buttons, figures, quizzes, search, the theme and the
//! narrow window. The sessions there decide which page gets which.

use super::*;
use driver::PAGE_TIMEOUT;

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
    let script = "return Array.from(document.querySelectorAll('main figure.timeline, main figure.scaling')).map((figure, i) => {
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
                "figure {} ({}) renders {width}×{height} px{}",
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

/// How a quiz is answered: with the mouse, as a reader does (several
/// WebDriver round trips a question), or by a script in the page that
/// clicks the same inputs (one round trip a quiz).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Answering {
    Mouse,
    Script,
}

/// Takes every quiz on the page, answers its first multiple-choice question
/// right and every other question wrong, and checks that the review says
/// so, question by question. Returns how many quizzes the page has.
pub(super) async fn quizzes_grade_answers(b: &mut Browser, answering: Answering) -> usize {
    let count = b
        .js("return document.querySelectorAll('main .quiz-placeholder').length")
        .await;
    let count = count.as_u64().unwrap_or(0) as usize;
    for q in 0..count {
        if let Err(e) = take_quiz(b, q, answering).await {
            b.problem(format!("quiz {}: {e}", q + 1));
        }
    }
    count
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

/// How one question is answered: `choose`, a script's array of the inputs
/// to click, with `form` the question's form; `inputs`, what they are;
/// `typing`, what to type into, if anything, and whether the question
/// must have it.
struct Answer {
    choose: String,
    inputs: String,
    typing: Option<(&'static str, bool)>,
}

/// The answers to `questions`: the multiple-choice question `right` right,
/// every other wrong.
fn answers(questions: &[Value], right: Option<usize>) -> Result<Vec<Answer>, String> {
    let mut all = Vec::new();
    for (i, question) in questions.iter().enumerate() {
        let answer = &question["answer"];
        all.push(match question["type"].as_str().unwrap_or_default() {
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
                let inputs = "input[name=answer]".to_owned();
                Answer {
                    choose,
                    inputs,
                    typing: None,
                }
            }
            "Tracing" => {
                // The wrong half: claim the opposite of whether it compiles
                // (and if it does not, an output).
                let compiles = answer["doesCompile"] == true;
                let radio = format!("input[name=doesCompile][value='{}']", !compiles);
                Answer {
                    choose: format!("[form.querySelector({})]", json!(radio)),
                    inputs: radio,
                    typing: (!compiles).then_some(("textarea", false)),
                }
            }
            "ShortAnswer" => Answer {
                choose: "[]".to_owned(),
                inputs: String::new(),
                typing: Some(("input[type=text], textarea", true)),
            },
            other => {
                return Err(format!(
                    "question {}: this test cannot answer a {other} question yet",
                    i + 1
                ));
            }
        });
    }
    Ok(all)
}

pub(super) async fn take_quiz(
    b: &mut Browser,
    q: usize,
    answering: Answering,
) -> Result<(), String> {
    let quiz = format!("document.querySelectorAll('main .quiz-placeholder')[{q}]");
    // The quiz's script loads as the reader nears the quiz
    // (theme/quiz-loader.js): scroll to it, as a reader does.
    b.js(&format!(
        "{quiz}.scrollIntoView({{block: 'center'}}); return null"
    ))
    .await;
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
    let answers = answers(&questions, right)?;
    match answering {
        Answering::Mouse => answer_by_mouse(b, q, &quiz, &answers).await?,
        Answering::Script => answer_by_script(b, &quiz, &answers).await?,
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

/// Answers the quiz `quiz` (a script's expression for its element, the
/// page's quiz `q`) with the mouse, as a reader does.
async fn answer_by_mouse(
    b: &mut Browser,
    q: usize,
    quiz: &str,
    answers: &[Answer],
) -> Result<(), String> {
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
    for (i, answer) in answers.iter().enumerate() {
        let n = i + 1;
        let Answer {
            choose,
            inputs,
            typing,
        } = answer;
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
            clicks.push(b.element(input).ok_or_else(|| missing(inputs))?);
        }
        let mut submit = found["submit"].clone();
        if let Some((selector, needed)) = *typing {
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
    Ok(())
}

/// Answers the quiz `quiz` (a script's expression for its element) the
/// same way, by one script in the page: it clicks the same inputs
/// (`click()` raises the events a mouse click does, which the quiz's React
/// code handles alike), types by setting the box's value and raising its
/// `input` event, and waits for each question as the mouse does, in one
/// WebDriver round trip for the whole quiz.
async fn answer_by_script(b: &mut Browser, quiz: &str, answers: &[Answer]) -> Result<(), String> {
    let mut steps = String::new();
    for (i, answer) in answers.iter().enumerate() {
        let n = i + 1;
        let Answer {
            choose,
            inputs,
            typing,
        } = answer;
        let (selector, needed) = typing.unwrap_or(("", false));
        steps += &format!(
            "form = await until('question {n} was not shown', () =>
                 quiz.querySelector('.counter')?.textContent.startsWith('Question {n} /')
                 && quiz.querySelector('form.response'));
             chosen = {choose};
             if (chosen.some(input => !input)) throw 'question {n}: it has no ' + {inputs};
             chosen.forEach(input => input.click());
             await answer(form, {n}, {selector}, {needed});
             ",
            inputs = json!(inputs),
            selector = json!(selector),
        );
    }
    let body = format!(
        "const quiz = {quiz};
         // Types into the question's box `selector`, if any (it shows once
         // the answer is clicked), then submits.
         async function answer(form, n, selector, needed) {{
             if (selector) {{
                 const missing = needed ? `question ${{n}}: it has no ${{selector}}` : null;
                 const box = await until(missing, () => form.querySelector(selector), needed ? {timeout} : 300);
                 if (box) {{
                     const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(box), 'value').set;
                     setter.call(box, 'wrong');
                     box.dispatchEvent(new Event('input', {{bubbles: true}}));
                 }}
             }}
             const submit = form.querySelector('input[type=submit]');
             if (!submit) throw `question ${{n}}: it has no input[type=submit]`;
             submit.click();
         }}
         let form, chosen;
         quiz.querySelector('button.start')?.click();
         {steps}
         return null;",
        timeout = PAGE_TIMEOUT.as_millis(),
    );
    in_page(b, &body).await.map(|_| ())
}

/// Runs `body`, the statements of an async function, in the page, in one
/// WebDriver round trip, and returns what it returns, or what it throws
/// as `Err`. In it, `pause(ms)` waits, and `until(failure, found, ms)`
/// returns what `found()` returns once that is truthy, looking every
/// 10 ms for at most `ms` (by default [`PAGE_TIMEOUT`]); after that it
/// throws `failure`, or returns null if `failure` is null.
async fn in_page(b: &Browser, body: &str) -> Result<Value, String> {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         const pause = ms => new Promise(wake => setTimeout(wake, ms));
         async function until(failure, found, ms = {timeout}) {{
             for (const end = Date.now() + ms; Date.now() < end; await pause(10)) {{
                 const value = found();
                 if (value) return value;
             }}
             if (failure) throw failure;
             return null;
         }}
         (async () => {{ {body} }})().then(
             value => done({{value}}),
             error => done({{error: String(error)}}),
         );",
        timeout = PAGE_TIMEOUT.as_millis(),
    );
    match b.client.execute_async(&script, vec![]).await {
        Ok(mut outcome) => match outcome["error"].take() {
            Value::Null => Ok(outcome["value"].take()),
            error => Err(error.as_str().unwrap_or("failed").to_owned()),
        },
        Err(e) => Err(format!("the script in the page failed: {e}")),
    }
}

pub(super) async fn search_finds_each_chapter(b: &mut Browser, pages: &[Page], base: &str) {
    let terms = search_terms();
    let mut wanted = Vec::new();
    for page in pages {
        match terms.iter().find(|(chapter, _)| *chapter == page.source) {
            Some((_, term)) => wanted.push((page, term.as_str())),
            None => b.problem(format!(
                "{} has no term in tests/browser/search_terms.txt",
                page.source
            )),
        }
    }
    // The first term is typed on the keyboard, as a reader does; the
    // others go into the bar by a script in the page, which raises the
    // `keyup` that mdBook's search acts on, all in one round trip.
    let Some(((_, first_term), rest)) = wanted.split_first() else {
        return;
    };
    let mut found = vec![search_by_keyboard(b, first_term).await];
    let rest_terms: Vec<&str> = rest.iter().map(|(_, term)| *term).collect();
    found.extend(search_by_script(b, &rest_terms).await);
    for ((page, term), first) in wanted.iter().zip(found) {
        let Some(first) = first else {
            b.problem(format!(
                "gave up after {PAGE_TIMEOUT:?} waiting for the results of a search for {term:?}"
            ));
            continue;
        };
        let expected = format!("{base}{}", page.html);
        if first == "nothing" {
            b.problem(format!(
                "a search for {term:?} finds nothing ({})",
                page.source
            ));
        } else if first != expected {
            b.problem(format!(
                "a search for {term:?} lists {first} first, not {expected} ({})",
                page.source
            ));
        }
    }
}

/// A script's expression for what the search shows for `term`: null until
/// its results are in, then the address of the first result, or
/// `nothing`.
fn search_results(term: &str) -> String {
    let quoted = serde_json::to_string(&format!("'{term}'")).unwrap();
    format!(
        "(() => {{
             const header = document.getElementById('mdbook-searchresults-header').textContent;
             if (!header.includes({quoted})) return null;
             const first = document.querySelector('#mdbook-searchresults a');
             return first ? first.href.split(/[?#]/)[0] : 'nothing';
         }})()"
    )
}

/// Opens the search and types `term` into its bar with the keyboard;
/// returns what [`search_results`] shows (`None` if nothing in time).
async fn search_by_keyboard(b: &mut Browser, term: &str) -> Option<String> {
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
        return None;
    };
    let typed = async {
        bar.clear().await?;
        bar.send_keys(term).await
    };
    if let Err(e) = typed.await {
        b.problem(format!("cannot type into the search bar: {e}"));
        return None;
    }
    let results = format!("return {}", search_results(term));
    let first = b
        .wait_for(&format!("results of a search for {term:?}"), &results)
        .await?;
    first.as_str().map(str::to_owned)
}

/// Searches for each of `terms` in turn from the open search bar, by one
/// script: sets the bar's value, raises `keyup`, waits for the results.
async fn search_by_script(b: &mut Browser, terms: &[&str]) -> Vec<Option<String>> {
    let mut steps = String::new();
    for term in terms {
        steps += &format!(
            "bar.value = {term};
             bar.dispatchEvent(new KeyboardEvent('keyup', {{bubbles: true}}));
             found.push(await until(null, () => {results}));
             ",
            term = json!(term),
            results = search_results(term),
        );
    }
    let body = format!(
        "const bar = document.getElementById('mdbook-searchbar');
         const found = [];
         {steps}
         return found;"
    );
    match in_page(b, &body).await {
        Ok(Value::Array(found)) => found
            .into_iter()
            .map(|first| first.as_str().map(str::to_owned))
            .collect(),
        failed => {
            b.problem(format!("the script searching failed: {failed:?}"));
            vec![Some("failed".to_owned()); terms.len()]
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

/// At 375 px, nothing but code blocks, tables, timeline and graph figures
/// may be wider than the window, and those scroll inside themselves.
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
        if (e.closest('pre, .table-wrapper, figure.timeline, figure.graph')) continue;
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

/// Every exercise's block is editable in place, with a Run button and an
/// "Undo changes" button, and has its hints and solution below it, closed.
/// With `interact` (one page with an exercise is enough), a reader's
/// actions: typing into the starter changes what Run would send and keeps
/// the hidden grader; Undo puts the starter back; Hints and the solution
/// open when clicked. Returns how many exercises the page has.
pub(super) async fn exercises_edit_and_expand(b: &mut Browser, interact: bool) -> usize {
    let script = r#"
        return Array.from(document.querySelectorAll('main pre > code.editable')).map((code, i) => {
            const pre = code.parentElement;
            const play = pre.querySelector('.play-button');
            let next = pre.nextElementSibling;
            const details = [];
            while (next && details.length < 2) {
                if (next.tagName === 'DETAILS') details.push(next);
                if (next.tagName === 'PRE' || /^H[1-6]$/.test(next.tagName)) break;
                next = next.nextElementSibling;
            }
            return {
                exercise: i + 1,
                editable: code.isContentEditable,
                run: !!play && !play.classList.contains('hidden') && getComputedStyle(play).display !== 'none',
                undo: !!pre.querySelector('.reset-button'),
                grader: code.textContent.includes('fn main()'),
                details: details.map(d => [d.querySelector('summary')?.textContent.trim() ?? '', d.open]),
                noplayground: code.classList.contains('noplayground'),
            };
        })"#;
    let exercises = b.js(script).await.as_array().cloned().unwrap_or_default();
    for exercise in &exercises {
        let name = format!("exercise {}", exercise["exercise"]);
        if exercise["editable"] != true {
            b.problem(format!("{name}: its block is not editable"));
        }
        if exercise["run"] != true && exercise["noplayground"] != true {
            b.problem(format!("{name}: no Run button"));
        }
        if exercise["undo"] != true {
            b.problem(format!("{name}: no \"Undo changes\" button"));
        }
        if exercise["grader"] != true {
            b.problem(format!("{name}: its block holds no grader (`fn main()`)"));
        }
        let details = exercise["details"].clone();
        if details != json!([["Hints", false], ["A solution", false]]) {
            b.problem(format!(
                "{name}: below it should be Hints and A solution, closed; there are {details}"
            ));
        }
    }
    if interact && !exercises.is_empty() {
        exercise_answers_a_reader(b).await;
    }
    exercises.len()
}

/// The first exercise of the page, used as a reader does (see
/// [`exercises_edit_and_expand`]).
async fn exercise_answers_a_reader(b: &mut Browser) {
    let text = "return document.querySelector('main pre > code.editable').textContent";
    let before = b.js(text).await;
    // `s` and `/` open mdBook's search, and an arrow key turns the page,
    // unless the block keeps the keys it is typed.
    let typed = "// my search: / s";
    let code = match b
        .client
        .find(Locator::Css("main pre > code.editable"))
        .await
    {
        Ok(code) => code,
        Err(e) => return b.problem(format!("exercise 1: cannot find its block: {e}")),
    };
    if let Err(e) = code.click().await {
        return b.problem(format!("exercise 1: cannot click into its block: {e}"));
    }
    // Typed where the caret is, at the start of the starter.
    let _ = b
        .js(
            "const code = document.querySelector('main pre > code.editable'); code.focus(); \
             const range = document.createRange(); range.setStart(code, 0); range.collapse(true); \
             const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range); return true",
        )
        .await;
    let focused = match b.client.active_element().await {
        Ok(element) => element,
        Err(e) => return b.problem(format!("exercise 1: nothing has the focus: {e}")),
    };
    if let Err(e) = focused.send_keys(typed).await {
        return b.problem(format!("exercise 1: cannot type into its block: {e}"));
    }
    let after = b.js(text).await;
    let after = after.as_str().unwrap_or_default();
    if !after.contains(typed) || !after.contains("fn main()") {
        b.problem(format!(
            "exercise 1: after typing {typed:?}, Run would send {:?}…, not the edit with its grader",
            after.chars().take(80).collect::<String>()
        ));
    }
    let undone = "const pre = document.querySelector('main pre > code.editable').parentElement; \
                  pre.querySelector('.reset-button').click(); \
                  return pre.querySelector('code').textContent";
    if b.js(undone).await != before {
        b.problem("exercise 1: \"Undo changes\" does not put the starter back");
    }
    for summary in ["Hints", "A solution"] {
        let open = format!(
            "const pre = document.querySelector('main pre > code.editable').parentElement; \
             let d = pre.nextElementSibling; \
             while (d && !(d.tagName === 'DETAILS' && d.querySelector('summary').textContent.trim() === {summary:?})) d = d.nextElementSibling; \
             if (!d) return null; \
             d.querySelector('summary').click(); \
             const inner = d.querySelector('summary').nextElementSibling; \
             return d.open && !!inner && inner.getBoundingClientRect().height > 0"
        );
        if b.js(&open).await != true {
            b.problem(format!(
                "exercise 1: {summary:?} does not open to show its text"
            ));
        }
    }
}
