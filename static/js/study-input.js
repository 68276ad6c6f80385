/*
 * StudyXP study page, the learner's input: which key or click means which action. Loaded
 * without defer in <head>, so it listens before the card is parsed and no key or click is
 * lost while the deferred scripts (htmx, study.js) are still loading.
 *
 * Why a classic script and not a native module like StudyXP's other scripts: a module is
 * always deferred, run only once the whole page is parsed and after the deferred scripts
 * before it, so a module would not hear the keys a learner presses as soon as the card
 * shows (tests/e2e/test_study_keys.py). It defines no globals: its code runs inside a
 * function called at once.
 *
 *   Space, or Enter on the focused card ....... flip
 *   ArrowRight / ArrowLeft .................... next / previous
 *   a click or tap on the card or on Flip ..... flip
 *   a click or tap on Next / Previous ......... next / previous
 *
 * Each action goes to study.js, which does it, as a "studyxp:study-action" event on #study
 * (detail: {action: "flip" | "next" | "prev"}). Until study.js announces itself with a
 * "studyxp:study-ready" event on the document, actions wait here in order and are handed over
 * then. The two scripts share nothing else: no globals. DOM: templates/study/.
 */
(function () {
  "use strict";

  const ACTION_EVENT = "studyxp:study-action";
  const READY_EVENT = "studyxp:study-ready";

  const CARD = ".flashcard";
  const FLIP_BUTTON = '[data-testid="flip-card"]';
  const NEXT_BUTTON = '[data-testid="next-card"]';
  const PREV_BUTTON = '[data-testid="prev-card"]';
  // Focus on these keeps its own meaning for Space (typing, choosing, pressing) ...
  const KEEPS_SPACE = "input, textarea, select, button, a[href], summary, [contenteditable]";
  // ... and on these for the arrow keys (moving a caret or a selection).
  const KEEPS_ARROWS = "input, textarea, select, [contenteditable]";

  let studyReady = false;
  const waiting = [];

  function send(action) {
    const study = document.getElementById("study");
    if (!studyReady || study === null) {
      waiting.push(action);
      return;
    }
    study.dispatchEvent(new CustomEvent(ACTION_EVENT, { detail: { action } }));
  }

  document.addEventListener(READY_EVENT, () => {
    studyReady = true;
    for (const action of waiting.splice(0)) send(action);
  });

  // At the first or last card ArrowLeft/ArrowRight keep the browser's meaning (scrolling),
  // unless earlier actions are still pending: the card they lead to decides.
  function canMove(selector) {
    const study = document.getElementById("study");
    if (study === null || study.dataset.state !== "idle") return true;
    const button = study.querySelector(selector);
    return button !== null && !button.disabled;
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const focused = event.target instanceof Element ? event.target : null;
    const onCard = focused !== null && focused.matches(CARD);
    const keeps = (selector) => !onCard && focused !== null && focused.closest(selector) !== null;

    if (event.key === " " || (event.key === "Enter" && onCard)) {
      if (keeps(KEEPS_SPACE)) return;
      // Space would scroll the page; holding it down must not flip back and forth.
      event.preventDefault();
      if (!event.repeat) send("flip");
    } else if ((event.key === "ArrowRight" || event.key === "ArrowLeft") && !event.shiftKey) {
      if (keeps(KEEPS_ARROWS)) return;
      const selector = event.key === "ArrowRight" ? NEXT_BUTTON : PREV_BUTTON;
      if (!canMove(selector)) return;
      event.preventDefault();
      send(event.key === "ArrowRight" ? "next" : "prev");
    }
  });

  // In the capture phase, so a click on Next or Previous reaches study.js's queue instead of
  // htmx's own click handler: study.js sends that request itself, in turn.
  document.addEventListener(
    "click",
    (event) => {
      const clicked = event.target instanceof Element ? event.target : null;
      if (clicked === null || clicked.closest("#study") === null) return;
      if (clicked.closest(FLIP_BUTTON)) {
        send("flip");
        return;
      }
      const move = clicked.closest(`${NEXT_BUTTON}, ${PREV_BUTTON}`);
      if (move) {
        event.stopPropagation();
        send(move.matches(NEXT_BUTTON) ? "next" : "prev");
        return;
      }
      // A link or button inside a card face keeps its own click.
      if (clicked.closest(CARD) && !clicked.closest("a[href], button")) send("flip");
    },
    true,
  );
})();
