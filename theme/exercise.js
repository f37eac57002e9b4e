// An exercise's block (```rust,editable```) becomes editable in place: the
// reader changes the starter and presses Run, which sends the block's whole
// text (the hidden grader included) to the Playground, as for any block.
// mdBook's own editor (ace, 107 KB gzipped on every page) is not loaded
// (book.toml, `editable = false`): a `contenteditable` code element is
// enough for the few lines of a starter, costs nothing on the pages without
// one, and keeps the grader's lines hidden and untouched. "Undo changes"
// puts the starter back.
(function () {
    'use strict';

    for (const code of document.querySelectorAll('pre > code.editable')) {
        const original = code.innerHTML;
        // `plaintext-only` keeps Enter a newline and pasting plain text;
        // where a browser lacks it, `true` still edits.
        code.contentEditable = 'plaintext-only';
        if (code.contentEditable !== 'plaintext-only') {
            code.contentEditable = 'true';
        }
        code.spellcheck = false;
        code.setAttribute('role', 'textbox');
        code.setAttribute('aria-multiline', 'true');
        code.setAttribute('aria-label', 'The exercise: edit the code, then press Run');
        code.classList.add('exercise-code');
        // mdBook's shortcuts listen on the document and skip only inputs
        // and text areas: typed into the exercise, `s` or `/` would open
        // the search and an arrow key turn the page. Keys typed here stay
        // here.
        code.addEventListener('keydown', event => event.stopPropagation());

        const buttons = code.parentElement.querySelector('.buttons');
        if (buttons) {
            const undo = document.createElement('button');
            undo.className = 'reset-button';
            undo.title = 'Undo changes';
            undo.setAttribute('aria-label', undo.title);
            const icon = document.getElementById('fa-clock-rotate-left');
            undo.innerHTML = icon ? icon.innerHTML : '↺';
            undo.addEventListener('click', () => {
                code.innerHTML = original;
            });
            buttons.insertBefore(undo, buttons.firstChild);
        }
    }
})();
