// The quiz's script (mdbook-quiz's, 458 KB gzipped: half of what a page
// with a quiz transfers) loads when the reader needs it, not with the page.
// The book's preprocessor `quiz-loader` (tools/src/quiz_loader.rs) has put
// its address in `<div hidden data-deferred-script="…">` instead of a
// `<script>`; this loads it once the reader comes within a window's height
// of a quiz (by scrolling, or by a link into the page), so that first paint
// never waits for it, and a reader who stops before the quiz never pays for
// it. Not when the page is merely idle: the script's start-up is a long
// task (about 0.6 s on Lighthouse's phone), which would land while the
// reader is reading the top of the page.
(function () {
    'use strict';

    const deferred = document.querySelectorAll('[data-deferred-script]');
    if (deferred.length === 0) {
        return;
    }
    // One address for every quiz of the page (print.html has many).
    const sources = new Set(Array.from(deferred, element =>
        new URL(element.dataset.deferredScript, document.baseURI).href));
    let observer = null;
    let started = false;

    function load() {
        if (started) {
            return;
        }
        started = true;
        if (observer) {
            observer.disconnect();
        }
        let left = sources.size;
        for (const src of sources) {
            const script = document.createElement('script');
            script.src = src;
            script.dataset.loadedBy = 'quiz-loader';
            script.addEventListener('load', () => {
                // mdbook-quiz draws its quizzes on `DOMContentLoaded`, which
                // has passed by now: raise it again, once every deferred
                // script is in (its other listeners on `window` are
                // highlight.js's, which does nothing unless asked to).
                left -= 1;
                if (left === 0) {
                    window.dispatchEvent(new Event('DOMContentLoaded'));
                }
            });
            document.body.appendChild(script);
        }
    }

    // Only once `DOMContentLoaded` has passed, so that the script always
    // runs after it and needs it raised again.
    function start() {
        if (!('IntersectionObserver' in window)) {
            load();
            return;
        }
        observer = new IntersectionObserver(entries => {
            if (entries.some(entry => entry.isIntersecting)) {
                load();
            }
        }, { rootMargin: '0px 0px 100% 0px' });
        document.querySelectorAll('.quiz-placeholder').forEach(quiz => observer.observe(quiz));
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start, { once: true });
    } else {
        start();
    }
})();
