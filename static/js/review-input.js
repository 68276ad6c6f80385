/*
 * StudyXP review page, the learner's input: which key or click means which action. Loaded
 * without defer in <head>, like the study page's study-input.js and for the same reason: it
 * listens before the card is parsed, so no key pressed as soon as the card shows is lost
 * while the deferred scripts (htmx, review.js) are still loading. It defines no globals.
 *
 *   Space or Enter ............................ show the answer
 *   1, 2, 3, 4 ................................ Again, Hard, Good, Easy
 *   a click on Show answer, a grade or Undo ... that action
 *
 * Each action goes to review.js, which does it, as a "studyxp:review-action" event on #review
 * (detail: {action: "show" | "again" | "hard" | "good" | "easy" | "undo"}). Until review.js
 * announces itself with a "studyxp:review-ready" event on the document, actions wait here in
 * order and are handed over then. DOM: templates/review/.
 */
(function () {
  "use strict";

  const ACTION_EVENT = "studyxp:review-action";
  const READY_EVENT = "studyxp:review-ready";

  const GRADE_KEYS = { 1: "again", 2: "hard", 3: "good", 4: "easy" };
  const SHOW_BUTTON = '[data-testid="show-answer"]';
  const GRADE_BUTTONS = ".grade-buttons";
  const UNDO_BUTTON = '[data-testid="undo-review"]';
  // Focus on these keeps its own meaning for the keys (typing a limit, opening a menu) ...
  const KEEPS_KEYS = "input, textarea, select, button, a[href], summary, [contenteditable]";

  let reviewReady = false;
  const waiting = [];

  function send(action) {
    const review = document.getElementById("review");
    if (!reviewReady || review === null) {
      waiting.push(action);
      return;
    }
    review.dispatchEvent(new CustomEvent(ACTION_EVENT, { detail: { action } }));
  }

  document.addEventListener(READY_EVENT, () => {
    reviewReady = true;
    for (const action of waiting.splice(0)) send(action);
  });

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const focused = event.target instanceof Element ? event.target : null;
    // ... except the review's own buttons: Show answer, then a grade, takes focus as it shows.
    const onGrade = focused !== null && focused.closest(`${GRADE_BUTTONS}, ${SHOW_BUTTON}`);
    if (focused !== null && !onGrade && focused.closest(KEEPS_KEYS)) return;
    if (event.key === " " || event.key === "Enter") {
      // A focused grade button keeps Enter for itself: a click, which grades.
      if (event.key === "Enter" && onGrade && focused.closest(GRADE_BUTTONS)) return;
      event.preventDefault(); // Space would scroll the page
      if (!event.repeat) send("show");
    } else if (GRADE_KEYS[event.key]) {
      event.preventDefault();
      if (!event.repeat) send(GRADE_KEYS[event.key]);
    }
  });

  document.addEventListener("click", (event) => {
    const clicked = event.target instanceof Element ? event.target : null;
    if (clicked === null || clicked.closest("#review") === null) return;
    if (clicked.closest(SHOW_BUTTON)) send("show");
    const gradeButton = clicked.closest("[data-grade]");
    if (gradeButton) send(gradeButton.dataset.grade);
    if (clicked.closest(UNDO_BUTTON)) send("undo");
  });
})();
