// Run buttons on the reader's own machine. `cargo book serve` starts a
// runner on 127.0.0.1 beside mdBook's server and writes a script, loaded by
// every page before this one, that sets `window.bookRunner` (its address
// and the token it takes; tools/src/runner.rs). With it, every Run button
// goes to the runner: mdBook's (their clicks are taken here, before
// book.js sees them, whose request would give up after 6 s), and one added
// here to each `noplayground` Rust block and each Python box. Without it
// (the published book), the buttons go to the Playground, as mdBook made
// them. Either way the page says, under the block, which one ran it.
(function () {
    'use strict';

    const runner = window.bookRunner;

    function where(pre, text) {
        let line = pre.nextElementSibling;
        if (!line || !line.classList.contains('runner-where')) {
            line = document.createElement('p');
            line.className = 'runner-where';
            line.setAttribute('role', 'status');
            pre.after(line);
        }
        line.textContent = text;
    }

    if (!runner) {
        document.addEventListener('click', event => {
            const button = event.target.closest && event.target.closest('.play-button');
            if (button) {
                where(button.closest('pre'), 'Ran on the Rust Playground (play.rust-lang.org), a debug build.');
            }
        }, true);
        return;
    }

    // Each block's text as the page first showed it: a run of an unedited
    // listing runs as listings/Cargo.toml declares; an edited one runs the
    // same way from the edited text.
    const originals = new Map();
    const blocks = document.querySelectorAll('pre > code.language-rust, pre > code.language-python');
    for (const code of blocks) {
        const pre = code.parentElement;
        originals.set(code, code.textContent);
        let buttons = pre.querySelector('.buttons');
        if (!buttons) {
            buttons = document.createElement('div');
            buttons.className = 'buttons';
            pre.insertBefore(buttons, pre.firstChild);
        }
        let play = pre.querySelector('.play-button');
        if (!play) {
            play = document.createElement('button');
            play.className = 'play-button';
            play.title = 'Run this code on your machine';
            play.setAttribute('aria-label', play.title);
            const icon = document.getElementById('fa-play');
            play.innerHTML = icon ? icon.innerHTML : '▶';
            buttons.insertBefore(play, buttons.firstChild);
        }
        if (code.classList.contains('language-rust')) {
            const build = document.createElement('button');
            build.className = 'build-button';
            build.textContent = 'debug';
            build.title = 'Build: debug (press for release)';
            build.setAttribute('aria-label', build.title);
            build.setAttribute('aria-pressed', 'false');
            build.addEventListener('click', () => {
                const release = build.getAttribute('aria-pressed') !== 'true';
                build.setAttribute('aria-pressed', String(release));
                build.textContent = release ? 'release' : 'debug';
                build.title = release ? 'Build: release (press for debug)' : 'Build: debug (press for release)';
                build.setAttribute('aria-label', build.title);
            });
            buttons.insertBefore(build, play.nextSibling);
        }
    }
    // book.js shows its Run buttons once the Playground's crates are known;
    // here they need nothing from the Playground.
    const show = () => document.querySelectorAll('.play-button').forEach(b => { b.hidden = false; });
    show();
    setTimeout(show, 0);

    async function run(pre) {
        const code = pre.querySelector('code:not(.result)');
        let result = pre.querySelector('code.result');
        if (!result) {
            result = document.createElement('code');
            result.className = 'result hljs language-bash';
            pre.append(result);
        }
        const build = pre.querySelector('.build-button');
        const body = {
            lang: code.classList.contains('language-python') ? 'python' : 'rust',
            code: code.textContent,
            original: originals.get(code),
            release: build ? build.getAttribute('aria-pressed') === 'true' : false,
        };
        result.innerText = 'Running on your machine…';
        where(pre, 'Running on your machine…');
        try {
            const response = await fetch(runner.url, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', 'X-Book-Runner': runner.token },
                body: JSON.stringify(body),
            });
            const answer = await response.json();
            if (!response.ok) {
                result.innerText = 'The runner on your machine refused: ' + answer.error;
                where(pre, 'Refused by the runner on your machine.');
                return;
            }
            result.innerText = answer.result.trim() === '' ? 'No output' : answer.result;
            beside(pre, answer);
            where(pre, 'Ran on your machine: ' + answer.ran + ', a ' + answer.build + ' build; ' +
                answer.ended + ', after ' + (answer.ms / 1000).toFixed(1) + ' s.');
        } catch (error) {
            result.innerText = 'The runner on your machine did not answer: ' + error.message;
            where(pre, 'The runner on your machine did not answer.');
        }
    }

    // A listing with a recording: the run on this machine beside the
    // recorded one, each headed by the machine it ran on.
    function beside(pre, answer) {
        const line = pre.nextElementSibling;
        const before = line.nextElementSibling;
        if (before && before.classList.contains('runner-compare')) {
            before.remove();
        }
        if (!answer.recorded) {
            return;
        }
        const compare = document.createElement('div');
        compare.className = 'runner-compare';
        const column = (title, machine, text) => {
            const figure = document.createElement('figure');
            const caption = document.createElement('figcaption');
            const strong = document.createElement('strong');
            strong.textContent = title;
            caption.append(strong, ' ' + machine);
            const output = document.createElement('pre');
            const code = document.createElement('code');
            code.textContent = text;
            output.append(code);
            figure.append(caption, output);
            return figure;
        };
        compare.append(
            column('Recorded:', answer.recorded.machine + '; ' + answer.recorded.how, answer.recorded.output),
            column('Your machine:', answer.machine, answer.result));
        line.after(compare);
    }

    // A scaling curve (`<div class="runner-scaling" data-listing=NAME>` on
    // the page): a button that runs the listing at every thread count of
    // this machine, and draws its curve beside the recorded one.
    for (const place of document.querySelectorAll('div.runner-scaling')) {
        const button = document.createElement('button');
        button.className = 'runner-scaling-button';
        button.textContent = 'Draw the scaling curve on your machine';
        place.append(button);
        button.addEventListener('click', () => curve(place, button));
    }

    async function curve(place, button) {
        button.disabled = true;
        where(button, 'Running at every thread count on your machine…');
        try {
            const response = await fetch(runner.url, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', 'X-Book-Runner': runner.token },
                body: JSON.stringify({ scaling: place.dataset.listing }),
            });
            const answer = await response.json();
            if (!response.ok) {
                where(button, 'The runner on your machine refused: ' + answer.error);
                return;
            }
            const old = place.querySelector('.runner-compare');
            if (old) {
                old.remove();
            }
            const compare = document.createElement('div');
            compare.className = 'runner-compare';
            const column = (title, machine, svg, text) => {
                const figure = document.createElement('figure');
                figure.className = 'scaling';
                const caption = document.createElement('figcaption');
                const strong = document.createElement('strong');
                strong.textContent = title;
                caption.append(strong, ' ' + machine);
                // The SVG is drawn by the runner on this machine
                // (tools/src/scaling.rs), from numbers only.
                const drawing = document.createElement('div');
                drawing.innerHTML = svg || '';
                const output = document.createElement('pre');
                const code = document.createElement('code');
                code.textContent = text;
                output.append(code);
                figure.append(caption, drawing, output);
                return figure;
            };
            if (answer.recorded) {
                compare.append(column('Recorded:', answer.recorded.machine + '; ' + answer.recorded.how,
                    answer.recorded.svg, answer.recorded.output));
            }
            compare.append(column('Your machine:', answer.machine || '', answer.svg, answer.result));
            place.append(compare);
            where(button, 'Ran on your machine: ' + answer.ran + ', a ' + answer.build + ' build; ' +
                answer.ended + ', after ' + (answer.ms / 1000).toFixed(1) + ' s.');
        } catch (error) {
            where(button, 'The runner on your machine did not answer: ' + error.message);
        } finally {
            button.disabled = false;
        }
    }

    document.addEventListener('click', event => {
        const button = event.target.closest && event.target.closest('.play-button');
        if (!button) {
            return;
        }
        event.stopImmediatePropagation();
        event.preventDefault();
        run(button.closest('pre'));
    }, true);
})();
